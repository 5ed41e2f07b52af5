package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// sign returns the signature of r under key, for one candidate canonical
// path and payload hash.
func (c *claim) sign(key *[sha256.Size]byte, r *http.Request, path string, q []param, payload []byte) [sha256.Size]byte {
	buf := make([]byte, 0, 2048) // on the stack unless the headers are large
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	buf = append(buf, method...)
	buf = append(buf, '\n')
	buf = append(buf, path...)
	buf = append(buf, '\n')
	buf = appendQuery(buf, q)
	buf = append(buf, '\n')
	for rest := c.SignedHeaders; ; {
		name, more, found := strings.Cut(rest, ";")
		buf = append(buf, name...)
		buf = append(buf, ':')
		buf = appendHeader(buf, r, name)
		buf = append(buf, '\n')
		if !found {
			break
		}
		rest = more
	}
	buf = append(buf, '\n')
	buf = append(buf, c.SignedHeaders...)
	buf = append(buf, '\n')
	buf = append(buf, payload...)
	h := sha256.Sum256(buf)

	sts := make([]byte, 0, 256)
	sts = append(sts, Algorithm+"\n"...)
	sts = append(sts, c.amzDate...)
	sts = append(sts, '\n')
	sts = append(sts, c.Scope...)
	sts = append(sts, '\n')
	sts = hex.AppendEncode(sts, h[:])
	return mac(key[:], sts)
}

// signingKey derives the SigV4 signing key:
// HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request").
// The caller should clear the result when done.
func signingKey(secret []byte, date, region, service string) [sha256.Size]byte {
	buf := make([]byte, 0, 4+60)
	buf = append(buf, "AWS4"...)
	buf = append(buf, secret...)
	k := mac(buf, date)
	clear(buf)
	for _, msg := range [...]string{region, service, terminator} {
		next := mac(k[:], msg)
		k = next
		clear(next[:])
	}
	return k
}

// mac returns HMAC-SHA256(key, msg). It is crypto/hmac without the heap:
// Verify computes five MACs per request, and crypto/hmac allocates for each.
// It clears its copies of the key.
func mac[M string | []byte](key []byte, msg M) (sum [sha256.Size]byte) {
	var k [sha256.BlockSize]byte
	if len(key) > len(k) {
		hk := sha256.Sum256(key)
		copy(k[:], hk[:])
		clear(hk[:])
	} else {
		copy(k[:], key)
	}
	var stack [sha256.BlockSize + 256]byte
	var in []byte
	if n := sha256.BlockSize + len(msg); n <= len(stack) {
		in = stack[:n]
	} else {
		in = make([]byte, n) // a string to sign with an unusually long scope
	}
	for i, c := range k {
		in[i] = c ^ 0x36
	}
	copy(in[sha256.BlockSize:], msg)
	inner := sha256.Sum256(in)
	var out [sha256.BlockSize + sha256.Size]byte
	for i, c := range k {
		out[i] = c ^ 0x5c
	}
	copy(out[sha256.BlockSize:], inner[:])
	sum = sha256.Sum256(out[:])
	clear(k[:])
	clear(in[:sha256.BlockSize])
	clear(out[:sha256.BlockSize])
	return sum
}
