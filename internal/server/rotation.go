package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/google/uuid"

	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/rotation/dbrotate"
	"github.com/arca-vault/arca/internal/rotation/external"
)

// openRotation builds the rotation scheduler: the built-in functions, the
// external ones of cfg.RotationFunctions, and the metrics; RotateSecret
// hands it the rotations it starts.
func (s *Server) openRotation() error {
	fns := rotation.Registry{}
	for name, f := range dbrotate.NewFunctions(dbrotate.Options{Logger: s.log}) {
		fns[name] = f
	}
	if s.cfg.RotationFunctions != "" {
		ext, err := external.Load(s.cfg.RotationFunctions, func() string { return s.endpoint })
		if err != nil {
			return err
		}
		for name, f := range ext {
			if _, dup := fns[name]; dup {
				return fmt.Errorf("rotation functions: %q is a built-in function's name", name)
			}
			fns[name] = f
		}
	}
	node := s.cfg.NodeID
	if node == "" {
		host, _ := os.Hostname()
		node = host + "/" + s.cfg.Listen
	}
	s.rotation = rotation.New(rotation.Config{
		Secrets: s.secrets, KMS: s.kms, Functions: fns, Node: node, Now: s.cfg.Now, Log: s.log,
		Metrics: rotation.NewMetrics(s.metrics.registry), Notify: s.auditRotation,
	})
	s.secrets.SetRotator(s.rotation)
	return nil
}

// runRotation runs the scheduler until ctx is done; ln's address is the
// endpoint external commands call back.
func (s *Server) runRotation(ctx context.Context, ln net.Listener) {
	scheme := "http"
	if s.tls != nil {
		scheme = "https"
	}
	addr := ln.Addr().String()
	if host, port, err := net.SplitHostPort(addr); err == nil {
		if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
			addr = net.JoinHostPort("127.0.0.1", port)
		}
	}
	s.endpoint = scheme + "://" + addr
	s.rotation.Run(ctx)
}

// auditRotation records a rotation attempt's start and end as a CloudTrail
// service event (eventType AwsServiceEvent, identity the rotation service).
// A rotation is not a request a client waits for, so a log that refuses the
// record is logged, not fatal.
func (s *Server) auditRotation(ctx context.Context, n rotation.Notice) {
	if s.audit == nil {
		return
	}
	a, _ := arca.ParseARN(n.SecretARN)
	details, _ := json.Marshal(map[string]any{
		"secretId": n.SecretARN, "clientRequestToken": n.VersionID, "function": n.Function,
		"step": n.Step, "message": n.Message, "attempt": n.Attempt,
	})
	ev := &audit.Event{
		EventVersion: audit.EventVersion,
		UserIdentity: audit.Identity{Type: "AWSService", InvokedBy: secrets.ServicePrincipal},
		EventTime:    eventTime(s.cfg.Now()), EventSource: secrets.ServicePrincipal, EventName: n.Event,
		AWSRegion: a.Region, SourceIPAddress: secrets.ServicePrincipal, UserAgent: secrets.ServicePrincipal,
		RequestParameters: details, RequestID: uuid.NewString(), EventID: uuid.NewString(),
		Resources: []audit.Resource{{ARN: n.SecretARN, AccountID: a.Account, Type: "AWS::SecretsManager::Secret"}},
		EventType: "AwsServiceEvent", ManagementEvent: true, RecipientAccountID: a.Account, EventCategory: "Management",
	}
	if n.Event == rotation.NoticeFailed {
		ev.ErrorCode, ev.ErrorMessage = "RotationFailed", n.Message
	}
	if err := s.audit.Record(ctx, ev); err != nil {
		s.log.Error("audit: record a rotation event", "secret", n.SecretARN, "event", n.Event, "err", err)
	}
}
