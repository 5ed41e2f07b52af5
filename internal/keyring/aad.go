package keyring

import "encoding/binary"

// AAD builds associated data from the parts of a record's identity (e.g.
// kind, region, name, version). Each part is length-prefixed, so that
// ("a/b", "c") and ("a", "b/c") never collide.
func AAD(parts ...string) []byte {
	n := 0
	for _, p := range parts {
		n += 4 + len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = binary.BigEndian.AppendUint32(out, uint32(len(p)))
		out = append(out, p...)
	}
	return out
}
