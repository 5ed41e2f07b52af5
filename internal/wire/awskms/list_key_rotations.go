package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type listKeyRotationsInput struct {
	KeyID              *string `json:"KeyId"`
	IncludeKeyMaterial string  `json:"IncludeKeyMaterial"`
	Limit              *int64  `json:"Limit"`
	Marker             *string `json:"Marker"`
}

type rotationsListEntry struct {
	KeyID            string        `json:"KeyId"`
	KeyMaterialID    string        `json:"KeyMaterialId"`
	KeyMaterialState string        `json:"KeyMaterialState"`
	RotationDate     *awsjson.Time `json:"RotationDate,omitempty"`
	RotationType     string        `json:"RotationType,omitempty"`
}

type listKeyRotationsOutput struct {
	Rotations  []rotationsListEntry `json:"Rotations"`
	NextMarker string               `json:"NextMarker,omitempty"`
	Truncated  bool                 `json:"Truncated"`
}

func (h *handler) listKeyRotations(ctx context.Context, in *listKeyRotationsInput) (*listKeyRotationsOutput, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	v.Enum("includeKeyMaterial", in.IncludeKeyMaterial, "ALL_KEY_MATERIAL", "ROTATIONS_ONLY")
	n := limit(&v, in.Limit, 100)
	m := marker(&v, in.Marker)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	page, err := h.kms.Rotations(ctx, region(arca.CallerFrom(ctx)), ref, in.IncludeKeyMaterial == "ALL_KEY_MATERIAL", m, n)
	if err != nil {
		return nil, err
	}
	out := &listKeyRotationsOutput{Rotations: []rotationsListEntry{}, NextMarker: page.Next, Truncated: page.Next != ""}
	for _, ver := range page.Versions {
		e := rotationsListEntry{KeyID: page.Key.ID, KeyMaterialID: page.Key.MaterialID(ver.Number), KeyMaterialState: "NON_CURRENT", RotationType: ver.Rotation}
		if ver.Number == page.Key.Current {
			e.KeyMaterialState = "CURRENT"
		}
		if ver.Rotation != "" {
			e.RotationDate = awsjson.TimePtr(ver.Created)
		}
		out.Rotations = append(out.Rotations, e)
	}
	return out, nil
}
