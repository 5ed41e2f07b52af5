package identity

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Managed policy quotas: versions kept per policy, document size (without
// white space).
const (
	maxVersions    = 5
	maxManagedSize = 6144
)

// policyRecord is a customer managed policy, stored under
// "iam/policy/<name>" with all its versions.
type policyRecord struct {
	Name        string          `json:"name"`
	ID          string          `json:"id"`
	Path        string          `json:"path"`
	Description string          `json:"description,omitempty"`
	Created     time.Time       `json:"created"`
	Updated     time.Time       `json:"updated"`
	Default     string          `json:"default"`
	Versions    []policyVersion `json:"versions"`
	Next        int             `json:"next"` // number of the next version
	Tags        []Tag           `json:"tags,omitempty"`
}

type policyVersion struct {
	ID       string    `json:"id"`
	Document string    `json:"doc"`
	Created  time.Time `json:"created"`
}

// ManagedPolicy is a customer managed policy as the dialects show it.
type ManagedPolicy struct {
	Name, ID, Path, ARN, Description string
	DefaultVersion                   string
	AttachmentCount                  int
	// BoundaryCount is how many users and roles have the policy as their
	// permissions boundary (PermissionsBoundaryUsageCount).
	BoundaryCount    int
	Created, Updated time.Time
	Tags             []Tag
}

// PolicyVersion is one version of a managed policy.
type PolicyVersion struct {
	ID        string
	Document  string
	IsDefault bool
	Created   time.Time
}

func policyKey(name string) []byte { return []byte("iam/policy/" + strings.ToLower(name)) }

func (s *Service) policyARN(path, name string) string {
	return arca.ARN("iam", s.region, s.account, "policy"+path+name, true)
}

func (s *Service) managed(tx storage.Tx, p *policyRecord) (*ManagedPolicy, error) {
	n, err := attachmentCount(tx, p.Name)
	if err != nil {
		return nil, err
	}
	nb, err := boundaryCount(tx, p.Name)
	if err != nil {
		return nil, err
	}
	return &ManagedPolicy{
		Name: p.Name, ID: p.ID, Path: p.Path, ARN: s.policyARN(p.Path, p.Name), Description: p.Description,
		DefaultVersion: p.Default, AttachmentCount: n, BoundaryCount: nb, Created: p.Created, Updated: p.Updated, Tags: p.Tags,
	}, nil
}

func (p *policyRecord) version(id string) *policyVersion {
	for i := range p.Versions {
		if p.Versions[i].ID == id {
			return &p.Versions[i]
		}
	}
	return nil
}

// checkManaged validates a managed policy document. Errors: EBadPolicy,
// ELimit.
func (s *Service) checkManaged(doc string) error {
	if err := s.checkPolicy([]byte(doc), DocIdentity); err != nil {
		return err
	}
	if policySize(doc) > maxManagedSize {
		return arca.Errorf(arca.ELimit, "Cannot exceed quota for PolicySize: %d", maxManagedSize)
	}
	return nil
}

// PolicyInput is what CreatePolicy needs.
type PolicyInput struct {
	Name, Path, Document, Description string
	Tags                              []Tag
}

// CreatePolicy creates a customer managed policy with version v1 as its
// default. Errors: EExists, EBadPolicy, ELimit, ETagLimit.
func (s *Service) CreatePolicy(ctx context.Context, in PolicyInput) (*ManagedPolicy, error) {
	if err := s.checkManaged(in.Document); err != nil {
		return nil, err
	}
	if len(in.Tags) > maxTags {
		return nil, arca.Errorf(arca.ETagLimit, "The number of tags has reached the maximum limit.")
	}
	path := in.Path
	if path == "" {
		path = "/"
	}
	now := s.now().UTC()
	p := &policyRecord{
		Name: in.Name, ID: newID("ANPA"), Path: path, Description: in.Description, Created: now, Updated: now,
		Default: "v1", Versions: []policyVersion{{ID: "v1", Document: in.Document, Created: now}}, Next: 2, Tags: in.Tags,
	}
	var out *ManagedPolicy
	err := s.update(ctx, func(tx storage.Tx) error {
		if _, err := tx.Get(policyKey(in.Name)); err == nil {
			return arca.Errorf(arca.EExists, "A policy called %s already exists. Duplicate names are not allowed.", in.Name)
		} else if !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		if err := putPolicy(tx, p); err != nil {
			return err
		}
		var err error
		out, err = s.managed(tx, p)
		return err
	})
	return out, err
}

func putPolicy(tx storage.Tx, p *policyRecord) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return arca.Internal(err)
	}
	return tx.Put(policyKey(p.Name), raw)
}

