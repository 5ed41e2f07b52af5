package authz

import (
	"bytes"
	"encoding/json"
)

// MarshalJSON returns the policy as a canonical JSON document: Version, Id
// and Statement in that order, every statement with its elements in the
// order Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource,
// NotResource, Condition, and every value as a list. Parsing the result
// with the same Kind gives back an equal Policy.
func (p *Policy) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	sep := ""
	if p.Version != "" {
		b.WriteString(`"Version":`)
		str(&b, p.Version)
		sep = ","
	}
	if p.DocumentID != "" {
		b.WriteString(sep + `"Id":`)
		str(&b, p.DocumentID)
		sep = ","
	}
	b.WriteString(sep + `"Statement":[`)
	for i := range p.Statements {
		if i > 0 {
			b.WriteByte(',')
		}
		p.Statements[i].marshal(&b)
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

func (st *Statement) marshal(b *bytes.Buffer) {
	b.WriteByte('{')
	if st.Sid != "" {
		b.WriteString(`"Sid":`)
		str(b, st.Sid)
		b.WriteByte(',')
	}
	b.WriteString(`"Effect":`)
	str(b, string(st.Effect))
	principals(b, "Principal", st.Principal)
	principals(b, "NotPrincipal", st.NotPrincipal)
	list(b, "Action", st.Action)
	list(b, "NotAction", st.NotAction)
	list(b, "Resource", st.Resource)
	list(b, "NotResource", st.NotResource)
	if len(st.Condition) > 0 {
		b.WriteString(`,"Condition":{`)
		for i, c := range st.Condition {
			if i == 0 || c.Operator != st.Condition[i-1].Operator {
				if i > 0 {
					b.WriteString("},")
				}
				str(b, c.Operator)
				b.WriteString(":{")
			} else {
				b.WriteByte(',')
			}
			str(b, c.Key)
			b.WriteByte(':')
			strs(b, c.Values)
		}
		b.WriteString("}}")
	}
	b.WriteByte('}')
}

func principals(b *bytes.Buffer, name string, p *Principals) {
	if p == nil {
		return
	}
	b.WriteString(`,"` + name + `":`)
	if p.All {
		b.WriteString(`"*"`)
		return
	}
	b.WriteByte('{')
	sep := ""
	for _, kv := range []struct {
		k string
		v []string
	}{{"AWS", p.AWS}, {"Service", p.Service}, {"Federated", p.Federated}, {"CanonicalUser", p.CanonicalUser}} {
		if kv.v != nil {
			b.WriteString(sep + `"` + kv.k + `":`)
			strs(b, kv.v)
			sep = ","
		}
	}
	b.WriteByte('}')
}

func list(b *bytes.Buffer, name string, v []string) {
	if v == nil {
		return
	}
	b.WriteString(`,"` + name + `":`)
	strs(b, v)
}

func strs(b *bytes.Buffer, v []string) {
	b.WriteByte('[')
	for i, s := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		str(b, s)
	}
	b.WriteByte(']')
}

func str(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s)
	b.Write(enc)
}
