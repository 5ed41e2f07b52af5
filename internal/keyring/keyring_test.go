package keyring_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/arca-vault/arca/internal/keyring"
)

func mustKey(t testing.TB, id string, v uint32) *keyring.Key {
	t.Helper()
	m, err := keyring.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	k, err := keyring.NewKey(id, v, m)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestKey_SealOpen(t *testing.T) {
	k := mustKey(t, "11111111-2222-3333-4444-555555555555", 1)
	aad := keyring.AAD("ssm-parameter", "us-east-1", "/a/b", "1")
	for _, pt := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("v"), 65536)} {
		env, err := k.Seal(pt, aad)
		if err != nil {
			t.Fatal(err)
		}
		if len(pt) >= 16 && bytes.Contains(env, pt) {
			t.Fatal("envelope contains the plaintext")
		}
		got, err := k.Open(env, aad)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("Open = %q, %v", got, err)
		}
		id, v, err := keyring.KeyOf(env)
		if err != nil || id != k.ID() || v != 1 {
			t.Fatalf("KeyOf = %s %d %v", id, v, err)
		}
	}
}

func TestKey_OpenRejects(t *testing.T) {
	k := mustKey(t, "key-a", 1)
	aad := keyring.AAD("ssm-parameter", "us-east-1", "/a/b", "1")
	env, err := k.Seal([]byte("secret"), aad)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]func() ([]byte, error){
		"other_name":    func() ([]byte, error) { return k.Open(env, keyring.AAD("ssm-parameter", "us-east-1", "/a/c", "1")) },
		"other_version": func() ([]byte, error) { return k.Open(env, keyring.AAD("ssm-parameter", "us-east-1", "/a/b", "2")) },
		"other_region":  func() ([]byte, error) { return k.Open(env, keyring.AAD("ssm-parameter", "us-west-2", "/a/b", "1")) },
		"other_key":     func() ([]byte, error) { return mustKey(t, "key-a", 1).Open(env, aad) },
		"truncated":     func() ([]byte, error) { return k.Open(env[:len(env)-1], aad) },
		"empty":         func() ([]byte, error) { return k.Open(nil, aad) },
	}
	for i := range env {
		mut := append([]byte{}, env...)
		mut[i] ^= 0x01
		cases["flip_"+string(rune('a'+i%26))+itoa(i)] = func() ([]byte, error) { return k.Open(mut, aad) }
	}
	for name, open := range cases {
		t.Run(name, func(t *testing.T) {
			pt, err := open()
			if err == nil {
				t.Fatalf("opened: %q", pt)
			}
			if !errors.Is(err, keyring.ErrOpen) && !errors.Is(err, keyring.ErrFormat) {
				t.Fatalf("error %v is neither ErrOpen nor ErrFormat", err)
			}
		})
	}
}

func TestKey_VersionMismatch(t *testing.T) {
	m, _ := keyring.GenerateKey()
	k1, _ := keyring.NewKey("k", 1, m)
	k2, _ := keyring.NewKey("k", 2, m)
	env, _ := k1.Seal([]byte("v"), nil)
	if _, err := k2.Open(env, nil); !errors.Is(err, keyring.ErrFormat) {
		t.Fatalf("opening a version-1 envelope with version 2: %v", err)
	}
}

func TestRoot_WrapUnwrap(t *testing.T) {
	rk, _ := keyring.GenerateKey()
	r, err := keyring.NewRoot(rk)
	if err != nil {
		t.Fatal(err)
	}
	w, err := r.Wrap([]byte("material"), []byte("id/1"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := r.Unwrap(w, []byte("id/1")); err != nil || string(got) != "material" {
		t.Fatalf("Unwrap = %q, %v", got, err)
	}
	if _, err := r.Unwrap(w, []byte("id/2")); !errors.Is(err, keyring.ErrOpen) {
		t.Fatalf("wrong aad: %v", err)
	}
	other, _ := keyring.GenerateKey()
	r2, _ := keyring.NewRoot(other)
	if err := r2.Check(w, []byte("id/1")); !errors.Is(err, keyring.ErrOpen) {
		t.Fatalf("other root: %v", err)
	}
	if _, err := keyring.NewRoot([]byte("short")); err == nil {
		t.Fatal("short root key accepted")
	}
}

func TestAAD_Unambiguous(t *testing.T) {
	if bytes.Equal(keyring.AAD("a/b", "c"), keyring.AAD("a", "b/c")) {
		t.Fatal("AAD collides")
	}
}

func FuzzKey_Open(f *testing.F) {
	k := mustKey(f, "fuzz", 1)
	env, _ := k.Seal([]byte("seed"), []byte("aad"))
	f.Add(env, []byte("aad"))
	f.Add([]byte{0x02, 0x04, 'f', 'u', 'z', 'z'}, []byte{})
	f.Fuzz(func(t *testing.T, env, aad []byte) {
		pt, err := k.Open(env, aad)
		if err == nil && string(pt) != "seed" {
			t.Fatalf("forged envelope opened to %q", pt)
		}
	})
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func BenchmarkKey_Seal1KiB(b *testing.B) {
	k := mustKey(b, "bench", 1)
	pt := bytes.Repeat([]byte("x"), 1024)
	aad := keyring.AAD("ssm-parameter", "us-east-1", "/bench", "1")
	for b.Loop() {
		if _, err := k.Seal(pt, aad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKey_Open1KiB(b *testing.B) {
	k := mustKey(b, "bench", 1)
	aad := keyring.AAD("ssm-parameter", "us-east-1", "/bench", "1")
	env, _ := k.Seal(bytes.Repeat([]byte("x"), 1024), aad)
	for b.Loop() {
		if _, err := k.Open(env, aad); err != nil {
			b.Fatal(err)
		}
	}
}
