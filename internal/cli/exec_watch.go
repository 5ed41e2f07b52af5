package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/spf13/pflag"
)

func (w *watchFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&w.watch, "watch", false, "stay as CMD's parent and restart or signal it when a value changes")
	fs.DurationVar(&w.interval, "interval", time.Minute, "with --watch, how often to check the versions of what was read")
	fs.StringVar(&w.onChange, "on-change", "restart", "with --watch: restart, or signal:NAME (e.g. signal:HUP) to signal CMD instead")
	fs.DurationVar(&w.grace, "grace", 10*time.Second, "with --watch, how long a restart waits after SIGTERM before SIGKILL")
}

func (w *watchFlags) validate() error {
	if w.interval <= 0 || w.grace < 0 {
		return fmt.Errorf("--interval must be positive and --grace not negative")
	}
	if w.onChange == "restart" {
		return nil
	}
	name, ok := strings.CutPrefix(w.onChange, "signal:")
	sig, known := parseSignal(name)
	if !ok || !known {
		return fmt.Errorf("--on-change %q: want restart or signal:NAME (HUP, USR1, USR2, INT, TERM, QUIT, WINCH)", w.onChange)
	}
	w.signal = sig
	return nil
}

var signalNames = map[string]syscall.Signal{
	"HUP": syscall.SIGHUP, "INT": syscall.SIGINT, "QUIT": syscall.SIGQUIT, "TERM": syscall.SIGTERM,
	"USR1": syscall.SIGUSR1, "USR2": syscall.SIGUSR2, "WINCH": syscall.SIGWINCH, "ALRM": syscall.SIGALRM,
}

func parseSignal(s string) (syscall.Signal, bool) {
	s = strings.TrimPrefix(strings.ToUpper(s), "SIG")
	if sig, ok := signalNames[s]; ok {
		return sig, true
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 65 {
		return syscall.Signal(n), true
	}
	return 0, false
}

// watcher re-resolves when a version changed.
type watcher struct {
	sf     *sourceFlags
	reader interface {
		inject.Reader
		inject.VersionReader
	}
	strict, pristine bool
	deps             inject.Deps
	current          []string
}

// refresh checks versions; when one changed it resolves again and returns
// the new environment if it differs from the running one.
func (w *watcher) refresh(ctx context.Context) ([]string, bool, error) {
	cctx, cancel := context.WithTimeout(ctx, w.sf.timeout)
	changed, err := inject.Changed(cctx, w.reader, w.deps)
	cancel()
	if err != nil || !changed {
		return nil, false, err
	}
	res, err := w.sf.resolve(ctx, w.reader)
	if err != nil {
		return nil, false, err
	}
	if err := res.Err(w.strict); err != nil {
		return nil, false, err
	}
	w.deps = res.Deps
	env := buildEnv(res.Vars(), w.pristine)
	if slices.Equal(env, w.current) {
		return nil, false, nil
	}
	w.current = env
	return env, true, nil
}

// supervisor runs CMD as a child and keeps it running with current values.
type supervisor struct {
	path    string
	argv    []string
	env     []string
	flags   watchFlags
	refresh func(context.Context) ([]string, bool, error)
	stderr  io.Writer
}

type polled struct {
	env     []string
	changed bool
	err     error
}

// forwarded are the signals passed on to the child.
var forwarded = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT,
	syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH, syscall.SIGALRM}

// supervise starts the child, forwards signals to it, reaps it (and any
// orphan it leaves when arca is PID 1), polls for changes and restarts or
// signals it; it returns the exit status of the child that ended.
func supervise(ctx context.Context, s supervisor) (int, error) {
	sigs := make(chan os.Signal, 32)
	signal.Notify(sigs, append(forwarded, syscall.SIGCHLD)...)
	defer signal.Stop(sigs)
	pid, err := startChild(s.path, s.argv, s.env)
	if err != nil {
		return 0, err
	}
	ticker := time.NewTicker(s.flags.interval)
	defer ticker.Stop()
	pollc := make(chan polled, 1)
	var killTimer <-chan time.Time
	var nextEnv []string
	polling, restarting, exiting := false, false, false
	for {
		select {
		case sig := <-sigs:
			if sig != syscall.SIGCHLD {
				_ = syscall.Kill(pid, sig.(syscall.Signal))
				if sig == syscall.SIGINT || sig == syscall.SIGTERM || sig == syscall.SIGQUIT {
					exiting = true
				}
				continue
			}
			status, exited := reap(pid)
			if !exited {
				continue
			}
			if !restarting || exiting {
				return exitCode(status), nil
			}
			restarting, killTimer = false, nil
			if pid, err = startChild(s.path, s.argv, nextEnv); err != nil {
				return 0, err
			}
			fmt.Fprintf(s.stderr, "arca: values changed; %s restarted\n", s.argv[0])
		case <-ticker.C:
			if !polling && !restarting && !exiting {
				polling = true
				go func() {
					env, changed, err := s.refresh(ctx)
					pollc <- polled{env, changed, err}
				}()
			}
		case p := <-pollc:
			polling = false
			switch {
			case p.err != nil:
				fmt.Fprintf(s.stderr, "arca: watch: %v (the running command keeps its values)\n", p.err)
			case !p.changed || exiting:
			case s.flags.signal != 0:
				_ = syscall.Kill(pid, s.flags.signal)
				fmt.Fprintf(s.stderr, "arca: values changed; sent %v to %s\n", s.flags.signal, s.argv[0])
			default:
				restarting, nextEnv = true, p.env
				_ = syscall.Kill(pid, syscall.SIGTERM)
				killTimer = time.After(s.flags.grace)
			}
		case <-killTimer:
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// startChild starts CMD and lets go of the os.Process: reap waits for it.
func startChild(path string, argv, env []string) (int, error) {
	p, err := os.StartProcess(path, argv, &os.ProcAttr{Env: env, Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}})
	if err != nil {
		return 0, err
	}
	pid := p.Pid
	_ = p.Release()
	return pid, nil
}

// reap collects every exited child (orphans too, when arca is PID 1) and
// reports whether pid was among them.
func reap(pid int) (syscall.WaitStatus, bool) {
	var found syscall.WaitStatus
	exited := false
	for {
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || got <= 0 {
			return found, exited
		}
		if got == pid {
			found, exited = ws, true
		}
	}
}

// exitCode is the shell's view of a status: the exit code, or 128+signal.
func exitCode(ws syscall.WaitStatus) int {
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}
