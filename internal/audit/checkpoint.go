package audit

import (
	"crypto/ed25519"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Checkpoint is the payload of a checkpoint record: a signed statement that
// the chain's record Seq has hash Head and that the chain then held Count
// records (Seq, since positions start at 1 and are contiguous; kept so
// that a reader need not trust the framing), at Time.
type Checkpoint struct {
	Seq       uint64    `json:"seq"`
	Head      string    `json:"head"` // hex SHA-256 of record Seq
	Count     uint64    `json:"count"`
	Time      time.Time `json:"time"`
	Signature []byte    `json:"sig"` // Ed25519 over signedCheckpoint
}

// checkpointDomain separates checkpoint signatures from any other use of
// the key.
const checkpointDomain = "arca audit checkpoint v1\n"

// signedCheckpoint returns the bytes the signature covers.
func signedCheckpoint(seq uint64, head [32]byte, count uint64, t time.Time) []byte {
	b := make([]byte, 0, len(checkpointDomain)+8+32+8+8)
	b = append(b, checkpointDomain...)
	b = binary.BigEndian.AppendUint64(b, seq)
	b = append(b, head[:]...)
	b = binary.BigEndian.AppendUint64(b, count)
	b = binary.BigEndian.AppendUint64(b, uint64(t.UnixNano()))
	return b
}

// newCheckpoint returns the record that signs head.
func newCheckpoint(key ed25519.PrivateKey, head Head, t time.Time) (Record, error) {
	t = t.UTC()
	cp := Checkpoint{Seq: head.Seq, Head: hex.EncodeToString(head.Hash[:]), Count: head.Seq, Time: t}
	cp.Signature = ed25519.Sign(key, signedCheckpoint(head.Seq, head.Hash, head.Seq, t))
	payload, err := json.Marshal(cp)
	if err != nil {
		return Record{}, err
	}
	return Record{Seq: head.Seq + 1, Kind: KindCheckpoint, Time: t, Prev: head.Hash, Payload: payload}, nil
}

// checkCheckpoint verifies that r is a checkpoint signed by pub over the
// record before it.
func checkCheckpoint(r *Record, pub ed25519.PublicKey) error {
	var cp Checkpoint
	if err := json.Unmarshal(r.Payload, &cp); err != nil {
		return fmt.Errorf("checkpoint payload does not parse: %v", err)
	}
	head, err := hex.DecodeString(cp.Head)
	if err != nil || len(head) != 32 {
		return errors.New("checkpoint head is not a SHA-256 hash")
	}
	if cp.Seq+1 != r.Seq || [32]byte(head) != r.Prev || cp.Count != cp.Seq {
		return fmt.Errorf("checkpoint names position %d and a head that are not the record before it", cp.Seq)
	}
	if !ed25519.Verify(pub, signedCheckpoint(cp.Seq, [32]byte(head), cp.Count, cp.Time), cp.Signature) {
		return errors.New("bad signature")
	}
	return nil
}

// PruneMark is the payload of a prune record: retention removed every
// record before position Cut (a checkpoint), those older than Cutoff.
type PruneMark struct {
	Cut    uint64    `json:"cut"`
	Cutoff time.Time `json:"cutoff,omitzero"` // zero when the cut was made by Config.MaxRecords
}
