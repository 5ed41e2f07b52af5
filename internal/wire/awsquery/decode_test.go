package awsquery_test

import (
	"errors"
	"net/url"
	"reflect"
	"testing"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type tag struct {
	Key   string
	Value string
}

type policyArn struct {
	Arn string `query:"arn"`
}

type entry struct {
	ContextKeyName   string
	ContextKeyValues []string
}

type sample struct {
	UserName        string
	Path            *string
	DurationSeconds *int32
	MaxItems        int64
	SetAsDefault    bool
	Missing         *string
	Tags            []tag
	TagKeys         []string
	PolicyArns      []policyArn
	ContextEntries  []entry
	Ignored         string `query:"-"`
}

func TestDecode(t *testing.T) {
	form, _ := url.ParseQuery("Action=X&UserName=alice&Path=%2Fdev%2F&DurationSeconds=3600&MaxItems=7&SetAsDefault=true" +
		"&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1" +
		"&TagKeys.member.1=x&TagKeys.member.3=z&PolicyArns.member.1.arn=arn:aws:iam::000000000000:policy/p" +
		"&ContextEntries.member.1.ContextKeyName=aws:username&ContextEntries.member.1.ContextKeyValues.member.1=bob" +
		"&Ignored=nope&Unknown=1")
	var got sample
	if err := awsquery.Decode(form, &got); err != nil {
		t.Fatal(err)
	}
	path, dur := "/dev/", int32(3600)
	want := sample{
		UserName: "alice", Path: &path, DurationSeconds: &dur, MaxItems: 7, SetAsDefault: true,
		Tags:           []tag{{"a", "1"}, {"b", "2"}},
		TagKeys:        []string{"x", "z"},
		PolicyArns:     []policyArn{{"arn:aws:iam::000000000000:policy/p"}},
		ContextEntries: []entry{{"aws:username", []string{"bob"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func TestDecode_BadValues(t *testing.T) {
	cases := map[string]string{
		"not_int":  "DurationSeconds=ten",
		"overflow": "DurationSeconds=99999999999",
		"not_bool": "SetAsDefault=yes",
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			form, _ := url.ParseQuery(q)
			var s sample
			err := awsquery.Decode(form, &s)
			var f *awsquery.Fault
			if !errors.As(err, &f) || f.Code != "ValidationError" || f.Status != 400 {
				t.Fatalf("Decode(%s) = %v", q, err)
			}
		})
	}
}

func TestDecode_ListLimit(t *testing.T) {
	form := url.Values{}
	for i := 1; i <= 1001; i++ {
		form.Set("TagKeys.member."+itoa(i), "k")
	}
	var s sample
	if err := awsquery.Decode(form, &s); err == nil {
		t.Fatal("1001 members accepted")
	}
}

func itoa(i int) string {
	return string(rune('0'+i/1000)) + string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
}
