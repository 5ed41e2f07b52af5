package authz

// Notes, by kind, so that decisions allocate nothing.
var denyNotes, missingNotes [KeyPolicy + 1]string

func init() {
	for k := Identity; k <= KeyPolicy; k++ {
		denyNotes[k] = "explicit deny in " + k.withArticle()
		missingNotes[k] = "no " + k.String() + " allows the action"
	}
}

const rootNote = "the account root user has every permission in its own account"

// decide combines the allows found in each part of a Set (no deny applied).
func decide(p *Principal, set *Set, id, res, sess, bound *hit) Decision {
	resKind, mandatory := Resource, false
	for _, rp := range set.Resource {
		if rp != nil {
			if resKind == Resource {
				resKind = rp.Kind
			}
			mandatory = mandatory || rp.Kind.mandatory()
		}
	}
	idOK := id.level != pmNone
	idReason := id.reason
	if p.Type == Root {
		idOK = true
		if id.level == pmNone {
			idReason = Reason{Kind: Identity, Statement: -1, Note: rootNote}
		}
	}
	boundOK := len(set.Boundary) == 0 || bound.level != pmNone
	sessOK := len(set.Session) == 0 || sess.level != pmNone
	limitsOK := boundOK && sessOK
	sameAccount := set.ResourceAccount == "" || set.ResourceAccount == p.Account

	switch {
	case p.Type == Anonymous || p.Type == AWSService || p.Type == Federated:
		if res.level >= pmLimited {
			return allowed(res.reason)
		}
		return implicit(resKind)
	case !sameAccount:
		if idOK && limitsOK && res.level != pmNone {
			return allowed(res.reason)
		}
	case mandatory:
		if res.level == pmDirect ||
			(res.level == pmLimited && limitsOK) ||
			(res.level == pmAccount && idOK && limitsOK) {
			return allowed(res.reason)
		}
	default:
		if idOK && limitsOK {
			return allowed(idReason)
		}
		if res.level == pmDirect || (res.level == pmLimited && limitsOK) {
			return allowed(res.reason)
		}
	}
	// Name what failed to allow.
	switch {
	case (!sameAccount || mandatory) && res.level == pmNone:
		return implicit(resKind)
	case !idOK && res.level < pmLimited:
		return implicit(Identity)
	case !boundOK:
		return implicit(Boundary)
	case !sessOK:
		return implicit(Session)
	}
	return implicit(Identity)
}

func allowed(r Reason) Decision { return Decision{Allowed: true, Outcome: Allow, Reason: r} }

func implicit(k Kind) Decision {
	return Decision{Reason: Reason{Kind: k, Statement: -1, Note: missingNotes[k]}}
}
