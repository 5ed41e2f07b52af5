package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type scheduleKeyDeletionInput struct {
	KeyID               *string `json:"KeyId"`
	PendingWindowInDays *int64  `json:"PendingWindowInDays"`
}

type scheduleKeyDeletionOutput struct {
	KeyID               string        `json:"KeyId"`
	DeletionDate        *awsjson.Time `json:"DeletionDate,omitempty"`
	KeyState            string        `json:"KeyState"`
	PendingWindowInDays int           `json:"PendingWindowInDays"`
}

func (h *handler) scheduleKeyDeletion(ctx context.Context, in *scheduleKeyDeletionInput) (*scheduleKeyDeletionOutput, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	// The model allows 1..365; the service accepts 7..30 and says so in the
	// same words.
	v.Range("pendingWindowInDays", in.PendingWindowInDays, kms.MinPendingWindowDays, kms.MaxPendingWindowDays)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	days := 0
	if in.PendingWindowInDays != nil {
		days = int(*in.PendingWindowInDays)
	}
	k, err := h.kms.ScheduleDeletion(ctx, region(arca.CallerFrom(ctx)), ref, days)
	if err != nil {
		return nil, err
	}
	return &scheduleKeyDeletionOutput{KeyID: k.ARN(), DeletionDate: awsjson.TimePtr(k.DeletionDate), KeyState: k.State, PendingWindowInDays: k.PendingWindowDays}, nil
}
