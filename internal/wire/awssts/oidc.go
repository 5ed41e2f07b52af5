package awssts

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// Issuer is an OIDC identity provider whose tokens
// AssumeRoleWithWebIdentity accepts.
type Issuer struct {
	// URL is the issuer exactly as tokens carry it in "iss", e.g.
	// https://token.actions.githubusercontent.com.
	URL string
	// JWKS is where its signing keys are: a file path, or an https:// (or
	// http://) URL of a JSON Web Key Set, fetched when needed and kept for
	// five minutes.
	JWKS string
	// Audiences are the accepted "aud" values (IAM's client ids); none
	// means any.
	Audiences []string
}

// claims are the verified claims arca uses.
type claims struct {
	Issuer   string          `json:"iss"`
	Subject  string          `json:"sub"`
	Audience json.RawMessage `json:"aud"`
	Expiry   *float64        `json:"exp"`
	NotAfter *float64        `json:"nbf"`

	provider string // the issuer URL without its scheme
	audience string // the aud value that was accepted
}

// leeway is the clock skew tolerated on exp and nbf.
const leeway = time.Minute

type verifier struct {
	issuers map[string]*issuerKeys
	now     func() time.Time
}

func newVerifier(issuers []Issuer, now func() time.Time) *verifier {
	v := &verifier{issuers: map[string]*issuerKeys{}, now: now}
	for _, is := range issuers {
		v.issuers[is.URL] = &issuerKeys{Issuer: is}
	}
	return v
}

func invalidToken(msg string) error {
	return &awsquery.Fault{Status: http.StatusBadRequest, Code: "InvalidIdentityToken", Message: msg}
}

// verify checks a compact JWS (RS256/384/512, PS256, ES256/384) against the
// keys of the issuer it names, and its exp, nbf, iss and aud claims.
// Errors: InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim,
// IDPCommunicationError faults.
func (v *verifier) verify(ctx context.Context, token string) (*claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, invalidToken("The web identity token is not a valid JWT.")
	}
	var hdr struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	var c claims
	if err := decodePart(parts[0], &hdr); err != nil {
		return nil, invalidToken("The web identity token's header is malformed.")
	}
	if err := decodePart(parts[1], &c); err != nil {
		return nil, invalidToken("The web identity token's claims are malformed.")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, invalidToken("The web identity token's signature is malformed.")
	}
	is, ok := v.issuers[c.Issuer]
	if !ok {
		return nil, &awsquery.Fault{Status: http.StatusForbidden, Code: "IDPRejectedClaim", Message: "The issuer of the web identity token is not trusted by this server."}
	}
	key, err := is.key(ctx, hdr.Kid, v.now())
	if err != nil {
		return nil, err
	}
	if !checkSignature(hdr.Alg, key, []byte(parts[0]+"."+parts[1]), sig) {
		return nil, invalidToken("The web identity token's signature could not be verified.")
	}
	now := v.now()
	if c.Expiry == nil || now.After(epoch(*c.Expiry).Add(leeway)) {
		return nil, &awsquery.Fault{Status: http.StatusBadRequest, Code: "ExpiredTokenException", Message: "Token expired."}
	}
	if c.NotAfter != nil && now.Add(leeway).Before(epoch(*c.NotAfter)) {
		return nil, invalidToken("The web identity token is not valid yet.")
	}
	if c.Subject == "" {
		return nil, invalidToken("The web identity token has no sub claim.")
	}
	if c.audience, ok = audience(c.Audience, is.Audiences); !ok {
		return nil, &awsquery.Fault{Status: http.StatusForbidden, Code: "IDPRejectedClaim", Message: "Incorrect token audience."}
	}
	c.provider = strings.TrimPrefix(strings.TrimPrefix(c.Issuer, "https://"), "http://")
	return &c, nil
}

func decodePart(s string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

func epoch(f float64) time.Time { return time.Unix(int64(f), 0) }

// audience returns the token's aud that the issuer accepts ("aud" is a
// string or a list).
func audience(raw json.RawMessage, accepted []string) (string, bool) {
	var auds []string
	var one string
	if json.Unmarshal(raw, &one) == nil {
		auds = []string{one}
	} else if json.Unmarshal(raw, &auds) != nil {
		return "", false
	}
	for _, a := range auds {
		if len(accepted) == 0 || slices.Contains(accepted, a) {
			return a, a != ""
		}
	}
	return "", false
}

// checkSignature verifies a JWS signature with a public key.
func checkSignature(alg string, key crypto.PublicKey, signed, sig []byte) bool {
	var h crypto.Hash
	switch alg {
	case "RS256", "ES256", "PS256":
		h = crypto.SHA256
	case "RS384", "ES384":
		h = crypto.SHA384
	case "RS512":
		h = crypto.SHA512
	default:
		return false
	}
	d := h.New()
	d.Write(signed)
	sum := d.Sum(nil)
	switch k := key.(type) {
	case *rsa.PublicKey:
		if alg[0] == 'P' {
			return rsa.VerifyPSS(k, h, sum, sig, nil) == nil
		}
		return alg[0] == 'R' && rsa.VerifyPKCS1v15(k, h, sum, sig) == nil
	case *ecdsa.PublicKey:
		n := (k.Curve.Params().BitSize + 7) / 8
		if alg[0] != 'E' || len(sig) != 2*n {
			return false
		}
		r, s := new(big.Int).SetBytes(sig[:n]), new(big.Int).SetBytes(sig[n:])
		return ecdsa.Verify(k, sum, r, s)
	}
	return false
}
