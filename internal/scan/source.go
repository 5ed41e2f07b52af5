package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/arca-vault/arca"
)

// Options says what to scan in a git repository. With neither field set,
// Run scans the files of the working tree: tracked ones and untracked ones
// that .gitignore does not exclude.
type Options struct {
	// Staged scans the index versions of the files staged for the next
	// commit instead of the working tree: the pre-commit hook's view.
	Staged bool
	// History also scans every file version reachable from any ref
	// (branches, tags, remotes, stash), each reported once, with the commit
	// that introduced it.
	History bool
	// Skip lists paths (slash-separated, relative to the scanned directory)
	// never scanned, such as the baseline file itself.
	Skip []string
}

// Run scans dir and calls emit for every finding, in a stable order: the
// files (working tree or index) by path, then history oldest first. A
// directory that is not in a git working tree is walked directly (.git
// folders and symlinks skipped); a regular file is scanned alone. Staged
// and History need a directory in a git working tree. It returns
// arca.EInvalid when dir does not exist or the options do not apply to it,
// and I/O or git errors as they come.
func (d *Detector) Run(ctx context.Context, dir string, opt Options, emit func(Finding)) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return arca.Errorf(arca.EInvalid, "%v", err)
	}
	if err != nil {
		return err
	}
	seen := map[string]bool{} // path, rule and secret of every finding emitted
	skip := map[string]bool{}
	for _, p := range opt.Skip {
		skip[p] = true
	}
	report := func(found []Finding) {
		for _, f := range found {
			if skip[f.Path] {
				continue
			}
			k := f.Path + "\x00" + f.RuleID + "\x00" + string(f.Secret)
			if f.Commit != "" && seen[k] {
				continue // history repeats what the tree or an older commit showed
			}
			seen[k] = true
			emit(f)
		}
	}
	if !st.IsDir() {
		// One file, scanned as it is on disk and reported by the name given.
		if opt.Staged || opt.History {
			return arca.Errorf(arca.EInvalid, "--staged and --history scan a directory, not the file %s", dir)
		}
		content, ok, err := readSmallFile(dir)
		if err != nil || !ok {
			return err
		}
		report(d.Scan(filepath.ToSlash(dir), content))
		return nil
	}
	if !IsGitWorkTree(ctx, dir) {
		if opt.Staged || opt.History {
			return arca.Errorf(arca.EInvalid, "--staged and --history need a git working tree; %s is not in one", dir)
		}
		return walkDir(dir, func(path string, content []byte) { report(d.Scan(path, content)) })
	}
	if opt.Staged {
		err = d.scanStaged(ctx, dir, report)
	} else {
		err = d.scanWorkTree(ctx, dir, report)
	}
	if err != nil || !opt.History {
		return err
	}
	return d.scanHistory(ctx, dir, report)
}

// walkDir calls fn for every regular file under dir that is small enough,
// with its slash-separated path relative to dir.
func walkDir(dir string, fn func(path string, content []byte)) error {
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if e.Name() == ".git" && p != dir {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		content, ok, err := readSmallFile(p)
		if err != nil || !ok {
			return err
		}
		fn(filepath.ToSlash(rel), content)
		return nil
	})
}

// readSmallFile reads a regular file of at most MaxFileSize bytes; ok is
// false for anything else (gone, symlink, directory, too large).
func readSmallFile(p string) (content []byte, ok bool, err error) {
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !st.Mode().IsRegular() || st.Size() > MaxFileSize {
		return nil, false, nil
	}
	content, err = os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	return content, err == nil, err
}

// scanWorkTree scans the tracked files and the untracked, not ignored ones,
// as they are on disk.
func (d *Detector) scanWorkTree(ctx context.Context, dir string, report func([]Finding)) error {
	out, err := git(ctx, dir, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, rel := range strings.Split(string(out), "\x00") {
		if rel == "" || done[rel] {
			continue // an unmerged path is listed once per stage
		}
		done[rel] = true
		content, ok, err := readSmallFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		if ok {
			report(d.Scan(rel, content))
		}
	}
	return nil
}

// scanStaged scans the index version of every file added or modified in
// the index relative to HEAD (all staged files before the first commit).
func (d *Detector) scanStaged(ctx context.Context, dir string, report func([]Finding)) error {
	out, err := git(ctx, dir, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames",
		"--diff-filter=ACMRT", "--relative")
	if err != nil {
		return err
	}
	return d.scanBlobs(ctx, dir, bytes.NewReader(out), report)
}

// scanHistory scans every blob that a commit reachable from any ref added
// or changed (merges against their first parent), oldest commit first.
func (d *Detector) scanHistory(ctx context.Context, dir string, report func([]Finding)) error {
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "log", "--all", "--reverse", "--format=commit %H",
		"--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=ACMRT", "--diff-merges=first-parent",
		"--relative", "--no-ext-diff", "--no-textconv")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git log: %w", err)
	}
	scanErr := d.scanBlobs(ctx, dir, out, report)
	if scanErr != nil {
		_ = cmd.Process.Kill()
	}
	waitErr := cmd.Wait()
	if scanErr != nil {
		return scanErr
	}
	if waitErr != nil {
		if strings.Contains(stderr.String(), "does not have any commits") {
			return nil
		}
		return fmt.Errorf("git log: %w: %s", waitErr, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// scanBlobs reads raw diff records from r and scans each blob once per path.
func (d *Detector) scanBlobs(ctx context.Context, dir string, r io.Reader, report func([]Finding)) error {
	cf, err := newCatFile(ctx, dir)
	if err != nil {
		return err
	}
	done := map[string]bool{}
	err = parseRaw(r, func(e blobEntry) error {
		k := e.id + "\x00" + e.path
		if done[k] {
			return nil
		}
		done[k] = true
		content, err := cf.blob(e.id)
		if err != nil || content == nil {
			return err
		}
		fs := d.Scan(e.path, content)
		for i := range fs {
			fs[i].Commit = e.commit
		}
		report(fs)
		return nil
	})
	if cerr := cf.close(); err == nil && cerr != nil {
		err = fmt.Errorf("git cat-file: %w", cerr)
	}
	return err
}
