package params

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Get reads a parameter by name or ARN, optionally with a ":version" or
// ":label" selector. A root-level name may be spelled with or without its
// leading slash; an ARN of another partition, region or account names no
// parameter here. With decrypt, a SecureString's value is opened; without,
// only its ciphertext is returned. The caller needs its request's action
// on the parameter's ARN, and kms:Decrypt on the key to decrypt.
//
// Errors: EInvalid (bad reference), ENotFound, EVersionNotFound (no such
// version or label), EDenied, EKeyInvalid/EKeyDisabled/EDecrypt when
// decrypting.
func (s *Service) Get(ctx context.Context, ref string, decrypt bool) (*Parameter, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(ref, ReferencePrefix) {
		return s.reference(ctx, ref, decrypt)
	}
	sel, err := parseRef(ref)
	if err != nil {
		return nil, err
	}
	if sel.foreign(c) {
		return nil, notFound(sel.name)
	}
	if err := s.authorizeName(ctx, c, sel.name); err != nil {
		return nil, err
	}
	var p *Parameter
	err = s.store.View(ctx, func(tx storage.Tx) error {
		r, err := findRecord(tx, c.Region, sel.name, &s.cache)
		if err != nil {
			return err
		}
		v := r.Version
		switch {
		case sel.version > 0:
			v = sel.version
		case sel.label != "":
			lv, ok := r.Labels[sel.label]
			if !ok {
				return arca.Errorf(arca.EVersionNotFound, "Systems Manager could not find label %s of %s. Verify the label and try again.", sel.label, sel.name)
			}
			v = lv
		}
		if v < r.Oldest || v > r.Version {
			return arca.Errorf(arca.EVersionNotFound, "Systems Manager could not find version %d of %s. Verify the version and try again.", v, sel.name)
		}
		vr, err := getVersion(tx, c.Region, r.Name, v, &s.cache)
		if err != nil {
			return err
		}
		p, err = s.materialize(ctx, tx, c, r, vr, decrypt)
		if p != nil {
			p.Selector = sel.raw
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// materialize turns a stored version into a Parameter, opening the value
// when asked to.
func (s *Service) materialize(ctx context.Context, tx storage.Tx, c *arca.Caller, r *record, vr *versionRecord, decrypt bool) (*Parameter, error) {
	p := &Parameter{
		Name: r.Name, ARN: ARN(c.Region, c.Account, r.Name), Type: vr.Type, Version: vr.Version,
		KeyID: vr.KeyID, Description: vr.Description, AllowedPattern: vr.AllowedPattern,
		Tier: vr.Tier, DataType: vr.DataType, Policies: vr.Policies, Labels: r.labelsOf(vr.Version),
		Modified: vr.Modified, ModifiedUser: vr.ModifiedUser,
	}
	if vr.Type != TypeSecureString {
		p.Value = arca.Value(bytes.Clone(vr.Value)) // vr may be shared (cache.go)
		return p, nil
	}
	if !decrypt {
		p.Ciphertext = bytes.Clone(vr.Value)
		return p, nil
	}
	v, err := s.kms.OpenTxFor(serviceContext(ctx, c, r.Name), tx, c.Region, vr.Value, valueAAD(c.Region, r.Name, vr.Version))
	if err != nil {
		return nil, err
	}
	p.Value = v
	return p, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
