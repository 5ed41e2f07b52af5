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

// Kind names the IAM entities that carry policies.
type Kind string

// The entity kinds.
const (
	KindUser  Kind = "user"
	KindGroup Kind = "group"
	KindRole  Kind = "role"
)

// Tag is a key-value tag on a user or role, or a session tag.
type Tag struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

// attachment is a managed policy attached to an entity.
type attachment struct {
	Name string `json:"n"`
	ARN  string `json:"a"`
}

// record is the stored form of a user, group or role: one JSON document
// under an account-wide key ("iam/user/alice"), holding everything the
// policy engine needs about the entity so that one read finds it. Names are
// unique without regard to case, as in IAM; the record keeps the name as
// created.
type record struct {
	Kind     Kind              `json:"kind"`
	Name     string            `json:"name"`
	ID       string            `json:"id"`
	Path     string            `json:"path"`
	Created  time.Time         `json:"created"`
	Tags     []Tag             `json:"tags,omitempty"`
	Inline   map[string]string `json:"inline,omitempty"`   // policy name -> document
	Attached []attachment      `json:"attached,omitempty"` // managed policies
	// Users.
	Groups []string `json:"groups,omitempty"` // group names
	Keys   []string `json:"keys,omitempty"`   // access key ids
	// Groups.
	Members []string `json:"members,omitempty"` // user names
	// Roles.
	Trust       string `json:"trust,omitempty"`
	Description string `json:"description,omitempty"`
	MaxSession  int    `json:"max_session,omitempty"` // seconds
	// Users and roles: the permissions boundary's policy ARN.
	Boundary string `json:"boundary,omitempty"`
}

func entityKey(kind Kind, name string) []byte {
	return []byte("iam/" + string(kind) + "/" + strings.ToLower(name))
}

func entityPrefix(kind Kind) []byte { return []byte("iam/" + string(kind) + "/") }

// arn returns the entity's ARN: arn:aws:iam::ACCOUNT:user/PATH/NAME.
func (s *Service) entityARN(kind Kind, path, name string) string {
	return arca.ARN("iam", s.region, s.account, string(kind)+path+name, true)
}

func (s *Service) arn(r *record) string { return s.entityARN(r.Kind, r.Path, r.Name) }

// noSuch is IAM's NoSuchEntity wording for a missing entity.
func noSuch(kind Kind, name string) error {
	return arca.Errorf(arca.ENotFound, "The %s with name %s cannot be found.", kind, name)
}

// getRecord reads an entity. Errors: ENotFound.
func getRecord(tx storage.Tx, kind Kind, name string) (*record, error) {
	raw, err := tx.Get(entityKey(kind, name))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, noSuch(kind, name)
	}
	if err != nil {
		return nil, unavailable(err)
	}
	r := new(record)
	if err := json.Unmarshal(raw, r); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode %s %s: %w", kind, name, err))
	}
	return r, nil
}

// readRecord is getRecord for read paths: the decoded record is cached by
// key while its stored bytes are unchanged, and shared, so the caller must
// not modify it. PolicySet reads the caller's user (with its inline
// policies), groups or role on every request.
func (s *Service) readRecord(tx storage.Tx, kind Kind, name string) (*record, error) {
	key := entityKey(kind, name)
	raw, err := tx.Get(key)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, noSuch(kind, name)
	}
	if err != nil {
		return nil, unavailable(err)
	}
	if c, ok := s.entities.Load(string(key)); ok && bytes.Equal(c.(cachedRecord).raw, raw) {
		return c.(cachedRecord).rec, nil
	}
	r := new(record)
	if err := json.Unmarshal(raw, r); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode %s %s: %w", kind, name, err))
	}
	s.entities.Store(string(key), cachedRecord{raw: raw, rec: r})
	return r, nil
}

type cachedRecord struct {
	raw []byte
	rec *record
}

func putRecord(tx storage.Tx, r *record) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return arca.Internal(err)
	}
	if err := tx.Put(entityKey(r.Kind, r.Name), raw); err != nil {
		return unavailable(err)
	}
	return nil
}

// createRecord stores a new entity. Errors: EExists.
func createRecord(tx storage.Tx, r *record) error {
	if _, err := tx.Get(entityKey(r.Kind, r.Name)); err == nil {
		return arca.Errorf(arca.EExists, "%s with name %s already exists.", titleKind(r.Kind), r.Name)
	} else if !errors.Is(err, storage.ErrNotFound) {
		return unavailable(err)
	}
	return putRecord(tx, r)
}

func titleKind(k Kind) string {
	switch k {
	case KindUser:
		return "User"
	case KindGroup:
		return "Group"
	case KindRole:
		return "Role"
	}
	return string(k)
}

// unavailable classifies a storage failure; *arca.Error values pass as
// they are.
func unavailable(err error) error {
	var ae *arca.Error
	if err == nil || errors.As(err, &ae) {
		return err
	}
	return &arca.Error{Code: arca.EUnavailable, Message: "identity store unavailable", Err: err}
}

// update runs fn in a write transaction that also increments the IAM
// generation (see generation.go).
func (s *Service) update(ctx context.Context, fn func(tx storage.Tx) error) error {
	return unavailable(s.store.Update(ctx, func(tx storage.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return bumpGeneration(tx)
	}))
}

// updateQuiet runs fn in a write transaction that leaves the IAM
// generation alone: for writes that change no existing principal's
// permissions (issuing new temporary credentials, purging expired ones,
// noting an access key's use), so that they neither invalidate the cached
// policy sets nor contend on the generation key (AssumeRole runs often
// and concurrently).
func (s *Service) updateQuiet(ctx context.Context, fn func(tx storage.Tx) error) error {
	return unavailable(s.store.Update(ctx, fn))
}

// view runs fn in a read transaction.
func (s *Service) view(ctx context.Context, fn func(tx storage.Tx) error) error {
	return unavailable(s.store.View(ctx, fn))
}

// mutate reads an entity, lets fn change it and writes it back.
func (s *Service) mutate(ctx context.Context, kind Kind, name string, fn func(tx storage.Tx, r *record) error) error {
	return s.update(ctx, func(tx storage.Tx) error {
		r, err := getRecord(tx, kind, name)
		if err != nil {
			return err
		}
		if err := fn(tx, r); err != nil {
			return err
		}
		return putRecord(tx, r)
	})
}

// newID returns an IAM unique id: a four-letter prefix (AIDA, AGPA, AROA,
// ANPA) and 17 characters.
func newID(prefix string) string { return prefix + randomString(17, upperAlnum) }

func idPrefix(k Kind) string {
	switch k {
	case KindUser:
		return "AIDA"
	case KindGroup:
		return "AGPA"
	}
	return "AROA"
}
