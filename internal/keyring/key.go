package keyring

import (
	"crypto/cipher"
	"encoding/binary"
	"fmt"
)

// Key is one version of a KMS key, unwrapped and ready to seal data keys.
// A Key is immutable and safe for concurrent use.
type Key struct {
	id      string
	version uint32
	aead    cipher.AEAD
}

// NewKey returns the usable key for material (KeySize bytes, as unwrapped from
// the root). id is the KMS key id and version its version number; both are
// written into every envelope so that Open can find the key again.
func NewKey(id string, version uint32, material []byte) (*Key, error) {
	if id == "" || len(id) > 255 {
		return nil, fmt.Errorf("key id must be 1..255 bytes")
	}
	aead, err := newGCM(material)
	if err != nil {
		return nil, fmt.Errorf("key %s version %d: %w", id, version, err)
	}
	return &Key{id: id, version: version, aead: aead}, nil
}

// ID returns the KMS key id.
func (k *Key) ID() string { return k.id }

// Version returns the key version.
func (k *Key) Version() uint32 { return k.version }

// Envelope layout (all integers big-endian):
//
//	0x02 | len(id) u8 | id | version u32 | len(wrapped) u16 | wrapped data key | sealed value
//
// The wrapped data key is sealed by the KMS key with aad = header || record
// aad; the value is sealed by the data key with the same aad. Binding the
// header means a ciphertext cannot be re-labelled with another key version.

// Seal envelope-encrypts plaintext: a fresh data key seals the value, the key
// wraps the data key, and both seals are bound to aad (the record's identity)
// and to the key id and version.
func (k *Key) Seal(plaintext, aad []byte) ([]byte, error) {
	dk, err := GenerateKey()
	if err != nil {
		return nil, err
	}
	defer zero(dk)
	hdr := k.header()
	bound := bind(hdr, aad)
	wrapped, err := seal(k.aead, formatDataKey, dk, bound)
	if err != nil {
		return nil, err
	}
	daead, err := newGCM(dk)
	if err != nil {
		return nil, err
	}
	sealed, err := seal(daead, formatEnvelope, plaintext, bound)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(hdr)+2+len(wrapped)+len(sealed))
	out = append(out, hdr...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(wrapped)))
	out = append(out, wrapped...)
	return append(out, sealed...), nil
}

// Open decrypts an envelope made by Seal with the same key and aad. It
// returns ErrOpen when anything was altered or the aad differs, and
// ErrFormat when the envelope was sealed by another key or version (use
// KeyOf to find which).
func (k *Key) Open(envelope, aad []byte) ([]byte, error) {
	id, version, rest, err := parseHeader(envelope)
	if err != nil {
		return nil, err
	}
	if id != k.id || version != k.version {
		return nil, ErrFormat
	}
	hdr := envelope[:len(envelope)-len(rest)]
	if len(rest) < 2 {
		return nil, ErrOpen
	}
	n := int(binary.BigEndian.Uint16(rest))
	rest = rest[2:]
	if len(rest) < n {
		return nil, ErrOpen
	}
	bound := bind(hdr, aad)
	dk, err := open(k.aead, formatDataKey, rest[:n], bound)
	if err != nil {
		return nil, err
	}
	defer zero(dk)
	daead, err := newGCM(dk)
	if err != nil {
		return nil, ErrOpen
	}
	return open(daead, formatEnvelope, rest[n:], bound)
}

// KeyOf returns the KMS key id and version that sealed envelope.
func KeyOf(envelope []byte) (id string, version uint32, err error) {
	id, version, _, err = parseHeader(envelope)
	return id, version, err
}

func (k *Key) header() []byte {
	h := make([]byte, 0, 2+len(k.id)+4)
	h = append(h, formatEnvelope, byte(len(k.id)))
	h = append(h, k.id...)
	return binary.BigEndian.AppendUint32(h, k.version)
}

func parseHeader(b []byte) (id string, version uint32, rest []byte, err error) {
	if len(b) < 2 || b[0] != formatEnvelope {
		return "", 0, nil, ErrFormat
	}
	n := int(b[1])
	if len(b) < 2+n+4 || n == 0 {
		return "", 0, nil, ErrFormat
	}
	return string(b[2 : 2+n]), binary.BigEndian.Uint32(b[2+n:]), b[2+n+4:], nil
}

// bind joins the header and the record's aad unambiguously (length-prefixed).
func bind(hdr, aad []byte) []byte {
	out := make([]byte, 0, 4+len(hdr)+len(aad))
	out = binary.BigEndian.AppendUint32(out, uint32(len(hdr)))
	out = append(out, hdr...)
	return append(out, aad...)
}

func zero(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
