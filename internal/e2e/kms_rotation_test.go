package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func TestKMS_KeyRotation(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	m := kmsNewKey(t, c, "rotating")
	id := aws.ToString(m.KeyId)
	status := func() *kms.GetKeyRotationStatusOutput {
		t.Helper()
		out, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(id)})
		wantOK(t, err)
		return out
	}
	if st := status(); st.KeyRotationEnabled || st.RotationPeriodInDays != nil || st.NextRotationDate != nil || aws.ToString(st.KeyId) != aws.ToString(m.Arn) {
		t.Fatalf("new key: %+v", st)
	}

	before := time.Now()
	_, err := c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(id)})
	wantOK(t, err)
	st := status()
	next := aws.ToTime(st.NextRotationDate)
	if !st.KeyRotationEnabled || aws.ToInt32(st.RotationPeriodInDays) != 365 ||
		next.Before(before.AddDate(0, 0, 365).Add(-time.Minute)) || next.After(time.Now().AddDate(0, 0, 365).Add(time.Minute)) {
		t.Fatalf("after enable: %+v", st)
	}
	_, err = c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(id), RotationPeriodInDays: aws.Int32(90)})
	wantOK(t, err)
	if st := status(); aws.ToInt32(st.RotationPeriodInDays) != 90 || aws.ToTime(st.NextRotationDate).Sub(next) > -274*24*time.Hour {
		t.Fatalf("period 90: %+v", st)
	}
	for _, days := range []int32{89, 2561} {
		_, err := c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(id), RotationPeriodInDays: aws.Int32(days)})
		wantCode(t, err, "ValidationException")
	}
	_, err = c.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: aws.String(id)})
	wantOK(t, err)
	if st := status(); st.KeyRotationEnabled || st.RotationPeriodInDays != nil {
		t.Fatalf("after disable: %+v", st)
	}

	t.Run("on_demand", func(t *testing.T) {
		ec := map[string]string{"v": "1"}
		old, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: []byte("old"), EncryptionContext: ec})
		wantOK(t, err)
		oldDec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: old.CiphertextBlob, EncryptionContext: ec})
		wantOK(t, err)
		rot, err := c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(id)})
		wantOK(t, err)
		if aws.ToString(rot.KeyId) != id {
			t.Fatalf("RotateKeyOnDemand KeyId %s", aws.ToString(rot.KeyId))
		}
		fresh, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: []byte("new"), EncryptionContext: ec})
		wantOK(t, err)
		newDec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: fresh.CiphertextBlob, EncryptionContext: ec})
		wantOK(t, err)
		again, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: old.CiphertextBlob, EncryptionContext: ec})
		wantOK(t, err)
		if string(again.Plaintext) != "old" || string(newDec.Plaintext) != "new" {
			t.Fatal("wrong plaintexts after rotation")
		}
		if aws.ToString(newDec.KeyMaterialId) == aws.ToString(oldDec.KeyMaterialId) || aws.ToString(again.KeyMaterialId) != aws.ToString(oldDec.KeyMaterialId) {
			t.Fatal("new ciphertexts do not use the new key material")
		}
		d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
		wantOK(t, err)
		if aws.ToString(d.KeyMetadata.CurrentKeyMaterialId) != aws.ToString(newDec.KeyMaterialId) {
			t.Fatal("DescribeKey's CurrentKeyMaterialId is not the new material")
		}

		list, err := c.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: aws.String(id)})
		wantOK(t, err)
		if len(list.Rotations) != 1 || list.Rotations[0].RotationType != types.RotationTypeOnDemand ||
			list.Rotations[0].KeyMaterialState != types.KeyMaterialStateCurrent || list.Rotations[0].RotationDate == nil || list.Truncated {
			t.Fatalf("rotations: %+v", list.Rotations)
		}
		_, err = c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(id)})
		wantOK(t, err)
		var all []types.RotationsListEntry
		p := kms.NewListKeyRotationsPaginator(c, &kms.ListKeyRotationsInput{KeyId: aws.String(id), IncludeKeyMaterial: types.IncludeKeyMaterialAllKeyMaterial, Limit: aws.Int32(1)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			wantOK(t, err)
			all = append(all, out.Rotations...)
		}
		if len(all) != 3 || all[0].RotationDate != nil || all[0].KeyMaterialState != types.KeyMaterialStateNonCurrent || all[2].KeyMaterialState != types.KeyMaterialStateCurrent {
			t.Fatalf("all key material: %+v", all)
		}
		_, err = c.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: aws.String(id), Marker: aws.String("bogus")})
		wantTyped[*types.InvalidMarkerException](t, err)
	})

	t.Run("on_demand_limit", func(t *testing.T) {
		k := aws.ToString(kmsNewKey(t, c, "").KeyId)
		for range 25 {
			_, err := c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(k)})
			wantOK(t, err)
		}
		_, err := c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(k)})
		wantTyped[*types.LimitExceededException](t, err)
	})

	t.Run("key_states", func(t *testing.T) {
		k := aws.ToString(kmsNewKey(t, c, "").KeyId)
		_, err := c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(k)})
		wantOK(t, err)
		_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String(k)})
		wantOK(t, err)
		_, err = c.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: aws.String(k)})
		wantTyped[*types.DisabledException](t, err)
		_, err = c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(k)})
		wantTyped[*types.DisabledException](t, err)
		_, err = c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(k)})
		wantTyped[*types.DisabledException](t, err)
		out, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(k)})
		wantOK(t, err)
		if !out.KeyRotationEnabled {
			t.Fatal("disabling the key changed its rotation status")
		}
		_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(k), PendingWindowInDays: aws.Int32(7)})
		wantOK(t, err)
		_, err = c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: aws.String(k)})
		wantTyped[*types.KMSInvalidStateException](t, err)
		_, err = c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: aws.String(k)})
		wantTyped[*types.KMSInvalidStateException](t, err)
		out, err = c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(k)})
		wantOK(t, err)
		if out.KeyRotationEnabled {
			t.Fatal("a key pending deletion reports rotation on")
		}
		_, err = c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String(k)})
		wantOK(t, err)
		out, err = c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(k)})
		wantOK(t, err)
		if !out.KeyRotationEnabled {
			t.Fatal("the rotation setting did not return after cancel")
		}
		_, err = c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String("0b7e3a4c-1111-2222-3333-444455556666")})
		wantTyped[*types.NotFoundException](t, err)
		_, err = c.ListKeyRotations(ctx, &kms.ListKeyRotationsInput{KeyId: aws.String("alias/aws/ssm")})
		wantTyped[*types.NotFoundException](t, err)
	})
}
