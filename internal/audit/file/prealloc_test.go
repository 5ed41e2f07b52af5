package file_test

import (
	"context"
	"crypto/ed25519"
	"os"
	"testing"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
	"github.com/arca-vault/arca/internal/audit/file"
)

// recordN appends n events through a fresh log over the sink in dir and
// returns the log (left open: its segment keeps its preallocated zeros).
func recordN(t *testing.T, dir string, from, n int) *audit.Log {
	t.Helper()
	l := audittest.NewLog(t, open(t, dir, nil), nil)
	for i := range n {
		if err := l.Record(context.Background(), audittest.Event(from+i)); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

// A live segment is longer than its records (preallocated zeros); a reader
// opened meanwhile, and a writer opened on a copy (as after a crash), stop
// at the zeros; Close trims them.
func TestSink_Preallocated(t *testing.T) {
	dir := t.TempDir()
	l := recordN(t, dir, 0, 5)
	seg := segments(t, dir)[0]
	fi, err := os.Stat(seg)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() < 1<<20 {
		t.Errorf("live segment is %d bytes, want the preallocated MiB", fi.Size())
	}
	if rep := audittest.MustVerify(t, reader(t, dir)); rep.Events != 5 {
		t.Errorf("reader of a live log: %d events, want 5", rep.Events)
	}

	crashed := t.TempDir() // the files as a crash would leave them
	copyDir(t, dir, crashed)
	os.Remove(crashed + "/LOCK")
	l2 := recordN(t, crashed, 5, 3)
	if err := l2.Close(); err != nil {
		t.Fatal(err)
	}
	if rep := audittest.MustVerify(t, reader(t, crashed)); rep.Events != 8 {
		t.Errorf("after a restart over preallocated space: %d events, want 8", rep.Events)
	}

	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	fi, _ = os.Stat(seg)
	if frames := readSegment(t, seg); fi.Size() != int64(len(segMagic)+totalLen(frames)) {
		t.Errorf("closed segment is %d bytes, want its records only", fi.Size())
	}
}

func totalLen(frames [][]byte) int {
	n := 0
	for _, f := range frames {
		n += len(f)
	}
	return n
}

// A crash that tears a write into preallocated space leaves part of a
// frame followed by zeros: Open cuts it off, as it does at the end of a
// file, and the log verifies.
func TestSink_TornWriteInPreallocatedSpace(t *testing.T) {
	dir := t.TempDir()
	l := recordN(t, dir, 0, 5)
	crashed := t.TempDir()
	copyDir(t, dir, crashed)
	os.Remove(crashed + "/LOCK")
	l.Close()

	seg := segments(t, crashed)[0]
	end := int64(len(segMagic) + totalLen(readSegment(t, seg)))
	frame, _ := audit.AppendFrame(nil, &audit.Record{Seq: 7, Kind: audit.KindEvent, Payload: make([]byte, 3000)})
	f, err := os.OpenFile(seg, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(frame[:len(frame)-1500], end) // the last page never reached the disk
	f.Close()
	audittest.MustVerify(t, reader(t, crashed)) // past HEAD: a write in progress

	l2 := recordN(t, crashed, 9, 1)
	l2.Close()
	if rep := audittest.MustVerify(t, reader(t, crashed)); rep.Events != 6 {
		t.Errorf("events = %d, want 6", rep.Events)
	}
}

// Records zeroed out in the middle of a log are lost records, not free
// space: Open refuses the log and Verify reports it.
func TestSink_ZeroedRecordsAreDamage(t *testing.T) {
	dir := t.TempDir()
	l := recordN(t, dir, 0, 5)
	l.Close()
	seg := segments(t, dir)[0]
	frames := readSegment(t, seg)
	zeroed := append([][]byte(nil), frames...)
	zeroed[2] = make([]byte, len(frames[2]))
	writeSegment(t, seg, zeroed)
	if s, err := file.Open(dir, quiet); err == nil {
		s.Close()
		t.Error("Open accepted a log with zeroed records")
	}
	rep, err := audit.Verify(context.Background(), reader(t, dir), audittest.Key().Public().(ed25519.PublicKey), audit.VerifyOptions{})
	if err == nil && rep.OK {
		t.Error("Verify accepted a log with zeroed records")
	}
}
