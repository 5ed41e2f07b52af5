package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type stopReplicationOutput struct {
	ARN string `json:"ARN"`
}

func (h *handler) stopReplicationToReplica(ctx context.Context, in *secretIDInput) (*stopReplicationOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	if err := v.Err(); err != nil {
		return nil, err
	}
	ref, err := h.secrets.StopReplication(ctx, in.SecretID)
	if err != nil {
		return nil, err
	}
	return &stopReplicationOutput{ARN: ref.ARN}, nil
}
