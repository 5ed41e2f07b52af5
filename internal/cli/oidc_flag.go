package cli

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/arca-vault/arca/internal/wire/awssts"
)

// oidcIssuers is the repeatable --oidc-issuer flag: the identity providers
// whose tokens AssumeRoleWithWebIdentity accepts. One value is
//
//	URL,jwks=FILE_OR_URL[,audience=AUD]...
//
// (the URL may also be written url=URL); several issuers in one value (the
// ARCA_OIDC_ISSUER environment variable) are separated by ";".
type oidcIssuers struct {
	list *[]awssts.Issuer
}

func (o oidcIssuers) String() string {
	if o.list == nil {
		return ""
	}
	var parts []string
	for _, is := range *o.list {
		s := is.URL + ",jwks=" + is.JWKS
		for _, a := range is.Audiences {
			s += ",audience=" + a
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ";")
}

func (o oidcIssuers) Type() string { return "issuer" }

func (o oidcIssuers) Set(v string) error {
	for one := range strings.SplitSeq(v, ";") {
		if strings.TrimSpace(one) == "" {
			continue
		}
		is, err := parseIssuer(one)
		if err != nil {
			return err
		}
		for _, have := range *o.list {
			if have.URL == is.URL {
				return fmt.Errorf("issuer %s given twice", is.URL)
			}
		}
		*o.list = append(*o.list, is)
	}
	return nil
}

// parseIssuer reads one issuer; unknown keys are errors.
func parseIssuer(s string) (awssts.Issuer, error) {
	var is awssts.Issuer
	for i, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		k, v, ok := strings.Cut(f, "=")
		switch {
		case i == 0 && (!ok || strings.Contains(k, "/")):
			is.URL = f // the bare issuer URL
		case k == "url":
			is.URL = v
		case k == "jwks":
			is.JWKS = v
		case k == "audience":
			if v == "" {
				return is, fmt.Errorf("oidc issuer %q: empty audience", s)
			}
			is.Audiences = append(is.Audiences, v)
		default:
			return is, fmt.Errorf("oidc issuer %q: unknown key %q (use URL,jwks=FILE_OR_URL,audience=AUD)", s, k)
		}
	}
	u, err := url.Parse(is.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return is, fmt.Errorf("oidc issuer %q: the issuer must be an http(s) URL, as tokens carry it in iss", s)
	}
	if is.JWKS == "" {
		return is, fmt.Errorf("oidc issuer %q: jwks=FILE_OR_URL is required", s)
	}
	return is, nil
}
