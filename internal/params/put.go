package params

import (
	"context"
	"encoding/json"
	"regexp"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
)

var amiPattern = regexp.MustCompile(`^ami-([0-9a-f]{8}|[0-9a-f]{17})$`)

// Put creates a parameter, or with Overwrite adds a version to an existing
// one. A SecureString value is sealed under the named KMS key (default
// alias/aws/ssm) and bound to the parameter's name and new version.
//
// Errors: EInvalid (names, types, tiers, sizes, tags with overwrite), ELimit
// (hierarchy depth), EExists (exists and no Overwrite), EPattern, EBadPattern,
// EKeyInvalid, EKeyDisabled, EVersionLimit (100 versions, oldest labelled),
// ETagLimit.
func (s *Service) Put(ctx context.Context, in PutInput) (*PutResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := ValidateName(c.Region, c.Account, in.Name); err != nil {
		return nil, err
	}
	if err := s.authorizePut(ctx, c, in.Name, in.Overwrite); err != nil {
		return nil, err
	}
	if err := checkPutInput(&in); err != nil {
		return nil, err
	}
	var res PutResult
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := findRecord(tx, c.Region, in.Name)
		if err != nil && arca.ErrorCode(err) != arca.ENotFound {
			return err
		}
		if r != nil && !in.Overwrite {
			return arca.Errorf(arca.EExists, "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.")
		}
		vr, err := s.nextVersion(r, in, c)
		if err != nil {
			return err
		}
		if r == nil {
			r = &record{Name: in.Name, Oldest: 1, Tags: in.Tags}
			if err := tx.Put(childKey(c.Region, in.Name), nil); err != nil {
				return arca.Internal(err)
			}
		} else if err := s.makeRoom(tx, c.Region, r); err != nil {
			return err
		}
		vr.Version = r.Version + 1
		if vr.Type == TypeSecureString {
			env, _, err := s.kms.SealTxFor(serviceContext(ctx, c, r.Name), tx, c.Region, vr.KeyID, in.Value, valueAAD(c.Region, r.Name, vr.Version), "kms:Encrypt")
			if err != nil {
				return err
			}
			vr.Value = env
		} else {
			vr.Value = []byte(in.Value)
		}
		if err := putVersion(tx, c.Region, r.Name, vr); err != nil {
			return err
		}
		r.Version = vr.Version
		r.Modified = vr.Modified
		r.Latest = *vr
		r.Latest.Value = nil
		res = PutResult{Version: vr.Version, Tier: vr.Tier}
		return putRecord(tx, c.Region, r)
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// valueAAD binds a sealed value to its region, name and version, so that a
// record copied to another name or version does not open.
func valueAAD(region, name string, version int64) []byte {
	return keyring.AAD("ssm-parameter", region, name, itoa(version))
}

func checkPutInput(in *PutInput) error {
	switch in.Type {
	case "", TypeString, TypeStringList, TypeSecureString:
	default:
		return arca.Errorf(arca.EInvalid, "The parameter type %q is not supported. Valid types are String, StringList and SecureString.", in.Type)
	}
	if len(in.Value) == 0 {
		return arca.Errorf(arca.EInvalid, "Parameter value must not be empty.")
	}
	if in.Overwrite && len(in.Tags) > 0 {
		return arca.Errorf(arca.EInvalid, "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.")
	}
	if err := checkTags(in.Tags); err != nil {
		return err
	}
	if in.KeyID != "" && in.Type != "" && in.Type != TypeSecureString {
		return arca.Errorf(arca.EInvalid, "KeyId is required for SecureString type parameter only.")
	}
	switch in.DataType {
	case "", DefaultDataType, "aws:ssm:integration":
	case "aws:ec2:image":
		if !amiPattern.MatchString(string(in.Value)) {
			return arca.Errorf(arca.EInvalid, "The parameter value is not a valid AMI ID for data type aws:ec2:image.")
		}
	default:
		return arca.Errorf(arca.EInvalid, "The following data type is not supported: %s (Data type names are all lowercase.)", in.DataType)
	}
	switch in.Tier {
	case "", TierStandard, TierAdvanced, TierIntelligent:
	default:
		return arca.Errorf(arca.EInvalid, "Tier %q is not valid: use Standard, Advanced or Intelligent-Tiering.", in.Tier)
	}
	return checkPolicies(in.Policies)
}

// nextVersion builds the new version from the input and the previous state.
func (s *Service) nextVersion(r *record, in PutInput, c *arca.Caller) (*versionRecord, error) {
	vr := &versionRecord{
		Type: in.Type, KeyID: in.KeyID, Tier: in.Tier, DataType: in.DataType, Policies: in.Policies,
		Modified: s.now().UTC(), ModifiedUser: c.ARN,
	}
	if in.Description != nil {
		vr.Description = *in.Description
	}
	if in.AllowedPattern != nil {
		vr.AllowedPattern = *in.AllowedPattern
	}
	if r != nil {
		prev := r.Latest
		if vr.Type == "" {
			vr.Type = prev.Type
		}
		if in.Description == nil {
			vr.Description = prev.Description
		}
		if in.AllowedPattern == nil {
			vr.AllowedPattern = prev.AllowedPattern
		}
		if vr.KeyID == "" && vr.Type == TypeSecureString && prev.Type == TypeSecureString {
			vr.KeyID = prev.KeyID
		}
		if vr.DataType == "" {
			vr.DataType = prev.DataType
		}
		if prev.Tier == TierAdvanced {
			// An advanced parameter stays advanced: a request without a
			// tier or with Intelligent-Tiering keeps it so, whatever the
			// new value's size; only an explicit Standard is refused.
			if vr.Tier == TierStandard {
				return nil, arca.Errorf(arca.EInvalid, "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.")
			}
			vr.Tier = TierAdvanced
		}
	}
	if vr.Type == "" {
		return nil, arca.Errorf(arca.EInvalid, "A parameter type is required when you create a parameter.")
	}
	if vr.KeyID != "" && vr.Type != TypeSecureString {
		return nil, arca.Errorf(arca.EInvalid, "KeyId is required for SecureString type parameter only.")
	}
	if vr.Type == TypeSecureString && vr.KeyID == "" {
		vr.KeyID = DefaultKeyAlias
	}
	if vr.DataType == "" {
		vr.DataType = DefaultDataType
	}
	if err := pickTier(vr, len(in.Value)); err != nil {
		return nil, err
	}
	if vr.AllowedPattern != "" {
		re, err := regexp.Compile(vr.AllowedPattern)
		if err != nil {
			return nil, arca.Errorf(arca.EBadPattern, "The allowed pattern is not a valid regular expression.")
		}
		if !re.Match(in.Value) {
			return nil, arca.Errorf(arca.EPattern, "Parameter value failed to satisfy constraint specified by the parameter's allowed pattern %s.", vr.AllowedPattern)
		}
	}
	return vr, nil
}

// pickTier resolves the tier a version is stored in. Without a tier the
// account's default applies, which in AWS is Standard unless changed (arca
// has no such setting): a value over 4 KiB then needs Advanced or
// Intelligent-Tiering, as in AWS. Intelligent-Tiering picks Advanced only
// when the value or a policy needs it.
func pickTier(vr *versionRecord, size int) error {
	switch vr.Tier {
	case "":
		vr.Tier = TierStandard
	case TierIntelligent:
		vr.Tier = TierStandard
		if size > MaxStandardValue || vr.Policies != "" {
			vr.Tier = TierAdvanced
		}
	}
	switch {
	case vr.Tier == TierStandard && vr.Policies != "":
		return arca.Errorf(arca.EInvalid, "Parameter policies are supported only for advanced-tier parameters.")
	case vr.Tier == TierStandard && size > MaxStandardValue:
		return arca.Errorf(arca.EInvalid, "Standard tier parameters support a maximum parameter value of %d characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.", MaxStandardValue)
	case size > MaxAdvancedValue:
		return arca.Errorf(arca.EInvalid, "Advanced tier parameters support a maximum parameter value of %d characters.", MaxAdvancedValue)
	}
	return nil
}

// makeRoom drops the oldest version when MaxVersions are kept, unless it is
// labelled: then the put fails, as in AWS.
func (s *Service) makeRoom(tx storage.Tx, region string, r *record) error {
	if r.Version-r.Oldest+1 < MaxVersions {
		return nil
	}
	if len(r.labelsOf(r.Oldest)) > 0 {
		return arca.Errorf(arca.EVersionLimit, "You attempted to create a new version of %s by calling the PutParameter API with the overwrite flag. Version %d, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.", r.Name, r.Oldest)
	}
	if err := tx.Delete(versionKey(region, r.Name, r.Oldest)); err != nil {
		return arca.Internal(err)
	}
	r.Oldest++
	return nil
}

// checkPolicies accepts a JSON array of parameter policies of the three
// types AWS defines. arca stores them and reports them; it does not act on
// them yet (see docs/dialects/ssm.md).
func checkPolicies(p string) error {
	if p == "" {
		return nil
	}
	var list []struct {
		Type       string          `json:"Type"`
		Version    string          `json:"Version"`
		Attributes json.RawMessage `json:"Attributes"`
	}
	if err := json.Unmarshal([]byte(p), &list); err != nil || len(list) == 0 {
		return arca.Errorf(arca.EInvalid, "Parameter policies must be a JSON array of policy objects.")
	}
	for _, pol := range list {
		switch pol.Type {
		case "Expiration", "ExpirationNotification", "NoChangeNotification":
		default:
			return arca.Errorf(arca.EInvalid, "The policy type %q is not supported.", pol.Type)
		}
	}
	return nil
}
