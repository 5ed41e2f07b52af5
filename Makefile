# arca — the two commands are `make run` (a dev server) and `make test`.
GO      ?= go
BIN     := bin/arca
ACCEPT  ?= ../shared/acceptance
PKGS    := ./...

.PHONY: all build run test unit vet lint acceptance accept-all bench crash-test fuzz clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/arca

run:
	$(GO) run ./cmd/arca server --dev

# The whole test suite: static checks (gofmt, vet, staticcheck), unit and integration tests (with the
# real PostgreSQL when ARCA_TEST_POSTGRES_URL is set), then the acceptance
# scenarios listed in acceptance-passing.txt against the built binary.
test: lint build unit acceptance

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet $(PKGS)

lint: vet
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(PKGS)

unit:
	$(GO) test -count=1 -timeout 20m $(PKGS)

# The ratchet: every scenario named in acceptance-passing.txt must pass.
acceptance: build
	scripts/acceptance.sh $(BIN) acceptance-passing.txt

# Every scenario, to see what passes now (not part of `make test`).
accept-all: build
	$(ACCEPT)/run.sh -j 2 $(BIN)

bench: build
	scripts/bench.sh

crash-test: build
	$(GO) test -count=1 -run TestCrash -v ./internal/e2e/ -crash.rounds=20

fuzz:
	scripts/fuzz.sh 30s

clean:
	rm -rf bin
