package kms_test

import (
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
)

// TestService_SealOpen pins the contract the parameter store and Secrets
// Manager rely on: SealTx/OpenTx in any transaction, aliases accepted,
// EKeyDisabled for a disabled key and for one pending deletion alike.
func TestService_SealOpen(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "")
	aad := keyring.AAD("ssm-parameter", region, "/a", "1")
	var env []byte
	ok(t, f.store.Update(f.ctx, func(tx storage.Tx) error {
		var err error
		env, _, err = f.svc.SealTx(tx, region, "alias/aws/ssm", []byte("v"), aad)
		return err
	}))
	open := func(env, aad []byte) (arca.Value, error) {
		var v arca.Value
		err := f.store.View(f.ctx, func(tx storage.Tx) error {
			var err error
			v, err = f.svc.OpenTx(tx, region, env, aad)
			return err
		})
		return v, err
	}
	v, err := open(env, aad)
	ok(t, err)
	if string(v) != "v" {
		t.Fatal("wrong value")
	}
	_, err = open(env, keyring.AAD("ssm-parameter", region, "/b", "1"))
	wantCode(t, err, arca.EDecrypt)

	// Under a customer key: disabled and pending deletion are EKeyDisabled.
	ok(t, f.store.Update(f.ctx, func(tx storage.Tx) error {
		var err error
		env, _, err = f.svc.SealTx(tx, region, k.ID, []byte("v"), aad)
		return err
	}))
	ok(t, f.svc.SetEnabled(f.ctx, region, k.ID, false))
	_, err = open(env, aad)
	wantCode(t, err, arca.EKeyDisabled)
	_, err = f.svc.ScheduleDeletion(f.ctx, region, k.ID, 7)
	ok(t, err)
	_, err = open(env, aad)
	wantCode(t, err, arca.EKeyDisabled)
	err = f.store.Update(f.ctx, func(tx storage.Tx) error {
		_, _, err := f.svc.SealTx(tx, region, k.ID, []byte("v"), aad)
		return err
	})
	wantCode(t, err, arca.EKeyDisabled)

	// A managed alias absent in a read-only transaction is not found.
	err = f.store.View(f.ctx, func(tx storage.Tx) error {
		_, err := f.svc.ResolveTx(tx, "eu-west-1", "alias/aws/secretsmanager")
		return err
	})
	wantCode(t, err, arca.EKeyInvalid)
}
