package secrets

import (
	"context"
	"encoding/base64"
	"slices"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Describe returns a secret's metadata — never its value. A secret
// scheduled for deletion is described, with its deletion dates.
// Errors: ENotFound.
func (s *Service) Describe(ctx context.Context, id string) (*Secret, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var out *Secret
	err = s.store.View(ctx, func(tx storage.Tx) error {
		r, err := s.resolve(ctx, tx, c, id)
		if err != nil {
			return err
		}
		out = r.info()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// VersionsInput asks for the versions of a secret.
type VersionsInput struct {
	ID                string
	IncludeDeprecated bool   // also versions without labels
	Max               int    // 1..100; 0 = 100
	Token             string // from a previous VersionPage
}

// VersionPage is one page of a secret's versions, oldest first.
type VersionPage struct {
	ARN, Name string
	Versions  []VersionInfo
	NextToken string
}

// ListVersions lists the versions of a secret, oldest first, without
// values; versions still waiting for a value (a pending rotation) are
// included. Errors: ENotFound, EBadToken.
func (s *Service) ListVersions(ctx context.Context, in VersionsInput) (*VersionPage, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	max := in.Max
	if max <= 0 {
		max = 100
	}
	var page *VersionPage
	err = s.store.View(ctx, func(tx storage.Tx) error {
		r, err := s.resolve(ctx, tx, c, in.ID)
		if err != nil {
			return err
		}
		after, err := decodeVersionToken(in.Token, r.ARN)
		if err != nil {
			return err
		}
		page = &VersionPage{ARN: r.ARN, Name: r.Name}
		start := 0
		if after != "" {
			if start = slices.IndexFunc(r.Versions, func(v *version) bool { return v.ID == after }) + 1; start == 0 {
				return arca.Errorf(arca.EBadToken, "The NextToken names a version that no longer exists; list again from the start.")
			}
		}
		for i := start; i < len(r.Versions); i++ {
			v := r.Versions[i]
			if len(v.Stages) == 0 && !in.IncludeDeprecated {
				continue
			}
			if len(page.Versions) == max {
				page.NextToken = encodeVersionToken(r.ARN, page.Versions[max-1].ID)
				break
			}
			info := VersionInfo{ID: v.ID, Stages: slices.Clone(v.Stages), Created: v.Created}
			if v.KeyARN != "" {
				info.KeyARNs = []string{v.KeyARN}
			}
			page.Versions = append(page.Versions, info)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

func encodeVersionToken(arn, last string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v\x00" + arn + "\x00" + last))
}

func decodeVersionToken(tok, arn string) (string, error) {
	if tok == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	parts := strings.Split(string(raw), "\x00")
	if err != nil || len(parts) != 3 || parts[0] != "v" || parts[1] != arn || parts[2] == "" {
		return "", arca.Errorf(arca.EBadToken, "The NextToken value is not valid.")
	}
	return parts[2], nil
}
