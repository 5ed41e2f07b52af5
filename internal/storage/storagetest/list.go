package storagetest

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/arca-vault/arca/internal/storage"
)

// listKeys are chosen around the edges of byte order: 0x00, 0xff, prefixes
// that end in 0xff and keys that are prefixes of each other.
var listKeys = [][]byte{
	{0x00}, {0x00, 0x00}, {0x00, 0xff}, {0x01},
	[]byte("a"), []byte("a/"), []byte("a/b"), []byte("a/b/c"), []byte("a/c"), []byte("ab"),
	{'a', 0xff}, {'a', 0xff, 0x00}, {'a', 0xff, 0xff}, []byte("b"),
	{0xff}, {0xff, 0x00}, {0xff, 0xff}, {0xff, 0xff, 0xff},
}

func putListKeys(t *testing.T, s storage.Store) []storage.KV {
	t.Helper()
	var want []storage.KV
	update(t, s, func(tx storage.Tx) error {
		want = want[:0]
		for i, k := range listKeys {
			v := []byte(fmt.Sprintf("v%d", i))
			if err := tx.Put(k, v); err != nil {
				return err
			}
			want = append(want, storage.KV{Key: k, Value: v})
		}
		return nil
	})
	slices.SortFunc(want, func(a, b storage.KV) int { return bytes.Compare(a.Key, b.Key) })
	return want
}

// model is the reference List: a filter over all pairs in key order.
func model(all []storage.KV, prefix, after []byte, limit int) []storage.KV {
	var out []storage.KV
	for _, kv := range all {
		if !bytes.HasPrefix(kv.Key, prefix) || (len(after) > 0 && bytes.Compare(kv.Key, after) <= 0) {
			continue
		}
		if limit > 0 && len(out) == limit {
			break
		}
		out = append(out, kv)
	}
	return out
}

// testList compares List with the model for every combination of a set of
// prefixes, after keys and limits.
func testList(t *testing.T, s storage.Store) {
	all := putListKeys(t, s)
	prefixes := [][]byte{nil, {}, {0x00}, {0x01}, []byte("a"), []byte("a/"), []byte("a/b"),
		{'a', 0xff}, {'a', 0xff, 0xff}, {0xff}, {0xff, 0xff}, {0xff, 0xff, 0xff, 0xff}, []byte("zz")}
	afters := [][]byte{nil, {}, {0x00}, {0x00, 0x00, 0x00}, []byte("a"), []byte("a/a"), []byte("a/b"),
		[]byte("a/b/c"), {'a', 0xff}, []byte("b"), {0xff}, {0xff, 0xff, 0xff}}
	view(t, s, func(tx storage.Tx) error {
		for _, prefix := range prefixes {
			for _, after := range afters {
				for _, limit := range []int{-1, 0, 1, 2, 3, 100} {
					got, err := tx.List(prefix, after, limit)
					if err != nil {
						return err
					}
					what := fmt.Sprintf("List(prefix %x, after %x, limit %d)", prefix, after, limit)
					wantKVs(t, what, got, model(all, prefix, after, limit))
				}
			}
		}
		return nil
	})
}

// testListEdges spells out the cases that are easiest to get wrong.
func testListEdges(t *testing.T, s storage.Store) {
	putListKeys(t, s)
	keys := func(ks ...[]byte) [][]byte { return ks }
	tests := []struct {
		name          string
		prefix, after []byte
		limit         int
		want          [][]byte
	}{
		{"prefix_ends_in_ff", []byte{'a', 0xff}, nil, 0,
			keys([]byte{'a', 0xff}, []byte{'a', 0xff, 0x00}, []byte{'a', 0xff, 0xff})},
		{"prefix_all_ff", []byte{0xff, 0xff}, nil, 0,
			keys([]byte{0xff, 0xff}, []byte{0xff, 0xff, 0xff})},
		{"prefix_00", []byte{0x00}, nil, 0,
			keys([]byte{0x00}, []byte{0x00, 0x00}, []byte{0x00, 0xff})},
		{"prefix_is_not_a_range_of_siblings", []byte("a/b"), nil, 0,
			keys([]byte("a/b"), []byte("a/b/c"))},
		{"after_is_exclusive", []byte("a/"), []byte("a/b"), 0,
			keys([]byte("a/b/c"), []byte("a/c"))},
		{"after_absent_key", []byte("a/"), []byte("a/bb"), 0, keys([]byte("a/c"))},
		{"after_before_prefix", []byte("a/"), []byte("0"), 1, keys([]byte("a/"))},
		{"after_beyond_prefix", []byte("a/"), []byte("b"), 0, nil},
		{"after_last_key", nil, []byte{0xff, 0xff, 0xff}, 0, nil},
		{"limit_pages", []byte("a"), []byte("a/b"), 2, keys([]byte("a/b/c"), []byte("a/c"))},
		{"missing_prefix", []byte("c"), nil, 0, nil},
	}
	view(t, s, func(tx storage.Tx) error {
		for _, tc := range tests {
			got, err := tx.List(tc.prefix, tc.after, tc.limit)
			if err != nil {
				return err
			}
			var gotKeys [][]byte
			for _, kv := range got {
				gotKeys = append(gotKeys, kv.Key)
				if kv.Value == nil {
					t.Errorf("%s: List returned a nil value for %x", tc.name, kv.Key)
				}
			}
			if !slices.EqualFunc(gotKeys, tc.want, bytes.Equal) {
				t.Errorf("%s: List keys = %x, want %x", tc.name, gotKeys, tc.want)
			}
		}
		return nil
	})
}

func testListEmptyStore(t *testing.T, s storage.Store) {
	view(t, s, func(tx storage.Tx) error {
		for _, prefix := range [][]byte{nil, []byte("a"), {0xff}} {
			got, err := tx.List(prefix, nil, 10)
			if err != nil {
				return err
			}
			if len(got) != 0 {
				t.Errorf("List(%x) on an empty store = %s", prefix, formatKVs(got))
			}
		}
		return nil
	})
}
