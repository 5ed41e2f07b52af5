package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getRandomPasswordInput struct {
	PasswordLength          *int64 `json:"PasswordLength"`
	ExcludeCharacters       string `json:"ExcludeCharacters"`
	ExcludeNumbers          bool   `json:"ExcludeNumbers"`
	ExcludePunctuation      bool   `json:"ExcludePunctuation"`
	ExcludeUppercase        bool   `json:"ExcludeUppercase"`
	ExcludeLowercase        bool   `json:"ExcludeLowercase"`
	IncludeSpace            bool   `json:"IncludeSpace"`
	RequireEachIncludedType *bool  `json:"RequireEachIncludedType"`
}

type getRandomPasswordOutput struct {
	RandomPassword string `json:"RandomPassword"`
}

func (h *handler) getRandomPassword(ctx context.Context, in *getRandomPasswordInput) (*getRandomPasswordOutput, error) {
	var v awsjson.Validator
	v.Range("passwordLength", in.PasswordLength, 1, secrets.MaxPasswordLength)
	v.Len("excludeCharacters", in.ExcludeCharacters, 0, 4096)
	if err := v.Err(); err != nil {
		return nil, err
	}
	spec := secrets.PasswordSpec{
		ExcludeCharacters: in.ExcludeCharacters, ExcludeNumbers: in.ExcludeNumbers,
		ExcludePunctuation: in.ExcludePunctuation, ExcludeUppercase: in.ExcludeUppercase,
		ExcludeLowercase: in.ExcludeLowercase, IncludeSpace: in.IncludeSpace,
		RequireEachIncludedType: in.RequireEachIncludedType,
	}
	if in.PasswordLength != nil {
		spec.Length = int(*in.PasswordLength)
	}
	pw, err := h.secrets.RandomPassword(ctx, spec)
	if err != nil {
		return nil, err
	}
	return &getRandomPasswordOutput{RandomPassword: pw.Reveal()}, nil
}
