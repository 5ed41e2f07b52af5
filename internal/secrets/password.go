package secrets

import (
	"crypto/rand"
	"encoding/binary"
	"strings"

	"github.com/arca-vault/arca"
)

// The character classes of GetRandomPassword, as AWS defines them.
const (
	upperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lowerChars = "abcdefghijklmnopqrstuvwxyz"
	digitChars = "0123456789"
	punctChars = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
)

// Password limits.
const (
	DefaultPasswordLength = 32
	MaxPasswordLength     = 4096
)

// PasswordSpec says what a random password is made of. The zero value is
// AWS's default: 32 characters of upper- and lowercase letters, digits and
// punctuation, at least one of each.
type PasswordSpec struct {
	Length             int // 0 = DefaultPasswordLength
	ExcludeCharacters  string
	ExcludeNumbers     bool
	ExcludePunctuation bool
	ExcludeUppercase   bool
	ExcludeLowercase   bool
	IncludeSpace       bool
	// RequireEachIncludedType: at least one character of every class that
	// is left (upper, lower, digit, punctuation); nil = true.
	RequireEachIncludedType *bool
}

// Password generates a random password from crypto/rand. Every character is
// drawn uniformly from the allowed alphabet by rejection sampling (no
// modulo bias); a password that lacks a required class is drawn again.
//
// Errors: EInvalid when the length is out of range, when every character is
// excluded, or when the length is shorter than the number of required
// classes.
func Password(spec PasswordSpec) (arca.Value, error) {
	n := spec.Length
	if n == 0 {
		n = DefaultPasswordLength
	}
	if n < 1 || n > MaxPasswordLength {
		return nil, arca.Errorf(arca.EInvalid, "The password length must be between 1 and %d.", MaxPasswordLength)
	}
	var classes []string
	add := func(skip bool, chars string) {
		if skip {
			return
		}
		if kept := without(chars, spec.ExcludeCharacters); kept != "" {
			classes = append(classes, kept)
		}
	}
	add(spec.ExcludeUppercase, upperChars)
	add(spec.ExcludeLowercase, lowerChars)
	add(spec.ExcludeNumbers, digitChars)
	add(spec.ExcludePunctuation, punctChars)
	required := len(classes)
	add(!spec.IncludeSpace, " ")
	if len(classes) == 0 {
		return nil, arca.Errorf(arca.EInvalid, "The password can't be generated: every character is excluded.")
	}
	requireEach := spec.RequireEachIncludedType == nil || *spec.RequireEachIncludedType
	if !requireEach {
		required = 0
	}
	if n < required {
		return nil, arca.Errorf(arca.EInvalid, "Password length is too short based on the required types.")
	}
	alphabet := strings.Join(classes, "")
	out := make(arca.Value, n)
	for attempt := 0; ; attempt++ {
		for i := range out {
			j, err := randIndex(len(alphabet))
			if err != nil {
				return nil, arca.Internal(err)
			}
			out[i] = alphabet[j]
		}
		if hasEach(out, classes[:required]) {
			return out, nil
		}
		if attempt == 64 {
			// Rare classes and a short length: seed one character of each
			// required class, then shuffle; still uniform per character.
			if err := seedClasses(out, classes[:required]); err != nil {
				return nil, err
			}
			return out, nil
		}
	}
}

// without returns chars minus every byte in exclude.
func without(chars, exclude string) string {
	if exclude == "" {
		return chars
	}
	var b strings.Builder
	for i := 0; i < len(chars); i++ {
		if !strings.ContainsRune(exclude, rune(chars[i])) {
			b.WriteByte(chars[i])
		}
	}
	return b.String()
}

func hasEach(pw []byte, classes []string) bool {
	for _, cl := range classes {
		found := false
		for _, c := range pw {
			if strings.IndexByte(cl, c) >= 0 {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// seedClasses overwrites the first len(classes) characters with one of each
// class and shuffles the whole password (Fisher-Yates).
func seedClasses(pw []byte, classes []string) error {
	for i, cl := range classes {
		j, err := randIndex(len(cl))
		if err != nil {
			return arca.Internal(err)
		}
		pw[i] = cl[j]
	}
	for i := len(pw) - 1; i > 0; i-- {
		j, err := randIndex(i + 1)
		if err != nil {
			return arca.Internal(err)
		}
		pw[i], pw[j] = pw[j], pw[i]
	}
	return nil
}

// randIndex returns a uniform random integer in [0, n) from crypto/rand,
// rejecting the values that would bias a modulo reduction.
func randIndex(n int) (int, error) {
	if n <= 0 || n > 1<<31 {
		panic("randIndex: n out of range")
	}
	limit := uint64(1<<32) - uint64(1<<32)%uint64(n)
	var b [4]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			return 0, err
		}
		if v := uint64(binary.BigEndian.Uint32(b[:])); v < limit {
			return int(v % uint64(n)), nil
		}
	}
}
