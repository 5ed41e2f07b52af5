package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type removeRegionsFromReplicationInput struct {
	SecretID             string   `json:"SecretId"`
	RemoveReplicaRegions []string `json:"RemoveReplicaRegions"`
}

func (h *handler) removeRegionsFromReplication(ctx context.Context, in *removeRegionsFromReplicationInput) (*replicationOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	v.Required("removeReplicaRegions", in.RemoveReplicaRegions != nil)
	v.Count("removeReplicaRegions", len(in.RemoveReplicaRegions), 1, -1)
	for _, r := range in.RemoveReplicaRegions {
		v.Len("removeReplicaRegions.member", r, 1, 128)
		v.Pattern("removeReplicaRegions.member", r, regionPattern)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	res, err := h.secrets.RemoveReplicas(ctx, in.SecretID, in.RemoveReplicaRegions)
	if err != nil {
		return nil, err
	}
	return &replicationOutput{ARN: res.ARN, ReplicationStatus: orEmpty(toReplication(res.Replicas))}, nil
}
