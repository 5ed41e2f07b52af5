package audit_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"

	"github.com/arca-vault/arca/internal/audit"
)

func Example() {
	ctx := context.Background()
	_, key, _ := ed25519.GenerateKey(rand.Reader) // in a server: audit.LoadSigner
	sink := audit.NewMemorySink()                 // or file.Open(dir, nil), pgsink.Dial(ctx, url, nil)
	log, err := audit.New(ctx, audit.Config{Sink: sink, Signer: key})
	if err != nil {
		panic(err)
	}
	ev := &audit.Event{EventName: "GetSecretValue", EventSource: "secretsmanager.amazonaws.com", ReadOnly: true}
	if err := log.Record(ctx, ev); err != nil {
		panic(err) // arca.EUnavailable: answer 5xx, not the secret
	}
	log.Close() // signs the head
	rep, _ := audit.Verify(ctx, sink, log.PublicKey(), audit.VerifyOptions{})
	fmt.Println(rep.OK, rep.Events, rep.Checkpoints)
	// Output: true 1 1
}
