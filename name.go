package arca

import "strings"

// ValidRegion reports whether r looks like an AWS region name (us-east-1,
// eu-central-1, us-gov-west-1, cn-north-1): it matches
// ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$. Written out rather than as a regexp
// because it runs on every request (the regexp cost ~0.4 µs of each);
// name_test.go checks the two agree.
func ValidRegion(r string) bool {
	if len(r) < 2 || !isLower(r[0]) || !isLower(r[1]) {
		return false
	}
	i, words := 2, 0
	for {
		if i >= len(r) || r[i] != '-' {
			return false
		}
		i++
		j := i
		for j < len(r) && isLower(r[j]) {
			j++
		}
		if j == i {
			break // not a word: the number
		}
		words++
		i = j
	}
	if n := len(r) - i; words == 0 || n < 1 || n > 2 {
		return false
	}
	for ; i < len(r); i++ {
		if r[i] < '0' || r[i] > '9' {
			return false
		}
	}
	return true
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }

// Partition returns the ARN partition of a region, as AWS assigns them.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	}
	return "aws"
}

// ARN formats an Amazon Resource Name. The partition follows the region; a
// global service (IAM) passes the caller's region for the partition and
// global=true to leave the region field empty.
func ARN(service, region, account, resource string, global bool) string {
	r := region
	if global {
		r = ""
	}
	return "arn:" + Partition(region) + ":" + service + ":" + r + ":" + account + ":" + resource
}

// ParsedARN is an ARN split into its six fields.
type ParsedARN struct {
	Partition, Service, Region, Account, Resource string
}

// ParseARN splits an ARN; ok is false when s is not one.
func ParseARN(s string) (a ParsedARN, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] == "" {
		return ParsedARN{}, false
	}
	return ParsedARN{parts[1], parts[2], parts[3], parts[4], parts[5]}, true
}
