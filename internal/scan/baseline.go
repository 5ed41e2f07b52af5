package scan

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/arca-vault/arca"
)

// baselineVersion is the format version written in every baseline file.
const baselineVersion = 1

// Baseline is a set of accepted findings. It stores keyed fingerprints,
// HMAC-SHA256 under the baseline's own random salt over rule, path and
// secret, never the secret: a baseline can be committed. The line is not
// part of the fingerprint, so an accepted secret stays accepted when code
// moves around it.
type Baseline struct {
	salt    []byte
	entries map[string]BaselineEntry // by fingerprint
}

// BaselineEntry is one accepted finding as stored in the file.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Line        int    `json:"line"` // informational: where it was when accepted
	Fingerprint string `json:"fingerprint"`
}

type baselineFile struct {
	Version  int             `json:"version"`
	Salt     string          `json:"salt"`
	Findings []BaselineEntry `json:"findings"`
}

// NewBaseline returns an empty baseline with a fresh random salt.
func NewBaseline() (*Baseline, error) {
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("baseline salt: %w", err)
	}
	return &Baseline{salt: salt, entries: map[string]BaselineEntry{}}, nil
}

// ReadBaseline reads a baseline file. It returns arca.EInvalid for a file
// that is not a baseline, and the I/O error (fs.ErrNotExist included) when
// it cannot be read.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var bf baselineFile
	if err := json.Unmarshal(data, &bf); err != nil {
		return nil, arca.Errorf(arca.EInvalid, "baseline %s: %v", path, err)
	}
	if bf.Version != baselineVersion {
		return nil, arca.Errorf(arca.EInvalid, "baseline %s: version %d, want %d", path, bf.Version, baselineVersion)
	}
	salt, err := hex.DecodeString(bf.Salt)
	if err != nil || len(salt) < 16 {
		return nil, arca.Errorf(arca.EInvalid, "baseline %s: bad salt", path)
	}
	b := &Baseline{salt: salt, entries: map[string]BaselineEntry{}}
	for _, e := range bf.Findings {
		b.entries[e.Fingerprint] = e
	}
	return b, nil
}

// ReadOrNewBaseline reads path, or returns a new baseline when it does not
// exist; rewriting a baseline keeps its salt.
func ReadOrNewBaseline(path string) (*Baseline, error) {
	b, err := ReadBaseline(path)
	if errors.Is(err, fs.ErrNotExist) {
		return NewBaseline()
	}
	return b, err
}

// Fingerprint is the finding's keyed fingerprint under this baseline's salt.
func (b *Baseline) Fingerprint(f Finding) string {
	m := hmac.New(sha256.New, b.salt)
	for _, part := range [][]byte{[]byte(f.RuleID), []byte(f.Path), f.Secret} {
		var n [8]byte
		l := len(part)
		for i := range n {
			n[i] = byte(l >> (8 * i))
		}
		m.Write(n[:]) // length-prefixed: no two tuples hash alike
		m.Write(part)
	}
	return hex.EncodeToString(m.Sum(nil))
}

// Contains reports whether f is an accepted finding.
func (b *Baseline) Contains(f Finding) bool {
	_, ok := b.entries[b.Fingerprint(f)]
	return ok
}

// Len is the number of accepted findings.
func (b *Baseline) Len() int { return len(b.entries) }

// Reset forgets every accepted finding, keeping the salt.
func (b *Baseline) Reset() { b.entries = map[string]BaselineEntry{} }

// Add accepts f.
func (b *Baseline) Add(f Finding) {
	fp := b.Fingerprint(f)
	b.entries[fp] = BaselineEntry{Rule: f.RuleID, Path: f.Path, Line: f.Line, Fingerprint: fp}
}

// Write stores the baseline at path atomically (temporary file, rename).
func (b *Baseline) Write(path string) error {
	bf := baselineFile{Version: baselineVersion, Salt: hex.EncodeToString(b.salt), Findings: []BaselineEntry{}}
	for _, e := range b.entries {
		bf.Findings = append(bf.Findings, e)
	}
	sort.Slice(bf.Findings, func(i, j int) bool {
		a, c := bf.Findings[i], bf.Findings[j]
		if a.Path != c.Path {
			return a.Path < c.Path
		}
		if a.Line != c.Line {
			return a.Line < c.Line
		}
		if a.Rule != c.Rule {
			return a.Rule < c.Rule
		}
		return a.Fingerprint < c.Fingerprint
	})
	data, err := json.MarshalIndent(bf, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".arca-baseline-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// A baseline holds no secret and is meant to be committed.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
