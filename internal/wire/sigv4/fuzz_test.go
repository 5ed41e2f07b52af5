package sigv4_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

func FuzzParseAuthorization(f *testing.F) {
	const sig = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
	for _, s := range []string{
		"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig,
		"AWS4-HMAC-SHA256 Signature=" + sig + ",SignedHeaders=host,Credential=A/20150830/r/s/aws4_request",
		"AWS4-HMAC-SHA256 Credential=A/2015/r/s/aws4_request, SignedHeaders=, Signature=",
		"AWS4-HMAC-SHA256 Credential==, =, ,,",
		"AWS AKID:sig",
		"AWS4-HMAC-SHA256",
		"",
		" \t,;=/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		a, err := sigv4.ParseAuthorization(h)
		if err != nil {
			var e *sigv4.Error
			if a != nil || !errors.As(err, &e) || !errors.Is(err, sigv4.ErrIncomplete) || !printable(e.Message) {
				t.Fatalf("ParseAuthorization(%q) = %v, %v", h, a, err)
			}
			return
		}
		if a.AccessKeyID == "" || a.Region == "" || a.Service == "" || len(a.Date) != 8 || a.Signature == "" ||
			a.Scope != a.Date+"/"+a.Region+"/"+a.Service+"/aws4_request" ||
			!strings.Contains(";"+a.SignedHeaders+";", ";host;") || !strings.Contains(h, a.Signature) {
			t.Fatalf("ParseAuthorization(%q) = %+v", h, a)
		}
	})
}

// FuzzVerify feeds raw HTTP requests, seeded with signed ones, to Verify: it
// must not panic, and must fail with an *sigv4.Error unless the request is
// signed by a known key.
func FuzzVerify(f *testing.F) {
	for _, c := range suiteCases {
		f.Add(suiteRaw(c))
	}
	for _, c := range sdkCases[:4] {
		r := newRequest(f, c.method, c.url, c.header, []byte(c.body))
		sdkSign(f, r, []byte(c.body), testCreds, c.service, c.region)
		var buf bytes.Buffer
		if err := r.Write(&buf); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.String())
	}
	for _, c := range presignCases {
		var buf bytes.Buffer
		if err := c.presigned(f).Write(&buf); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.String())
	}
	f.Add("GET /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%zz HTTP/1.1\r\nHost: h\r\n\r\n")
	f.Add("POST //../a/%2e%2e/ HTTP/1.1\r\nHost: h\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;date;x, Signature=00\r\nDate: Sun, 30 Aug 2015 12:36:00 GMT\r\n\r\n")
	suiteNow := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string) {
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return
		}
		for _, now := range []time.Time{suiteNow, signTime} {
			res, err := verifierAt(now).Verify(r, body)
			if err == nil {
				if res.AccessKeyID != exampleKey && res.AccessKeyID != testKeyID && res.AccessKeyID != otherKeyID && res.AccessKeyID != longKeyID {
					t.Fatalf("verified an unknown key: %+v", res)
				}
				continue
			}
			var e *sigv4.Error
			if !errors.As(err, &e) || !printable(e.Message) || res != nil {
				t.Fatalf("Verify = %v, %v; want an *sigv4.Error", res, err)
			}
		}
	})
}

// printable reports whether a message is non-empty, valid UTF-8 without
// control characters, fit to return to a client.
func printable(msg string) bool {
	return msg != "" && utf8.ValidString(msg) && strings.IndexFunc(msg, func(r rune) bool { return !unicode.IsPrint(r) }) < 0
}

// suiteRaw returns the header form of a suite case as a raw request.
func suiteRaw(c suiteCase) string {
	method := c.method
	if method == "" {
		method = "GET"
	}
	return method + " " + c.target + " HTTP/1.1\r\nHost:example.amazonaws.com\r\n" + strings.Join(append(c.header, ""), "\r\n") +
		"X-Amz-Date:20150830T123600Z\r\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=" +
		sortedList("host", c.signed, "x-amz-date") + ", Signature=" + c.sig + "\r\n\r\n" + c.body
}
