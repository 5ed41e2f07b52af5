package params

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// scanBudget bounds the records one listing call examines, so that a filter
// that matches little cannot make a call read the whole store: the call then
// returns what it found with a NextToken, as AWS's listings do.
const scanBudget = 1000

// ListInput asks for the parameters under a path.
type ListInput struct {
	Path      string
	Recursive bool
	Filters   []Filter
	Decrypt   bool
	Max       int    // 1..10; 0 = 10
	Token     string // from a previous Page
}

// Page is one page of a listing.
type Page struct {
	Parameters []*Parameter
	NextToken  string
}

// ListByPath returns the parameters under a path, one level deep or
// recursively, in name order. Paging is by position in the name order, so
// it stays stable while parameters are added or removed and costs the same
// on any page of any size of store.
//
// Errors: EInvalid (path), EBadFilter, EBadFilterOption, EBadFilterValue,
// EBadToken, and the decrypt errors of Get.
func (s *Service) ListByPath(ctx context.Context, in ListInput) (*Page, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(in.Path, "/") {
		return nil, arca.Errorf(arca.EInvalid, "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".")
	}
	m, err := compileFilters(in.Filters, useByPath)
	if err != nil {
		return nil, err
	}
	max := in.Max
	if max <= 0 {
		max = 10
	}
	path := strings.TrimSuffix(in.Path, "/")
	// As AWS documents it: the action on the path's ARN
	// (arn:...:parameter/prod/web), not on each parameter under it.
	if err := s.authorize(ctx, c, ARN(c.Region, c.Account, in.Path)); err != nil {
		return nil, err
	}
	kind := "p1:" + filterDigest(in.Filters) + ":" + path
	if in.Recursive {
		kind = "pr:" + filterDigest(in.Filters) + ":" + path
	}
	after, err := decodeToken(in.Token, kind)
	if err != nil {
		return nil, err
	}
	page := &Page{}
	err = s.store.View(ctx, func(tx storage.Tx) error {
		page.Parameters = nil
		var next func() (string, bool, error)
		switch {
		case in.Recursive && path == "":
			// Everything is under the root, names without a slash too.
			next = s.recordCursor(tx, recordPrefix(c.Region), "", after)
		case in.Recursive:
			next = s.recordCursor(tx, recordPrefix(c.Region), path+"/", after)
		default:
			next = childCursor(tx, c.Region, path, after)
		}
		last, more, err := collect(next, max, func(name string) (bool, error) {
			r, err := findRecord(tx, c.Region, name, &s.cache)
			if arca.ErrorCode(err) == arca.ENotFound {
				return false, nil
			}
			if err != nil {
				return false, err
			}
			ok, v := m.match(r)
			if !ok {
				return false, nil
			}
			if v == 0 {
				v = r.Version
			}
			vr, err := getVersion(tx, c.Region, r.Name, v, &s.cache)
			if err != nil {
				return false, err
			}
			p, err := s.materialize(ctx, tx, c, r, vr, in.Decrypt)
			if err != nil {
				return false, err
			}
			page.Parameters = append(page.Parameters, p)
			return true, nil
		})
		if more {
			page.NextToken = encodeToken(kind, last)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// collect pulls names from next until max were taken, the scan budget is
// spent or the names run out. It returns the last name examined and whether
// more may follow.
func collect(next func() (string, bool, error), max int, take func(string) (bool, error)) (last string, more bool, err error) {
	taken := 0
	for scanned := 0; ; scanned++ {
		if taken == max || scanned == scanBudget {
			_, ok, err := peek(next)
			return last, ok, err
		}
		name, ok, err := next()
		if err != nil || !ok {
			return last, false, err
		}
		last = name
		t, err := take(name)
		if err != nil {
			return last, false, err
		}
		if t {
			taken++
		}
	}
}

func peek(next func() (string, bool, error)) (string, bool, error) { return next() }

// recordCursor iterates the names of records whose name starts with
// namePrefix, after the name after.
func (s *Service) recordCursor(tx storage.Tx, base []byte, namePrefix, after string) func() (string, bool, error) {
	prefix := append(append([]byte{}, base...), namePrefix...)
	var from []byte
	if after != "" {
		from = append(append([]byte{}, base...), after...)
	}
	return cursor(tx, prefix, from, func(k []byte) string { return string(k[len(base):]) })
}

// childCursor iterates the direct children of path through the one-level
// index.
func childCursor(tx storage.Tx, region, path, after string) func() (string, bool, error) {
	prefix := childPrefix(region, path)
	var from []byte
	if after != "" {
		from = append(append([]byte{}, prefix...), strings.TrimPrefix(after, path+"/")...)
	}
	return cursor(tx, prefix, from, func(k []byte) string { return path + "/" + string(k[len(prefix):]) })
}

// cursor reads keys under prefix in chunks and yields a name for each.
func cursor(tx storage.Tx, prefix, after []byte, name func([]byte) string) func() (string, bool, error) {
	const chunk = 64
	var buf []storage.KV
	done := false
	return func() (string, bool, error) {
		if len(buf) == 0 && !done {
			kvs, err := tx.List(prefix, after, chunk)
			if err != nil {
				return "", false, arca.Internal(err)
			}
			buf, done = kvs, len(kvs) < chunk
		}
		if len(buf) == 0 {
			return "", false, nil
		}
		kv := buf[0]
		buf = buf[1:]
		after = kv.Key
		return name(kv.Key), true, nil
	}
}

// Tokens are opaque to clients: the listing they belong to (operation, path
// and filters) and the last name examined, so a token from one listing is
// refused by another.
func encodeToken(kind, last string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + "\x00" + last))
}

func decodeToken(tok, kind string) (string, error) {
	if tok == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	k, last, ok := strings.Cut(string(raw), "\x00")
	if err != nil || !ok || k != kind || last == "" {
		return "", arca.Errorf(arca.EBadToken, "The specified token isn't valid.")
	}
	return last, nil
}

// filterDigest identifies a list of filters in a token's kind, briefly.
func filterDigest(fs []Filter) string {
	if len(fs) == 0 {
		return ""
	}
	h := sha256.New()
	for _, f := range fs {
		fmt.Fprintf(h, "%q %q %q;", f.Key, f.Option, f.Values)
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:9])
}
