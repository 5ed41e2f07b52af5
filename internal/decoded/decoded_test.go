package decoded_test

import (
	"strconv"
	"testing"

	"github.com/arca-vault/arca/internal/decoded"
)

func TestCache(t *testing.T) {
	decodes := 0
	decode := func(raw []byte) (*int, error) {
		decodes++
		n, err := strconv.Atoi(string(raw))
		return &n, err
	}
	var c decoded.Cache[int]
	key := []byte("k")
	raw := []byte("41")
	a, err := c.Get(key, raw, decode)
	if err != nil || *a != 41 {
		t.Fatalf("Get = %v, %v", a, err)
	}
	raw[1] = '2' // the store's bytes change in place: the cache kept its own copy
	b, _ := c.Get(key, []byte("41"), decode)
	if b != a || decodes != 1 {
		t.Errorf("same bytes: decoded %d times, shared %v; want once, shared", decodes, b == a)
	}
	if v, _ := c.Get(key, raw, decode); *v != 42 || decodes != 2 {
		t.Errorf("changed bytes: got %d after %d decodes, want 42 after 2", *v, decodes)
	}
	if _, err := c.Get([]byte("bad"), []byte("x"), decode); err == nil {
		t.Error("a decode error was not returned")
	}
	var none *decoded.Cache[int]
	if v, _ := none.Get(key, []byte("7"), decode); *v != 7 {
		t.Errorf("nil cache: got %d", *v)
	}
}
