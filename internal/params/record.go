package params

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Storage layout, all under "ssm/<region>/":
//
//	p/<name>              -> record (the parameter's latest state, labels, tags)
//	v/<name>\x00<version> -> versionRecord (one per kept version, %020d)
//	c/<parent>\x00<leaf>  -> empty (one-level index for hierarchical names)
//
// Version keys sort numerically; the one-level index lets a non-recursive
// path listing read only direct children at any store size.

type record struct {
	Name     string           `json:"name"`
	Version  int64            `json:"version"` // latest
	Oldest   int64            `json:"oldest"`  // oldest kept; versions are contiguous
	Labels   map[string]int64 `json:"labels,omitempty"`
	Tags     []Tag            `json:"tags,omitempty"`
	Latest   versionRecord    `json:"latest"` // copy of the latest version's metadata, without value
	Modified time.Time        `json:"modified"`
}

type versionRecord struct {
	Version        int64     `json:"n"`
	Type           string    `json:"type"`
	KeyID          string    `json:"keyId,omitempty"`
	Description    string    `json:"desc,omitempty"`
	AllowedPattern string    `json:"pattern,omitempty"`
	Tier           string    `json:"tier"`
	DataType       string    `json:"dataType"`
	Policies       string    `json:"policies,omitempty"`
	Modified       time.Time `json:"modified"`
	ModifiedUser   string    `json:"user"`
	Value          []byte    `json:"-"` // plaintext, or the envelope for SecureString; stored after the JSON
}

func recordKey(region, name string) []byte { return []byte("ssm/" + region + "/p/" + name) }

func recordPrefix(region string) []byte { return []byte("ssm/" + region + "/p/") }

func versionPrefix(region, name string) []byte {
	return []byte("ssm/" + region + "/v/" + name + "\x00")
}

func versionKey(region, name string, v int64) []byte {
	return fmt.Appendf(versionPrefix(region, name), "%020d", v)
}

func childPrefix(region, parent string) []byte {
	return []byte("ssm/" + region + "/c/" + parent + "\x00")
}

// childKey indexes a name under its parent path. A root-level name without
// a leading slash is indexed under the root, as "/name" is: AWS lists both
// spellings at path "/".
func childKey(region, name string) []byte {
	if !strings.HasPrefix(name, "/") {
		name = "/" + name
	}
	i := strings.LastIndexByte(name, '/')
	return append(childPrefix(region, name[:i]), name[i+1:]...)
}

// rootTwin returns the other spelling of a root-level name — "/foo" for
// "foo" and "foo" for "/foo" — and "" for a name deeper in a hierarchy. AWS
// treats the two spellings as one parameter (they share one ARN), so a
// lookup by either finds it and a create by either conflicts with it.
func rootTwin(name string) string {
	switch {
	case name == "" || name == "/":
		return ""
	case strings.HasPrefix(name, "/"):
		if strings.Contains(name[1:], "/") {
			return ""
		}
		return name[1:]
	case strings.Contains(name, "/"):
		return ""
	}
	return "/" + name
}

// rootName is the spelling-independent form of a name: a root-level name
// without its leading slash.
func rootName(name string) string {
	if t := rootTwin(name); t != "" && strings.HasPrefix(name, "/") {
		return t
	}
	return name
}

// findRecord reads the record of a parameter by either spelling of its name;
// the record's Name is the spelling it was created with, which names its
// storage keys. Errors: ENotFound (for name).
//
// With a non-nil cache the record may be shared: read paths only.
func findRecord(tx storage.Tx, region, name string, cc ...*cache) (*record, error) {
	r, err := getRecord(tx, region, name, cc...)
	if arca.ErrorCode(err) != arca.ENotFound {
		return r, err
	}
	twin := rootTwin(name)
	if twin == "" {
		return nil, err
	}
	r, terr := getRecord(tx, region, twin, cc...)
	if arca.ErrorCode(terr) == arca.ENotFound {
		return nil, err
	}
	return r, terr
}

func getRecord(tx storage.Tx, region, name string, cc ...*cache) (*record, error) {
	r, err := one(cc).recordCache().Read(tx, recordKey(region, name), decodeRecord)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, notFound(name)
	}
	return r, internal(err)
}

// internal passes nil and arca errors (a decode failure) through and wraps
// any other (the store's) as an internal error.
func internal(err error) error {
	var e *arca.Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	return arca.Internal(err)
}

// one returns the optional cache argument, or nil.
func one(cc []*cache) *cache {
	if len(cc) == 0 {
		return nil
	}
	return cc[0]
}

func decodeRecord(raw []byte) (*record, error) {
	var r record
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode parameter record: %w", err))
	}
	return &r, nil
}

func putRecord(tx storage.Tx, region string, r *record) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return arca.Internal(err)
	}
	if err := tx.Put(recordKey(region, r.Name), raw); err != nil {
		return arca.Internal(err)
	}
	return nil
}

func getVersion(tx storage.Tx, region, name string, v int64, cc ...*cache) (*versionRecord, error) {
	vr, err := one(cc).versionCache().Read(tx, versionKey(region, name, v), decodeVersion)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, arca.Errorf(arca.EVersionNotFound, "Systems Manager could not find version %d of %s. Verify the version and try again.", v, name)
	}
	return vr, internal(err)
}

// A version is stored as: u32 length of the JSON metadata | metadata | the
// value's raw bytes. Keeping the value out of the JSON spares a base64
// round trip of up to 8 KiB on every read.
func encodeVersion(vr *versionRecord) ([]byte, error) {
	value := vr.Value
	vr.Value = nil
	meta, err := json.Marshal(vr)
	vr.Value = value
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, 4+len(meta)+len(value))
	out = binary.BigEndian.AppendUint32(out, uint32(len(meta)))
	out = append(out, meta...)
	return append(out, value...), nil
}

func decodeVersion(raw []byte) (*versionRecord, error) {
	if len(raw) < 4 || int(binary.BigEndian.Uint32(raw)) > len(raw)-4 {
		return nil, arca.Internal(fmt.Errorf("decode parameter version: truncated record"))
	}
	n := int(binary.BigEndian.Uint32(raw))
	var vr versionRecord
	if err := json.Unmarshal(raw[4:4+n], &vr); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode parameter version: %w", err))
	}
	vr.Value = raw[4+n:]
	return &vr, nil
}

func putVersion(tx storage.Tx, region, name string, vr *versionRecord) error {
	raw, err := encodeVersion(vr)
	if err != nil {
		return arca.Internal(err)
	}
	if err := tx.Put(versionKey(region, name, vr.Version), raw); err != nil {
		return arca.Internal(err)
	}
	return nil
}

func notFound(name string) error {
	return arca.Errorf(arca.ENotFound, "Parameter %s not found.", name)
}

// labelsOf returns the labels on version v, sorted.
func (r *record) labelsOf(v int64) []string {
	var out []string
	for l, lv := range r.Labels {
		if lv == v {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}
