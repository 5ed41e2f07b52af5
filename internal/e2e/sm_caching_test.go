package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-secretsmanager-caching-go/v2/secretcache"
)

// TestSM_OfficialCachingClient: AWS's Go caching client reads through arca
// (DescribeSecret for VersionIdsToStages, then GetSecretValue by version)
// and, after its TTL, sees a value written by PutSecretValue, as it would
// see a rotation.
func TestSM_OfficialCachingClient(t *testing.T) {
	e := start(t, server.Config{})
	ctx := context.Background()
	client := sm.NewFromConfig(e.awsConfig("us-east-1", "test", "test"))
	if _, err := client.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("app/api-key"), SecretString: aws.String("v1")}); err != nil {
		t.Fatal(err)
	}
	const ttl = 200 * time.Millisecond
	cache, err := secretcache.New(func(c *secretcache.Cache) {
		c.Client = client
		c.CacheConfig.CacheItemTTL = ttl.Nanoseconds()
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := cache.GetSecretString("app/api-key")
	if err != nil || got != "v1" {
		t.Fatalf("first read = %q, %v", got, err)
	}
	if _, err := client.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("app/api-key"), SecretString: aws.String("v2")}); err != nil {
		t.Fatal(err)
	}
	if got, _ := cache.GetSecretString("app/api-key"); got != "v1" {
		t.Fatalf("within the TTL the cache must still serve v1, got %q", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err = cache.GetSecretString("app/api-key")
		if err == nil && got == "v2" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the TTL the cache still serves %q (%v)", got, err)
		}
		time.Sleep(ttl / 4)
	}
	if prev, err := cache.GetSecretStringWithStage("app/api-key", "AWSPREVIOUS"); err != nil || prev != "v1" {
		t.Fatalf("AWSPREVIOUS after refresh = %q, %v", prev, err)
	}
}
