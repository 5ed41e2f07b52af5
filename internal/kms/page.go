package kms

import (
	"encoding/base64"
	"strings"

	"github.com/arca-vault/arca"
)

// maxPage bounds every listing's page size.
const maxPage = 1000

// pageLimit returns limit clamped to 1..maxPage (0 or less: maxPage).
func pageLimit(limit int) int {
	if limit <= 0 || limit > maxPage {
		return maxPage
	}
	return limit
}

// encodeMarker returns the opaque marker that resumes a listing of kind
// after last.
func encodeMarker(kind, last string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + last))
}

// decodeMarker returns what encodeMarker encoded for kind; "" for "".
// Errors: EBadToken.
func decodeMarker(kind, marker string) (string, error) {
	if marker == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(marker)
	last, ok := strings.CutPrefix(string(raw), kind+":")
	if err != nil || !ok || last == "" {
		return "", arca.Errorf(arca.EBadToken, "The request was rejected because the marker that specifies where pagination should next begin is not valid.")
	}
	return last, nil
}
