package cli

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/file"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage/bolt"
	"github.com/spf13/cobra"
)

// auditOfflineCmds are verify and public-key.
func auditOfflineCmds() []*cobra.Command {
	return []*cobra.Command{auditVerifyCmd(), auditPublicKeyCmd()}
}

// logFlags say where a log is: a stopped server's data dir, or a running
// server.
type logFlags struct {
	clientFlags
	dataDir, rootKeyFile string
}

func (l *logFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	l.clientFlags.register(fs)
	fs.StringVar(&l.dataDir, "data-dir", "", "a stopped server's data dir (its audit files and store)")
	fs.StringVar(&l.rootKeyFile, "root-key-file", "", "the root key file (default DATA_DIR/root.key)")
}

// dataDirPublicKey reads the checkpoint key from a stopped server's store.
// With the root key file at hand (the default DATA_DIR/root.key) it also
// unwraps the signing key and checks that the stored public key is its
// own, so a swapped public key is caught. The store is only read.
func (l *logFlags) dataDirPublicKey(ctx context.Context) (ed25519.PublicKey, error) {
	st, err := bolt.Open(filepath.Join(l.dataDir, "arca.db"), &bolt.Options{LockTimeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("open the store in %s (is a server still running on it? stop it, or use --endpoint): %w", l.dataDir, err)
	}
	defer st.Close()
	pub, err := audit.LoadPublicKey(ctx, st)
	if err != nil {
		return nil, err
	}
	keyFile := l.rootKeyFile
	if keyFile == "" {
		keyFile = filepath.Join(l.dataDir, "root.key")
	}
	k, err := os.ReadFile(keyFile)
	if errors.Is(err, os.ErrNotExist) && l.rootKeyFile == "" {
		return pub, nil // the key file is kept elsewhere: the stored public key alone
	}
	if err != nil {
		return nil, fmt.Errorf("read root key: %w", err)
	}
	defer clear(k)
	root, err := keyring.NewRoot(k)
	if err != nil {
		return nil, err
	}
	// The key exists (LoadPublicKey found it), so LoadSigner only reads.
	signer, err := audit.LoadSigner(ctx, st, root)
	if err != nil {
		return nil, err
	}
	if !pub.Equal(signer.Public()) {
		return nil, errors.New("the stored audit public key does not match the signing key")
	}
	return pub, nil
}

// parsePublicKey reads a key as `arca audit public-key` writes it: PEM
// (PKIX "PUBLIC KEY") or the base64 of the 32 raw bytes.
func parsePublicKey(b []byte) (ed25519.PublicKey, error) {
	if blk, _ := pem.Decode(b); blk != nil {
		k, err := x509.ParsePKIXPublicKey(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("public key: %w", err)
		}
		pub, ok := k.(ed25519.PublicKey)
		if !ok {
			return nil, errors.New("public key: not an Ed25519 key")
		}
		return pub, nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, errors.New("public key: want PEM or the base64 of 32 bytes")
	}
	return ed25519.PublicKey(raw), nil
}

func auditVerifyCmd() *cobra.Command {
	var l logFlags
	var from, to, keyFile string
	cmd := &cobra.Command{
		Use:   "verify [--data-dir DIR | --endpoint URL] [--from T] [--to T] [--public-key FILE]",
		Short: "Prove that no audit record was removed, reordered, altered or inserted",
		Long: "verify recomputes the audit log's hash chain and checks every signed checkpoint.\n" +
			"With --data-dir it reads a stopped server's files (the checkpoint key comes from the\n" +
			"store, through the root key file); with --endpoint it downloads the records from a\n" +
			"running server (root or arca:ExportAuditLog). --public-key FILE checks against a key\n" +
			"exported earlier instead (what a third party should do). --from/--to (RFC 3339)\n" +
			"narrow the check to a window anchored on checkpoints.\n" +
			"Exit 0 and \"intact: N events, C checkpoints\" when intact; exit 1 with the first bad\n" +
			"position otherwise.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// An endpoint from $ARCA_ENDPOINT does not conflict with
			// --data-dir; one on the command line does.
			endpointFlag := cmd.Flags().Changed("endpoint")
			if err := l.applyEnv(cmd.Flags()); err != nil {
				return err
			}
			ctx := cmd.Context()
			var opts audit.VerifyOptions
			var err error
			if opts.From, err = parseTimeFlag("--from", from); err != nil {
				return err
			}
			if opts.To, err = parseTimeFlag("--to", to); err != nil {
				return err
			}
			var pub ed25519.PublicKey
			if keyFile != "" {
				b, err := os.ReadFile(keyFile)
				if err != nil {
					return err
				}
				if pub, err = parsePublicKey(b); err != nil {
					return err
				}
			}
			var src audit.Source
			switch {
			case l.dataDir != "" && endpointFlag:
				return errors.New("give --data-dir or --endpoint, not both")
			case l.dataDir != "":
				if pub == nil {
					if pub, err = l.dataDirPublicKey(ctx); err != nil {
						return err
					}
				}
				fs, err := file.OpenReader(filepath.Join(l.dataDir, "audit"))
				if err != nil {
					return fmt.Errorf("open the audit log: %w", err)
				}
				defer fs.Close()
				src = fs
			default:
				s, err := l.fetchExport(ctx)
				if err != nil {
					return err
				}
				if pub == nil {
					b, err := l.fetchPublicKey(ctx)
					if err != nil {
						return err
					}
					if pub, err = parsePublicKey(b); err != nil {
						return err
					}
					fmt.Fprintln(cmd.ErrOrStderr(), "arca: note: the public key came from the server itself; give --public-key to check against a key you trust")
				}
				src = s
			}
			rep, err := audit.Verify(ctx, src, pub, opts)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if !rep.OK {
				fmt.Fprintf(out, "TAMPERED: first bad record at position %d: %s\n", rep.FirstBad, rep.Problem)
				fmt.Fprintf(out, "(%d records read, %d events, %d checkpoints verified before it)\n", rep.Records, rep.Events, rep.Checkpoints)
				return fmt.Errorf("audit log verification failed at position %d", rep.FirstBad)
			}
			fmt.Fprintf(out, "intact: %d events, %d checkpoints (%d records, %d intents, %d without an outcome, %d after the last checkpoint)\n",
				rep.Events, rep.Checkpoints, rep.Records, rep.Intents, rep.OpenIntents, rep.Unsigned)
			return nil
		},
	}
	l.register(cmd)
	fs := cmd.Flags()
	fs.StringVar(&from, "from", "", "verify from this time (RFC 3339)")
	fs.StringVar(&to, "to", "", "verify up to this time (RFC 3339)")
	fs.StringVar(&keyFile, "public-key", "", "the checkpoint public key (PEM or base64), exported earlier")
	return cmd
}

