package external

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/rotation"
)

// Command is a rotation function run as a local command: each step starts
// Argv (no shell) with the JSON event on standard input, in an environment
// of PATH, HOME, Env, and ARCA_ENDPOINT and AWS_ENDPOINT_URL set to the
// server's URL, plus ARCA_SECRET_ID, ARCA_CLIENT_REQUEST_TOKEN and
// ARCA_STEP. Exit status 0 is success. Its output is read and dropped,
// never logged: it may hold secret values.
type Command struct {
	Name     string
	Argv     []string
	Env      map[string]string
	Endpoint func() string // the server's URL; known once it listens
	Timeout  time.Duration // 0 = DefaultTimeout
}

// Invoke runs one step. Errors: EInternal (the command failed, timed out or
// could not start), with the exit status and output sizes only.
func (c *Command) Invoke(ctx context.Context, _ rotation.Secrets, ev rotation.Event) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return arca.Internal(err)
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Argv[0], c.Argv[1:]...)
	cmd.Stdin = bytes.NewReader(body)
	var out, errOut countWriter
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range c.Env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	endpoint := ""
	if c.Endpoint != nil {
		endpoint = c.Endpoint()
	}
	cmd.Env = append(cmd.Env,
		"ARCA_ENDPOINT="+endpoint, "AWS_ENDPOINT_URL="+endpoint,
		"ARCA_SECRET_ID="+ev.SecretID, "ARCA_CLIENT_REQUEST_TOKEN="+ev.ClientRequestToken, "ARCA_STEP="+string(ev.Step))
	// Its own process group, so that a timeout also ends what it started.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return arca.Errorf(arca.EInternal, "The rotation command %s timed out after %s in %s.", c.Name, timeout, ev.Step)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return arca.Errorf(arca.EInternal, "The rotation command %s failed in %s: %s (stdout %d bytes, stderr %d bytes, not logged).", c.Name, ev.Step, exit.ProcessState.String(), out.n, errOut.n)
	}
	return arca.Errorf(arca.EInternal, "The rotation command %s could not run: %v.", c.Name, errors.Unwrap(err))
}

// countWriter counts and drops what a command writes.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
