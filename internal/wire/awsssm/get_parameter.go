package awsssm

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getParameterInput struct {
	Name           string `json:"Name"`
	WithDecryption bool   `json:"WithDecryption"`
}

type getParameterOutput struct {
	Parameter parameter `json:"Parameter"`
	// plain is the value when it was opened or copied for this answer (nil
	// when Parameter.Value holds the answer: a SecureString's ciphertext).
	// AppendJSON writes it in Parameter.Value's place from its bytes, with
	// no string copy, and Wipe zeroes it once the answer is out.
	plain arca.Value
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
	out := &getParameterOutput{Parameter: describe(p)}
	if p.Value != nil {
		out.plain = p.Value // a copy of its own (params.Service.Get)
	} else {
		out.Parameter.Value = valueOf(p)
	}
	return out, nil
}

// AppendJSON implements awsjson.Appender: GetParameter is the hot read.
func (o *getParameterOutput) AppendJSON(b []byte) []byte {
	b = append(b, `{"Parameter":`...)
	return append(o.Parameter.appendJSON(b, o.plain), '}')
}

// MarshalJSON implements json.Marshaler with AppendJSON, so that an
// encoding by reflection writes the value held in plain too.
func (o *getParameterOutput) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil), nil }

// Wipe implements awsjson.Wiper.
func (o *getParameterOutput) Wipe() { o.plain.Zero() }
