package awssts

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// jwksTTL is how long a loaded key set is used before it is read again.
const jwksTTL = 5 * time.Minute

// issuerKeys is an issuer's key set, loaded when first needed.
type issuerKeys struct {
	Issuer
	mu     sync.Mutex
	keys   map[string]crypto.PublicKey // by kid
	loaded time.Time
}

// key returns the issuer's key kid (the only key, when kid is empty and
// the set has one), reloading the set when it is stale or lacks kid.
func (k *issuerKeys) key(ctx context.Context, kid string, now time.Time) (crypto.PublicKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	pick := func() crypto.PublicKey {
		if kid == "" && len(k.keys) == 1 {
			for _, pk := range k.keys {
				return pk
			}
		}
		return k.keys[kid]
	}
	if pk := pick(); pk != nil && now.Sub(k.loaded) < jwksTTL {
		return pk, nil
	}
	raw, err := k.fetch(ctx)
	if err != nil {
		return nil, &awsquery.Fault{Status: http.StatusBadRequest, Code: "IDPCommunicationError", Message: "The keys of the web identity token's issuer could not be loaded."}
	}
	keys, err := parseJWKS(raw)
	if err != nil {
		return nil, &awsquery.Fault{Status: http.StatusBadRequest, Code: "IDPCommunicationError", Message: "The issuer's key set is malformed."}
	}
	k.keys, k.loaded = keys, now
	if pk := pick(); pk != nil {
		return pk, nil
	}
	return nil, invalidToken("The web identity token is signed with a key the issuer does not publish.")
}

func (k *issuerKeys) fetch(ctx context.Context) ([]byte, error) {
	if !strings.HasPrefix(k.JWKS, "https://") && !strings.HasPrefix(k.JWKS, "http://") {
		return os.ReadFile(k.JWKS)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.JWKS, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", k.JWKS, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}

// parseJWKS reads the RSA and EC (P-256, P-384) signing keys of a JSON Web
// Key Set; other keys are skipped.
func parseJWKS(raw []byte) (map[string]crypto.PublicKey, error) {
	var set struct {
		Keys []struct {
			Kty, Kid, Use, N, E, Crv, X, Y string
		} `json:"keys"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, err
	}
	out := map[string]crypto.PublicKey{}
	for _, j := range set.Keys {
		if j.Use != "" && j.Use != "sig" {
			continue
		}
		switch j.Kty {
		case "RSA":
			n, err1 := base64.RawURLEncoding.DecodeString(j.N)
			e, err2 := base64.RawURLEncoding.DecodeString(j.E)
			if err1 != nil || err2 != nil || len(e) == 0 || len(e) > 4 {
				return nil, fmt.Errorf("key %q: bad RSA parameters", j.Kid)
			}
			out[j.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		case "EC":
			pk, err := ecKey(j.Crv, j.X, j.Y)
			if err != nil {
				return nil, fmt.Errorf("key %q: %w", j.Kid, err)
			}
			out[j.Kid] = pk
		}
	}
	return out, nil
}

func ecKey(crv, x, y string) (*ecdsa.PublicKey, error) {
	var curve elliptic.Curve
	switch crv {
	case "P-256":
		curve = elliptic.P256()
	case "P-384":
		curve = elliptic.P384()
	default:
		return nil, fmt.Errorf("unsupported curve %q", crv)
	}
	xb, err1 := base64.RawURLEncoding.DecodeString(x)
	yb, err2 := base64.RawURLEncoding.DecodeString(y)
	size := (curve.Params().BitSize + 7) / 8
	if err1 != nil || err2 != nil || len(xb) != size || len(yb) != size {
		return nil, fmt.Errorf("bad EC parameters")
	}
	point := append(append([]byte{4}, xb...), yb...)
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
	if err != nil {
		return nil, fmt.Errorf("EC point not on the curve")
	}
	return pub, nil
}
