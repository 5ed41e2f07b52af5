package awsssm

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getParametersInput struct {
	Names          []string `json:"Names"`
	WithDecryption bool     `json:"WithDecryption"`
}

type getParametersOutput struct {
	Parameters        []parameter `json:"Parameters"`
	InvalidParameters []string    `json:"InvalidParameters"`
}

// getParameters reads up to ten parameters; names that do not resolve (no
// such parameter, version or label) are reported in InvalidParameters, as
// AWS does, while any other failure fails the call.
func (h *handler) getParameters(ctx context.Context, in *getParametersInput) (*getParametersOutput, error) {
	var v awsjson.Validator
	v.Count("names", len(in.Names), 1, 10)
	for _, n := range in.Names {
		v.Len("names.member", n, 1, 2048)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	out := &getParametersOutput{Parameters: []parameter{}, InvalidParameters: []string{}}
	seen := map[string]bool{}
	for _, n := range in.Names {
		if seen[n] {
			continue
		}
		seen[n] = true
		p, err := h.params.Get(ctx, n, in.WithDecryption)
		switch arca.ErrorCode(err) {
		case "":
			out.Parameters = append(out.Parameters, toParameter(p))
		case arca.ENotFound, arca.EVersionNotFound, arca.EInvalid:
			out.InvalidParameters = append(out.InvalidParameters, n)
		default:
			return nil, err
		}
	}
	return out, nil
}
