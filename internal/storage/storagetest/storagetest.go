// Package storagetest is the conformance suite that every storage engine
// runs: Run checks an engine against the storage.Store contract, including
// the parts the interface cannot express (ordering, isolation, atomicity,
// ownership of byte slices, behaviour after Close).
//
// It is imported only by tests. It must not import arca's core packages.
package storagetest

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/arca-vault/arca/internal/storage"
)

// Run runs the conformance suite as subtests of t. open must return a new,
// empty store for each call and should register a t.Cleanup that closes it;
// the suite itself closes some stores, so Close must accept a second call.
//
// Beyond the interface, the suite expects from every engine: Get and List
// return non-nil values (empty, not nil, for an empty value); Put rejects
// keys outside 1..1024 bytes with an error; a Tx used after its function
// returned fails instead of reaching the data; a panic in fn propagates to
// the caller of Update and rolls the transaction back; and View and Update
// return ctx.Err() when ctx is already done.
func Run(t *testing.T, open func(t *testing.T) storage.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s storage.Store)
	}{
		{"get_put_delete", testGetPutDelete},
		{"not_found", testNotFound},
		{"empty_value", testEmptyValue},
		{"binary_keys", testBinaryKeys},
		{"key_length", testKeyLength},
		{"large_value", testLargeValue},
		{"list", testList},
		{"list_edges", testListEdges},
		{"list_empty_store", testListEmptyStore},
		{"rollback", testRollback},
		{"fn_error_unchanged", testFnErrorUnchanged},
		{"panic_rolls_back", testPanicRollsBack},
		{"read_your_writes", testReadYourWrites},
		{"read_your_writes_list", testReadYourWritesList},
		{"view_snapshot", testViewSnapshot},
		{"view_ignores_uncommitted", testViewIgnoresUncommitted},
		{"view_read_only", testViewReadOnly},
		{"caller_owned", testCallerOwned},
		{"peek", testPeek},
		{"generation", testGeneration},
		{"tx_after_return", testTxAfterReturn},
		{"concurrent_counter", testConcurrentCounter},
		{"rerun_fresh_state", testRerunFreshState},
		{"views_see_whole_commits", testViewsSeeWholeCommits},
		{"canceled_context", testCanceledContext},
		{"closed", testClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, open(t))
		})
	}
}

// errBoom is returned by functions that want their transaction rolled back.
var errBoom = errors.New("storagetest: boom")

func update(t *testing.T, s storage.Store, fn func(storage.Tx) error) {
	t.Helper()
	if err := s.Update(t.Context(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func view(t *testing.T, s storage.Store, fn func(storage.Tx) error) {
	t.Helper()
	if err := s.View(t.Context(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// put commits key=value pairs, given as alternating arguments.
func put(t *testing.T, s storage.Store, kv ...[]byte) {
	t.Helper()
	update(t, s, func(tx storage.Tx) error {
		for i := 0; i+1 < len(kv); i += 2 {
			if err := tx.Put(kv[i], kv[i+1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// get returns the committed value of key, or nil when it is absent.
func get(t *testing.T, s storage.Store, key []byte) []byte {
	t.Helper()
	var v []byte
	view(t, s, func(tx storage.Tx) error {
		var err error
		v, err = tx.Get(key)
		if errors.Is(err, storage.ErrNotFound) {
			v, err = nil, nil
		}
		return err
	})
	return v
}

// list returns every committed pair.
func list(t *testing.T, s storage.Store) []storage.KV {
	t.Helper()
	var kvs []storage.KV
	view(t, s, func(tx storage.Tx) error {
		var err error
		kvs, err = tx.List(nil, nil, 0)
		return err
	})
	return kvs
}

func wantValue(t *testing.T, s storage.Store, key, want []byte) {
	t.Helper()
	if got := get(t, s, key); !bytes.Equal(got, want) || (got == nil) != (want == nil) {
		t.Fatalf("Get(%x) = %x (nil: %t), want %x (nil: %t)", key, got, got == nil, want, want == nil)
	}
}

func wantAbsent(t *testing.T, s storage.Store, key []byte) {
	t.Helper()
	wantValue(t, s, key, nil)
}

func wantKVs(t *testing.T, what string, got, want []storage.KV) {
	t.Helper()
	if !equalKVs(got, want) {
		t.Fatalf("%s:\n got %s\nwant %s", what, formatKVs(got), formatKVs(want))
	}
}

func equalKVs(a, b []storage.KV) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i].Key, b[i].Key) || !bytes.Equal(a[i].Value, b[i].Value) {
			return false
		}
	}
	return true
}

func formatKVs(kvs []storage.KV) string {
	var b bytes.Buffer
	b.WriteString("[")
	for i, kv := range kvs {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(hexOrText(kv.Key) + "=" + hexOrText(kv.Value))
	}
	b.WriteString("]")
	return b.String()
}

func hexOrText(b []byte) string {
	for _, c := range b {
		if c < 0x21 || c > 0x7e {
			return fmt.Sprintf("0x%x", b)
		}
	}
	return string(b)
}
