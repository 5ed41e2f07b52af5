package authz_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/arca-vault/arca/internal/authz"
)

// seedDocs are every document of the table tests.
func seedDocs() []string {
	docs := []string{allowAll, webTaskPolicy, workerTaskPolicy, amplyTaskPolicy, ciRolePolicy, secureStringReader,
		perUserParams, adminPolicy, guardProdDeny, secretPolicyForBob, secretPolicyForPartner, keyPolicyForPartner,
		partnerIdentity, partnerTrust, ecsTrust, teamTrust, readAllParams, webOnlySession, docAllowAllButIAM,
		docNotActionAllow, docForceMFA, docHomeFolders, docSourceIP, docDateWindow, docABAC, docRequestTags,
		docSecureTransport, docRegions, docOwnKeys, docRequireTag, keyDefault, trustAlice}
	for _, c := range parseCases {
		docs = append(docs, c.doc)
	}
	for _, c := range roundTripDocs {
		docs = append(docs, c.doc)
	}
	return docs
}

var kinds = []authz.Kind{authz.Identity, authz.Resource, authz.Trust, authz.Session, authz.Boundary, authz.KeyPolicy}

// FuzzParse: Parse never panics, and what it accepts survives
// MarshalJSON and Parse unchanged.
func FuzzParse(f *testing.F) {
	for _, d := range seedDocs() {
		for k := range kinds {
			f.Add([]byte(d), uint8(k))
		}
	}
	f.Fuzz(func(t *testing.T, doc []byte, k uint8) {
		kind := kinds[int(k)%len(kinds)]
		p, err := authz.Parse(doc, kind)
		if err != nil {
			if p != nil {
				t.Fatal("Parse returned a policy and an error")
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := authz.Parse(out, kind)
		if err != nil {
			t.Fatalf("reparse of %s: %v", out, err)
		}
		if !reflect.DeepEqual(withoutPositions(p), withoutPositions(q)) {
			t.Fatalf("round trip differs:\n%s\n%s", doc, out)
		}
		authz.Evaluate(authz.Request{Principal: alice, Action: "ssm:GetParameter", Resource: prodWebDB}, authz.Set{Identity: []*authz.Policy{p}, Resource: []*authz.Policy{p}})
	})
}

var principals = []authz.Principal{alice, bob, root, webTask, carol, otherRoot, anon, ecsTasks, {}}

// FuzzEvaluate: random requests against parsed policies never panic, and
// an explicit deny is never reported as allowed.
func FuzzEvaluate(f *testing.F) {
	for i, d := range seedDocs() {
		f.Add(d, "ssm:GetParameter", prodWebDB, "aws:SourceIp", "203.0.113.7", uint8(i))
		f.Add(d, getSecret, secretARN, "aws:CurrentTime", t2026, uint8(i+1))
		f.Add(d, "sts:AssumeRole", roleARN, "sts:ExternalId", "Unique1234", uint8(i+2))
	}
	f.Fuzz(func(t *testing.T, doc, action, resource, key, value string, sel uint8) {
		var ps []*authz.Policy
		for _, k := range kinds {
			if p, err := authz.Parse([]byte(doc), k); err == nil {
				p.ID = k.String()
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			return
		}
		pick := func(n uint8) []*authz.Policy {
			if sel&n == 0 {
				return nil
			}
			return ps
		}
		req := authz.Request{
			Principal: principals[int(sel)%len(principals)],
			Action:    action,
			Resource:  resource,
			Context:   map[string][]string{key: {value}, "aws:TagKeys": {value, key}},
		}
		set := authz.Set{Identity: ps, Resource: pick(16), Session: pick(32), Boundary: pick(64)}
		if sel&128 != 0 {
			set.ResourceAccount = other
		}
		d := authz.Evaluate(req, set)
		if d.Allowed != (d.Outcome == authz.Allow) {
			t.Fatalf("Allowed %v with Outcome %v", d.Allowed, d.Outcome)
		}
		if d.Outcome == authz.ExplicitDeny && d.Reason.Statement < 0 && d.Reason.Note == "" {
			t.Fatalf("explicit deny without a statement: %+v", d.Reason)
		}
	})
}

// globRegexp is the reference semantics of a Resource pattern: * is any
// run of characters, ? one character, everything else literal.
func globRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	for _, r := range p {
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`)$`)
	return regexp.MustCompile(b.String())
}

// FuzzResourceMatch checks the compiled matcher (its fast paths and the
// character-pair filter included) against a regular expression.
func FuzzResourceMatch(f *testing.F) {
	for _, s := range [][2]string{
		{"*", "x"}, {"parameter/prod/*", "parameter/prod/web/x"}, {"*:*:parameter/*/web/*", "us-east-1:1:parameter/prod/web/x"},
		{"a*b*c", "aXbXXbYc"}, {"ab*ba", "aba"}, {"?*?", "é"}, {"*ab", "abab"}, {"a?c*", "abcabc"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pat, res string) {
		if !utf8.ValidString(pat) || !utf8.ValidString(res) || strings.ContainsAny(pat, "\"\\") || strings.ContainsAny(res, "\x00") {
			return
		}
		for _, r := range pat {
			if r < 0x20 {
				return
			}
		}
		const pre = "arn:a:b:c:d:"
		p, err := authz.Parse([]byte(`{"Statement":{"Effect":"Allow","Action":"*","Resource":"`+pre+pat+`"}}`), authz.Identity)
		if err != nil {
			return
		}
		got := authz.Evaluate(authz.Request{Principal: alice, Action: "a:b", Resource: pre + res}, authz.Set{Identity: []*authz.Policy{p}}).Allowed
		if want := globRegexp(pre + pat).MatchString(pre + res); got != want {
			t.Fatalf("pattern %q, resource %q: matched %v, want %v", pat, res, got, want)
		}
	})
}

func TestResourceMatch_Differential(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab:/*?")
	gen := func(n int, wild bool) string {
		b := make([]byte, rng.IntN(n))
		for i := range b {
			c := alphabet[rng.IntN(len(alphabet))]
			for !wild && (c == '*' || c == '?') {
				c = alphabet[rng.IntN(len(alphabet))]
			}
			b[i] = c
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		pat, res := gen(9, true), gen(12, false)
		p := mustParse(t, authz.Identity, "", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:a:b:c:d:`+pat+`"}}`)
		got := authz.Evaluate(authz.Request{Principal: alice, Action: "a:b", Resource: "arn:a:b:c:d:" + res}, authz.Set{Identity: []*authz.Policy{p}}).Allowed
		if want := globRegexp("arn:a:b:c:d:" + pat).MatchString("arn:a:b:c:d:" + res); got != want {
			t.Fatalf("pattern %q, resource %q: matched %v, want %v", pat, res, got, want)
		}
	}
}
