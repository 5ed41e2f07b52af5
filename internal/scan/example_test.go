package scan_test

import (
	"fmt"

	"github.com/arca-vault/arca/internal/scan"
)

func ExampleDetector_Scan() {
	d, err := scan.NewDetector(nil) // the embedded gitleaks and arca rules
	if err != nil {
		panic(err)
	}
	keyID := "AKIA" + "Q7XJ2LMZ4WPN6RTB" // split, so that this file holds no key
	content := "import os\n\nAWS_ACCESS_KEY_ID = \"" + keyID + "\"\nREGION = os.environ[\"AWS_REGION\"]\n"
	for _, f := range d.Scan("settings/production.py", []byte(content)) {
		fmt.Println(f)
	}
	// Output:
	// settings/production.py:3: aws-access-token (AKIA…)
}
