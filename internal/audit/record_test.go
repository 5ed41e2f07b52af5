package audit_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/audit"
)

// FuzzParseFrame: ParseFrame never panics, and what it accepts encodes
// back to the same bytes.
func FuzzParseFrame(f *testing.F) {
	r := audit.Record{Seq: 7, Kind: audit.KindEvent, Time: time.Unix(0, 1234567890), ID: "5f0e…", Payload: []byte(`{"eventName":"GetSecretValue"}`)}
	r.Prev[3] = 9
	good, err := audit.AppendFrame(nil, &r)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		var r audit.Record
		n, err := audit.ParseFrame(b, &r)
		if err != nil {
			return
		}
		again, err := audit.AppendFrame(nil, &r)
		if err != nil {
			t.Fatalf("AppendFrame of a parsed record: %v", err)
		}
		if !bytes.Equal(again, b[:n]) {
			t.Fatalf("round trip changed the frame")
		}
		h1 := r.Hash()
		var r2 audit.Record
		if _, err := audit.ParseFrame(again, &r2); err != nil || r2.Hash() != h1 {
			t.Fatalf("hash differs after a round trip")
		}
	})
}

func TestHead_Next(t *testing.T) {
	var h audit.Head
	r := audit.Record{Seq: 1, Kind: audit.KindEvent, Time: time.Unix(10, 0)}
	h1, err := h.Next(&r)
	if err != nil || h1.Seq != 1 || h1.Hash != r.Hash() {
		t.Fatalf("Next = %+v, %v", h1, err)
	}
	for name, bad := range map[string]audit.Record{
		"gap":       {Seq: 3, Kind: audit.KindEvent, Time: time.Unix(10, 0), Prev: h1.Hash},
		"fork":      {Seq: 2, Kind: audit.KindEvent, Time: time.Unix(10, 0)},
		"backwards": {Seq: 2, Kind: audit.KindEvent, Time: time.Unix(9, 0), Prev: h1.Hash},
	} {
		if _, err := h1.Next(&bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	cp := audit.Record{Seq: 2, Kind: audit.KindCheckpoint, Time: time.Unix(10, 0), Prev: h1.Hash}
	if h2, err := h1.Next(&cp); err != nil || h2.Checkpoint != 2 {
		t.Errorf("checkpoint: %+v, %v", h2, err)
	}
}
