package awsssm

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getParameterInput struct {
	Name           string `json:"Name"`
	WithDecryption bool   `json:"WithDecryption"`
}

type getParameterOutput struct {
	Parameter parameter `json:"Parameter"`
}

func (h *handler) getParameter(ctx context.Context, in *getParameterInput) (*getParameterOutput, error) {
	var v awsjson.Validator
	v.Len("name", in.Name, 1, 2048)
	if err := v.Err(); err != nil {
		return nil, err
	}
	p, err := h.params.Get(ctx, in.Name, in.WithDecryption)
	if err != nil {
		return nil, err
	}
	return &getParameterOutput{Parameter: toParameter(p)}, nil
}

// AppendJSON implements awsjson.Appender: GetParameter is the hot read.
func (o *getParameterOutput) AppendJSON(b []byte) []byte {
	b = append(b, `{"Parameter":`...)
	return append(o.Parameter.appendJSON(b), '}')
}
