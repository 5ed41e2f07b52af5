package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type replicateSecretToRegionsInput struct {
	SecretID                    string          `json:"SecretId"`
	AddReplicaRegions           []replicaRegion `json:"AddReplicaRegions"`
	ForceOverwriteReplicaSecret bool            `json:"ForceOverwriteReplicaSecret"`
}

type replicationOutput struct {
	ARN               string              `json:"ARN"`
	ReplicationStatus []replicationStatus `json:"ReplicationStatus"`
}

func (h *handler) replicateSecretToRegions(ctx context.Context, in *replicateSecretToRegionsInput) (*replicationOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	v.Required("addReplicaRegions", in.AddReplicaRegions != nil)
	v.Count("addReplicaRegions", len(in.AddReplicaRegions), 1, -1)
	checkRegions(&v, "addReplicaRegions", in.AddReplicaRegions)
	if err := v.Err(); err != nil {
		return nil, err
	}
	res, err := h.secrets.Replicate(ctx, in.SecretID, fromRegions(in.AddReplicaRegions), in.ForceOverwriteReplicaSecret)
	if err != nil {
		return nil, err
	}
	return &replicationOutput{ARN: res.ARN, ReplicationStatus: orEmpty(toReplication(res.Replicas))}, nil
}

func orEmpty(rs []replicationStatus) []replicationStatus {
	if rs == nil {
		return []replicationStatus{}
	}
	return rs
}
