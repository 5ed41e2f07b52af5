package arca

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// regionPattern is what ValidRegion implements by hand.
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)

func TestValidRegion(t *testing.T) {
	for _, r := range []string{"us-east-1", "eu-central-1", "us-gov-west-1", "cn-north-1", "ap-southeast-2", "us-isob-east-1", "me-central-10"} {
		if !ValidRegion(r) {
			t.Errorf("ValidRegion(%q) = false", r)
		}
	}
	for _, r := range []string{"", "u", "us", "us-1", "us-east", "us-east-", "us-east-1a", "us-east-123", "usa-east-1", "US-east-1",
		"us--east-1", "us-east--1", "-us-east-1", "us-east-1-", "us_east-1", "us-east-1\n", "us-ea5t-1"} {
		if ValidRegion(r) {
			t.Errorf("ValidRegion(%q) = true", r)
		}
	}
}

// TestValidRegionMatchesPattern compares ValidRegion with the regexp it
// implements on random strings over the alphabet that matters.
func TestValidRegionMatchesPattern(t *testing.T) {
	const alphabet = "aez-019_A"
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		b := make([]byte, rng.IntN(14))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if got, want := ValidRegion(string(b)), regionPattern.MatchString(string(b)); got != want {
			t.Fatalf("ValidRegion(%q) = %v, the pattern says %v", b, got, want)
		}
	}
}

func FuzzValidRegion(f *testing.F) {
	f.Add("us-east-1")
	f.Add("us-gov-west-10")
	f.Fuzz(func(t *testing.T, r string) {
		if got, want := ValidRegion(r), regionPattern.MatchString(r); got != want {
			t.Fatalf("ValidRegion(%q) = %v, the pattern says %v", r, got, want)
		}
	})
}
