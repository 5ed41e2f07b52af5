package secrets

import (
	"context"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/decoded"
	"github.com/arca-vault/arca/internal/storage"
)

const suffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// ARN returns the ARN of the secret name with its random suffix in region
// and account: arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX.
func ARN(region, account, name, suffix string) string {
	return arca.ARN("secretsmanager", region, account, "secret:"+name+"-"+suffix, false)
}

// ValidateName checks a secret name: 1 to 512 characters of ASCII letters,
// digits and /_+=.@-. Errors: EInvalid.
func ValidateName(name string) error {
	if name == "" || len(name) > MaxNameLength {
		return arca.Errorf(arca.EInvalid, "Invalid name. The name must be 1 to %d characters long.", MaxNameLength)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/_+=.@-", c) >= 0) {
			return arca.Errorf(arca.EInvalid, "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")
		}
	}
	return nil
}

// newSuffix returns the six random characters that end a secret's ARN.
func newSuffix() (string, error) {
	b := make([]byte, 6)
	for i := range b {
		n, err := randIndex(len(suffixAlphabet))
		if err != nil {
			return "", arca.Internal(err)
		}
		b[i] = suffixAlphabet[n]
	}
	return string(b), nil
}

// lookup finds the secret that id names in the caller's region: a name, a
// full ARN (with the suffix) or a partial ARN (without it). An ARN of another
// partition, region, account or service names nothing here. Errors:
// ENotFound.
func lookup(tx storage.Tx, c *arca.Caller, id string) (*record, error) {
	return lookupIn(tx, c, id, nil)
}

// lookupIn is lookup through a decode cache (see readRecord): for reads
// that do not modify the record.
func lookupIn(tx storage.Tx, c *arca.Caller, id string, cache *decoded.Cache[record]) (*record, error) {
	getRecord := func(tx storage.Tx, region, name string) (*record, error) { return readRecord(tx, region, name, cache) }
	a, ok := arca.ParseARN(id)
	if !ok {
		return getRecord(tx, c.Region, id)
	}
	if a.Service != "secretsmanager" || a.Partition != arca.Partition(c.Region) || a.Region != c.Region ||
		a.Account != c.Account || !strings.HasPrefix(a.Resource, "secret:") {
		return nil, notFound()
	}
	rest := strings.TrimPrefix(a.Resource, "secret:")
	// A full ARN: NAME-SUFFIX, and the record's ARN is exactly this one.
	if i := len(rest) - 7; i > 0 && rest[i] == '-' {
		r, err := getRecord(tx, c.Region, rest[:i])
		if err == nil && r.ARN == id {
			return r, nil
		}
		if err != nil && arca.ErrorCode(err) != arca.ENotFound {
			return nil, err
		}
	}
	// A partial ARN: the name alone.
	return getRecord(tx, c.Region, rest)
}

// writable resolves id for a change: the secret must not be scheduled for
// deletion nor be a replica. Errors: ENotFound, EDenied, EConflict.
func (s *Service) writable(ctx context.Context, tx storage.Tx, c *arca.Caller, id string) (*record, error) {
	r, err := s.resolve(ctx, tx, c, id)
	if err != nil {
		return nil, err
	}
	if r.isReplica() {
		return nil, replicaWrite()
	}
	if !r.Deleted.IsZero() {
		return nil, markedForDeletion()
	}
	return r, nil
}
