// Command arca-bench is arca's benchmark harness: a SigV4-signing load
// generator that drives an arca server and a bare net/http baseline with the
// same signed SSM requests over loopback, and reports throughput, latency,
// errors and server CPU per request for both.
//
//	arca-bench baseline --listen 127.0.0.1:0      the bare signed-POST server
//	arca-bench run --workload get --arca URL --arca-pid PID --baseline URL --baseline-pid PID --out FILE
//	arca-bench report FILE                         the markdown tables, with PASS/MISS per target
//	arca-bench serve --listen 127.0.0.1:0 --cpuprofile FILE [--data-dir DIR]
//	arca-bench syncprobe [--dir DIR] [--busy 3]   what one durable flush costs here
//
// serve runs the arca server in this process with a CPU profile, for finding
// what dominates a workload; the numbers measured against it include the
// profiler's overhead.
//
// scripts/bench.sh (make bench) runs the whole suite; docs/benchmarks.md
// describes what is measured and records a run. arca-bench talks to
// 127.0.0.1 only, and each loop stops by itself: at its deadline or at its
// request bound, whichever comes first.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(mainArgs(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: arca-bench <command> [flags]

commands:
  baseline   serve a bare net/http handler answering a fixed GetParameter-like JSON
  run        drive arca and the baseline with signed requests; append results to --out
  report     print the results file as markdown tables with PASS/MISS per target
  serve      run the arca server in-process (dev mode) with a CPU profile
  syncprobe  measure write + fdatasync latency, idle and with busy CPUs

"arca-bench <command> -h" lists a command's flags.
`

// mainArgs runs one subcommand and returns the process exit code.
func mainArgs(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch args[0] {
	case "baseline":
		err = baselineMain(ctx, args[1:], stdout)
	case "run":
		err = runMain(ctx, args[1:], stderr)
	case "report":
		err = reportMain(args[1:], stdout)
	case "serve":
		err = serveMain(ctx, args[1:], stdout)
	case "syncprobe":
		err = syncprobeMain(ctx, args[1:], stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "arca-bench: unknown command %q\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "arca-bench %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
