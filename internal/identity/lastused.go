package identity

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// LastUsed is when, where and for which service an access key was last
// used. IAM reports it approximately; arca keeps it in memory on every
// request and writes it to the store at most once per lastUsedEvery.
type LastUsed struct {
	Time    time.Time `json:"t"`
	Service string    `json:"s"`
	Region  string    `json:"r"`
}

const lastUsedEvery = time.Hour

// lastUsedResolution is how fine the in-memory time is: a use within this
// much of the one kept, for the same service and region, changes nothing
// (replacing the value costs an allocation on every request).
const lastUsedResolution = time.Second

func lastUsedKey(id string) []byte { return []byte("iam/aklast/" + id) }

// usage is a key's last use in memory and when it was last written.
type usage struct {
	last  LastUsed
	saved time.Time
}

// noteUse records a use of a long-term key: always in memory, in the store
// when the stored value is older than lastUsedEvery.
func (s *Service) noteUse(ctx context.Context, id, service, region string) error {
	if service == "" {
		return nil
	}
	now := s.now().UTC()
	u := usage{last: LastUsed{Time: now, Service: service, Region: region}}
	if v, ok := s.lastUsed.Load(id); ok {
		prev := v.(usage)
		if d := now.Sub(prev.last.Time); d >= 0 && d < lastUsedResolution && prev.last.Service == service && prev.last.Region == region {
			return nil
		}
		if now.Sub(prev.saved) < lastUsedEvery {
			u.saved = prev.saved
			s.lastUsed.Store(id, u)
			return nil
		}
	}
	u.saved = now
	s.lastUsed.Store(id, u)
	raw, err := json.Marshal(u.last)
	if err != nil {
		return arca.Internal(err)
	}
	return s.updateQuiet(ctx, func(tx storage.Tx) error {
		if _, err := tx.Get(accessKeyKey(id)); err != nil {
			return nil // deleted meanwhile
		}
		return tx.Put(lastUsedKey(id), raw)
	})
}

// AccessKeyLastUsed returns the owner of access key id ("" for a root key)
// and when it was last used (nil: never). Errors: ENotFound.
func (s *Service) AccessKeyLastUsed(ctx context.Context, id string) (string, *LastUsed, error) {
	var owner string
	var stored *LastUsed
	err := s.view(ctx, func(tx storage.Tx) error {
		k, err := getKey(tx, id)
		if err != nil {
			return err
		}
		owner = k.UserName
		raw, err := tx.Get(lastUsedKey(id))
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		stored = new(LastUsed)
		return json.Unmarshal(raw, stored)
	})
	if err != nil {
		return "", nil, err
	}
	if m, ok := s.lastUsed.Load(id); ok {
		if mu := m.(usage).last; stored == nil || !mu.Time.Before(stored.Time) {
			stored = &mu
		}
	}
	return owner, stored, nil
}
