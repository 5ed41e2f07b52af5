package file_test

import (
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
)

const segMagic = "ARCASEG1"

// readSegment splits a segment file into its frames, up to the zeros
// preallocated after them.
func readSegment(t testing.TB, path string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = b[len(segMagic):]
	var frames [][]byte
	for len(b) > 0 && !(len(b) >= 4 && binary.BigEndian.Uint32(b) == 0) { // up to preallocated zeros
		var r audit.Record
		n, err := audit.ParseFrame(b, &r)
		if err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		frames = append(frames, b[:n])
		b = b[n:]
	}
	return frames
}

func writeSegment(t testing.TB, path string, frames [][]byte) {
	t.Helper()
	b := []byte(segMagic)
	for _, f := range frames {
		b = append(b, f...)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func parse(t testing.TB, frame []byte) audit.Record {
	t.Helper()
	var r audit.Record
	if _, err := audit.ParseFrame(frame, &r); err != nil {
		t.Fatal(err)
	}
	r.Payload = append([]byte(nil), r.Payload...)
	return r
}

func hashOf(t testing.TB, frame []byte) [32]byte {
	r := parse(t, frame)
	return r.Hash()
}

// reframe encodes r again, with a correct checksum, as an attacker would.
func reframe(t testing.TB, r audit.Record) []byte {
	t.Helper()
	r2 := audit.Record{Seq: r.Seq, Kind: r.Kind, Time: r.Time, Prev: r.Prev, ID: r.ID, Payload: r.Payload}
	b, err := audit.AppendFrame(nil, &r2)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVerify_Tampering(t *testing.T) {
	// The original: 40 events with a checkpoint after every 10 records,
	// then 5 unsigned events: records 1-10 events, 11 checkpoint, …,
	// 44 checkpoint, 45-49 events.
	orig := t.TempDir()
	sink := open(t, orig, nil)
	l := audittest.NewLog(t, sink, nil)
	for i := range 45 {
		if err := l.Record(context.Background(), audittest.Event(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := sink.Close(); err != nil { // not l.Close: no final checkpoint
		t.Fatal(err)
	}
	rep := audittest.MustVerify(t, reader(t, orig))
	if rep.Records != 49 || rep.Checkpoints != 4 || rep.Unsigned != 5 {
		t.Fatalf("original: %+v", rep)
	}
	seg := segments(t, orig)[0]
	frames := readSegment(t, seg)
	other := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))

	for _, tc := range []struct {
		name    string
		tamper  func(f [][]byte) [][]byte
		bad     uint64
		problem string
	}{
		{"intact", func(f [][]byte) [][]byte { return f }, 0, ""},
		{"removed", func(f [][]byte) [][]byte { return append(f[:14:14], f[15:]...) }, 15, "removed"},
		{"reordered", func(f [][]byte) [][]byte { f[14], f[15] = f[15], f[14]; return f }, 15, "reordered"},
		{"altered_byte", func(f [][]byte) [][]byte {
			r := parse(t, f[16])
			r.Payload[len(r.Payload)/2] ^= 0x20
			f[16] = reframe(t, r)
			return f
		}, 17, "altered"},
		{"altered_checksum_left", func(f [][]byte) [][]byte {
			f[16] = append([]byte(nil), f[16]...)
			f[16][len(f[16])/2] ^= 0x20
			return f
		}, 17, "altered"},
		{"altered_last", func(f [][]byte) [][]byte {
			r := parse(t, f[48])
			r.Payload[10] ^= 0x20
			f[48] = reframe(t, r)
			return f
		}, 49, "altered"},
		{"inserted", func(f [][]byte) [][]byte {
			// A forged record that chains correctly to record 20.
			prev := parse(t, f[19])
			forged := parse(t, f[20])
			forged.Prev = (&prev).Hash()
			forged.Payload = []byte(`{"eventName":"Forged"}`)
			out := append(f[:20:20], reframe(t, forged))
			return append(out, f[20:]...)
		}, 21, "inserted"},
		{"inserted_unchained", func(f [][]byte) [][]byte {
			forged := parse(t, f[20])
			forged.Prev[0] ^= 1
			forged.Payload = []byte(`{"eventName":"Forged"}`)
			out := append(f[:20:20], reframe(t, forged))
			return append(out, f[20:]...)
		}, 21, "inserted"},
		{"removed_prefix", func(f [][]byte) [][]byte { return f[10:] }, 1, "removed"},
		{"truncated_after_last_checkpoint", func(f [][]byte) [][]byte { return f[:44] }, 45, "truncated"},
		{"checkpoint_signature", func(f [][]byte) [][]byte {
			r := parse(t, f[32]) // the checkpoint at 33
			var cp audit.Checkpoint
			if err := json.Unmarshal(r.Payload, &cp); err != nil {
				t.Fatal(err)
			}
			cp.Signature = ed25519.Sign(other, []byte("anything"))
			r.Payload, _ = json.Marshal(cp)
			f[32] = reframe(t, r)
			return f
		}, 33, "bad signature"},
		{"renumbered_after_removal", func(f [][]byte) [][]byte {
			// Remove event 15 and rebuild the rest of the chain: only the
			// checkpoint signature can tell.
			out := append([][]byte(nil), f[:14]...)
			prev := hashOf(t, f[13])
			for _, fr := range f[15:] {
				r := parse(t, fr)
				r.Seq--
				r.Prev = prev
				b := reframe(t, r)
				prev = hashOf(t, b)
				out = append(out, b)
			}
			return out
		}, 21, "bad signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, orig, dir)
			cp := append([][]byte(nil), frames...)
			writeSegment(t, filepath.Join(dir, filepath.Base(seg)), tc.tamper(cp))
			rep, err := audit.Verify(context.Background(), reader(t, dir), audittest.Key().Public().(ed25519.PublicKey), audit.VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if tc.bad == 0 {
				if !rep.OK {
					t.Fatalf("intact log: %s at %d", rep.Problem, rep.FirstBad)
				}
				return
			}
			if rep.OK || rep.FirstBad != tc.bad || !strings.HasPrefix(rep.Problem, tc.problem) {
				t.Errorf("Verify = OK %v, first bad %d, %q; want %d, %q…", rep.OK, rep.FirstBad, rep.Problem, tc.bad, tc.problem)
			}
			t.Logf("%d: %s", rep.FirstBad, rep.Problem)
		})
	}
}

func copyDir(t testing.TB, from, to string) {
	t.Helper()
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
