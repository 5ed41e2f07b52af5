package sigv4_test

import (
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

// suiteCase is a case of the AWS SigV4 test suite, as published in
// awslabs/aws-c-auth (tests/aws-signing-test-suite/v4): key AKIDEXAMPLE,
// region us-east-1, service "service", time 20150830T123600Z. Each case is
// checked in both forms: the Authorization header (signature sig) and the
// presigned query with X-Amz-Expires=3600 (signature qsig).
type suiteCase struct {
	name   string
	target string   // request target: path and query
	method string   // "" is GET
	header []string // other headers, raw lines
	body   string
	signed string // the signed headers besides host (and x-amz-date in header form)
	sig    string
	qsig   string // "" when the query form does not apply
	token  string // X-Amz-Security-Token, signed unless tokenAfter
	// tokenAfter: the token header is added after signing and not signed.
	tokenAfter bool
}

const stsToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

// Left out: get-space-* and get-utf8 send a raw space or raw UTF-8 in the
// request line, which is not HTTP; the query form of post-sts-header-after
// adds the token to the query after signing (IoT style), which Verify does
// not accept.
var suiteCases = []suiteCase{
	{name: "get-vanilla", target: "/", sig: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", qsig: "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"},
	{name: "get-vanilla-query-order-key-case", target: "/?Param2=value2&Param1=value1", sig: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", qsig: "86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5"},
	{name: "get-vanilla-query-order-encoded", target: "/?Param-3=Value3&Param=Value2&%E1%88%B4=Value1", sig: "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac", qsig: "c5f1848ceec943ac2ca68ee720460c23aaae30a2300586597ada94c4a65e4787"},
	{name: "get-vanilla-query-unreserved", target: "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", sig: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197", qsig: "8e76a88a7433637b12778d5592799b29ad21ecd6cf6325051c21d86f0acda2bf"},
	{name: "get-vanilla-utf8-query", target: "/?\u1234=bar", sig: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04", qsig: "0bdd809b1519ac4f0c1dc3540e2cc46bd0c7f778eda408b2ebf3b913d21ff600"},
	{name: "get-vanilla-empty-query-key", target: "/?Param1=value1", sig: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb", qsig: "49096700cbbaa5753443850f40df10f904fc2fdb544dc9512203cc77c471a9de"},
	{name: "get-unreserved", target: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", sig: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f", qsig: "95968482db1b9e0fadef6efc1bd24689f77c77d9ef56919c96a28cc92e0d6005"},
	{name: "get-header-key-duplicate", target: "/", header: []string{"My-Header1:value2", "My-Header1:value2", "My-Header1:value1"}, signed: "my-header1", sig: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea", qsig: "3349ee0b81b4b589da0ff28a395c3591e04de515651dd74f298fa992d1507a97"},
	{name: "get-header-value-multiline", target: "/", header: []string{"My-Header1:value1", "  value2", "     value3"}, signed: "my-header1", sig: "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd", qsig: "e6f5def831211aca02987a44b96826706278c7bc078112ae0263659c5b2f2d56"},
	{name: "get-header-value-order", target: "/", header: []string{"My-Header1:value4", "My-Header1:value1", "My-Header1:value3", "My-Header1:value2"}, signed: "my-header1", sig: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01", qsig: "313720e71ca6202fdcfa9b20f88de01a4eb0638a83c833b1c184359a4eda864e"},
	{name: "get-header-value-trim", target: "/", header: []string{"My-Header1: value1", `My-Header2: "a   b   c"`}, signed: "my-header1;my-header2", sig: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736", qsig: "e7bb0fd515e125e1aec2ecc4c0c17484fb06f6846b927c35e46005dd3df3acd4"},
	{name: "get-relative-normalized", target: "/example/..", sig: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", qsig: "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"},
	{name: "get-relative-unnormalized", target: "/example/..", sig: "eca7ead57bb5aa5c8e28007acd4ff04e1ff9a0ff3b237ec1554a184887ff9282", qsig: "cbcb213b928a077e43275df47b500f1dfaa864ab3f5a18f6b95f4ff0938167ee"},
	{name: "get-relative-relative-normalized", target: "/example1/example2/../..", sig: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", qsig: "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"},
	{name: "get-relative-relative-unnormalized", target: "/example1/example2/../..", sig: "dc33e0856fd4baca4d7aa2146c38958283844764f38c74252a333df5e613003b", qsig: "b45db0bfd1cf15003493b733e33aa208dd981bd0e63037a6ed953f71d2118a16"},
	{name: "get-slash-normalized", target: "//", sig: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", qsig: "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"},
	{name: "get-slash-unnormalized", target: "//", sig: "c88bcd3d312d75078c0cd961d6deae3f4c754924b01669efcfcb439fd5e5b76e", qsig: "b2a9542809db687769200f56a844a03f2bd0291d6eb90232d5101c6a579446cd"},
	{name: "get-slashes-normalized", target: "//example//", sig: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84", qsig: "c1834e8fb0307243711f0f907f6ab7311ed300d87f13792d7ee4da89ab93e082"},
	{name: "get-slashes-unnormalized", target: "//example//", sig: "87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5", qsig: "822a5a9ba28072c5ab2bb4a6307d0c88276d40e49fec6b724c03fb4d4ba60fc2"},
	{name: "get-slash-dot-slash-normalized", target: "/./", sig: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", qsig: "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"},
	{name: "get-slash-dot-slash-unnormalized", target: "/./", sig: "68714168e6557f8f2de0ef956fc24dc2593a4bd2961f8df51898d8a134695145", qsig: "a9b13e8f3484d9505bf1a6f347219f8f35b0fe8f128ceea597efc146a3dfe90c"},
	{name: "get-slash-pointless-dot-normalized", target: "/./example", sig: "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5", qsig: "35034b1a0bdd969f346975386daf8aedfd4976573b8348cf4f67eaa41c5857de"},
	{name: "get-slash-pointless-dot-unnormalized", target: "/./example", sig: "beb03f223f7deae4146464f06e29eebbee9c8afbe15c290cf07aa8b119e14cff", qsig: "72b11f16d9530b18204bfb71f2d6ab085894c0ed8d352730a6e76234c58b5e10"},
	{name: "get-vanilla-with-session-token", target: "/", token: "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267", sig: "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8", qsig: "7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c"}, // arca:allow test data, not a secret
	{name: "post-vanilla", method: "POST", target: "/", sig: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", qsig: "2ce6e6d2e0cf2f9d1b55fafec88cd20574c31dc2e7631979f71ba2310083e95b"},
	{name: "post-vanilla-query", method: "POST", target: "/?Param1=value1", sig: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11", qsig: "a9ef26247f293bffe40eeff86a0480ba8c14d31503b2e0c3399e3a16bf1a3682"},
	{name: "post-header-key-sort", method: "POST", target: "/", header: []string{"My-Header1:value1"}, signed: "my-header1", sig: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c", qsig: "c09d07e0d55871f10f2a6d350d994acf6825a3cae70673d7def55616e6119dd7"},
	{name: "post-header-value-case", method: "POST", target: "/", header: []string{"My-Header1:VALUE1"}, signed: "my-header1", sig: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d", qsig: "0698bc9e4f7f9139065ba2909c0e99da257e8e2a42492a097bcd46d792391fed"},
	{name: "post-sts-header-before", method: "POST", target: "/", token: stsToken, sig: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead", qsig: "46c2e3c63c1dbe7d39f8ada16fe7f001c1f56c5791441565323677f96308871c"},
	{name: "post-sts-header-after", method: "POST", target: "/", token: stsToken, tokenAfter: true, sig: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
	{name: "post-x-www-form-urlencoded", method: "POST", target: "/", header: []string{"Content-Type:application/x-www-form-urlencoded", "Content-Length:13"}, body: "Param1=value1", signed: "content-length;content-type", sig: "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b", qsig: "89a40deed0f26f9461242825a082d2222717248abc7ab41f552ad84a94ad46e9"},
	{name: "post-x-www-form-urlencoded-parameters", method: "POST", target: "/", header: []string{"Content-Type:application/x-www-form-urlencoded; charset=utf-8", "Content-Length:13"}, body: "Param1=value1", signed: "content-length;content-type", sig: "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422", qsig: "0dbeb9b026c7b6675f266b8427efec9b4fa8b1f6ef1477d717aea231106eab4d"},
}

func TestVerify_Suite(t *testing.T) {
	v := verifierAt(time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC))
	for _, c := range suiteCases {
		method := c.method
		if method == "" {
			method = "GET"
		}
		t.Run(c.name+"/header", func(t *testing.T) {
			signed := sortedList("host", c.signed, "x-amz-date")
			var raw strings.Builder
			raw.WriteString(method + " " + c.target + " HTTP/1.1\r\nHost:example.amazonaws.com\r\n")
			for _, h := range c.header {
				raw.WriteString(h + "\r\n")
			}
			if c.token != "" {
				raw.WriteString("X-Amz-Security-Token:" + c.token + "\r\n")
				if !c.tokenAfter {
					signed += ";x-amz-security-token"
				}
			}
			if c.body != "" {
				raw.WriteString("x-amz-content-sha256:" + hashHex([]byte(c.body)) + "\r\n")
				signed = sortedList(signed, "x-amz-content-sha256")
			}
			raw.WriteString("X-Amz-Date:20150830T123600Z\r\n")
			raw.WriteString("Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=" + signed + ", Signature=" + c.sig + "\r\n\r\n" + c.body)
			r, body := parseRaw(t, raw.String())
			res, err := v.Verify(r, body)
			checkErr(t, err, nil)
			if res.SecurityToken != c.token {
				t.Errorf("SecurityToken = %q, want %q", res.SecurityToken, c.token)
			}
		})
		if c.qsig == "" {
			continue
		}
		t.Run(c.name+"/query", func(t *testing.T) {
			q := "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=" +
				strings.ReplaceAll(sortedList("host", c.signed), ";", "%3B") + "&X-Amz-Expires=3600"
			if c.token != "" {
				q += "&X-Amz-Security-Token=" + strings.NewReplacer("/", "%2F", "+", "%2B", "=", "%3D").Replace(c.token)
			}
			target := c.target + "?" + q + "&X-Amz-Signature=" + c.qsig
			if strings.Contains(c.target, "?") {
				target = c.target + "&" + q + "&X-Amz-Signature=" + c.qsig
			}
			raw := method + " " + target + " HTTP/1.1\r\nHost:example.amazonaws.com\r\n" + strings.Join(append(c.header, ""), "\r\n") + "\r\n" + c.body
			r, body := parseRaw(t, raw)
			res, err := v.Verify(r, body)
			checkErr(t, err, nil)
			if res.SecurityToken != c.token {
				t.Errorf("SecurityToken = %q, want %q", res.SecurityToken, c.token)
			}
		})
	}
}

// The 2011 edition of the suite signs with the Date header instead of
// X-Amz-Date.
func TestVerify_SuiteDateHeader(t *testing.T) {
	const auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/host/aws4_request, SignedHeaders=date;host, Signature=b27ccfbfa7df52a200ff74193ca6e32d4b48b8856fab7ebf1c595d0670a7e470"
	for _, target := range []string{"/", "/foo/bar/../..", "/foo/.."} {
		t.Run(strings.ReplaceAll(target, "/", "_"), func(t *testing.T) {
			r, body := parseRaw(t, "GET "+target+" HTTP/1.1\r\nDate: Mon, 09 Sep 2011 23:36:00 GMT\r\nHost: host.foo.com\r\nAuthorization: "+auth+"\r\n\r\n")
			res, err := verifierAt(time.Date(2011, 9, 9, 23, 40, 0, 0, time.UTC)).Verify(r, body)
			checkErr(t, err, nil)
			want := sigv4.Result{AccessKeyID: exampleKey, Region: "us-east-1", Service: "host", Time: time.Date(2011, 9, 9, 23, 36, 0, 0, time.UTC)}
			if *res != want {
				t.Errorf("Result = %+v, want %+v", *res, want)
			}
		})
	}
}

// sortedList joins ';'-separated lists into one sorted list.
func sortedList(lists ...string) string {
	var names []string
	for _, l := range lists {
		if l != "" {
			names = append(names, strings.Split(l, ";")...)
		}
	}
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if names[j] < names[i] {
				names[i], names[j] = names[j], names[i]
			}
		}
	}
	return strings.Join(names, ";")
}
