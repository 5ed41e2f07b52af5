package scan

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// git runs the git command line in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// IsGitWorkTree reports whether dir is inside a git working tree. Without a
// git binary every directory is a plain one.
func IsGitWorkTree(ctx context.Context, dir string) bool {
	if _, err := exec.LookPath("git"); err != nil {
		return false
	}
	out, err := git(ctx, dir, "rev-parse", "--is-inside-work-tree")
	return err == nil && strings.TrimSpace(string(out)) == "true"
}

// blobEntry is a file version in git: a blob id at a path (relative to the
// scanned directory), and for history the commit that introduced it.
type blobEntry struct {
	commit string
	mode   string
	id     string
	path   string
}

// regularMode reports whether a git file mode is a plain file (not a
// symlink, whose blob is a path, nor a submodule, which has no blob here).
func regularMode(mode string) bool {
	return mode == "100644" || mode == "100755"
}

// parseRaw reads `--raw -z` diff output, optionally interleaved with
// "commit <hash>" records (git log --format='commit %H' -z), and calls fn
// for every added or modified regular file.
func parseRaw(r io.Reader, fn func(blobEntry) error) error {
	br := bufio.NewReader(r)
	var commit string
	var pending *blobEntry
	for {
		tok, err := br.ReadString(0)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		eof := errors.Is(err, io.EOF)
		tok = strings.TrimSuffix(tok, "\x00")
		switch {
		case pending != nil:
			pending.path = tok
			e := *pending
			pending = nil
			if regularMode(e.mode) {
				if err := fn(e); err != nil {
					return err
				}
			}
		default:
			tok = strings.TrimLeft(tok, "\n")
			switch {
			case strings.HasPrefix(tok, "commit "):
				commit = strings.TrimSpace(strings.TrimPrefix(tok, "commit "))
			case strings.HasPrefix(tok, ":"):
				f := strings.Fields(tok[1:])
				if len(f) < 5 {
					return fmt.Errorf("git raw diff: unexpected record %q", tok)
				}
				pending = &blobEntry{commit: commit, mode: f[1], id: f[3]}
			case tok == "":
			default:
				return fmt.Errorf("git raw diff: unexpected record %q", tok)
			}
		}
		if eof {
			return nil
		}
	}
}

// catFile reads blobs through one `git cat-file --batch` process.
type catFile struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func newCatFile(ctx context.Context, dir string) (*catFile, error) {
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return &catFile{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10)}, nil
}

// blob returns the content of blob id, or nil when it is larger than
// MaxFileSize (read and dropped) or not a blob.
func (c *catFile) blob(id string) ([]byte, error) {
	if _, err := io.WriteString(c.in, id+"\n"); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	header, err := c.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	f := strings.Fields(header)
	if len(f) == 2 && f[1] == "missing" {
		return nil, nil
	}
	if len(f) != 3 {
		return nil, fmt.Errorf("git cat-file: unexpected header %q", header)
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return nil, fmt.Errorf("git cat-file: unexpected header %q", header)
	}
	if f[1] != "blob" || size > MaxFileSize {
		if _, err := io.CopyN(io.Discard, c.out, size+1); err != nil {
			return nil, fmt.Errorf("git cat-file: %w", err)
		}
		return nil, nil
	}
	buf := make([]byte, size+1) // content and the closing newline
	if _, err := io.ReadFull(c.out, buf); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return buf[:size], nil
}

func (c *catFile) close() error {
	_ = c.in.Close()
	return c.cmd.Wait()
}
