#!/usr/bin/env bash
# fuzz.sh [DURATION] — run every fuzz target of the repo for DURATION each
# (default 30s). Targets are found by name; a failure stops the run and
# leaves the crashing input under the package's testdata/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
dur=${1:-30s}
grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  pkg=./$(dirname "${f#./}")
  for t in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    echo "== $pkg $t ($dur)"
    go test -run '^$' -fuzz "^$t\$" -fuzztime "$dur" "$pkg"
  done
done
