package identity

import (
	"context"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// GetSessionToken issues temporary credentials with the caller's own
// permissions: for an IAM user (duration 0 means 43200 s, at most 129600
// s), or the root user (at most 3600 s; a longer request gets one hour, as
// in AWS). Errors: EDenied (called with temporary credentials),
// EUnauthenticated.
func (s *Service) GetSessionToken(ctx context.Context, duration int) (*Credentials, error) {
	c := arca.CallerFrom(ctx)
	if c == nil {
		return nil, arca.Errorf(arca.EUnauthenticated, "no authenticated caller")
	}
	if isSessionKey(c.AccessKeyID) {
		return nil, arca.Errorf(arca.EDenied, "Cannot call GetSessionToken with session credentials")
	}
	if duration == 0 {
		duration = DefaultUserSession
	}
	rec := &sessionRecord{Kind: sessionUser, UserName: c.UserName, UserID: c.PrincipalID}
	if c.Type == TypeRoot {
		rec = &sessionRecord{Kind: sessionRoot}
		duration = min(duration, MaxRootSessionToken)
	}
	var creds *Credentials
	err := s.updateQuiet(ctx, func(tx storage.Tx) error {
		if rec.Kind == sessionUser {
			u, err := getRecord(tx, KindUser, rec.UserName)
			if err != nil || u.ID != rec.UserID {
				return unknownKey()
			}
		}
		var err error
		creds, err = s.issue(tx, rec, time.Duration(duration)*time.Second)
		return err
	})
	return creds, err
}
