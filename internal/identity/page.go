package identity

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// defaultPage is IAM's default MaxItems; maxPage its largest.
const (
	defaultPage = 100
	maxPage     = 1000
)

func pageSize(n int) int {
	if n <= 0 {
		return defaultPage
	}
	return min(n, maxPage)
}

// encodeMarker returns the opaque marker that resumes a listing after the
// storage key last.
func encodeMarker(last []byte) string { return base64.RawURLEncoding.EncodeToString(last) }

// decodeMarker returns the storage key a marker resumes after; it must lie
// under prefix. Errors: EBadToken.
func decodeMarker(prefix []byte, marker string) ([]byte, error) {
	if marker == "" {
		return nil, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(marker)
	if err != nil || !strings.HasPrefix(string(raw), string(prefix)) {
		return nil, arca.Errorf(arca.EBadToken, "Invalid Marker.")
	}
	return raw, nil
}

// list returns a page of entities of kind whose path starts with
// pathPrefix. Errors: EBadToken.
func (s *Service) list(ctx context.Context, kind Kind, pathPrefix, marker string, max int) ([]*record, string, error) {
	prefix := entityPrefix(kind)
	after, err := decodeMarker(prefix, marker)
	if err != nil {
		return nil, "", err
	}
	limit := pageSize(max)
	var out []*record
	next := ""
	err = s.view(ctx, func(tx storage.Tx) error {
		out, next = nil, ""
		for {
			kvs, err := tx.List(prefix, after, 256)
			if err != nil {
				return err
			}
			for _, kv := range kvs {
				r := new(record)
				if err := json.Unmarshal(kv.Value, r); err != nil {
					return arca.Internal(fmt.Errorf("decode %s: %w", kv.Key, err))
				}
				if !strings.HasPrefix(r.Path, pathPrefix) {
					continue
				}
				if len(out) == limit {
					next = encodeMarker(after)
					return nil
				}
				out = append(out, r)
				after = kv.Key
			}
			if len(kvs) < 256 {
				return nil
			}
			after = kvs[len(kvs)-1].Key
		}
	})
	return out, next, err
}