func parseTimeFlag(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, fmt.Errorf("%s %q: want RFC 3339, e.g. 2026-01-02T15:04:05Z", name, v)
	}
	return t, nil
}

func auditPublicKeyCmd() *cobra.Command {
	var l logFlags
	var format string
	cmd := &cobra.Command{
		Use:   "public-key [--data-dir DIR | --endpoint URL] [--format pem|base64]",
		Short: "Print the audit checkpoint public key, for third parties who verify an exported log",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := l.applyEnv(cmd.Flags()); err != nil {
				return err
			}
			var pub ed25519.PublicKey
			var err error
			if l.dataDir != "" {
				pub, err = l.dataDirPublicKey(cmd.Context())
			} else {
				var b []byte
				if b, err = l.fetchPublicKey(cmd.Context()); err == nil {
					pub, err = parsePublicKey(b)
				}
			}
			if err != nil {
				return err
			}
			return printPublicKey(cmd, pub, format)
		},
	}
	l.register(cmd)
	cmd.Flags().StringVar(&format, "format", "pem", "pem or base64")
	return cmd
}

func printPublicKey(cmd *cobra.Command, pub ed25519.PublicKey, format string) error {
	switch format {
	case "pem":
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			return err
		}
		return pem.Encode(cmd.OutOrStdout(), &pem.Block{Type: "PUBLIC KEY", Bytes: der})
	case "base64":
		_, err := fmt.Fprintln(cmd.OutOrStdout(), base64.StdEncoding.EncodeToString(pub))
		return err
	}
	return fmt.Errorf("--format %q: want pem or base64", format)
}
