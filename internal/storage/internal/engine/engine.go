// Package engine holds the small rules that every storage engine shares:
// key validation, prefix ranges, defensive copies and the open/closed gate.
//
// It exists so that memory, bolt and postgres agree byte for byte (the
// crosstest compares them). It must not import arca's core packages; it may
// import only the standard library and internal/storage.
package engine

import (
	"bytes"
	"errors"
	"fmt"
)

// MaxKeyLen is the longest key the storage contract allows.
const MaxKeyLen = 1024

// ErrTxDone is returned by a Tx used after the function it was passed to
// has returned.
var ErrTxDone = errors.New("storage: transaction used after its function returned")

// CheckKey returns an error unless key is 1..MaxKeyLen bytes long.
func CheckKey(key []byte) error {
	if n := len(key); n == 0 || n > MaxKeyLen {
		return fmt.Errorf("storage: key length %d not in 1..%d", n, MaxKeyLen)
	}
	return nil
}

// Clone returns a copy of b that is never nil, so that an empty value reads
// back as an empty, non-nil slice from every engine.
func Clone(b []byte) []byte {
	return append(make([]byte, 0, len(b)), b...)
}

// PrefixEnd returns the smallest key that sorts after every key starting
// with prefix, or nil when there is none (prefix is empty or all 0xff).
func PrefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Start returns where a List of prefix after after begins: the first key to
// consider, and whether a key equal to it must be skipped.
func Start(prefix, after []byte) (start []byte, exclusive bool) {
	if len(after) > 0 && bytes.Compare(after, prefix) >= 0 {
		return after, true
	}
	return prefix, false
}
