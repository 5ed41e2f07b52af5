package awskms

import (
	"context"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// aliasInput is the input of CreateAlias and UpdateAlias.
type aliasInput struct {
	AliasName   *string `json:"AliasName"`
	TargetKeyID *string `json:"TargetKeyId"`
}

// aliasName checks an AliasNameType member.
func aliasName(v *awsjson.Validator, s *string) string {
	name := required(v, "aliasName", s, 1, 256)
	v.Pattern("aliasName", name, aliasNamePattern)
	return name
}

func (h *handler) createAlias(ctx context.Context, in *aliasInput) (*empty, error) {
	var v awsjson.Validator
	name := aliasName(&v, in.AliasName)
	target := keyID(&v, "targetKeyId", in.TargetKeyID)
	if err := validate(&v, target); err != nil {
		return nil, err
	}
	// The model's pattern admits ':' (for ARNs); alias names do not, and
	// the alias/aws/ prefix belongs to AWS-managed keys.
	if strings.HasPrefix(name, "alias/aws/") {
		return nil, fault("InvalidAliasNameException", "Alias "+name+" cannot begin with the reserved prefix alias/aws/.")
	}
	if strings.Contains(name, ":") {
		return nil, fault("InvalidAliasNameException", "Alias "+name+" contains invalid characters: an alias name may contain only letters, digits, /, _ and -.")
	}
	return &empty{}, h.kms.CreateAlias(ctx, region(arca.CallerFrom(ctx)), name, target)
}
