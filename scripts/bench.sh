#!/usr/bin/env bash
# bench.sh — arca's benchmark suite (make bench). Builds cmd/arca-bench,
# starts arca and the bare net/http baseline on free loopback ports, and
# measures both with the same signed request stream:
#   1. GetParameter WithDecryption, 10,000 SecureStrings of 1 KiB, arca in memory
#   2. durable PutParameter (Overwrite), arca over --data-dir on a temp dir
# each at 32 and 128 connections, then prints the markdown tables with
# PASS/MISS per target. See docs/benchmarks.md.
#
# Environment:
#   ARCA               the arca binary (default bin/arca; make bench builds it)
#   BENCH_DURATION     measured time per run (default 10s)
#   BENCH_WARMUP       unmeasured load before each connection count (default 2s)
#   BENCH_SETTLE       unmeasured load on each server before a workload's first
#                      connection count, so that a fresh process is measured at
#                      its steady state (default 10s)
#   BENCH_CONNS        connection counts (default 32,128)
#   BENCH_OUT          also keep the JSON-lines results in this file
#   BENCH_PROFILE_DIR  profile instead: run arca in-process (arca-bench serve)
#                      and save a CPU profile of every measured arca run here
set -euo pipefail
cd "$(dirname "$0")/.."

ARCA=${ARCA:-bin/arca}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
SETTLE=${BENCH_SETTLE:-10s}
CONNS=${BENCH_CONNS:-32,128}
PROFILE_DIR=${BENCH_PROFILE_DIR:-}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/arca-bench.XXXXXX")
started=() # the pids this script started, and only those are stopped
cleanup() {
	local i
	for ((i = ${#started[@]} - 1; i >= 0; i--)); do # the load generator first
		kill "${started[i]}" 2>/dev/null || true
		wait "${started[i]}" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$ARCA" ] || { echo "bench: $ARCA not found; run make build" >&2; exit 1; }
go build -o "$tmp/arca-bench" ./cmd/arca-bench
BENCH="$tmp/arca-bench"

# start NAME CMD... runs CMD in the background and waits for its
# "listening on http://ADDR" line; sets PID, URL (and PPROF if printed).
start() {
	local name=$1
	shift
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	PID=$!
	started+=("$PID")
	URL=
	local i
	for i in $(seq 100); do
		URL=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$tmp/$name.out" | head -n1)
		[ -n "$URL" ] && break
		if ! kill -0 "$PID" 2>/dev/null; then
			echo "bench: $name exited:" >&2
			cat "$tmp/$name.err" >&2
			exit 1
		fi
		sleep 0.1
	done
	[ -n "$URL" ] || { echo "bench: $name did not start" >&2; exit 1; }
	PPROF=$(sed -n 's|.*pprof on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$tmp/$name.out" | head -n1)
}

# stop PID stops a process this script started.
stop() {
	kill "$1"
	wait "$1" 2>/dev/null || true
	forget "$1"
}

# forget PID takes an ended process off the list of those to stop.
forget() {
	local kept=() pid
	for pid in "${started[@]}"; do
		[ "$pid" = "$1" ] || kept+=("$pid")
	done
	started=("${kept[@]}")
}

# start_arca [ARGS...] starts arca in dev mode, or arca-bench serve when profiling.
start_arca() {
	if [ -n "$PROFILE_DIR" ]; then
		start arca "$BENCH" serve --listen 127.0.0.1:0 "$@"
	else
		start arca "$ARCA" server --dev --listen 127.0.0.1:0 "$@"
	fi
	ARCA_PID=$PID ARCA_URL=$URL ARCA_PPROF=$PPROF
}

results="$tmp/results.jsonl"
profile=()
if [ -n "$PROFILE_DIR" ]; then
	mkdir -p "$PROFILE_DIR"
	profile=(--profile-dir "$PROFILE_DIR")
fi
run() {
	local extra=("${profile[@]}")
	[ -n "$PROFILE_DIR" ] && extra+=(--arca-pprof "$ARCA_PPROF")
	# In the background and waited for, so that a signal to this script
	# is handled at once rather than when the run ends.
	"$BENCH" run --arca "$ARCA_URL" --arca-pid "$ARCA_PID" \
		--baseline "$BASE_URL" --baseline-pid "$BASE_PID" \
		--conns "$CONNS" --duration "$DURATION" --warmup "$WARMUP" \
		--settle "$SETTLE" --out "$results" "${extra[@]}" "$@" &
	local pid=$!
	started+=("$pid")
	wait "$pid"
	forget "$pid"
}

# Other load on the machine skews every number; the load average says how much.
echo "bench: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# What one durable flush costs here bounds every durable workload below.
"$BENCH" syncprobe --dir "$tmp" --n 500 >&2

start baseline "$BENCH" baseline --listen 127.0.0.1:0
BASE_PID=$PID BASE_URL=$URL

start_arca
run --workload get --label "GetParameter WithDecryption (memory)"
run --workload smget --label "GetSecretValue (memory)"
run --workload smbatch --preload=false --label "BatchGetSecretValue of 20 (memory)" # the secrets smget created
stop "$ARCA_PID"

start_arca --data-dir "$tmp/data"
run --workload put --label "PutParameter durable (bolt)"
run --workload smput --label "PutSecretValue durable (bolt)"
stop "$ARCA_PID"

# Audit: the same reads with every event durable (the file sink, fsync
# before the answer) against an arca that builds every event and keeps none.
if [ -z "$PROFILE_DIR" ]; then
	start_arca --data-dir "$tmp/audit-on"
	ON_PID=$ARCA_PID ON_URL=$ARCA_URL
	start_arca --data-dir "$tmp/audit-off" --audit-discard
	OFF_PID=$ARCA_PID OFF_URL=$ARCA_URL
	for w in "get GetParameter" "smget GetSecretValue"; do
		set -- $w
		"$BENCH" run --arca "$ON_URL" --arca-pid "$ON_PID" --baseline "$OFF_URL" --baseline-pid "$OFF_PID" \
			--baseline-name discard --conns "$CONNS" --duration "$DURATION" --warmup "$WARMUP" --settle "$SETTLE" \
			--out "$results" --workload "$1" --label "$2, durable audit vs discarding sink (bolt)" &
		pid=$!
		started+=("$pid")
		wait "$pid"
		forget "$pid"
	done
	stop "$ON_PID"
	stop "$OFF_PID"
fi

stop "$BASE_PID"
[ -z "${BENCH_OUT:-}" ] || cp "$results" "$BENCH_OUT"
echo
"$BENCH" report "$results"
