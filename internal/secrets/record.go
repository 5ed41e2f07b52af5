package secrets

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/decoded"
	"github.com/arca-vault/arca/internal/storage"
)

// Storage layout, per region under "sm/<region>/":
//
//	s/<name>                -> record (JSON: metadata, versions, stages)
//	v/<name>\x00<versionId> -> the version's sealed value, nothing else
//
// and one index across regions, of the secrets scheduled for deletion in the
// order their deletion falls due:
//
//	sm-purge/<unix seconds, %020d>\x00<region>\x00<name> -> empty
//
// and the due index of rotations (see dueKey), with its once-per-store
// marker sm-due-indexed (see IndexRotations):
//
//	sm-due/<unix nanoseconds, %020d>\x00<region>\x00<name> -> empty
//
// A version's value is kept outside the JSON metadata, so reading the
// metadata (DescribeSecret, ListSecrets) never touches ciphertext, and
// reading a value never base64-decodes it.

type record struct {
	Region      string          `json:"region"`
	ARN         string          `json:"arn"`
	Name        string          `json:"name"`
	Description string          `json:"desc,omitempty"`
	KeyID       string          `json:"keyId,omitempty"` // as given; "" = DefaultKeyAlias
	Type        string          `json:"type,omitempty"`
	Tags        []Tag           `json:"tags,omitempty"`
	Policy      string          `json:"policy,omitempty"`
	Token       string          `json:"token,omitempty"`    // the ClientRequestToken of CreateSecret
	Versions    []*version      `json:"versions,omitempty"` // oldest first
	Rotation    rotationState   `json:"rotation,omitzero"`
	Created     time.Time       `json:"created"`
	Changed     time.Time       `json:"changed"`
	Deleted     time.Time       `json:"deleted,omitzero"`
	DeleteAt    time.Time       `json:"deleteAt,omitzero"`
	Primary     string          `json:"primary,omitempty"` // on a replica: the primary's region
	Replicas    []ReplicaStatus `json:"replicas,omitempty"`
}

type version struct {
	ID      string    `json:"id"`
	Stages  []string  `json:"stages,omitempty"`
	Created time.Time `json:"created"`
	Kind    string    `json:"kind,omitempty"` // kindString, kindBinary; "" = no value yet
	KeyARN  string    `json:"key,omitempty"`  // the KMS key that sealed the value
}

const (
	kindString = "s"
	kindBinary = "b"
)

type rotationState struct {
	Configured bool      `json:"configured,omitempty"`
	Enabled    bool      `json:"enabled,omitempty"`
	Lambda     string    `json:"lambda,omitempty"`
	Rules      *Rules    `json:"rules,omitempty"`
	Last       time.Time `json:"last,omitzero"`
	Next       time.Time `json:"next,omitzero"`
	// Due is the start of the next rotation window: when the scheduler
	// starts the rotation (AWS picks a random point in the window; arca its
	// start). Next, the window's end, is what AWS reports.
	Due time.Time `json:"due,omitzero"`
	// The rotation in progress (AWSPENDING on a version that is not
	// AWSCURRENT): the last step that completed, failed attempts so far and
	// when the runner tries again. finish resets them.
	Step     string    `json:"step,omitempty"`
	Attempts int       `json:"attempts,omitempty"`
	RetryAt  time.Time `json:"retryAt,omitzero"`
	// Result is "succeeded" or "failed": how the last attempt ended;
	// Failure describes the last failure.
	Result  string           `json:"result,omitempty"`
	Failure *RotationFailure `json:"failure,omitempty"`
	// The lease on the rotation in progress: the node that runs it, until
	// when (see ClaimRotation).
	Holder     string    `json:"holder,omitempty"`
	LeaseUntil time.Time `json:"leaseUntil,omitzero"`
	// Indexed is the time under which the due index holds the secret (see
	// dueKey); zero when it is not in the index.
	Indexed time.Time `json:"indexed,omitzero"`
}

func recordKey(region, name string) []byte { return []byte("sm/" + region + "/s/" + name) }

func recordPrefix(region string) []byte { return []byte("sm/" + region + "/s/") }

func valueKey(region, name, id string) []byte {
	return []byte("sm/" + region + "/v/" + name + "\x00" + id)
}

const purgePrefix = "sm-purge/"

// dueKey is the entry of the due index, across regions, of the secrets
// whose rotation falls due at at (a scheduled rotation, or a rotation in
// progress to resume), so that an idle scheduler reads keys, not records:
//
//	sm-due/<unix nanoseconds, %020d>\x00<region>\x00<name> -> empty
func dueKey(at time.Time, region, name string) []byte {
	return fmt.Appendf(nil, "%s%020d\x00%s\x00%s", duePrefix, at.UnixNano(), region, name)
}

