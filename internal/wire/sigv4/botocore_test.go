package sigv4_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Requests signed by botocore, the library of the aws CLI, captured by
// testdata/botocore/gen.py: AWS JSON 1.1, the Query protocol, a presigned
// URL (botocore presigns with UNSIGNED-PAYLOAD) and a path botocore
// normalizes before signing.
func TestVerify_Botocore(t *testing.T) {
	files, err := filepath.Glob("testdata/botocore/*.http")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".http"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			r, body := parseRaw(t, string(raw))
			res, err := verifierAt(signTime.Add(10*time.Second)).Verify(r, body)
			checkErr(t, err, nil)
			if res.AccessKeyID != testKeyID {
				t.Errorf("AccessKeyID = %q", res.AccessKeyID)
			}
		})
	}
}
