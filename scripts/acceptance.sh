#!/usr/bin/env bash
# acceptance.sh BIN LIST — run the acceptance scenarios named in LIST (one
# name per line, '#' comments allowed) against BIN. Used by `make test` as
# the ratchet: a scenario once passing stays in LIST and must keep passing.
set -euo pipefail
bin=$1 list=$2
accept=${ACCEPT:-../shared/acceptance}
if [ ! -x "$accept/run.sh" ]; then
  echo "acceptance.sh: $accept/run.sh not found (shared/ must sit beside the repo)" >&2
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
while IFS= read -r name; do
  name=${name%%#*}; name=$(echo "$name" | tr -d '[:space:]')
  [ -n "$name" ] || continue
  src="$accept/scenarios/$name.sh"
  [ -f "$src" ] || { echo "acceptance.sh: no scenario $name" >&2; exit 1; }
  ln -s "$(cd "$(dirname "$src")" && pwd)/$name.sh" "$dir/$name.sh"
  n=$((n + 1))
done < "$list"
if [ "$n" -eq 0 ]; then
  echo "acceptance.sh: no scenarios listed in $list"
  exit 0
fi
SCENARIO_DIR="$dir" "$accept/run.sh" -j 2 "$bin"