const duePrefix = "sm-due/"

func purgeKey(at time.Time, region, name string) []byte {
	return fmt.Appendf(nil, "%s%020d\x00%s\x00%s", purgePrefix, at.Unix(), region, name)
}

// getRecord reads the secret name in region. Errors: ENotFound.
func getRecord(tx storage.Tx, region, name string) (*record, error) {
	return readRecord(tx, region, name, nil)
}

// readRecord is getRecord through a decode cache: the record it returns
// may be shared, and must not be modified (see package decoded). A nil
// cache decodes afresh.
func readRecord(tx storage.Tx, region, name string, c *decoded.Cache[record]) (*record, error) {
	r, err := c.Read(tx, recordKey(region, name), decodeRecord)
	var e *arca.Error
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return nil, notFound()
	case err != nil && !errors.As(err, &e):
		return nil, arca.Internal(err)
	}
	return r, err
}

func putRecord(tx storage.Tx, r *record) error {
	if err := indexDue(tx, r); err != nil {
		return err
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return arca.Internal(err)
	}
	if err := tx.Put(recordKey(r.Region, r.Name), raw); err != nil {
		return arca.Internal(err)
	}
	return nil
}

// dropRecord removes a secret, every stored value and its purge index
// entry.
func dropRecord(tx storage.Tx, r *record) error {
	for _, v := range r.Versions {
		if err := tx.Delete(valueKey(r.Region, r.Name, v.ID)); err != nil {
			return arca.Internal(err)
		}
	}
	if !r.DeleteAt.IsZero() {
		if err := tx.Delete(purgeKey(r.DeleteAt, r.Region, r.Name)); err != nil {
			return arca.Internal(err)
		}
	}
	if !r.Rotation.Indexed.IsZero() {
		if err := tx.Delete(dueKey(r.Rotation.Indexed, r.Region, r.Name)); err != nil {
			return arca.Internal(err)
		}
	}
	if err := tx.Delete(recordKey(r.Region, r.Name)); err != nil {
		return arca.Internal(err)
	}
	return nil
}

func notFound() error {
	return arca.Errorf(arca.ENotFound, "Secrets Manager can't find the specified secret.")
}

func markedForDeletion() error {
	return arca.Errorf(arca.EConflict, "You can't perform this operation on the secret because it was marked for deletion.")
}

func replicaWrite() error {
	return arca.Errorf(arca.EConflict, "Operation not permitted on a replica secret. Call must be made in primary secret's region.")
}

// find returns the version with id, or nil.
func (r *record) find(id string) *version {
	for _, v := range r.Versions {
		if v.ID == id {
			return v
		}
	}
	return nil
}

// isReplica reports whether r is a read-only replica of a primary elsewhere.
func (r *record) isReplica() bool { return r.Primary != "" }

// info returns the metadata view of r.
func (r *record) info() *Secret {
	s := &Secret{
		ARN: r.ARN, Name: r.Name, Description: r.Description, Type: r.Type,
		Tags: append([]Tag(nil), r.Tags...), Stages: r.stageMap(),
		Created: r.Created, Changed: r.Changed, Deleted: r.Deleted, DeletionDate: r.DeleteAt,
		Rotation: Rotation{
			Configured: r.Rotation.Configured, Enabled: r.Rotation.Enabled, LambdaARN: r.Rotation.Lambda,
			LastRotated: r.Rotation.Last, Next: r.Rotation.Next,
			Step: r.Rotation.Step, Attempts: r.Rotation.Attempts, RetryAt: r.Rotation.RetryAt,
			Result: r.Rotation.Result, RunningOn: r.Rotation.Holder,
		},
	}
	if r.rotating() {
		s.Rotation.PendingVersion = r.owner(StagePending).ID
	}
	if f := r.Rotation.Failure; f != nil {
		failure := *f
		s.Rotation.Failure = &failure
	}
	if r.KeyID != DefaultKeyAlias {
		s.KeyID = r.KeyID
	}
	if r.Rotation.Rules != nil {
		rules := *r.Rotation.Rules
		s.Rotation.Rules = &rules
	}
	switch {
	case r.isReplica():
		s.PrimaryRegion = r.Primary
	case len(r.Replicas) > 0:
		s.PrimaryRegion = r.Region
		s.Replicas = append([]ReplicaStatus(nil), r.Replicas...)
	}
	return s
}
