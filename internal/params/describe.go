package params

import (
	"context"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// DescribeInput asks for parameter metadata.
type DescribeInput struct {
	Filters []Filter
	Max     int // 1..50; 0 = 10
	Token   string
}

// Describe lists the metadata (never values) of the parameters that pass
// every filter, in name order. A single Path filter narrows the scan to that
// path. Errors: EBadFilter, EBadFilterOption, EBadFilterValue, EBadToken.
func (s *Service) Describe(ctx context.Context, in DescribeInput) (*Page, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, c, "*"); err != nil {
		return nil, err
	}
	m, err := compileFilters(in.Filters, useDescribe)
	if err != nil {
		return nil, err
	}
	max := in.Max
	if max <= 0 {
		max = 10
	}
	kind := "d:" + filterDigest(in.Filters)
	after, err := decodeToken(in.Token, kind)
	if err != nil {
		return nil, err
	}
	page := &Page{}
	err = s.store.View(ctx, func(tx storage.Tx) error {
		page.Parameters = nil
		var next func() (string, bool, error)
		switch {
		case m.path != "" && !m.recurse:
			next = childCursor(tx, c.Region, m.path, after)
		case m.path != "":
			next = s.recordCursor(tx, recordPrefix(c.Region), m.path+"/", after)
		default:
			next = s.recordCursor(tx, recordPrefix(c.Region), "", after)
		}
		last, more, err := collect(next, max, func(name string) (bool, error) {
			r, err := findRecord(tx, c.Region, name, &s.cache)
			if arca.ErrorCode(err) == arca.ENotFound {
				return false, nil
			}
			if err != nil {
				return false, err
			}
			if ok, _ := m.match(r); !ok {
				return false, nil
			}
			vr := r.Latest
			p, err := s.materialize(ctx, tx, c, r, &vr, false)
			if err != nil {
				return false, err
			}
			p.Ciphertext = nil
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

// HistoryInput asks for a parameter's versions.
type HistoryInput struct {
	Name    string
	Decrypt bool
	Max     int // 1..50; 0 = 50
	Token   string
}

// History returns a parameter's kept versions, oldest first, each with its
// labels. Errors: ENotFound, EBadToken, and the decrypt errors of Get.
func (s *Service) History(ctx context.Context, in HistoryInput) (*Page, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	sel, err := parseRef(in.Name)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeName(ctx, c, sel.name); err != nil {
		return nil, err
	}
	if sel.foreign(c) {
		return nil, notFound(sel.name)
	}
	if sel.raw != "" {
		return nil, arca.Errorf(arca.EInvalid, "GetParameterHistory takes a parameter name without a version or label selector.")
	}
	max := in.Max
	if max <= 0 {
		max = 50
	}
	kind := "h:" + rootName(sel.name)
	afterS, err := decodeToken(in.Token, kind)
	if err != nil {
		return nil, err
	}
	page := &Page{}
	err = s.store.View(ctx, func(tx storage.Tx) error {
		page.Parameters = nil
		r, err := findRecord(tx, c.Region, sel.name, &s.cache)
		if err != nil {
			return err
		}
		var from []byte
		if afterS != "" {
			from = append(versionPrefix(c.Region, r.Name), afterS...)
		}
		kvs, err := tx.List(versionPrefix(c.Region, r.Name), from, max+1)
		if err != nil {
			return arca.Internal(err)
		}
		for i, kv := range kvs {
			if i == max {
				last := kvs[max-1].Key
				page.NextToken = encodeToken(kind, string(last[len(versionPrefix(c.Region, r.Name)):]))
				break
			}
			vr, err := getVersion(tx, c.Region, r.Name, parseVersionSuffix(kv.Key), &s.cache)
			if err != nil {
				return err
			}
			p, err := s.materialize(ctx, tx, c, r, vr, in.Decrypt)
			if err != nil {
				return err
			}
			page.Parameters = append(page.Parameters, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

func parseVersionSuffix(key []byte) int64 {
	i := strings.LastIndexByte(string(key), 0)
	var n int64
	for _, ch := range key[i+1:] {
		n = n*10 + int64(ch-'0')
	}
	return n
}
