package client_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/arca-vault/arca/client"
	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// devServer starts an in-process `arca server --dev` for the examples and
// returns an SDK configuration for it. In a service, cfg would come from
// config.LoadDefaultConfig with BaseEndpoint set to the arca server's URL.
func devServer() (aws.Config, func()) {
	srv, err := server.Open(context.Background(), server.Config{Dev: true})
	if err != nil {
		log.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(hs.URL),
	}
	return cfg, func() { hs.Close(); _ = srv.Close() }
}

// A service reads its database password through the cache: the first
// read asks the server, later ones are served from memory for the TTL.
func ExampleCache_SecretString() {
	cfg, stop := devServer()
	defer stop()
	ctx := context.Background()
	_, _ = sm.NewFromConfig(cfg).CreateSecret(ctx, &sm.CreateSecretInput{
		Name: aws.String("prod/db"), SecretString: aws.String(`{"password":"correct-horse"}`)})

	cache := client.NewFromConfig(cfg, client.Options{TTL: 5 * time.Minute})
	s, err := cache.SecretString(ctx, "prod/db")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s)
	// Output: {"password":"correct-horse"}
}

// During a rotation the previous value stays readable by its stage.
func ExampleCache_SecretStringStage() {
	cfg, stop := devServer()
	defer stop()
	ctx := context.Background()
	api := sm.NewFromConfig(cfg)
	_, _ = api.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("prod/stripe"), SecretString: aws.String("sk_old")})
	_, _ = api.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("prod/stripe"), SecretString: aws.String("sk_new")})

	cache := client.NewFromConfig(cfg, client.Options{})
	cur, _ := cache.SecretString(ctx, "prod/stripe")
	prev, _ := cache.SecretStringStage(ctx, "prod/stripe", "AWSPREVIOUS")
	fmt.Println(cur, prev)
	// Output: sk_new sk_old
}

// Parameters are cached the same way, decrypted.
func ExampleCache_ParameterValue() {
	cfg, stop := devServer()
	defer stop()
	ctx := context.Background()
	_, _ = ssm.NewFromConfig(cfg).PutParameter(ctx, &ssm.PutParameterInput{
		Name: aws.String("/prod/web/db-host"), Value: aws.String("db.internal"), Type: ssmtypes.ParameterTypeSecureString})

	cache := client.NewFromConfig(cfg, client.Options{})
	host, err := cache.ParameterValue(ctx, "/prod/web/db-host")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(host)
	// Output: db.internal
}

// A rotation is seen once the TTL has passed; until then the cached value
// is served without a request.
func ExampleNew() {
	cfg, stop := devServer()
	defer stop()
	ctx := context.Background()
	api := sm.NewFromConfig(cfg)
	_, _ = api.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("prod/token"), SecretString: aws.String("t1")})

	cache := client.New(api, ssm.NewFromConfig(cfg), client.Options{TTL: 50 * time.Millisecond, MaxEntries: 100})
	before, _ := cache.SecretString(ctx, "prod/token")
	_, _ = api.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("prod/token"), SecretString: aws.String("t2")})
	cached, _ := cache.SecretString(ctx, "prod/token")
	time.Sleep(60 * time.Millisecond)
	after, _ := cache.SecretString(ctx, "prod/token")
	fmt.Println(before, cached, after)
	// Output: t1 t1 t2
}
