package file_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
	"github.com/arca-vault/arca/internal/audit/file"
)

// FuzzSegment feeds arbitrary segment files to the reader, the writer's
// repair and Verify: they must report, never panic or loop.
func FuzzSegment(f *testing.F) {
	dir := f.TempDir()
	sink, err := file.Open(dir, quiet)
	if err != nil {
		f.Fatal(err)
	}
	l, err := audit.New(context.Background(), audit.Config{Sink: sink, Signer: audittest.Key(), CheckpointEvery: 3, Log: quiet.Log})
	if err != nil {
		f.Fatal(err)
	}
	for i := range 7 {
		if err := l.Record(context.Background(), audittest.Event(i)); err != nil {
			f.Fatal(err)
		}
	}
	l.Close()
	valid, err := os.ReadFile(filepath.Join(dir, "00000000000000000001.seg"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)-3])
	f.Add([]byte(segMagic))
	f.Add([]byte(segMagic + "\x00\x00\x00\x40garbage"))
	f.Add([]byte(segMagic + "\xff\xff\xff\xff"))
	f.Add([]byte{})
	f.Add(append(bytes.Clone(valid), make([]byte, 4096)...))                     // preallocated space after the records
	f.Add(append(bytes.Clone(valid[:len(valid)-40]), make([]byte, 4096)...))     // a write torn in it
	f.Add(append(append(bytes.Clone(valid), make([]byte, 64)...), valid[8:]...)) // data after the zeros
	pub := audittest.Key().Public().(ed25519.PublicKey)
	head, err := os.ReadFile(filepath.Join(dir, "HEAD"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "00000000000000000001.seg"), data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "HEAD"), head, 0o600); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		r, err := file.OpenReader(dir)
		if err != nil {
			t.Fatalf("OpenReader: %v", err) // damage is Scan's to report
		}
		defer r.Close()
		rep, err := audit.Verify(ctx, r, pub, audit.VerifyOptions{})
		if err != nil {
			t.Fatalf("Verify: %v", err)
		}
		if rep.OK && string(data) != string(valid) {
			// Only a log that ends where HEAD says, with the same hash, verifies.
			h, _ := r.Head(ctx)
			if rep.Head != h.Hash {
				t.Errorf("Verify OK on a log whose head differs from HEAD")
			}
		}
		if _, err := audit.Lookup(ctx, r, audit.Query{}); err != nil && !errors.Is(err, &arca.Error{Code: arca.EUnavailable}) {
			t.Errorf("Lookup: %v", err)
		}
		r.Locate(ctx, time.Unix(0, 1))
		r.LastCheckpoint(ctx, 3)
	})
}

// TestSegment_Repair runs the writer's repair over damaged copies of a
// segment: Open either refuses or yields a log that takes new records and
// verifies.
func TestSegment_Repair(t *testing.T) {
	dir := t.TempDir()
	sink := open(t, dir, nil)
	l := audittest.NewLog(t, sink, func(c *audit.Config) { c.CheckpointEvery = 3 })
	for i := range 7 {
		if err := l.Record(context.Background(), audittest.Event(i)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	seg := filepath.Join(dir, "00000000000000000001.seg")
	valid, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := os.ReadFile(filepath.Join(dir, "HEAD"))
	for cut := 0; cut <= len(valid); cut += 97 {
		d := t.TempDir()
		os.WriteFile(filepath.Join(d, "00000000000000000001.seg"), valid[:cut], 0o600)
		os.WriteFile(filepath.Join(d, "HEAD"), head, 0o600)
		w, err := file.Open(d, quiet)
		if err != nil {
			continue // truncated below HEAD: refused
		}
		l := audittest.NewLog(t, w, nil)
		if err := l.Record(context.Background(), audittest.Event(1)); err != nil {
			t.Errorf("cut %d: Record: %v", cut, err)
		}
		l.Close()
		audittest.MustVerify(t, reader(t, d))
	}
}
