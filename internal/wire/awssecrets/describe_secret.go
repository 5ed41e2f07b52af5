package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type describeSecretInput struct {
	SecretID string `json:"SecretId"`
}

type describeSecretOutput struct {
	ARN                string              `json:"ARN"`
	Name               string              `json:"Name"`
	Type               string              `json:"Type,omitempty"`
	Description        string              `json:"Description,omitempty"`
	KmsKeyID           string              `json:"KmsKeyId,omitempty"`
	RotationEnabled    *bool               `json:"RotationEnabled,omitempty"`
	RotationLambdaARN  string              `json:"RotationLambdaARN,omitempty"`
	RotationRules      *rotationRules      `json:"RotationRules,omitempty"`
	LastRotatedDate    *awsjson.Time       `json:"LastRotatedDate,omitempty"`
	LastChangedDate    *awsjson.Time       `json:"LastChangedDate,omitempty"`
	DeletedDate        *awsjson.Time       `json:"DeletedDate,omitempty"`
	NextRotationDate   *awsjson.Time       `json:"NextRotationDate,omitempty"`
	Tags               []tag               `json:"Tags,omitempty"`
	VersionIdsToStages map[string][]string `json:"VersionIdsToStages,omitempty"`
	CreatedDate        *awsjson.Time       `json:"CreatedDate,omitempty"`
	PrimaryRegion      string              `json:"PrimaryRegion,omitempty"`
	ReplicationStatus  []replicationStatus `json:"ReplicationStatus,omitempty"`
}

func (h *handler) describeSecret(ctx context.Context, in *describeSecretInput) (*describeSecretOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := h.secrets.Describe(ctx, in.SecretID)
	if err != nil {
		return nil, err
	}
	e := toEntry(s)
	return &describeSecretOutput{
		ARN: e.ARN, Name: e.Name, Type: e.Type, Description: e.Description, KmsKeyID: e.KmsKeyID,
		RotationEnabled: e.RotationEnabled, RotationLambdaARN: e.RotationLambdaARN, RotationRules: e.RotationRules,
		LastRotatedDate: e.LastRotatedDate, LastChangedDate: e.LastChangedDate, DeletedDate: e.DeletedDate,
		NextRotationDate: e.NextRotationDate, Tags: e.Tags, VersionIdsToStages: e.SecretVersionsToStages,
		CreatedDate: e.CreatedDate, PrimaryRegion: e.PrimaryRegion, ReplicationStatus: toReplication(s.Replicas),
	}, nil
}

// secretListEntry is ListSecrets' SecretListEntry; DescribeSecret reports
// the same fields.
type secretListEntry struct {
	ARN                    string              `json:"ARN"`
	Name                   string              `json:"Name"`
	Type                   string              `json:"Type,omitempty"`
	Description            string              `json:"Description,omitempty"`
	KmsKeyID               string              `json:"KmsKeyId,omitempty"`
	RotationEnabled        *bool               `json:"RotationEnabled,omitempty"`
	RotationLambdaARN      string              `json:"RotationLambdaARN,omitempty"`
	RotationRules          *rotationRules      `json:"RotationRules,omitempty"`
	LastRotatedDate        *awsjson.Time       `json:"LastRotatedDate,omitempty"`
	LastChangedDate        *awsjson.Time       `json:"LastChangedDate,omitempty"`
	DeletedDate            *awsjson.Time       `json:"DeletedDate,omitempty"`
	NextRotationDate       *awsjson.Time       `json:"NextRotationDate,omitempty"`
	Tags                   []tag               `json:"Tags,omitempty"`
	SecretVersionsToStages map[string][]string `json:"SecretVersionsToStages,omitempty"`
	CreatedDate            *awsjson.Time       `json:"CreatedDate,omitempty"`
	PrimaryRegion          string              `json:"PrimaryRegion,omitempty"`
}

func toEntry(s *secrets.Secret) secretListEntry {
	e := secretListEntry{
		ARN: s.ARN, Name: s.Name, Type: s.Type, Description: s.Description, KmsKeyID: s.KeyID,
		RotationLambdaARN: s.Rotation.LambdaARN, RotationRules: toRules(s.Rotation.Rules),
		LastRotatedDate: awsjson.TimePtr(s.Rotation.LastRotated), LastChangedDate: awsjson.TimePtr(s.Changed),
		DeletedDate: awsjson.TimePtr(s.Deleted), NextRotationDate: awsjson.TimePtr(s.Rotation.Next),
		Tags: toTags(s.Tags), CreatedDate: awsjson.TimePtr(s.Created), PrimaryRegion: s.PrimaryRegion,
	}
	if s.Rotation.Configured {
		e.RotationEnabled = boolPtr(s.Rotation.Enabled)
	}
	if len(s.Stages) > 0 {
		e.SecretVersionsToStages = s.Stages
	}
	return e
}