// getPolicy reads the managed policy an ARN names. Errors: ENotFound,
// EInvalid (not a policy ARN).
func (s *Service) getPolicy(tx storage.Tx, policyARN string) (*policyRecord, error) {
	return s.lookupPolicy(tx, policyARN, false)
}

func (s *Service) lookupPolicy(tx storage.Tx, policyARN string, shared bool) (*policyRecord, error) {
	a, ok := arca.ParseARN(policyARN)
	if !ok || a.Service != "iam" || !strings.HasPrefix(a.Resource, "policy/") {
		return nil, arca.Errorf(arca.EInvalid, "ARN %s is not valid.", policyARN)
	}
	missing := arca.Errorf(arca.ENotFound, "Policy %s does not exist or is not attachable.", policyARN)
	if a.Account != s.account {
		return nil, missing
	}
	res := strings.TrimPrefix(a.Resource, "policy")
	i := strings.LastIndexByte(res, '/')
	path, name := res[:i+1], res[i+1:]
	if name == "" {
		return nil, missing
	}
	raw, err := tx.Get(policyKey(name))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, missing
	}
	if err != nil {
		return nil, err
	}
	p, err := s.decodePolicy(name, raw, shared)
	if err != nil {
		return nil, err
	}
	if p.Path != path {
		return nil, missing
	}
	return p, nil
}

// readPolicy is getPolicy for read paths: the record may come from a cache
// of decoded records (valid while the stored bytes are unchanged) and is
// shared, so the caller must not modify it. PolicySet reads every attached
// policy on every request; decoding them was most of its cost.
func (s *Service) readPolicy(tx storage.Tx, policyARN string) (*policyRecord, error) {
	return s.lookupPolicy(tx, policyARN, true)
}

type cachedPolicy struct {
	raw []byte
	rec *policyRecord
}

func (s *Service) decodePolicy(name string, raw []byte, shared bool) (*policyRecord, error) {
	if shared {
		if c, ok := s.policies.Load(name); ok && bytes.Equal(c.(cachedPolicy).raw, raw) {
			return c.(cachedPolicy).rec, nil
		}
	}
	p := new(policyRecord)
	if err := json.Unmarshal(raw, p); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode policy %s: %w", name, err))
	}
	if shared {
		s.policies.Store(name, cachedPolicy{raw: raw, rec: p})
	}
	return p, nil
}

// GetPolicy returns a managed policy by ARN. Errors: ENotFound, EInvalid.
func (s *Service) GetPolicy(ctx context.Context, policyARN string) (*ManagedPolicy, error) {
	var out *ManagedPolicy
	err := s.view(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		out, err = s.managed(tx, p)
		return err
	})
	return out, err
}

// DeletePolicy deletes a managed policy that is attached to nothing and has
// no version but its default. Errors: ENotFound, EInvalid, EConflict.
func (s *Service) DeletePolicy(ctx context.Context, policyARN string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		n, err := attachmentCount(tx, p.Name)
		if err != nil {
			return err
		}
		if n > 0 {
			return arca.Errorf(arca.EConflict, "Cannot delete a policy attached to entities.")
		}
		if n, err = boundaryCount(tx, p.Name); err != nil {
			return err
		} else if n > 0 {
			return arca.Errorf(arca.EConflict, "Cannot delete a policy used as a permissions boundary by entities.")
		}
		if len(p.Versions) > 1 {
			return arca.Errorf(arca.EConflict, "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
		}
		return tx.Delete(policyKey(p.Name))
	})
}
