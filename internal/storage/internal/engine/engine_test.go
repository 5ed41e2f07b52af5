package engine_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/internal/engine"
)

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		name         string
		prefix, want []byte
	}{
		{"empty", nil, nil},
		{"simple", []byte("a/"), []byte("a0")},
		{"ends_in_ff", []byte{'a', 0xff}, []byte{'b'}},
		{"ends_in_ff_ff", []byte{'a', 0xfe, 0xff, 0xff}, []byte{'a', 0xff}},
		{"all_ff", []byte{0xff, 0xff}, nil},
		{"zero", []byte{0x00}, []byte{0x01}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := engine.PrefixEnd(tc.prefix)
			if !bytes.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
				t.Errorf("PrefixEnd(%x) = %x, want %x", tc.prefix, got, tc.want)
			}
		})
	}
	prefix := []byte{'a', 0xff}
	engine.PrefixEnd(prefix)
	if !bytes.Equal(prefix, []byte{'a', 0xff}) {
		t.Errorf("PrefixEnd modified its argument: %x", prefix)
	}
}

func TestStart(t *testing.T) {
	tests := []struct {
		name                 string
		prefix, after, start []byte
		exclusive            bool
	}{
		{"no_after", []byte("a/"), nil, []byte("a/"), false},
		{"after_before_prefix", []byte("b"), []byte("a/z"), []byte("b"), false},
		{"after_inside", []byte("a/"), []byte("a/c"), []byte("a/c"), true},
		{"after_equals_prefix", []byte("a/"), []byte("a/"), []byte("a/"), true},
		{"after_beyond", []byte("a/"), []byte("b"), []byte("b"), true},
		{"empty_prefix", nil, []byte{0x00}, []byte{0x00}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, exclusive := engine.Start(tc.prefix, tc.after)
			if !bytes.Equal(start, tc.start) || exclusive != tc.exclusive {
				t.Errorf("Start(%q, %q) = %q, %t; want %q, %t", tc.prefix, tc.after, start, exclusive, tc.start, tc.exclusive)
			}
		})
	}
}

func TestCheckKey(t *testing.T) {
	for _, n := range []int{1, engine.MaxKeyLen} {
		if err := engine.CheckKey(make([]byte, n)); err != nil {
			t.Errorf("CheckKey(%d bytes) = %v", n, err)
		}
	}
	for _, n := range []int{0, engine.MaxKeyLen + 1} {
		if err := engine.CheckKey(make([]byte, n)); err == nil {
			t.Errorf("CheckKey(%d bytes) = nil, want an error", n)
		}
	}
}

func TestClone(t *testing.T) {
	if got := engine.Clone(nil); got == nil || len(got) != 0 {
		t.Errorf("Clone(nil) = %#v, want empty non-nil", got)
	}
	b := []byte("abc")
	c := engine.Clone(b)
	c[0] = 'X'
	if string(b) != "abc" {
		t.Errorf("Clone shares memory with its argument")
	}
}

func TestGate(t *testing.T) {
	var g engine.Gate
	if err := g.Enter(); err != nil {
		t.Fatalf("Enter on an open gate: %v", err)
	}
	closed := make(chan bool)
	go func() { closed <- g.Close() }()
	select {
	case <-closed:
		t.Fatalf("Close returned while a transaction was running")
	default:
	}
	g.Leave()
	if first := <-closed; !first {
		t.Errorf("first Close reported false")
	}
	if g.Close() {
		t.Errorf("second Close reported true")
	}
	if err := g.Enter(); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("Enter after Close = %v, want ErrClosed", err)
	}
}
