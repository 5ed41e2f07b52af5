package sigv4

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"
)

const (
	defaultMaxSkew  = 15 * time.Minute
	unsignedPayload = "UNSIGNED-PAYLOAD"
)

// Verifier checks SigV4-signed requests. Its zero value is not usable: Secret
// is required. A Verifier is safe for concurrent use if Secret and Now are.
type Verifier struct {
	// Secret returns the secret access key for an access key id, or an error
	// wrapping ErrUnknownKey when there is no such key. Verify neither keeps
	// nor modifies the returned slice.
	Secret func(ctx context.Context, accessKeyID string) ([]byte, error)
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// MaxSkew is how far the request time may be from now; 0 (or less)
	// means 15 minutes, as AWS allows.
	MaxSkew time.Duration
	// Keys, when not nil, caches derived signing keys across requests.
	Keys *KeyCache
}

// Result is what a verified request proves.
type Result struct {
	AccessKeyID string // the key that signed the request
	Region      string // from the credential scope
	Service     string // from the credential scope
	// SecurityToken is X-Amz-Security-Token, if any. Verify does not check
	// it: the caller must.
	SecurityToken string
	Time          time.Time // X-Amz-Date (or Date), UTC
}

// Verify checks the SigV4 signature (AWS4-HMAC-SHA256) of r, whose body is
// body (already read by the caller), in the Authorization header form or the
// presigned query form. It looks the secret up with v.Secret and the context
// of r.
//
// Failures are *Error values of kind ErrMissing, ErrIncomplete,
// ErrUnknownKey, ErrMismatch or ErrExpired; an error from Secret that does not
// wrap ErrUnknownKey is returned wrapped, as is.
//
// r must be a server request or carry canonical header keys (as Header.Set
// makes them). For services other than "s3" the path may be signed as sent
// or normalized (dot segments and repeated slashes removed); both forms are
// accepted, since the SDKs differ. UNSIGNED-PAYLOAD is accepted only on a
// presigned request with an empty body, so that a verified request always
// proves its body.
func (v *Verifier) Verify(r *http.Request, body []byte) (*Result, error) {
	var qbuf [16]param
	q, c := qbuf[:0], claim{}
	var err *Error
	if r.URL != nil {
		if q, err = parseQuery(q, r.URL.RawQuery); err != nil {
			return nil, err
		}
	}
	if q, err = c.read(r, q); err != nil {
		return nil, err
	}
	if err := v.checkTime(&c); err != nil {
		return nil, err
	}
	var given [sha256.Size]byte
	sigOK := decodeHex(given[:], c.Signature)
	var sum [2 * sha256.Size]byte
	payloads, err := c.payloads(&sum, body)
	if err != nil {
		return nil, err
	}
	if v.Secret == nil {
		return nil, errors.New("sigv4: Verifier.Secret is nil")
	}
	secret, lerr := v.Secret(r.Context(), c.AccessKeyID)
	switch {
	case errors.Is(lerr, ErrUnknownKey) || lerr == nil && len(secret) == 0:
		return nil, &Error{Kind: ErrUnknownKey, Message: "The security token included in the request is invalid.", Err: lerr}
	case lerr != nil:
		return nil, fmt.Errorf("sigv4: look up access key %s: %w", c.AccessKeyID, lerr)
	}
	key := v.Keys.signingKey(c.AccessKeyID, secret, c.Date, c.Region, c.Service)
	defer clear(key[:])
	sortQuery(q)
	paths := [2]string{}
	paths[0], paths[1] = canonicalPaths(r, c.Service)
	for _, path := range paths {
		for _, payload := range payloads {
			if path == "" || payload == nil {
				continue
			}
			want := c.sign(&key, r, path, q, payload)
			if sigOK && hmac.Equal(want[:], given[:]) {
				return &Result{
					AccessKeyID:   c.AccessKeyID,
					Region:        c.Region,
					Service:       c.Service,
					SecurityToken: c.token,
					Time:          c.time,
				}, nil
			}
		}
	}
	return nil, fail(ErrMismatch, "The request signature we calculated does not match the signature you provided. "+
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
}

// payloads sets the payload hashes the client may have signed, the most
// likely first; sum is room for the hex SHA-256 of body.
func (c *claim) payloads(sum *[2 * sha256.Size]byte, body []byte) (p [2][]byte, err *Error) {
	if c.payload == unsignedPayload {
		if !c.presigned || len(body) > 0 {
			return p, fail(ErrMismatch, "UNSIGNED-PAYLOAD is accepted only on presigned requests without a body.")
		}
		p[0] = unsignedBytes
		return p, nil
	}
	h := sha256.Sum256(body)
	hex.Encode(sum[:], h[:])
	p[0] = sum[:]
	switch {
	case c.payload != "" && c.payload != string(sum[:]):
		return p, fail(ErrMismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.")
	case c.payload == "" && c.presigned && len(body) == 0:
		p[1] = unsignedBytes // as S3 presigners sign, whatever the service
	}
	return p, nil
}

var unsignedBytes = []byte(unsignedPayload)

// decodeHex decodes the hex string s into dst, which it must fill exactly.
func decodeHex(dst []byte, s string) bool {
	if len(s) != 2*len(dst) {
		return false
	}
	ok := true
	for i := range dst {
		hi, ok1 := fromHex(s[2*i])
		lo, ok2 := fromHex(s[2*i+1])
		ok = ok && ok1 && ok2
		dst[i] = hi<<4 | lo
	}
	return ok
}

func fromHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// checkTime enforces the skew window, and the expiry of a presigned request.
func (v *Verifier) checkTime(c *claim) *Error {
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	t, skew := now().UTC(), v.MaxSkew
	if skew <= 0 {
		skew = defaultMaxSkew
	}
	late := skew
	if c.expires >= 0 {
		late = c.expires
	}
	switch {
	case c.time.After(t.Add(skew)):
		return fail(ErrExpired, "Signature not yet current: "+c.amzDate+" is still later than "+
			t.Add(skew).Format(amzDateLayout)+" ("+t.Format(amzDateLayout)+" + "+minutes(skew)+")")
	case c.expires >= 0 && t.After(c.time.Add(late)):
		return fail(ErrExpired, fmt.Sprintf("Request has expired: signed at %s for %d seconds; it is now %s.",
			c.amzDate, c.expires/time.Second, t.Format(amzDateLayout)))
	case t.After(c.time.Add(late)):
		return fail(ErrExpired, "Signature expired: "+c.amzDate+" is now earlier than "+
			t.Add(-skew).Format(amzDateLayout)+" ("+t.Format(amzDateLayout)+" - "+minutes(skew)+")")
	}
	return nil
}

// minutes formats d as AWS does in its skew messages: "15 min.".
func minutes(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%d min.", d/time.Minute)
	}
	return d.String()
}
