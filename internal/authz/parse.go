package authz

import (
	"strconv"

	"github.com/arca-vault/arca"
)

// Parse parses, validates and compiles a policy document of the given kind.
// It accepts what IAM accepts: a JSON object with an optional Version
// ("2012-10-17" or "2008-10-17"; absent means 2008-10-17), an optional Id
// and a Statement that is one statement object or a non-empty list of them;
// each statement has an optional Sid, an Effect (Allow or Deny), exactly one
// of Action and NotAction, Resource or NotResource (required in identity,
// session and boundary policies, optional in resource and key policies,
// forbidden in trust policies), Principal or NotPrincipal (required in
// resource, key and trust policies, forbidden elsewhere; NotPrincipal only
// with Deny and never in a trust policy) and an optional Condition. Values
// are a string or a list of strings. Unknown elements, unknown condition
// operators, ill-formed values and duplicate JSON member names are errors.
//
// Every error is a *PolicyError naming the offending element, e.g.
// "Statement[1].Effect: must be Allow or Deny"; a document over MaxSize (or
// over MaxDocumentBytes) gets one with Code arca.ELimit. The returned
// Policy has an empty ID for the caller to set.
func Parse(doc []byte, kind Kind, opts ...Option) (*Policy, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if kind < Identity || kind > KeyPolicy {
		return nil, perr("", 0, "unknown policy kind "+strconv.Itoa(int(kind)))
	}
	if len(doc) > MaxDocumentBytes {
		return nil, &PolicyError{Code: arca.ELimit, Msg: "the policy document is larger than " + strconv.Itoa(MaxDocumentBytes) + " bytes"}
	}
	if o.maxSize > 0 {
		if n := nonSpaceLen(doc); n > o.maxSize {
			return nil, &PolicyError{Code: arca.ELimit, Msg: "the policy document has " + strconv.Itoa(n) +
				" characters not counting white space; the limit is " + strconv.Itoa(o.maxSize)}
		}
	}
	root, lines, err := readJSON(doc)
	if err != nil {
		return nil, err
	}
	if root.kind != 'o' {
		return nil, perr("", root.line, "the policy document must be a JSON object")
	}
	p := &Policy{Kind: kind, parsed: true}
	for i, k := range root.keys {
		v := root.vals[i]
		switch k {
		case "Version":
			if v.kind != 's' || (v.str != Version2012 && v.str != Version2008) {
				return nil, perr("Version", v.line, "must be \"2012-10-17\" or \"2008-10-17\"")
			}
			p.Version = v.str
		case "Id":
			if v.kind != 's' {
				return nil, perr("Id", v.line, "must be a string")
			}
			p.DocumentID = v.str
		case "Statement":
		default:
			return nil, perr(k, v.line, "unknown policy element; a policy has Version, Id and Statement")
		}
	}
	sn := root.member("Statement")
	if sn == nil {
		return nil, perr("Statement", root.line, "is required")
	}
	list := []*node{sn}
	if sn.kind == 'a' {
		if len(sn.items) == 0 {
			return nil, perr("Statement", sn.line, "must have at least one statement")
		}
		list = sn.items
	}
	vars := p.Version == Version2012
	sids := map[string]bool{}
	p.Statements = make([]Statement, len(list))
	for i, n := range list {
		field := "Statement[" + strconv.Itoa(i) + "]"
		if err := parseStatement(&p.Statements[i], n, field, kind, vars); err != nil {
			return nil, err
		}
		if n.kind == 'o' {
			p.Statements[i].Start, p.Statements[i].End = position(lines, n.start), position(lines, n.end)
		}
		if sid := p.Statements[i].Sid; sid != "" {
			if sids[sid] {
				return nil, perr(field+".Sid", n.line, "duplicate Sid "+quote(sid)+"; Sids must be unique in a policy")
			}
			sids[sid] = true
		}
	}
	return p, nil
}

