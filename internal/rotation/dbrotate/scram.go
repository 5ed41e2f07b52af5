package dbrotate

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strconv"

	"github.com/arca-vault/arca"
)

// scramDefaultIterations is PostgreSQL's default scram_iterations.
const scramDefaultIterations = 4096

// scramVerifier returns the SCRAM-SHA-256 verifier PostgreSQL stores in
// pg_authid.rolpassword for password (RFC 5802/7677):
// SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>. The caller ensures
// password is printable ASCII, which SASLprep leaves unchanged.
func scramVerifier(password string, iterations int) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", arca.Internal(err)
	}
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", arca.Internal(err)
	}
	clientKey := hmacSHA256(salted, "Client Key")
	storedKey := sha256.Sum256(clientKey)
	serverKey := hmacSHA256(salted, "Server Key")
	b64 := base64.StdEncoding.EncodeToString
	return "SCRAM-SHA-256$" + strconv.Itoa(iterations) + ":" + b64(salt) + "$" + b64(storedKey[:]) + ":" + b64(serverKey), nil
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}
