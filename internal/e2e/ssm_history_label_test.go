package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// ssmHistory returns every kept version of name, following NextToken with
// pages of size max.
func ssmHistory(t *testing.T, c *ssm.Client, name string, max int32, decrypt bool) []types.ParameterHistory {
	t.Helper()
	var out []types.ParameterHistory
	pg := ssm.NewGetParameterHistoryPaginator(c, &ssm.GetParameterHistoryInput{Name: aws.String(name), MaxResults: aws.Int32(max), WithDecryption: aws.Bool(decrypt)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(context.Background())
		wantOK(t, err)
		if len(page.Parameters) > int(max) {
			t.Fatalf("page of %d, max %d", len(page.Parameters), max)
		}
		out = append(out, page.Parameters...)
	}
	return out
}

func ssmLabel(c *ssm.Client, name string, version int64, labels ...string) (*ssm.LabelParameterVersionOutput, error) {
	in := &ssm.LabelParameterVersionInput{Name: aws.String(name), Labels: labels}
	if version > 0 {
		in.ParameterVersion = aws.Int64(version)
	}
	return c.LabelParameterVersion(context.Background(), in)
}

func TestSSM_GetParameterHistory(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	ssmPut(t, c, "/h/p", "one", types.ParameterTypeString, func(in *ssm.PutParameterInput) { in.Description = aws.String("first") })
	ssmPut(t, c, "/h/p", "two", types.ParameterTypeSecureString, ssmOverwrite)
	ssmPut(t, c, "/h/p", "three", "", ssmOverwrite, func(in *ssm.PutParameterInput) { in.Description = aws.String("third") })
	_, err := ssmLabel(c, "/h/p", 2, "beta", "gamma")
	wantOK(t, err)

	for _, size := range []int32{1, 2, 50} {
		t.Run(fmt.Sprintf("page_size_%d", size), func(t *testing.T) {
			h := ssmHistory(t, c, "/h/p", size, true)
			want := []struct {
				value, typ, desc string
				labels           []string
			}{{"one", "String", "first", nil}, {"two", "SecureString", "first", []string{"beta", "gamma"}}, {"three", "SecureString", "third", nil}}
			if len(h) != len(want) {
				t.Fatalf("%d versions, want %d", len(h), len(want))
			}
			for i, w := range want {
				v := h[i]
				if v.Version != int64(i+1) || aws.ToString(v.Value) != w.value || string(v.Type) != w.typ || aws.ToString(v.Description) != w.desc ||
					!ssmSame(ssmSorted(v.Labels), ssmSorted(w.labels)) || aws.ToString(v.Name) != "/h/p" || v.LastModifiedDate == nil {
					t.Fatalf("version %d: %+v", i+1, v)
				}
			}
		})
	}

	t.Run("without_decryption", func(t *testing.T) {
		for _, v := range ssmHistory(t, c, "/h/p", 50, false) {
			if v.Type == types.ParameterTypeSecureString && (aws.ToString(v.Value) == "two" || aws.ToString(v.Value) == "three") {
				t.Fatalf("version %d returned its plaintext", v.Version)
			}
		}
	})

	refused := []struct {
		name string
		in   *ssm.GetParameterHistoryInput
		code string
	}{
		{"not_found", &ssm.GetParameterHistoryInput{Name: aws.String("/h/none")}, "ParameterNotFound"},
		{"max_results_51", &ssm.GetParameterHistoryInput{Name: aws.String("/h/p"), MaxResults: aws.Int32(51)}, "ValidationException"},
		{"bad_token", &ssm.GetParameterHistoryInput{Name: aws.String("/h/p"), NextToken: aws.String("!!")}, "InvalidNextToken"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.GetParameterHistory(ctx, tc.in)
			wantCode(t, err, tc.code)
		})
	}
}

