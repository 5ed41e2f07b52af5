package awsssm

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/arca-vault/arca"
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
	SourceResult     string        `json:"SourceResult,omitempty"`
	LastModifiedDate *awsjson.Time `json:"LastModifiedDate,omitempty"`
	ARN              string        `json:"ARN"`
	DataType         string        `json:"DataType"`
}

func toParameter(p *params.Parameter) parameter {
	out := describe(p)
	out.Value = valueOf(p)
	return out
}

// describe is p as SSM's Parameter shape without its value.
func describe(p *params.Parameter) parameter {
	return parameter{
		Name: p.Name, Type: p.Type, Version: p.Version, Selector: p.Selector, SourceResult: p.SourceResult,
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

// policiesOf reports the stored policies (a JSON array, checked by the core
// on put) as AWS does: one entry per policy with its own text and type.
// arca stores parameter policies but does not act on them yet, so every one
// is Pending.
func policiesOf(p *params.Parameter) []policy {
	var list []json.RawMessage
	if p.Policies == "" || json.Unmarshal([]byte(p.Policies), &list) != nil {
		return []policy{}
	}
	out := make([]policy, 0, len(list))
	for _, raw := range list {
		var head struct {
			Type string `json:"Type"`
		}
		_ = json.Unmarshal(raw, &head)
		text := string(raw)
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			text = buf.String()
		}
		out = append(out, policy{PolicyText: text, PolicyType: head.Type, PolicyStatus: "Pending"})
	}
	return out
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// tagInput is a Tag in a request; the model requires both members.
type tagInput struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

// tagPattern is the model's TagKey and TagValue pattern.
var tagPattern = regexp.MustCompile(`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`)

// checkTags validates a request's TagList as the model constrains it (keys
// 1..128 and values 1..256 characters of the tag alphabet, at most 1000 in
// one list) and converts it. The core adds the rules that hold for every
// dialect: unique keys and at most 50 tags on a parameter.
func checkTags(v *awsjson.Validator, ts []tagInput) []params.Tag {
	v.Count("tags", len(ts), 0, 1000)
	out := make([]params.Tag, 0, len(ts))
	for i, t := range ts {
		m := fmt.Sprintf("tags.%d.member.", i+1)
		v.Required(m+"key", t.Key != nil)
		v.Required(m+"value", t.Value != nil)
		var tg params.Tag
		if t.Key != nil {
			tg.Key = *t.Key
			v.Len(m+"key", tg.Key, 1, 128)
			v.Pattern(m+"key", tg.Key, tagPattern)
		}
		if t.Value != nil {
			tg.Value = *t.Value
			v.Len(m+"value", tg.Value, 1, 256)
			v.Pattern(m+"value", tg.Value, tagPattern)
		}
		out = append(out, tg)
	}
	return out
}

type stringFilter struct {
	Key    string   `json:"Key"`
	Option string   `json:"Option"`
	Values []string `json:"Values"`
}

// filterKeyPattern is the model's ParameterStringFilterKey pattern, matched
// whole as AWS matches model patterns. A key outside it is a
// ValidationException; a key inside it that the operation does not support
// is the core's InvalidFilterKey.
var filterKeyPattern = regexp.MustCompile(`^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$`)

func checkStringFilters(v *awsjson.Validator, fs []stringFilter) []params.Filter {
	out := make([]params.Filter, len(fs))
	for i, f := range fs {
		m := fmt.Sprintf("parameterFilters.%d.member.", i+1)
		v.Len(m+"key", f.Key, 1, 132)
		v.Pattern(m+"key", f.Key, filterKeyPattern)
		if f.Option != "" {
			v.Len(m+"option", f.Option, 1, 10)
		}
		if f.Values != nil {
			v.Count(m+"values", len(f.Values), 1, 50)
		}
		for _, val := range f.Values {
			v.Len(m+"values.member", val, 1, 1024)
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

// appendJSON appends p as encoding/json writes it (fields in declaration
// order, omitempty honoured), with plain's bytes as the Value when plain is
// not nil.
func (p *parameter) appendJSON(b []byte, plain arca.Value) []byte {
	b = append(b, `{"Name":`...)
	b = awsjson.AppendString(b, p.Name)
	b = append(b, `,"Type":`...)
	b = awsjson.AppendString(b, p.Type)
	b = append(b, `,"Value":`...)
	if plain != nil {
		b = awsjson.AppendString(b, plain)
	} else {
		b = awsjson.AppendString(b, p.Value)
	}
	b = append(b, `,"Version":`...)
	b = strconv.AppendInt(b, p.Version, 10)
	if p.Selector != "" {
		b = append(b, `,"Selector":`...)
		b = awsjson.AppendString(b, p.Selector)
	}
	if p.SourceResult != "" {
		b = append(b, `,"SourceResult":`...)
		b = awsjson.AppendString(b, p.SourceResult)
	}
	if p.LastModifiedDate != nil {
		b = append(b, `,"LastModifiedDate":`...)
		b = awsjson.AppendTime(b, *p.LastModifiedDate)
	}
	b = append(b, `,"ARN":`...)
	b = awsjson.AppendString(b, p.ARN)
	b = append(b, `,"DataType":`...)
	b = awsjson.AppendString(b, p.DataType)
	return append(b, '}')
}
