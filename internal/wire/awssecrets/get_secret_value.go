package awssecrets

import (
	"context"
	"encoding/base64"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getSecretValueInput struct {
	SecretID     string `json:"SecretId"`
	VersionID    string `json:"VersionId"`
	VersionStage string `json:"VersionStage"`
}

// secretValue is GetSecretValueResponse and BatchGetSecretValue's
// SecretValueEntry. It is the one place a value is revealed.
type secretValue struct {
	ARN           string        `json:"ARN"`
	Name          string        `json:"Name"`
	VersionID     string        `json:"VersionId"`
	SecretBinary  []byte        `json:"SecretBinary,omitempty"`
	SecretString  *string       `json:"SecretString,omitempty"`
	VersionStages []string      `json:"VersionStages,omitempty"`
	CreatedDate   *awsjson.Time `json:"CreatedDate,omitempty"`

	// plain is the SecretString when it was opened for this answer
	// (GetSecretValue; plainSet tells an empty one from none): AppendJSON
	// writes it from its bytes, with no string copy, and Wipe zeroes it
	// and SecretBinary once the answer is out.
	plain    arca.Value
	plainSet bool
}

func (h *handler) getSecretValue(ctx context.Context, in *getSecretValueInput) (*secretValue, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	if in.VersionID != "" {
		v.Len("versionId", in.VersionID, 32, 64)
	}
	if in.VersionStage != "" {
		v.Len("versionStage", in.VersionStage, 1, 256)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sv, err := h.secrets.GetValue(ctx, in.SecretID, in.VersionID, in.VersionStage)
	if err != nil {
		return nil, err
	}
	out := describeSecretValue(sv)
	if sv.Content.Binary {
		out.SecretBinary = []byte(sv.Content.Data) // the opened value itself, wiped with the answer
	} else {
		out.plain, out.plainSet = sv.Content.Data, true
	}
	return out, nil
}

// describeSecretValue is sv as the SecretValue shape without its value.
func describeSecretValue(sv *secrets.SecretValue) *secretValue {
	return &secretValue{
		ARN: sv.ARN, Name: sv.Name, VersionID: sv.VersionID, VersionStages: sv.Stages,
		CreatedDate: awsjson.TimePtr(sv.Created),
	}
}

func toSecretValue(sv *secrets.SecretValue) *secretValue {
	out := describeSecretValue(sv)
	if sv.Content.Binary {
		out.SecretBinary = []byte(sv.Content.Data)
	} else {
		s := sv.Content.Data.Reveal()
		out.SecretString = &s
	}
	return out
}

// AppendJSON implements awsjson.Appender: GetSecretValue is the hot read.
// It writes what encoding/json writes (fields in declaration order,
// omitempty honoured, SecretBinary in standard base64).
func (o *secretValue) AppendJSON(b []byte) []byte {
	b = append(b, `{"ARN":`...)
	b = awsjson.AppendString(b, o.ARN)
	b = append(b, `,"Name":`...)
	b = awsjson.AppendString(b, o.Name)
	b = append(b, `,"VersionId":`...)
	b = awsjson.AppendString(b, o.VersionID)
	if len(o.SecretBinary) > 0 {
		b = append(b, `,"SecretBinary":"`...)
		b = base64.StdEncoding.AppendEncode(b, o.SecretBinary)
		b = append(b, '"')
	}
	if o.plainSet {
		b = append(b, `,"SecretString":`...)
		b = awsjson.AppendString(b, o.plain)
	} else if o.SecretString != nil {
		b = append(b, `,"SecretString":`...)
		b = awsjson.AppendString(b, *o.SecretString)
	}
	if len(o.VersionStages) > 0 {
		b = append(b, `,"VersionStages":[`...)
		for i, s := range o.VersionStages {
			if i > 0 {
				b = append(b, ',')
			}
			b = awsjson.AppendString(b, s)
		}
		b = append(b, ']')
	}
	if o.CreatedDate != nil {
		b = append(b, `,"CreatedDate":`...)
		b = awsjson.AppendTime(b, *o.CreatedDate)
	}
	return append(b, '}')
}

// MarshalJSON implements json.Marshaler with AppendJSON, so that an
// encoding by reflection (BatchGetSecretValue's entries) writes the value
// held in plain too.
func (o *secretValue) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil), nil }

// Wipe implements awsjson.Wiper.
func (o *secretValue) Wipe() {
	o.plain.Zero()
	clear(o.SecretBinary)
}
