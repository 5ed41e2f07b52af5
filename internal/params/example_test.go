package params_test

import (
	"fmt"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/params"
)

// A SecureString is sealed on Put and opened only when the read asks for
// decryption; versions and labels select older values.
func ExampleService_Put() {
	svc, ctx := newService(nil)
	for _, v := range []string{"hunter2", "correct-horse"} {
		res, err := svc.Put(ctx, params.PutInput{
			Name: "/prod/web/DB_PASSWORD", Value: arca.Value(v), Type: params.TypeSecureString, Overwrite: true,
		})
		if err != nil {
			panic(err)
		}
		fmt.Println("version", res.Version, res.Tier)
	}
	if _, _, err := svc.Label(ctx, "/prod/web/DB_PASSWORD", 1, []string{"stable"}); err != nil {
		panic(err)
	}
	latest, _ := svc.Get(ctx, "/prod/web/DB_PASSWORD", true)
	stable, _ := svc.Get(ctx, "/prod/web/DB_PASSWORD:stable", true)
	sealed, _ := svc.Get(ctx, "/prod/web/DB_PASSWORD", false)
	fmt.Println(latest.Value.Reveal(), stable.Value.Reveal(), stable.Version)
	fmt.Println("without decryption:", sealed.Value == nil, len(sealed.Ciphertext) > 0, sealed.KeyID)
	fmt.Printf("printed: %v\n", latest.Value)
	// Output:
	// version 1 Standard
	// version 2 Standard
	// correct-horse hunter2 1
	// without decryption: true true alias/aws/ssm
	// printed: [redacted]
}
