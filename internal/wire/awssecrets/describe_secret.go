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
	// ArcaRotationStatus is arca's addition, absent from AWS's shape (SDKs
	// ignore it): the rotation in progress and how the last attempt ended.
	ArcaRotationStatus *rotationStatus `json:"ArcaRotationStatus,omitempty"`
}

// rotationStatus is DescribeSecret's ArcaRotationStatus.
type rotationStatus struct {
	LastResult      string        `json:"LastResult,omitempty"` // succeeded, failed
	PendingVersion  string        `json:"PendingVersionId,omitempty"`
	LastStep        string        `json:"LastCompletedStep,omitempty"`
	Attempts        int           `json:"FailedAttempts,omitempty"`
	NextAttemptDate *awsjson.Time `json:"NextAttemptDate,omitempty"`
	FailedStep      string        `json:"FailedStep,omitempty"`
	FailureMessage  string        `json:"FailureMessage,omitempty"`
	FailureDate     *awsjson.Time `json:"FailureDate,omitempty"`
	RunningOn       string        `json:"RunningOn,omitempty"`
}

func toRotationStatus(r secrets.Rotation) *rotationStatus {
	if r.Result == "" && r.PendingVersion == "" {
		return nil
	}
	st := &rotationStatus{LastResult: r.Result, PendingVersion: r.PendingVersion, LastStep: r.Step, Attempts: r.Attempts, RunningOn: r.RunningOn}
	if r.PendingVersion != "" {
		st.NextAttemptDate = awsjson.TimePtr(r.RetryAt)
	}
	if f := r.Failure; f != nil {
		st.FailedStep, st.FailureMessage, st.FailureDate = f.Step, f.Message, awsjson.TimePtr(f.At)
	}
	return st
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
		ArcaRotationStatus: toRotationStatus(s.Rotation),
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
