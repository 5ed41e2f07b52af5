package secrets

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Sort keys of a listing.
const (
	SortCreated      = "created-date"
	SortName         = "name"
	SortLastChanged  = "last-changed-date"
	SortLastAccessed = "last-accessed-date"
)

// ListInput asks for the secrets of the caller's region.
type ListInput struct {
	Filters                []Filter
	IncludePlannedDeletion bool
	SortBy                 string // "" = created-date
	Descending             bool
	Max                    int    // 1..100; 0 = 100
	Token                  string // from a previous Page
}

// Page is one page of a listing.
type Page struct {
	Secrets   []*Secret
	NextToken string
}

// List returns the secrets of the caller's region that pass the filters, in
// the order asked for (by creation date unless told otherwise; ties by
// name), without values. Secrets scheduled for deletion are left out unless
// IncludePlannedDeletion. A NextToken names the position after the last
// secret returned, so paging stays consistent while secrets come and go;
// a token from another listing is refused.
//
// Errors: EBadFilter, EBadFilterValue, EBadToken, EInvalid (sort key).
func (s *Service) List(ctx context.Context, in ListInput) (*Page, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, c.Action, "*"); err != nil {
		return nil, err
	}
	var page *Page
	err = s.store.View(ctx, func(tx storage.Tx) error {
		recs, next, err := s.listRecords(tx, c.Region, in)
		if err != nil {
			return err
		}
		page = &Page{NextToken: next}
		for _, r := range recs {
			page.Secrets = append(page.Secrets, r.info())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// listRecords is one page of List's records and the token for the next.
func (s *Service) listRecords(tx storage.Tx, region string, in ListInput) ([]*record, string, error) {
	if err := checkFilters(in.Filters); err != nil {
		return nil, "", err
	}
	sortBy := in.SortBy
	if sortBy == "" {
		sortBy = SortCreated
	}
	switch sortBy {
	case SortCreated, SortName, SortLastChanged, SortLastAccessed:
	default:
		return nil, "", arca.Errorf(arca.EInvalid, "Invalid sort key %q.", in.SortBy)
	}
	max := in.Max
	if max <= 0 {
		max = 100
	}
	kind := listKind(in, sortBy)
	after, err := decodeListToken(in.Token, kind)
	if err != nil {
		return nil, "", err
	}
	all, err := scan(tx, region, func(r *record) bool {
		return (in.IncludePlannedDeletion || r.Deleted.IsZero()) && matches(r, in.Filters)
	})
	if err != nil {
		return nil, "", err
	}
	key := func(r *record) string { return sortKey(r, sortBy) + "\x00" + r.Name }
	sort.Slice(all, func(i, j int) bool {
		if in.Descending {
			return key(all[i]) > key(all[j])
		}
		return key(all[i]) < key(all[j])
	})
	start := 0
	if after != "" {
		start = sort.Search(len(all), func(i int) bool {
			if in.Descending {
				return key(all[i]) < after
			}
			return key(all[i]) > after
		})
	}
	end := min(start+max, len(all))
	next := ""
	if end < len(all) {
		next = encodeListToken(kind, key(all[end-1]))
	}
	return all[start:end], next, nil
}

// scan reads every secret record of region that keep accepts.
func scan(tx storage.Tx, region string, keep func(*record) bool) ([]*record, error) {
	prefix := recordPrefix(region)
	var out []*record
	var after []byte
	for {
		kvs, err := tx.List(prefix, after, 256)
		if err != nil {
			return nil, arca.Internal(err)
		}
		for _, kv := range kvs {
			var r record
			if err := json.Unmarshal(kv.Value, &r); err != nil {
				return nil, arca.Internal(fmt.Errorf("decode secret record: %w", err))
			}
			if keep(&r) {
				out = append(out, &r)
			}
		}
		if len(kvs) < 256 {
			return out, nil
		}
		after = kvs[len(kvs)-1].Key
	}
}

func sortKey(r *record, by string) string {
	stamp := func(t time.Time) string { return fmt.Sprintf("%020d", t.UnixNano()) }
	switch by {
	case SortName:
		return r.Name
	case SortLastChanged:
		return stamp(r.Changed)
	case SortLastAccessed:
		return stamp(time.Time{}) // arca does not record reads as writes
	}
	return stamp(r.Created)
}

// listKind identifies a listing, so that its tokens are refused by another.
func listKind(in ListInput, sortBy string) string {
	h := sha256.New()
	for _, f := range in.Filters {
		fmt.Fprintf(h, "%q%q;", f.Key, f.Values)
	}
	return fmt.Sprintf("l|%s|%t|%t|%s", sortBy, in.Descending, in.IncludePlannedDeletion, hex.EncodeToString(h.Sum(nil))[:16])
}

func encodeListToken(kind, last string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + "\x00" + last))
}

func decodeListToken(tok, kind string) (string, error) {
	if tok == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	k, last, ok := strings.Cut(string(raw), "\x00")
	if err != nil || !ok || k != kind || last == "" {
		return "", arca.Errorf(arca.EBadToken, "The NextToken value is not valid for this listing.")
	}
	return last, nil
}
