package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type createSecretInput struct {
	Name                        string          `json:"Name"`
	ClientRequestToken          string          `json:"ClientRequestToken"`
	Description                 string          `json:"Description"`
	KmsKeyID                    string          `json:"KmsKeyId"`
	SecretBinary                []byte          `json:"SecretBinary"`
	SecretString                *string         `json:"SecretString"`
	Tags                        []tag           `json:"Tags"`
	AddReplicaRegions           []replicaRegion `json:"AddReplicaRegions"`
	ForceOverwriteReplicaSecret bool            `json:"ForceOverwriteReplicaSecret"`
	Type                        string          `json:"Type"`
}

type createSecretOutput struct {
	ARN               string              `json:"ARN"`
	Name              string              `json:"Name"`
	VersionID         string              `json:"VersionId,omitempty"`
	ReplicationStatus []replicationStatus `json:"ReplicationStatus,omitempty"`
}

func (h *handler) createSecret(ctx context.Context, in *createSecretInput) (*createSecretOutput, error) {
	var v awsjson.Validator
	v.Required("name", in.Name != "")
	v.Len("name", in.Name, 0, 512)
	token(&v, in.ClientRequestToken)
	v.Len("description", in.Description, 0, 2048)
	v.Len("kmsKeyId", in.KmsKeyID, 0, 2048)
	checkTags(&v, "tags", in.Tags)
	if in.AddReplicaRegions != nil {
		v.Count("addReplicaRegions", len(in.AddReplicaRegions), 1, -1)
		checkRegions(&v, "addReplicaRegions", in.AddReplicaRegions)
	}
	v.Len("type", in.Type, 0, 256)
	value, err := content(&v, in.SecretString, in.SecretBinary)
	if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	res, err := h.secrets.Create(ctx, secrets.CreateInput{
		Name: in.Name, Token: in.ClientRequestToken, Description: in.Description, KeyID: in.KmsKeyID,
		Value: value, Tags: fromTags(in.Tags), Type: in.Type,
		Replicas: fromRegions(in.AddReplicaRegions), ForceOverwriteReplicas: in.ForceOverwriteReplicaSecret,
	})
	if err != nil {
		return nil, err
	}
	return &createSecretOutput{ARN: res.ARN, Name: res.Name, VersionID: res.VersionID, ReplicationStatus: toReplication(res.Replicas)}, nil
}
