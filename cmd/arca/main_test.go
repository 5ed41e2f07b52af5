package main_test

import (
	"context"
	"os"
	"testing"

	"github.com/arca-vault/arca/internal/cli"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run this test binary as the arca command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"arca": func() { os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scripts in testdata/*.txtar: help
// texts, flag combinations the server refuses, and the ARCA_* environment
// fallbacks. Every script's server invocation either fails validation or
// listens on 127.0.0.1:0, so none can clash with a running arca.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata", RequireExplicitExec: true, Cmds: scriptCmds()})
}