// TestSSM_HundredVersions: AWS keeps 100 versions; the 101st put drops the
// oldest unless it carries a label.
func TestSSM_HundredVersions(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	for i := 1; i <= 101; i++ {
		ssmPut(t, c, "/hv/p", fmt.Sprint("v", i), types.ParameterTypeString, func(in *ssm.PutParameterInput) { in.Overwrite = aws.Bool(i > 1) })
	}
	h := ssmHistory(t, c, "/hv/p", 50, true)
	if len(h) != 100 || h[0].Version != 2 || h[99].Version != 101 {
		t.Fatalf("history: %d versions from %d to %d, want 100 from 2 to 101", len(h), h[0].Version, h[len(h)-1].Version)
	}
	_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/hv/p:1")})
	wantTyped[*types.ParameterVersionNotFound](t, err)
	_, err = ssmLabel(c, "/hv/p", 1, "gone")
	wantTyped[*types.ParameterVersionNotFound](t, err)

	// The oldest kept version (2) is labelled: the next put is refused and
	// changes nothing.
	_, err = ssmLabel(c, "/hv/p", 2, "pinned")
	wantOK(t, err)
	_, err = c.PutParameter(ctx, ssmPutInput("/hv/p", "v102", "", ssmOverwrite))
	wantTyped[*types.ParameterMaxVersionLimitExceeded](t, err)
	if p := ssmGet(t, c, "/hv/p"); p.Version != 101 || aws.ToString(p.Value) != "v101" {
		t.Fatalf("after refused put: version %d value %q", p.Version, aws.ToString(p.Value))
	}
	if v := aws.ToString(ssmGet(t, c, "/hv/p:2").Value); v != "v2" {
		t.Fatalf("version 2 = %q", v)
	}

	// Moving the label frees the oldest version.
	_, err = ssmLabel(c, "/hv/p", 50, "pinned")
	wantOK(t, err)
	if v := ssmPut(t, c, "/hv/p", "v102", "", ssmOverwrite); v != 102 {
		t.Fatalf("put after moving the label made version %d", v)
	}
	h = ssmHistory(t, c, "/hv/p", 50, false)
	if len(h) != 100 || h[0].Version != 3 {
		t.Fatalf("history: %d versions from %d", len(h), h[0].Version)
	}
	if p := ssmGet(t, c, "/hv/p:pinned"); p.Version != 50 {
		t.Fatalf("pinned label on version %d", p.Version)
	}
}

