package secrets

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// MaxBatch is the most secrets one BatchGet returns.
const MaxBatch = 20

// BatchInput names the secrets to read: a list of ids, or filters (as List)
// with paging — one or the other.
type BatchInput struct {
	IDs     []string
	Filters []Filter
	Max     int    // with Filters: 1..20; 0 = 20
	Token   string // with Filters: from a previous BatchResult
}

// BatchError is why one secret of a batch could not be read. Err is an
// *arca.Error the dialect maps as it maps any other.
type BatchError struct {
	ID  string
	Err error
}

// BatchResult holds the AWSCURRENT values read, and the failures.
type BatchResult struct {
	Values    []*SecretValue
	Errors    []BatchError
	NextToken string
}

// BatchGet reads the AWSCURRENT value of up to 20 secrets in one consistent
// snapshot. A secret that cannot be read (not found, scheduled for deletion,
// without a value, not decryptable) becomes an entry of Errors; the others
// are returned.
//
// Errors: EInvalid (both or neither of IDs and Filters, more than 20 ids,
// Max without Filters), and List's errors for Filters.
func (s *Service) BatchGet(ctx context.Context, in BatchInput) (*BatchResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if (len(in.IDs) == 0) == (len(in.Filters) == 0) {
		return nil, arca.Errorf(arca.EInvalid, "Either 'SecretIdList' or 'Filters' must be provided, but not both.")
	}
	if len(in.IDs) > MaxBatch {
		return nil, arca.Errorf(arca.EInvalid, "SecretIdList can name at most %d secrets.", MaxBatch)
	}
	if len(in.IDs) > 0 && (in.Max != 0 || in.Token != "") {
		return nil, arca.Errorf(arca.EInvalid, "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' or 'NextToken' is provided.")
	}
	// As AWS: the batch action on "*", then secretsmanager:GetSecretValue on
	// each secret; a secret refused goes to Errors.
	if err := s.authorize(ctx, c.Action, "*"); err != nil {
		return nil, err
	}
	res := &BatchResult{}
	err = s.store.View(ctx, func(tx storage.Tx) error {
		*res = BatchResult{}
		if len(in.IDs) > 0 {
			for _, id := range in.IDs {
				r, err := lookup(tx, c, id)
				s.collect(ctx, tx, res, id, r, err)
			}
			return nil
		}
		max := in.Max
		if max == 0 {
			max = MaxBatch
		}
		recs, next, err := s.listRecords(tx, c.Region, ListInput{Filters: in.Filters, Max: max, Token: in.Token})
		if err != nil {
			return err
		}
		for _, r := range recs {
			s.collect(ctx, tx, res, r.ARN, r, nil)
		}
		res.NextToken = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// collect reads the current value of r into res, or records why not.
func (s *Service) collect(ctx context.Context, tx storage.Tx, res *BatchResult, id string, r *record, err error) {
	var v *SecretValue
	if err == nil {
		err = s.authorizeRecord(ctx, r, "secretsmanager:GetSecretValue")
	}
	if err == nil {
		v, err = s.value(ctx, tx, r, "", "")
	}
	if err != nil {
		res.Errors = append(res.Errors, BatchError{ID: id, Err: err})
		return
	}
	res.Values = append(res.Values, v)
}
