package awsssm

import (
	"encoding/base64"

	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// parameter is SSM's Parameter shape.
type parameter struct {
	Name             string        `json:"Name"`
	Type             string        `json:"Type"`
	Value            string        `json:"Value"`
	Version          int64         `json:"Version"`
	Selector         string        `json:"Selector,omitempty"`
	LastModifiedDate *awsjson.Time `json:"LastModifiedDate,omitempty"`
	ARN              string        `json:"ARN"`
	DataType         string        `json:"DataType"`
}

func toParameter(p *params.Parameter) parameter {
	return parameter{
		Name: p.Name, Type: p.Type, Value: valueOf(p), Version: p.Version, Selector: p.Selector,
		LastModifiedDate: awsjson.TimePtr(p.Modified), ARN: p.ARN, DataType: p.DataType,
	}
}

// valueOf is the value as SSM returns it: the plaintext, or for a
// SecureString read without decryption the base64 ciphertext.
func valueOf(p *params.Parameter) string {
	if p.Value == nil && p.Ciphertext != nil {
		return base64.StdEncoding.EncodeToString(p.Ciphertext)
	}
	return p.Value.Reveal()
}

// policy is SSM's ParameterInlinePolicy shape.
type policy struct {
	PolicyText   string `json:"PolicyText"`
	PolicyType   string `json:"PolicyType"`
	PolicyStatus string `json:"PolicyStatus"`
}

func policiesOf(p *params.Parameter) []policy {
	if p.Policies == "" {
		return []policy{}
	}
	// arca stores parameter policies but does not act on them yet.
	return []policy{{PolicyText: p.Policies, PolicyType: "Expiration", PolicyStatus: "Pending"}}
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

func fromTags(ts []tag) []params.Tag {
	out := make([]params.Tag, len(ts))
	for i, t := range ts {
		out[i] = params.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

type stringFilter struct {
	Key    string   `json:"Key"`
	Option string   `json:"Option"`
	Values []string `json:"Values"`
}

func checkStringFilters(v *awsjson.Validator, fs []stringFilter) []params.Filter {
	out := make([]params.Filter, len(fs))
	for i, f := range fs {
		v.Len("parameterFilters.member.key", f.Key, 1, 132)
		if f.Option != "" {
			v.Len("parameterFilters.member.option", f.Option, 1, 10)
		}
		v.Count("parameterFilters.member.values", len(f.Values), 0, 50)
		for _, val := range f.Values {
			v.Len("parameterFilters.member.values.member", val, 1, 1024)
		}
		out[i] = params.Filter{Key: f.Key, Option: f.Option, Values: f.Values}
	}
	return out
}

func intOr(p *int64, def int) int {
	if p == nil {
		return def
	}
	return int(*p)
}