func TestSSM_LabelParameterVersion(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		ssmPut(t, c, "/l/p", fmt.Sprint("v", i), types.ParameterTypeString, func(in *ssm.PutParameterInput) { in.Overwrite = aws.Bool(i > 1) })
	}

	t.Run("latest_by_default", func(t *testing.T) {
		out, err := ssmLabel(c, "/l/p", 0, "current")
		wantOK(t, err)
		if out.ParameterVersion != 3 || len(out.InvalidLabels) != 0 {
			t.Fatalf("labelled version %d, invalid %v", out.ParameterVersion, out.InvalidLabels)
		}
	})

	t.Run("label_moves", func(t *testing.T) {
		_, err := ssmLabel(c, "/l/p", 1, "prod")
		wantOK(t, err)
		if p := ssmGet(t, c, "/l/p:prod"); p.Version != 1 {
			t.Fatalf("prod on %d", p.Version)
		}
		_, err = ssmLabel(c, "/l/p", 2, "prod")
		wantOK(t, err)
		if p := ssmGet(t, c, "/l/p:prod"); p.Version != 2 || aws.ToString(p.Value) != "v2" {
			t.Fatalf("prod on %d after the move", p.Version)
		}
		for _, v := range ssmHistory(t, c, "/l/p", 50, false) {
			has := strings.Contains(strings.Join(v.Labels, ","), "prod")
			if has != (v.Version == 2) {
				t.Fatalf("version %d labels %v", v.Version, v.Labels)
			}
		}
	})

	t.Run("label_rules", func(t *testing.T) {
		bad := []string{"1st", "aws-x", "AWSthing", "ssm_x", "Ssm", "has space", "a/b", "colon:x"}
		out, err := ssmLabel(c, "/l/p", 1, append([]string{"good.label_1-x"}, bad...)...)
		wantOK(t, err)
		if !ssmSame(ssmSorted(out.InvalidLabels), ssmSorted(bad)) {
			t.Fatalf("invalid labels %v, want %v", out.InvalidLabels, bad)
		}
		if p := ssmGet(t, c, "/l/p:good.label_1-x"); p.Version != 1 {
			t.Fatalf("valid label on %d", p.Version)
		}
		for _, l := range bad {
			_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/l/p:" + l)})
			if err == nil {
				t.Fatalf("invalid label %q was applied", l)
			}
		}
	})

	t.Run("ten_labels_per_version", func(t *testing.T) {
		var ten []string
		for i := range 10 {
			ten = append(ten, fmt.Sprint("l", i))
		}
		_, err := ssmLabel(c, "/l/p", 3, ten[:9]...) // "current" is already on 3
		wantOK(t, err)
		_, err = ssmLabel(c, "/l/p", 3, "eleventh")
		wantTyped[*types.ParameterVersionLabelLimitExceeded](t, err)
		if _, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/l/p:eleventh")}); apiCode(err) != "ParameterVersionNotFound" {
			t.Fatalf("refused label was applied: %v", err)
		}
		// Moving a label that is already there does not count twice.
		_, err = ssmLabel(c, "/l/p", 3, "l0")
		wantOK(t, err)
	})

	refused := []struct {
		name, param string
		version     int64
		labels      []string
		code        string
	}{
		{"not_found", "/l/none", 0, []string{"x"}, "ParameterNotFound"},
		{"version_not_found", "/l/p", 9, []string{"x"}, "ParameterVersionNotFound"},
		{"eleven_in_one_request", "/l/p", 1, []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11"}, "ValidationException"},
		{"no_labels", "/l/p", 1, []string{}, "ValidationException"},
		{"label_too_long", "/l/p", 1, []string{strings.Repeat("x", 101)}, "ValidationException"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ssmLabel(c, tc.param, tc.version, tc.labels...)
			wantCode(t, err, tc.code)
		})
	}
}

func TestSSM_UnlabelParameterVersion(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	ssmPut(t, c, "/u/p", "v1", types.ParameterTypeString)
	ssmPut(t, c, "/u/p", "v2", "", ssmOverwrite)
	_, err := ssmLabel(c, "/u/p", 1, "a", "b")
	wantOK(t, err)
	_, err = ssmLabel(c, "/u/p", 2, "c")
	wantOK(t, err)

	unlabel := func(name string, version int64, labels ...string) (*ssm.UnlabelParameterVersionOutput, error) {
		return c.UnlabelParameterVersion(ctx, &ssm.UnlabelParameterVersionInput{Name: aws.String(name), ParameterVersion: aws.Int64(version), Labels: labels})
	}
	out, err := unlabel("/u/p", 1, "a", "c", "zzz")
	wantOK(t, err)
	if !ssmSame(out.RemovedLabels, []string{"a"}) || !ssmSame(ssmSorted(out.InvalidLabels), []string{"c", "zzz"}) {
		t.Fatalf("removed %v invalid %v", out.RemovedLabels, out.InvalidLabels)
	}
	if _, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/u/p:a")}); apiCode(err) != "ParameterVersionNotFound" {
		t.Fatalf("removed label still resolves: %v", err)
	}
	if p := ssmGet(t, c, "/u/p:c"); p.Version != 2 {
		t.Fatalf("label c moved to %d", p.Version)
	}

	_, err = unlabel("/u/none", 1, "a")
	wantTyped[*types.ParameterNotFound](t, err)
	_, err = unlabel("/u/p", 7, "b")
	wantTyped[*types.ParameterVersionNotFound](t, err)

	// The SDK refuses to send a request without ParameterVersion; the server
	// must refuse it too.
	r := e.ssmPost(t, "AmazonSSM.UnlabelParameterVersion", []byte(`{"Name":"/u/p","Labels":["b"]}`), "test", "test")
	if r.Status != 400 || r.Code != "ValidationException" {
		t.Fatalf("unlabel without version: %d %s %s", r.Status, r.Code, r.Body)
	}
}
