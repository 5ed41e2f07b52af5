package identity

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
)

// Session kinds: whose permissions temporary credentials carry.
const (
	sessionRole = "role" // AssumeRole, AssumeRoleWithWebIdentity
	sessionUser = "user" // GetSessionToken by an IAM user
	sessionRoot = "root" // GetSessionToken by the root user
)

// sessionRecord is one set of temporary credentials, stored under
// "iam/session/ASIA...". The secret is wrapped by the root key; of the
// session token only its SHA-256 is kept.
type sessionRecord struct {
	ID            string    `json:"id"`
	WrappedSecret []byte    `json:"secret"`
	TokenHash     []byte    `json:"token"`
	Kind          string    `json:"kind"`
	Created       time.Time `json:"created"`
	Expires       time.Time `json:"expires"`
	// Role sessions: the role (by name and id: a role deleted, or deleted
	// and created again, ends the session) and the session's name.
	RoleName    string `json:"role,omitempty"`
	RoleID      string `json:"role_id,omitempty"`
	SessionName string `json:"session,omitempty"`
	// User sessions (GetSessionToken); for role sessions, who assumed the
	// role when it was a user.
	UserName string `json:"user,omitempty"`
	UserID   string `json:"user_id,omitempty"`
	// Session policies and tags.
	Policy         string   `json:"policy,omitempty"`
	PolicyARNs     []string `json:"policy_arns,omitempty"`
	Tags           []Tag    `json:"tags,omitempty"`
	TransitiveKeys []string `json:"transitive,omitempty"`
	SourceIdentity string   `json:"source_identity,omitempty"`
	// Web identity sessions: the token's issuer, subject and audience.
	Provider string `json:"provider,omitempty"`
	Subject  string `json:"subject,omitempty"`
	Audience string `json:"audience,omitempty"`
}

func sessionKey(id string) []byte { return []byte("iam/session/" + id) }

func sessionAAD(id string) []byte { return keyring.AAD("session-key", id) }

// Credentials are temporary credentials, shown to the client once.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey arca.Value
	SessionToken    arca.Value
	Expiration      time.Time
}

func expired() error {
	return &arca.Error{Code: arca.EUnauthenticated, Message: "The security token included in the request is expired", Err: ErrExpiredToken}
}

// issue fills in a session's credentials and stores it in tx.
func (s *Service) issue(tx storage.Tx, rec *sessionRecord, d time.Duration) (*Credentials, error) {
	id, secret := "ASIA"+randomString(16, upperAlnum), randomString(40, secretChars)
	tok := make([]byte, 96)
	if _, err := rand.Read(tok); err != nil {
		return nil, arca.Internal(err)
	}
	token := base64.StdEncoding.EncodeToString(tok)
	wrapped, err := s.root.Wrap([]byte(secret), sessionAAD(id))
	if err != nil {
		return nil, arca.Internal(err)
	}
	sum := sha256.Sum256([]byte(token))
	now := s.now().UTC()
	rec.ID, rec.WrappedSecret, rec.TokenHash = id, wrapped, sum[:]
	rec.Created, rec.Expires = now, now.Add(d).Truncate(time.Second)
	raw, err := json.Marshal(rec)
	if err != nil {
		return nil, arca.Internal(err)
	}
	if err := tx.Put(sessionKey(id), raw); err != nil {
		return nil, err
	}
	return &Credentials{AccessKeyID: id, SecretAccessKey: arca.Value(secret), SessionToken: arca.Value(token), Expiration: rec.Expires}, nil
}

type cachedSession struct {
	raw    []byte
	secret []byte
	rec    *sessionRecord
}

// session reads unexpired temporary credentials and their secret.
// Errors: EUnauthenticated wrapping ErrUnknownKey or ErrExpiredToken.
func (s *Service) session(ctx context.Context, id string) (*sessionRecord, []byte, error) {
	var raw []byte
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		raw, err = tx.Get(sessionKey(id))
		return err
	})
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil, unknownKey()
	}
	if err != nil {
		return nil, nil, &arca.Error{Code: arca.EUnavailable, Message: "credential store unavailable", Err: err}
	}
	var cs cachedSession
	if c, ok := s.sessions.Load(id); ok && bytes.Equal(c.(cachedSession).raw, raw) {
		cs = c.(cachedSession)
	} else {
		rec := new(sessionRecord)
		if err := json.Unmarshal(raw, rec); err != nil {
			return nil, nil, arca.Internal(fmt.Errorf("decode session: %w", err))
		}
		secret, err := s.root.Unwrap(rec.WrappedSecret, sessionAAD(id))
		if err != nil {
			return nil, nil, arca.Internal(fmt.Errorf("unwrap session key %s: %w", id, err))
		}
		cs = cachedSession{raw: raw, secret: secret, rec: rec}
		s.sessions.Store(id, cs)
	}
	if !s.now().Before(cs.rec.Expires) {
		s.sessions.Delete(id)
		return nil, nil, expired()
	}
	return cs.rec, cs.secret, nil
}

// sessionCaller authenticates temporary credentials: the token must match,
// the session must not have expired, and its role or user must still exist
// with the same id.
func (s *Service) sessionCaller(ctx context.Context, id, token, region string) (*arca.Caller, error) {
	rec, _, err := s.session(ctx, id)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(token))
	if token == "" || subtle.ConstantTimeCompare(sum[:], rec.TokenHash) != 1 {
		return nil, unknownKey()
	}
	var c *arca.Caller
	switch rec.Kind {
	case sessionRoot:
		c = s.rootCaller(region)
	case sessionUser:
		if c, err = s.userCaller(ctx, rec.UserName, rec.UserID, region); err != nil {
			return nil, err
		}
	case sessionRole:
		r, err := s.get(ctx, KindRole, rec.RoleName)
		if arca.ErrorCode(err) == arca.ENotFound || err == nil && r.ID != rec.RoleID {
			return nil, unknownKey()
		}
		if err != nil {
			return nil, err
		}
		c = &arca.Caller{
			Account: s.account, Region: region, Type: TypeAssumedRole,
			ARN:         assumedRoleARN(s.region, s.account, r.Name, rec.SessionName),
			PrincipalID: r.ID + ":" + rec.SessionName,
		}
	default:
		return nil, arca.Internal(fmt.Errorf("session %s has unknown kind %q", id, rec.Kind))
	}
	c.AccessKeyID = id
	return c, nil
}

func assumedRoleARN(region, account, role, session string) string {
	return arca.ARN("sts", region, account, "assumed-role/"+role+"/"+session, true)
}
