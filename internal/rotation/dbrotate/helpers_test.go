package dbrotate_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
)

// randomName is a fresh lowercase user name with the given prefix.
func randomName(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// secretJSON encodes a secret value.
func secretJSON(t *testing.T, fields map[string]any) string {
	t.Helper()
	b, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fields decodes a secret value.
func fields(t *testing.T, v string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(v), &m); err != nil {
		t.Fatalf("secret value is not JSON")
	}
	return m
}

// userPass returns the username and password of a secret value.
func userPass(t *testing.T, v string) (string, string) {
	t.Helper()
	m := fields(t, v)
	u, _ := m["username"].(string)
	p, _ := m["password"].(string)
	return u, p
}

// noLeak fails when err's text contains one of the passwords.
func noLeak(t *testing.T, err error, passwords ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, p := range passwords {
		if p != "" && strings.Contains(err.Error(), p) {
			t.Fatalf("error text contains a password: %q", strings.ReplaceAll(err.Error(), p, "<PASSWORD>"))
		}
	}
}
