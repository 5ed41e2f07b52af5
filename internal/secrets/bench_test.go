package secrets_test

import (
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/secrets"
)

// BenchmarkGetValue measures the core of GetSecretValue: resolve the
// secret, pick AWSCURRENT, open the 1 KiB value.
func BenchmarkGetValue(b *testing.B) {
	f := newFixture(b)
	must[*secrets.WriteResult](b)(f.svc.Create(east, secrets.CreateInput{Name: "bench/s", Value: text(strings.Repeat("v", 1024))}))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.svc.GetValue(east, "bench/s", "", ""); err != nil {
			b.Fatal(err)
		}
	}
}
