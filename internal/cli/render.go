package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/spf13/cobra"
)

func renderCmd() *cobra.Command {
	var cf clientFlags
	var tmplFile, out, mode, command string
	var watch bool
	var interval time.Duration
	cmd := &cobra.Command{
		Use:   "render --template FILE --out PATH",
		Short: "Fill a template with parameters and secrets and write it atomically, mode 0400",
		Long: `Fill a Go text/template with values read from the server and write the
result to --out atomically (a temporary file in the same directory, then a
rename), with mode 0400 (--mode), creating missing directories (0700). --out should be on a memory-backed filesystem
(tmpfs, e.g. /run or /dev/shm); arca warns when it is not.

Template functions:
  {{ parameter "/prod/web/db-host" }}          an SSM parameter (decrypted), by name or ARN
  {{ secretValue "prod/db" }}                  a secret's SecretString (AWSCURRENT)
  {{ secretValue "prod/db" "AWSPREVIOUS" }}    ... of a version stage
  {{ secretKey "prod/db" "password" }}         one key of a JSON secret
  {{ jsonKey $json "password" }}               one key of any JSON object string
  {{ urlencode $s }}                           RFC 3986 percent-encoding
  {{ env "NAME" }}                             arca's own environment
("secret" is kept for a Vault-Agent-style function.)

With --watch arca keeps running, checks the versions of what the template
read every --interval, re-renders on a change and then runs --command
(with /bin/sh -c) if given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := cf.applyEnv(cmd.Flags()); err != nil {
				return err
			}
			if tmplFile == "" || out == "" {
				return fmt.Errorf("--template and --out are required")
			}
			perm, err := strconv.ParseUint(mode, 8, 32)
			if err != nil || perm > 0o777 {
				return fmt.Errorf("--mode %q: want an octal permission such as 0400", mode)
			}
			if interval <= 0 {
				return fmt.Errorf("--interval must be positive")
			}
			ctx := cmd.Context()
			r, err := cf.reader(ctx)
			if err != nil {
				return err
			}
			rd := &renderer{reader: r, file: tmplFile, out: out, perm: os.FileMode(perm), timeout: cf.timeout, stderr: cmd.ErrOrStderr()}
			if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
				return err
			}
			if dir, _ := filepath.Abs(filepath.Dir(out)); !isMemoryBacked(dir) {
				fmt.Fprintf(rd.stderr, "arca: warning: %s is not on a memory-backed filesystem (tmpfs); the rendered secrets are written to disk\n", dir)
			}
			if _, err := rd.render(ctx); err != nil {
				return err
			}
			if !watch {
				return nil
			}
			ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
			defer stop()
			return rd.watch(ctx, interval, command)
		},
	}
	f := cmd.Flags()
	cf.register(f)
	f.StringVar(&tmplFile, "template", "", "the template file (Go text/template)")
	f.StringVar(&out, "out", "", "the file to write")
	f.StringVar(&mode, "mode", "0400", "permissions of the written file")
	f.BoolVar(&watch, "watch", false, "keep running and re-render when a value changes")
	f.DurationVar(&interval, "interval", time.Minute, "with --watch, how often to check the versions of what was read")
	f.StringVar(&command, "command", "", "with --watch, a command (/bin/sh -c) to run after each re-render")
	return cmd
}

// renderer renders one template file to one output file.
type renderer struct {
	reader  renderReader
	file    string
	out     string
	perm    os.FileMode
	timeout time.Duration
	stderr  io.Writer
	last    []byte
	deps    inject.Deps
}

// render fills the template and writes it when it differs from the last
// write; it reports whether it wrote.
func (rd *renderer) render(ctx context.Context) (bool, error) {
	src, err := os.ReadFile(rd.file)
	if err != nil {
		return false, err
	}
	ctx, cancel := context.WithTimeout(ctx, rd.timeout)
	defer cancel()
	fill := newFiller(ctx, rd.reader)
	text, err := fill.execute(rd.file, string(src))
	if err != nil {
		return false, err
	}
	rd.deps = fill.deps
	if rd.last != nil && bytes.Equal(text, rd.last) {
		return false, nil
	}
	if err := writeAtomic(rd.out, text, rd.perm); err != nil {
		return false, err
	}
	rd.last = text
	return true, nil
}

// watch re-renders whenever a version the template read changes.
func (rd *renderer) watch(ctx context.Context, interval time.Duration, command string) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		cctx, cancel := context.WithTimeout(ctx, rd.timeout)
		changed, err := inject.Changed(cctx, rd.reader, rd.deps)
		cancel()
		if err != nil {
			fmt.Fprintf(rd.stderr, "arca: watch: %v (keeping %s as it is)\n", err, rd.out)
			continue
		}
		if !changed {
			continue
		}
		wrote, err := rd.render(ctx)
		if err != nil {
			fmt.Fprintf(rd.stderr, "arca: render: %v (keeping %s as it is)\n", err, rd.out)
			continue
		}
		if wrote && command != "" {
			c := exec.CommandContext(ctx, "/bin/sh", "-c", command)
			c.Stdout, c.Stderr = os.Stdout, os.Stderr
			if err := c.Run(); err != nil {
				fmt.Fprintf(rd.stderr, "arca: --command: %v\n", err)
			}
		}
	}
}

// isMemoryBacked is memoryBacked, counting "cannot tell" as yes (no warning).
func isMemoryBacked(dir string) bool {
	memory, known := memoryBacked(dir)
	return memory || !known
}

// writeAtomic writes data to path through a temporary file in the same
// directory, created with perm, synced, then renamed over path.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	ok = true
	return nil
}
