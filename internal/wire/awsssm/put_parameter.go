package awsssm

import (
	"context"
	"regexp"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

var keyIDPattern = regexp.MustCompile(`^([a-zA-Z0-9:/_-]+)$`)

type putParameterInput struct {
	Name           string     `json:"Name"`
	Description    *string    `json:"Description"`
	Value          *string    `json:"Value"`
	Type           string     `json:"Type"`
	KeyID          string     `json:"KeyId"`
	Overwrite      bool       `json:"Overwrite"`
	AllowedPattern *string    `json:"AllowedPattern"`
	Tags           []tagInput `json:"Tags"`
	Tier           string     `json:"Tier"`
	Policies       *string    `json:"Policies"`
	DataType       string     `json:"DataType"`
}

type putParameterOutput struct {
	Version int64  `json:"Version"`
	Tier    string `json:"Tier"`
}

func (h *handler) putParameter(ctx context.Context, in *putParameterInput) (*putParameterOutput, error) {
	var v awsjson.Validator
	v.Len("name", in.Name, 1, 2048)
	v.Required("value", in.Value != nil)
	if in.Description != nil {
		v.Len("description", *in.Description, 0, 1024)
	}
	v.Enum("type", in.Type, params.TypeString, params.TypeStringList, params.TypeSecureString)
	if in.KeyID != "" {
		v.Len("keyId", in.KeyID, 1, 256)
		v.Pattern("keyId", in.KeyID, keyIDPattern)
	}
	if in.AllowedPattern != nil {
		v.Len("allowedPattern", *in.AllowedPattern, 0, 1024)
	}
	tags := checkTags(&v, in.Tags)
	v.Enum("tier", in.Tier, params.TierStandard, params.TierAdvanced, params.TierIntelligent)
	if in.Policies != nil {
		v.Len("policies", *in.Policies, 1, 4096)
	}
	v.Len("dataType", in.DataType, 0, 128)
	if err := v.Err(); err != nil {
		return nil, err
	}
	put := params.PutInput{
		Name: in.Name, Value: arca.Value(*in.Value), Type: in.Type, KeyID: in.KeyID,
		Description: in.Description, AllowedPattern: in.AllowedPattern, Overwrite: in.Overwrite,
		Tags: tags, Tier: in.Tier, DataType: in.DataType,
	}
	if in.Policies != nil {
		put.Policies = *in.Policies
	}
	res, err := h.params.Put(ctx, put)
	if err != nil {
		return nil, err
	}
	return &putParameterOutput{Version: res.Version, Tier: res.Tier}, nil
}
