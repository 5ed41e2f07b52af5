package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/arca-vault/arca/internal/scan"
)

// Exit statuses of arca scan.
const (
	scanClean = 0 // nothing found (or everything found is in the baseline)
	scanFound = 1 // at least one finding
	scanError = 2 // usage, I/O or git error
)

const scanLong = `Find secrets in the files under PATH (default "."), or in the file PATH:
known credential patterns (the gitleaks default rule set), private keys and
high-entropy assignments. In a git working tree it scans tracked files and
untracked ones that .gitignore does not exclude; elsewhere every file. Binary
files and files over 1 MiB are skipped.

Prints "file:line: rule-id (excerpt)" per finding, showing at most the first 4
characters of the secret. Exit status 0 when clean, 1 when something was
found, 2 on a usage, I/O or git error.

  --staged    scan the index versions of the files staged for commit instead
              (a pre-commit hook: "arca scan --staged")
  --history   also scan every file version reachable from any ref; findings
              name the commit that introduced them
  --baseline FILE         accept the findings recorded in FILE
  --write-baseline FILE   record every current finding in FILE and exit 0

See docs/scan.md.`

// scanCmd is "arca scan". It parses its own flags so that usage errors
// exit 2, as the contract says, rather than the usual 1.
func scanCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "scan [PATH] [--staged] [--history] [--baseline FILE] [--write-baseline FILE]",
		Short:              "Find secrets in files, the git index and git history",
		Long:               scanLong,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code := runScan(cmd.Context(), args, cmd.OutOrStdout(), cmd.ErrOrStderr()); code != scanClean {
				return exitStatus(code)
			}
			return nil
		},
	}
}

// runScan is arca scan with its arguments; it returns the exit status.
func runScan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var opt scan.Options
	var baselinePath, writeBaseline string
	fs.BoolVar(&opt.Staged, "staged", false, "scan the files staged for commit (index versions)")
	fs.BoolVar(&opt.History, "history", false, "also scan every file version reachable from any ref")
	fs.StringVar(&baselinePath, "baseline", "", "accept the findings recorded in `FILE`")
	fs.StringVar(&writeBaseline, "write-baseline", "", "record every current finding in `FILE` and exit 0")
	help := fs.BoolP("help", "h", false, "help")
	usage := func(err error) int {
		fmt.Fprintf(stderr, "arca scan: %v\nusage: arca scan [PATH] [--staged] [--history] [--baseline FILE] [--write-baseline FILE]\n", err)
		return scanError
	}
	if err := fs.Parse(args); err != nil {
		return usage(err)
	}
	if *help {
		fmt.Fprintln(stdout, scanLong)
		fmt.Fprint(stdout, "\nFlags:\n"+fs.FlagUsages())
		return scanClean
	}
	if fs.NArg() > 1 {
		return usage(fmt.Errorf("one PATH at most, got %d", fs.NArg()))
	}
	dir := "."
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "arca scan:", err)
		return scanError
	}
	det, err := scan.NewDetector(nil)
	if err != nil {
		return fail(err)
	}
	var base *scan.Baseline
	switch {
	case writeBaseline != "":
		// Rewriting keeps the file's salt, so fingerprints stay comparable.
		if base, err = scan.ReadOrNewBaseline(writeBaseline); err != nil {
			return fail(err)
		}
		base.Reset()
	case baselinePath != "":
		if base, err = scan.ReadBaseline(baselinePath); err != nil {
			return fail(err)
		}
	}
	for _, p := range []string{baselinePath, writeBaseline} {
		if rel, ok := relInside(dir, p); ok {
			opt.Skip = append(opt.Skip, rel)
		}
	}
	found, accepted := 0, 0
	err = det.Run(ctx, dir, opt, func(f scan.Finding) {
		switch {
		case writeBaseline != "":
			base.Add(f)
		case base != nil && base.Contains(f):
			accepted++
		default:
			found++
			fmt.Fprintln(stdout, f.String())
		}
	})
	if err != nil {
		return fail(err)
	}
	if writeBaseline != "" {
		if err := base.Write(writeBaseline); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stderr, "arca scan: wrote %d finding(s) to %s\n", base.Len(), writeBaseline)
		return scanClean
	}
	note := ""
	if accepted > 0 {
		note = fmt.Sprintf(" (%d more accepted by the baseline)", accepted)
	}
	if found > 0 {
		fmt.Fprintf(stderr, "arca scan: %d finding(s)%s\n", found, note)
		return scanFound
	}
	fmt.Fprintf(stderr, "arca scan: no secrets found%s\n", note)
	return scanClean
}

// relInside returns p relative to dir, slash-separated, when p lies inside dir.
func relInside(dir, p string) (string, bool) {
	if p == "" {
		return "", false
	}
	ad, err1 := filepath.Abs(dir)
	ap, err2 := filepath.Abs(p)
	if err := errors.Join(err1, err2); err != nil {
		return "", false
	}
	rel, err := filepath.Rel(ad, ap)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
