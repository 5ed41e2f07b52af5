package authz

// parsePrincipals reads a Principal or NotPrincipal element: "*" or an
// object whose members are AWS, Service, Federated and CanonicalUser, each a
// string or a non-empty list of non-empty strings.
func parsePrincipals(n *node, f string) (*Principals, *PolicyError) {
	if n.kind == 's' {
		if n.str != "*" {
			return nil, perr(f, n.line, "must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}")
		}
		return &Principals{All: true}, nil
	}
	if n.kind != 'o' || len(n.keys) == 0 {
		return nil, perr(f, n.line, "must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}")
	}
	p := &Principals{}
	for i, k := range n.keys {
		v, fk := n.vals[i], f+"."+k
		vals, err := stringList(v, fk)
		if err != nil {
			return nil, err
		}
		for j, s := range vals {
			msg := ""
			switch {
			case s == "":
				msg = "must not be empty"
			case k == "AWS":
				msg = checkAWSPrincipal(s)
			}
			if msg != "" {
				return nil, perr(item(fk, j, v.kind == 'a'), lineOf(v, j), msg)
			}
		}
		switch k {
		case "AWS":
			p.AWS = vals
		case "Service":
			p.Service = vals
		case "Federated":
			p.Federated = vals
		case "CanonicalUser":
			p.CanonicalUser = vals
		default:
			return nil, perr(fk, v.line, "unknown principal type; use AWS, Service, Federated or CanonicalUser")
		}
	}
	return p, nil
}

// lineOf returns the line of value i of a string-or-list element.
func lineOf(n *node, i int) int {
	if n.kind == 'a' && i < len(n.items) {
		return n.items[i].line
	}
	return n.line
}

// parseCondition reads a Condition element: an object of operators, each
// an object of condition keys, each a value or a non-empty list of values
// (strings, numbers or booleans).
func (st *Statement) parseCondition(n *node, f string, vars bool) *PolicyError {
	if n.kind != 'o' {
		return perr(f, n.line, "must be an object of condition operators, e.g. {\"StringEquals\": {\"aws:username\": \"alice\"}}")
	}
	for i, op := range n.keys {
		block, fo := n.vals[i], f+"."+op
		base, ok := parseOperator(op)
		if !ok {
			return perr(fo, block.line, "unknown condition operator")
		}
		if block.kind != 'o' || len(block.keys) == 0 {
			return perr(fo, block.line, "must be a non-empty object of condition keys and values")
		}
		for j, key := range block.keys {
			v, fk := block.vals[j], fo+"."+key
			if msg := checkConditionKey(key); msg != "" {
				return perr(fk, v.line, msg)
			}
			vals, err := conditionValues(v, fk)
			if err != nil {
				return err
			}
			c := base
			c.key = newKey(key)
			if bad, msg := c.compileValues(vals, vars); msg != "" {
				return perr(item(fk, bad, v.kind == 'a'), lineOf(v, bad), msg)
			}
			st.Condition = append(st.Condition, Condition{Operator: op, Key: key, Values: vals, c: c})
		}
	}
	return nil
}

// conditionValues reads a condition's values: a string, number or boolean,
// or a non-empty list of them.
func conditionValues(n *node, f string) ([]string, *PolicyError) {
	scalar := func(n *node) bool { return n.kind == 's' || n.kind == 'n' || n.kind == 'b' }
	if scalar(n) {
		return []string{n.str}, nil
	}
	if n.kind != 'a' || len(n.items) == 0 {
		return nil, perr(f, n.line, "must be a string, number or boolean, or a non-empty list of them")
	}
	out := make([]string, len(n.items))
	for i, it := range n.items {
		if !scalar(it) {
			return nil, perr(item(f, i, true), it.line, "must be a string, number or boolean")
		}
		out[i] = it.str
	}
	return out, nil
}
