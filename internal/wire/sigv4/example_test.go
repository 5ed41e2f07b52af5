package sigv4_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

// A wire handler reads the body, verifies the request, then maps a failure
// to its dialect's error code by kind.
func ExampleVerifier_Verify() {
	v := &sigv4.Verifier{
		Secret: func(_ context.Context, id string) ([]byte, error) {
			if id == "AKIAEXAMPLE" {
				return []byte("example-secret"), nil
			}
			return nil, sigv4.ErrUnknownKey
		},
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		res, err := v.Verify(r, body)
		switch {
		case errors.Is(err, sigv4.ErrUnknownKey):
			fmt.Println("UnrecognizedClientException")
		case err != nil:
			fmt.Println("rejected:", err)
		default:
			fmt.Println("signed by", res.AccessKeyID, "for", res.Service, "in", res.Region)
		}
	})

	body := `{"Name":"/app/db/password"}`
	for _, key := range []string{"AKIAEXAMPLE", "AKIAOTHER"} {
		r := httptest.NewRequest("POST", "http://127.0.0.1:4566/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		r.Header.Set("X-Amz-Target", "AmazonSSM.GetParameter")
		creds := aws.Credentials{AccessKeyID: key, SecretAccessKey: "example-secret"}
		_ = v4.NewSigner().SignHTTP(context.Background(), creds, r, hashHex([]byte(body)), "ssm", "eu-west-3", time.Now())
		handler.ServeHTTP(httptest.NewRecorder(), r)
	}
	// Output:
	// signed by AKIAEXAMPLE for ssm in eu-west-3
	// UnrecognizedClientException
}
