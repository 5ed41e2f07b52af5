package params

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/arca-vault/arca"
)

// ReferencePrefix starts the names that read a Secrets Manager secret
// through the parameter store, as AWS offers: GetParameter(s) of
// /aws/reference/secretsmanager/NAME[:VERSION-ID-OR-STAGE].
const ReferencePrefix = "/aws/reference/secretsmanager/"

// ReferencedSecret is a secret's version as the passthrough returns it.
type ReferencedSecret struct {
	ARN, Name, VersionID string
	Stages               []string
	Created              time.Time
	Value                arca.Value
	Binary               bool
}

// SecretSource reads a secret version by secret id and an optional
// selector (a version id or a staging label; "" = AWSCURRENT). The server
// wires it to the Secrets Manager core, so that params does not depend on
// it. It returns the secret store's *arca.Error codes.
type SecretSource func(ctx context.Context, id, selector string) (*ReferencedSecret, error)

// reference serves a /aws/reference/secretsmanager/ name. As in AWS it
// needs WithDecryption, returns the value as a SecureString of version 0,
// and describes the secret version in SourceResult (never its value).
func (s *Service) reference(ctx context.Context, ref string, decrypt bool) (*Parameter, error) {
	if !decrypt {
		return nil, arca.Errorf(arca.EInvalid, "WithDecryption flag must be True for retrieving a Secret Manager secret.")
	}
	id, selector := strings.TrimPrefix(ref, ReferencePrefix), ""
	if i := strings.LastIndexByte(id, ':'); i >= 0 {
		id, selector = id[:i], id[i+1:]
	}
	if id == "" || s.refs == nil {
		return nil, notFound(ref)
	}
	sec, err := s.refs(ctx, id, selector)
	switch arca.ErrorCode(err) {
	case "":
	case arca.ENotFound, arca.EInvalid, arca.EConflict:
		return nil, notFound(ref)
	case arca.EVersionNotFound:
		return nil, arca.Errorf(arca.EVersionNotFound, "Systems Manager could not find version %s of %s.", selector, ref)
	default:
		return nil, err
	}
	source, err := json.Marshal(struct {
		ARN           string   `json:"ARN"`
		Name          string   `json:"Name"`
		VersionID     string   `json:"VersionId"`
		VersionStages []string `json:"VersionStages"`
		CreatedDate   float64  `json:"CreatedDate"`
	}{sec.ARN, sec.Name, sec.VersionID, sec.Stages, float64(sec.Created.UnixMilli()) / 1000})
	if err != nil {
		return nil, arca.Internal(err)
	}
	p := &Parameter{
		Name: ref, ARN: sec.ARN, Type: TypeSecureString, Version: 0, Value: sec.Value,
		Modified: sec.Created, DataType: DefaultDataType, SourceResult: string(source),
	}
	if selector != "" {
		p.Name, p.Selector = strings.TrimSuffix(ref, ":"+selector), ":"+selector
	}
	if sec.Binary {
		p.Value = arca.Value(base64.StdEncoding.EncodeToString(sec.Value))
	}
	return p, nil
}
