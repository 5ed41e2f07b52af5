package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/arca-vault/arca/internal/audit"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// exportPath and exportHeadHeader are the server's audit export route and
// its head header (server.ExportPath, server.ExportHeadHeader).
const (
	exportPath       = "/_arca/audit/export"
	exportHeadHeader = "X-Arca-Audit-Head"
	publicKeyPath    = "/_arca/audit/public-key"
)

// fetchExport downloads the raw audit records of a running server (signed
// with the AWS_* credentials for the service "arca"; the root user or
// arca:ExportAuditLog) into a Source that Verify can read.
func (f *clientFlags) fetchExport(ctx context.Context) (*sliceSource, error) {
	if f.endpoint == "" {
		return nil, fmt.Errorf("--endpoint (or $ARCA_ENDPOINT) is required")
	}
	cfg, err := f.awsConfig(ctx)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(f.endpoint, "/")+exportPath, nil)
	if err != nil {
		return nil, err
	}
	cr, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	empty := sha256.Sum256(nil)
	if err := v4.NewSigner().SignHTTP(ctx, cr, req, hex.EncodeToString(empty[:]), "arca", cfg.Region, time.Now()); err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("export: %s: %s", resp.Status, bytes.TrimSpace(body))
	}
	src := &sliceSource{}
	if src.head, err = parseHead(resp.Header.Get(exportHeadHeader)); err != nil {
		return nil, err
	}
	for off := 0; off < len(body); {
		var r audit.Record
		n, err := audit.ParseFrame(body[off:], &r)
		if err != nil {
			// Verify reports it as the first bad position.
			src.corrupt = &audit.CorruptError{After: src.lastSeq(), Where: "export offset " + strconv.Itoa(off), Reason: err.Error()}
			break
		}
		src.recs = append(src.recs, r)
		off += n
	}
	return src, nil
}

func parseHead(h string) (audit.Head, error) {
	var head audit.Head
	parts := strings.Fields(h)
	if len(parts) != 4 {
		return head, fmt.Errorf("export: the server sent no valid %s header", exportHeadHeader)
	}
	seq, err1 := strconv.ParseUint(parts[0], 10, 64)
	hash, err2 := hex.DecodeString(parts[1])
	ns, err3 := strconv.ParseInt(parts[2], 10, 64)
	cp, err4 := strconv.ParseUint(parts[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || len(hash) != 32 {
		return head, fmt.Errorf("export: malformed %s header %q", exportHeadHeader, h)
	}
	head.Seq, head.Time, head.Checkpoint = seq, time.Unix(0, ns), cp
	copy(head.Hash[:], hash)
	return head, nil
}

// sliceSource is an exported log held in memory, as audit.Source.
type sliceSource struct {
	recs    []audit.Record // in the order received
	head    audit.Head
	corrupt *audit.CorruptError // a frame that did not parse ends recs
}

func (s *sliceSource) lastSeq() uint64 {
	if len(s.recs) == 0 {
		return 0
	}
	return s.recs[len(s.recs)-1].Seq
}

// Scan implements audit.Source. Records are given in the order received,
// whatever their positions, so that Verify sees a reordered or missing
// one.
func (s *sliceSource) Scan(ctx context.Context, from, to uint64, fn func(*audit.Record) error) error {
	for i := range s.recs {
		r := &s.recs[i]
		if r.Seq < from || to != 0 && r.Seq > to {
			continue
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if s.corrupt != nil {
		return s.corrupt
	}
	return ctx.Err()
}

// Head implements audit.Source.
func (s *sliceSource) Head(context.Context) (audit.Head, error) { return s.head, nil }

// Locate implements audit.Source.
func (s *sliceSource) Locate(_ context.Context, t time.Time) (uint64, error) {
	i := sort.Search(len(s.recs), func(i int) bool { return !s.recs[i].Time.Before(t) })
	if i == len(s.recs) {
		return s.head.Seq + 1, nil
	}
	return s.recs[i].Seq, nil
}

// LastCheckpoint implements audit.Source.
func (s *sliceSource) LastCheckpoint(_ context.Context, at uint64) (uint64, error) {
	var best uint64
	for i := range s.recs {
		if r := &s.recs[i]; r.Kind == audit.KindCheckpoint && r.Seq <= at && r.Seq > best {
			best = r.Seq
		}
	}
	return best, nil
}

// fetchPublicKey reads the running server's checkpoint key. It is only as
// trustworthy as the server: a third party should use a key exported
// earlier (`arca audit public-key`) with --public-key.
func (f *clientFlags) fetchPublicKey(ctx context.Context) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(f.endpoint, "/")+publicKeyPath, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("public key: %s", resp.Status)
	}
	return b, nil
}