func parseStatement(st *Statement, n *node, field string, kind Kind, vars bool) error {
	if n.kind != 'o' {
		return perr(field, n.line, "must be a JSON object")
	}
	for i, k := range n.keys {
		v, f := n.vals[i], field+"."+k
		var err *PolicyError
		switch k {
		case "Sid":
			if v.kind != 's' {
				return perr(f, v.line, "must be a string")
			}
			if msg := checkSid(v.str, kind); msg != "" {
				return perr(f, v.line, msg)
			}
			st.Sid = v.str
		case "Effect":
			if v.kind != 's' || (v.str != string(EffectAllow) && v.str != string(EffectDeny)) {
				return perr(f, v.line, "must be Allow or Deny")
			}
			st.Effect = Effect(v.str)
		case "Principal":
			st.Principal, err = parsePrincipals(v, f)
		case "NotPrincipal":
			st.NotPrincipal, err = parsePrincipals(v, f)
		case "Action", "NotAction":
			var vals []string
			if vals, err = stringList(v, f); err == nil {
				err = st.compileActions(vals, k == "NotAction", v, f, kind)
			}
		case "Resource", "NotResource":
			var vals []string
			if vals, err = stringList(v, f); err == nil {
				err = st.compileResources(vals, k == "NotResource", v, f, vars)
			}
		case "Condition":
			err = st.parseCondition(v, f, vars)
		default:
			return perr(f, v.line, "unknown statement element; a statement has Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition")
		}
		if err != nil {
			return err
		}
	}
	return st.check(n, field, kind)
}

// check enforces the rules about which elements a statement of kind needs.
func (st *Statement) check(n *node, field string, kind Kind) error {
	switch {
	case st.Effect == "":
		return perr(field+".Effect", n.line, "is required")
	case st.Action == nil && st.NotAction == nil:
		return perr(field+".Action", n.line, "is required (or NotAction)")
	case st.Action != nil && st.NotAction != nil:
		return perr(field+".NotAction", n.line, "cannot be used with Action")
	case st.Resource != nil && st.NotResource != nil:
		return perr(field+".NotResource", n.line, "cannot be used with Resource")
	case st.Principal != nil && st.NotPrincipal != nil:
		return perr(field+".NotPrincipal", n.line, "cannot be used with Principal")
	}
	if !kind.resourceSide() {
		switch {
		case st.Principal != nil:
			return perr(field+".Principal", n.line, "is not allowed in "+kind.withArticle())
		case st.NotPrincipal != nil:
			return perr(field+".NotPrincipal", n.line, "is not allowed in "+kind.withArticle())
		case st.Resource == nil && st.NotResource == nil:
			return perr(field+".Resource", n.line, "is required (or NotResource)")
		}
		return nil
	}
	switch {
	case st.Principal == nil && st.NotPrincipal == nil:
		return perr(field+".Principal", n.line, "is required in "+kind.withArticle()+" (or NotPrincipal)")
	case st.NotPrincipal != nil && kind == Trust:
		return perr(field+".NotPrincipal", n.line, "is not allowed in a trust policy")
	case st.NotPrincipal != nil && st.Effect != EffectDeny:
		return perr(field+".NotPrincipal", n.line, "can only be used with \"Effect\": \"Deny\"")
	case kind == Trust && (st.Resource != nil || st.NotResource != nil):
		return perr(field+".Resource", n.line, "is not allowed in a trust policy")
	}
	if st.Principal != nil {
		st.princ = newPrincipalSet(st.Principal)
	} else {
		st.princ = newPrincipalSet(st.NotPrincipal)
	}
	return nil
}

func (st *Statement) compileActions(vals []string, not bool, n *node, f string, kind Kind) *PolicyError {
	for i, a := range vals {
		if msg := checkAction(a, kind); msg != "" {
			return perr(item(f, i, n.kind == 'a'), lineOf(n, i), msg)
		}
		p, _ := compile(a, false, true, true)
		st.actions = append(st.actions, p)
	}
	if not {
		st.NotAction = vals
	} else {
		st.Action = vals
	}
	return nil
}

func (st *Statement) compileResources(vals []string, not bool, n *node, f string, vars bool) *PolicyError {
	for i, r := range vals {
		toks, msg := tokenize(r, vars, true)
		if msg == "" {
			msg = checkResource(toks, r)
		}
		if msg != "" {
			return perr(item(f, i, n.kind == 'a'), lineOf(n, i), msg)
		}
		st.resources = append(st.resources, newPattern(toks, false))
	}
	if not {
		st.NotResource = vals
	} else {
		st.Resource = vals
	}
	return nil
}
