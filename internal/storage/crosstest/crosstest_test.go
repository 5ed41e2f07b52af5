package crosstest_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/bolt"
	"github.com/arca-vault/arca/internal/storage/memory"
)

var (
	seedFlag  = flag.Uint64("crosstest.seed", 0, "seed of the random transactions (0: from the clock)")
	stepsFlag = flag.Int("crosstest.steps", 1000, "number of random transactions")
)

type engine struct {
	name   string
	s      storage.Store
	reopen func(t *testing.T) storage.Store // nil: cannot reopen
}

func TestEngines(t *testing.T) {
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("rerun with: go test ./internal/storage/crosstest -run TestEngines -crosstest.seed=%d", seed)
		}
	})
	engines := openEngines(t)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for step := range *stepsFlag {
		p := randTx(r)
		results := make([][]string, len(engines))
		for i, e := range engines {
			results[i] = run(t, e.s, p)
		}
		for i := 1; i < len(engines); i++ {
			if !slices.Equal(results[0], results[i]) {
				t.Fatalf("seed %d, step %d: %s and %s differ\n%s:\n  %s\n%s:\n  %s", seed, step,
					engines[0].name, engines[i].name, engines[0].name, strings.Join(results[0], "\n  "),
					engines[i].name, strings.Join(results[i], "\n  "))
			}
		}
		if step == *stepsFlag/2 {
			for i := range engines {
				if engines[i].reopen != nil {
					if err := engines[i].s.Close(); err != nil {
						t.Fatalf("close %s: %v", engines[i].name, err)
					}
					engines[i].s = engines[i].reopen(t)
				}
			}
		}
		if step%50 == 0 || step == *stepsFlag-1 {
			dump := run(t, engines[0].s, txPlan{readOnly: true, ops: []op{{kind: opList}}, abortAt: -1})
			for _, e := range engines[1:] {
				if got := run(t, e.s, txPlan{readOnly: true, ops: []op{{kind: opList}}, abortAt: -1}); !slices.Equal(got, dump) {
					t.Fatalf("seed %d, after step %d: contents of %s and %s differ\n%s\n%s", seed, step,
						engines[0].name, e.name, dump, got)
				}
			}
		}
	}
}

// run applies p to s and returns the results of its ops and its outcome.
// fn may run more than once; only the last run's results count.
func run(t *testing.T, s storage.Store, p txPlan) []string {
	var lines []string
	fn := func(tx storage.Tx) error {
		var err error
		lines, err = apply(tx, p)
		return err
	}
	var err error
	if p.readOnly {
		err = s.View(t.Context(), fn)
	} else {
		err = s.Update(t.Context(), fn)
	}
	return append(lines, fmt.Sprintf("readOnly=%t: %s", p.readOnly, class(err)))
}

func openEngines(t *testing.T) []*engine {
	mem := memory.New()
	t.Cleanup(func() { _ = mem.Close() })

	path := filepath.Join(t.TempDir(), "crosstest.db")
	openBolt := func(t *testing.T) storage.Store {
		s, err := bolt.Open(path, nil)
		if err != nil {
			t.Fatalf("open bolt: %v", err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	engines := []*engine{
		{name: "memory", s: mem},
		{name: "bolt", s: openBolt(t), reopen: openBolt},
	}
	if url := os.Getenv("ARCA_TEST_POSTGRES_URL"); url != "" {
		engines = append(engines, &engine{name: "postgres", s: openPostgres(t, url)})
	} else {
		t.Log("ARCA_TEST_POSTGRES_URL is not set; comparing memory and bolt only")
	}
	return engines
}
