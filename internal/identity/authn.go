package identity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

const invalidToken = "The security token included in the request is invalid."

func unknownKey() error {
	return &arca.Error{Code: arca.EUnauthenticated, Message: invalidToken, Err: ErrUnknownKey}
}

// isSessionKey reports whether id names temporary credentials (ASIA...).
func isSessionKey(id string) bool { return strings.HasPrefix(id, "ASIA") }

// lookup returns the active long-term key and its secret.
func (s *Service) lookup(ctx context.Context, id string) (*AccessKey, []byte, error) {
	var e *unwrappedKey
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		e, err = s.keys.Read(tx, accessKeyKey(id), func(raw []byte) (*unwrappedKey, error) { return s.unwrapKey(id, raw) })
		return err
	})
	var ae *arca.Error
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return nil, nil, unknownKey()
	case errors.As(err, &ae):
		return nil, nil, err
	case err != nil:
		return nil, nil, &arca.Error{Code: arca.EUnavailable, Message: "credential store unavailable", Err: err}
	}
	return active(e.key, e.secret)
}

// unwrapKey decodes access key id's record and unwraps its secret.
func (s *Service) unwrapKey(id string, raw []byte) (*unwrappedKey, error) {
	var k AccessKey
	if err := json.Unmarshal(raw, &k); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode access key: %w", err))
	}
	secret, err := s.root.Unwrap(k.WrappedSecret, secretAAD(id))
	if err != nil {
		return nil, arca.Internal(fmt.Errorf("unwrap access key %s: %w", id, err))
	}
	return &unwrappedKey{key: &k, secret: secret}, nil
}

func active(k *AccessKey, secret []byte) (*AccessKey, []byte, error) {
	if k.Status != StatusActive {
		return nil, nil, unknownKey()
	}
	return k, secret, nil
}

// Secret returns the secret access key of an active long-term key or of
// unexpired temporary credentials, for signature verification. The record
// is read on every call, so a deactivated or deleted key fails at once.
// Errors: EUnauthenticated wrapping ErrUnknownKey or ErrExpiredToken;
// EUnavailable.
func (s *Service) Secret(ctx context.Context, id string) ([]byte, error) {
	if isSessionKey(id) {
		_, secret, err := s.session(ctx, id)
		return secret, err
	}
	_, secret, err := s.lookup(ctx, id)
	return secret, err
}

// Caller returns the principal of an active long-term access key as a
// caller in region. The wire layer fills in the request facts (source,
// agent, id). It is Authenticate without a session token or service.
func (s *Service) Caller(ctx context.Context, id, region string) (*arca.Caller, error) {
	return s.Authenticate(ctx, id, "", region, "")
}

// Authenticate returns the caller that the access key id (and, for
// temporary credentials, the session token) stands for, in region, after
// the signature has been verified with Secret. It re-reads every record it
// depends on: an inactive or deleted key, a deleted user, a deleted role or
// an expired session is refused on the very next request. service (the
// SigV4 scope's, "" for none) is noted as the key's last use.
//
// Errors: EUnauthenticated wrapping ErrUnknownKey (unknown or inactive key,
// a token on a long-term key, a missing or wrong token on temporary
// credentials, a deleted principal) or ErrExpiredToken; EUnavailable.
func (s *Service) Authenticate(ctx context.Context, id, token, region, service string) (*arca.Caller, error) {
	if isSessionKey(id) {
		return s.sessionCaller(ctx, id, token, region)
	}
	if token != "" {
		return nil, unknownKey()
	}
	k, _, err := s.lookup(ctx, id)
	if err != nil {
		return nil, err
	}
	var c *arca.Caller
	switch k.Principal {
	case "root":
		c = s.rootCaller(region)
	case "user":
		if c, err = s.userCaller(ctx, k.UserName, k.UserID, region); err != nil {
			return nil, err
		}
	default:
		return nil, arca.Internal(fmt.Errorf("access key %s has unknown principal %q", id, k.Principal))
	}
	c.AccessKeyID = id
	if err := s.noteUse(ctx, id, service, region); err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Service) rootCaller(region string) *arca.Caller {
	return &arca.Caller{
		Account: s.account, Region: region, ARN: arca.ARN("iam", region, s.account, "root", true),
		PrincipalID: s.account, Type: TypeRoot,
	}
}

// userCaller builds the caller of user name, whose id must still be id (a
// user deleted and created again is another principal).
func (s *Service) userCaller(ctx context.Context, name, id, region string) (*arca.Caller, error) {
	var r *record
	err := s.view(ctx, func(tx storage.Tx) error {
		var err error
		r, err = s.readRecord(tx, KindUser, name)
		return err
	})
	if arca.ErrorCode(err) == arca.ENotFound || err == nil && r.ID != id {
		return nil, unknownKey()
	}
	if err != nil {
		return nil, err
	}
	return &arca.Caller{
		Account: s.account, Region: region, ARN: s.arn(r),
		PrincipalID: r.ID, Type: TypeIAMUser, UserName: r.Name,
	}, nil
}

// The principal types of a caller (arca.Caller.Type).
const (
	TypeRoot        = "Root"
	TypeIAMUser     = "IAMUser"
	TypeAssumedRole = "AssumedRole"
)
