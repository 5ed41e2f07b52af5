package crosstest_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/arca-vault/arca/internal/storage"
)

// errAbort is returned by a transaction's function to roll it back midway.
var errAbort = errors.New("crosstest: abort")

type opKind int

const (
	opPut opKind = iota
	opDelete
	opGet
	opList
)

// op is one call on a Tx.
type op struct {
	kind          opKind
	key, value    []byte
	prefix, after []byte
	limit         int
}

// txPlan is one transaction: its ops, and for an Update the op index at
// which fn gives up with errAbort (-1: never).
type txPlan struct {
	readOnly bool
	ops      []op
	abortAt  int
}

// alphabet keeps keys short and colliding, around the edges of byte order.
var alphabet = []byte{0x00, 0x01, 'a', 'b', 0xfe, 0xff}

func randBytes(r *rand.Rand, minLen, maxLen int) []byte {
	b := make([]byte, minLen+r.IntN(maxLen-minLen+1))
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return b
}

func randKey(r *rand.Rand) []byte {
	if r.IntN(100) == 0 {
		return nil // invalid: every engine must reject it in Put
	}
	return randBytes(r, 1, 4)
}

func randValue(r *rand.Rand) []byte {
	switch r.IntN(10) {
	case 0:
		return nil
	case 1:
		return []byte{}
	}
	v := make([]byte, r.IntN(9))
	for i := range v {
		v[i] = byte(r.Uint32())
	}
	return v
}

func randOp(r *rand.Rand) op {
	switch n := r.IntN(100); {
	case n < 35:
		return op{kind: opPut, key: randKey(r), value: randValue(r)}
	case n < 50:
		return op{kind: opDelete, key: randKey(r)}
	case n < 75:
		return op{kind: opGet, key: randKey(r)}
	default:
		o := op{kind: opList, prefix: randBytes(r, 0, 2), limit: r.IntN(6) - 1}
		if r.IntN(2) == 0 {
			o.after = randBytes(r, 0, 4)
		}
		return o
	}
}

func randTx(r *rand.Rand) txPlan {
	p := txPlan{readOnly: r.IntN(4) == 0, abortAt: -1}
	p.ops = make([]op, 1+r.IntN(6))
	for i := range p.ops {
		p.ops[i] = randOp(r)
	}
	if !p.readOnly && r.IntN(5) == 0 {
		p.abortAt = r.IntN(len(p.ops) + 1)
	}
	return p
}

// apply runs p on tx and returns one line per op. Errors are reduced to a
// class, since engines word them differently.
func apply(tx storage.Tx, p txPlan) ([]string, error) {
	var out []string
	for i, o := range p.ops {
		if i == p.abortAt {
			return out, errAbort
		}
		switch o.kind {
		case opPut:
			out = append(out, fmt.Sprintf("put %x=%x: %s", o.key, o.value, class(tx.Put(o.key, o.value))))
		case opDelete:
			out = append(out, fmt.Sprintf("delete %x: %s", o.key, class(tx.Delete(o.key))))
		case opGet:
			v, err := tx.Get(o.key)
			out = append(out, fmt.Sprintf("get %x: %x nil=%t %s", o.key, v, v == nil, class(err)))
		case opList:
			kvs, err := tx.List(o.prefix, o.after, o.limit)
			line := fmt.Sprintf("list %x after %x limit %d: %s", o.prefix, o.after, o.limit, class(err))
			for _, kv := range kvs {
				line += fmt.Sprintf(" %x=%x", kv.Key, kv.Value)
			}
			out = append(out, line)
		}
	}
	if p.abortAt == len(p.ops) {
		return out, errAbort
	}
	return out, nil
}

func class(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, storage.ErrNotFound):
		return "not-found"
	case errors.Is(err, storage.ErrReadOnly):
		return "read-only"
	case errors.Is(err, errAbort):
		return "abort"
	}
	return "error"
}
