package sigv4

// White-box tests of the pure helpers: the stack HMAC against crypto/hmac,
// and path normalization.

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"testing"
)

func TestMac(t *testing.T) {
	for _, keyLen := range []int{0, 1, 32, 63, 64, 65, 200} {
		for _, msgLen := range []int{0, 1, 55, 56, 64, 191, 192, 256, 257, 1000} {
			key := []byte(strings.Repeat("k", keyLen))
			msg := strings.Repeat("m", msgLen)
			h := hmac.New(sha256.New, key)
			h.Write([]byte(msg))
			want := h.Sum(nil)
			if got := mac(key, msg); !hmac.Equal(got[:], want) {
				t.Errorf("mac(key[%d], msg[%d]) = %x, want %x", keyLen, msgLen, got, want)
			}
			if got := mac(key, []byte(msg)); !hmac.Equal(got[:], want) {
				t.Errorf("mac(key[%d], []byte msg[%d]) = %x, want %x", keyLen, msgLen, got, want)
			}
		}
	}
}

func TestNormalizePath(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"root", "/", "/"},
		{"plain", "/a/b", "/a/b"},
		{"trailing_slash", "/a/b/", "/a/b/"},
		{"dot_file_kept", "/a/.b", "/a/.b"},
		{"dot", "/a/./b", "/a/b"},
		{"dot_dot", "/a/../b", "/b"},
		{"dot_dot_above_root", "/../../a", "/a"},
		{"dot_dot_to_root", "/a/..", "/"},
		{"double_slash", "//a//b//", "/a/b/"},
		{"only_slashes", "//", "/"},
		{"encoded_dot_kept", "/a/%2E%2E/b", "/a/%2E%2E/b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalizePath(tt.in); got != tt.want {
				t.Errorf("normalizePath(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
