package secrets_test

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

func names(p *secrets.Page) []string {
	var out []string
	for _, s := range p.Secrets {
		out = append(out, s.Name)
	}
	return out
}

func TestService_List(t *testing.T) {
	f := newFixture(t)
	for _, s := range []struct{ name, desc, env string }{
		{"amply/prod/database-url", "PostgreSQL connection string", "prod"},
		{"amply/prod/StripeKey", "Stripe live key", "prod"},
		{"amply/staging/database-url", "database-url for staging", "staging"},
		{"other/thing", "", ""},
	} {
		in := secrets.CreateInput{Name: s.name, Description: s.desc, Value: text("v")}
		if s.env != "" {
			in.Tags = []secrets.Tag{{Key: "Environment", Value: s.env}}
		}
		must[*secrets.WriteResult](t)(f.svc.Create(east, in))
		f.clock.Add(time.Minute)
	}
	list := func(in secrets.ListInput) []string {
		t.Helper()
		got := names(must[*secrets.Page](t)(f.svc.List(east, in)))
		sort.Strings(got)
		return got
	}
	cases := map[string]struct {
		filters []secrets.Filter
		want    []string
	}{
		"name_prefix":        {[]secrets.Filter{{Key: "name", Values: []string{"amply/prod/"}}}, []string{"amply/prod/StripeKey", "amply/prod/database-url"}},
		"name_case":          {[]secrets.Filter{{Key: "name", Values: []string{"Amply"}}}, nil},
		"name_negated":       {[]secrets.Filter{{Key: "name", Values: []string{"!amply/"}}}, []string{"other/thing"}},
		"names_or":           {[]secrets.Filter{{Key: "name", Values: []string{"other", "amply/staging"}}}, []string{"amply/staging/database-url", "other/thing"}},
		"tag_key_and_value":  {[]secrets.Filter{{Key: "tag-key", Values: []string{"Environment"}}, {Key: "tag-value", Values: []string{"staging"}}}, []string{"amply/staging/database-url"}},
		"tag_value_negated":  {[]secrets.Filter{{Key: "tag-key", Values: []string{"Env"}}, {Key: "tag-value", Values: []string{"!prod"}}}, []string{"amply/staging/database-url"}},
		"description_words":  {[]secrets.Filter{{Key: "description", Values: []string{"connection POSTGRESQL"}}}, []string{"amply/prod/database-url"}},
		"all_words":          {[]secrets.Filter{{Key: "all", Values: []string{"stripe"}}}, []string{"amply/prod/StripeKey"}},
		"all_tag":            {[]secrets.Filter{{Key: "all", Values: []string{"staging"}}}, []string{"amply/staging/database-url"}},
		"primary_region":     {[]secrets.Filter{{Key: "primary-region", Values: []string{"us-east"}}}, []string{"amply/prod/StripeKey", "amply/prod/database-url", "amply/staging/database-url", "other/thing"}},
		"owning_service":     {[]secrets.Filter{{Key: "owning-service", Values: []string{"rds"}}}, nil},
		"owning_service_not": {[]secrets.Filter{{Key: "owning-service", Values: []string{"!rds"}}}, []string{"amply/prod/StripeKey", "amply/prod/database-url", "amply/staging/database-url", "other/thing"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := list(secrets.ListInput{Filters: tc.filters}); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("sort", func(t *testing.T) {
		asc := names(must[*secrets.Page](t)(f.svc.List(east, secrets.ListInput{})))
		want := []string{"amply/prod/database-url", "amply/prod/StripeKey", "amply/staging/database-url", "other/thing"}
		if !reflect.DeepEqual(asc, want) {
			t.Fatalf("by creation = %v", asc)
		}
		desc := names(must[*secrets.Page](t)(f.svc.List(east, secrets.ListInput{Descending: true, SortBy: secrets.SortName})))
		if want := []string{"other/thing", "amply/staging/database-url", "amply/prod/database-url", "amply/prod/StripeKey"}; !reflect.DeepEqual(desc, want) {
			t.Fatalf("by name, descending = %v", desc)
		}
	})
	t.Run("paging", func(t *testing.T) {
		added := 0
		for _, desc := range []bool{false, true} {
			var all []string
			tok := ""
			for {
				p := must[*secrets.Page](t)(f.svc.List(east, secrets.ListInput{Max: 3, Token: tok, Descending: desc}))
				all = append(all, names(p)...)
				if tok = p.NextToken; tok == "" {
					break
				}
				added++
				f.create(t, east, fmt.Sprintf("zz/added-while-paging-%d", added), "v")
			}
			seen := map[string]bool{}
			for _, n := range all {
				if seen[n] {
					t.Fatalf("%s listed twice while paging: %v", n, all)
				}
				seen[n] = true
			}
			for _, n := range []string{"amply/prod/database-url", "amply/prod/StripeKey", "amply/staging/database-url", "other/thing"} {
				if !seen[n] {
					t.Fatalf("%s missed while paging: %v", n, all)
				}
			}
		}
		p := must[*secrets.Page](t)(f.svc.List(east, secrets.ListInput{Max: 1}))
		_, err := f.svc.List(east, secrets.ListInput{Max: 1, Token: p.NextToken, SortBy: secrets.SortName})
		wantCode(t, err, arca.EBadToken)
		_, err = f.svc.List(east, secrets.ListInput{Token: "garbage"})
		wantCode(t, err, arca.EBadToken)
	})
	t.Run("bad_filter", func(t *testing.T) {
		_, err := f.svc.List(east, secrets.ListInput{Filters: []secrets.Filter{{Key: "colour", Values: []string{"x"}}}})
		wantCode(t, err, arca.EBadFilter)
		_, err = f.svc.List(east, secrets.ListInput{Filters: []secrets.Filter{{Key: "name"}}})
		wantCode(t, err, arca.EBadFilterValue)
	})
}

func TestService_BatchGet(t *testing.T) {
	f := newFixture(t)
	a := f.create(t, east, "batch/a", "va")
	f.create(t, east, "batch/b", "vb")
	f.create(t, east, "batch/gone", "vg")
	must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "batch/gone"}))
	res := must[*secrets.BatchResult](t)(f.svc.BatchGet(east, secrets.BatchInput{IDs: []string{a.ARN, "batch/b", "batch/nope", "batch/gone"}}))
	if len(res.Values) != 2 || res.Values[0].Content.Data.Reveal() != "va" || res.Values[1].Content.Data.Reveal() != "vb" {
		t.Fatalf("values = %+v", res.Values)
	}
	if len(res.Errors) != 2 || arca.ErrorCode(res.Errors[0].Err) != arca.ENotFound || arca.ErrorCode(res.Errors[1].Err) != arca.EConflict {
		t.Fatalf("errors = %+v", res.Errors)
	}
	var got []string
	tok := ""
	for {
		r := must[*secrets.BatchResult](t)(f.svc.BatchGet(east, secrets.BatchInput{Filters: []secrets.Filter{{Key: "name", Values: []string{"batch/"}}}, Max: 1, Token: tok}))
		for _, v := range r.Values {
			got = append(got, v.Name)
		}
		if tok = r.NextToken; tok == "" {
			break
		}
	}
	if !reflect.DeepEqual(got, []string{"batch/a", "batch/b"}) {
		t.Fatalf("by filter = %v", got)
	}
	for _, bad := range []secrets.BatchInput{
		{},
		{IDs: []string{"a"}, Filters: []secrets.Filter{{Key: "name", Values: []string{"a"}}}},
		{IDs: []string{"a"}, Max: 3},
		{IDs: make([]string, 21)},
	} {
		_, err := f.svc.BatchGet(east, bad)
		wantCode(t, err, arca.EInvalid)
	}
}
