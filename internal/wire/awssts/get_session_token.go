package awssts

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type getSessionTokenInput struct {
	DurationSeconds *int64
	SerialNumber    string
	TokenCode       string
}

type getSessionTokenResult struct {
	Credentials credentialsXML `xml:"Credentials"`
}

func (h *handler) getSessionToken(ctx context.Context, in *getSessionTokenInput) (*getSessionTokenResult, error) {
	var v awsquery.Validator
	v.Range("durationSeconds", in.DurationSeconds, 900, 129600)
	if err := v.Err(); err != nil {
		return nil, err
	}
	c, err := h.id.GetSessionToken(ctx, intOf(in.DurationSeconds))
	if err != nil {
		return nil, err
	}
	return &getSessionTokenResult{Credentials: toCredentials(c)}, nil
}
