package audit

import (
	"encoding/json"
	"time"
)

// EventVersion is the CloudTrail record version arca writes.
const EventVersion = "1.09"

// Event is one audit record in CloudTrail's shape: one per request of every
// dialect, allowed or denied. It never holds a secret value: the dialect
// pipeline removes them from RequestParameters and ResponseElements before
// the event reaches the log (see package redact).
type Event struct {
	EventVersion        string          `json:"eventVersion"`
	UserIdentity        Identity        `json:"userIdentity"`
	EventTime           time.Time       `json:"eventTime"`
	EventSource         string          `json:"eventSource"` // "ssm.amazonaws.com", "secretsmanager.amazonaws.com", …
	EventName           string          `json:"eventName"`   // the operation, e.g. "GetSecretValue"
	AWSRegion           string          `json:"awsRegion"`
	SourceIPAddress     string          `json:"sourceIPAddress"`
	UserAgent           string          `json:"userAgent"`
	ErrorCode           string          `json:"errorCode,omitempty"`
	ErrorMessage        string          `json:"errorMessage,omitempty"`
	RequestParameters   json.RawMessage `json:"requestParameters"` // redacted; null when none
	ResponseElements    json.RawMessage `json:"responseElements"`  // redacted; null for reads, as CloudTrail
	AdditionalEventData *Additional     `json:"additionalEventData,omitempty"`
	RequestID           string          `json:"requestID"`
	EventID             string          `json:"eventID"`
	ReadOnly            bool            `json:"readOnly"`
	Resources           []Resource      `json:"resources,omitempty"`
	EventType           string          `json:"eventType"` // "AwsApiCall", or "AwsServiceEvent" for arca's own acts (rotation)
	ManagementEvent     bool            `json:"managementEvent"`
	RecipientAccountID  string          `json:"recipientAccountId"`
	EventCategory       string          `json:"eventCategory"` // "Management"
}

// Identity is CloudTrail's userIdentity.
type Identity struct {
	Type           string          `json:"type"` // Root, IAMUser, AssumedRole, AWSService, Unknown
	PrincipalID    string          `json:"principalId,omitempty"`
	ARN            string          `json:"arn,omitempty"`
	AccountID      string          `json:"accountId,omitempty"`
	AccessKeyID    string          `json:"accessKeyId,omitempty"`
	UserName       string          `json:"userName,omitempty"`
	InvokedBy      string          `json:"invokedBy,omitempty"`
	SessionContext *SessionContext `json:"sessionContext,omitempty"`
}

// SessionContext describes temporary credentials.
type SessionContext struct {
	SessionIssuer *SessionIssuer   `json:"sessionIssuer,omitempty"`
	Attributes    SessionAttribute `json:"attributes"`
}

// SessionIssuer is the role (or user) that issued temporary credentials.
type SessionIssuer struct {
	Type        string `json:"type"` // "Role"
	PrincipalID string `json:"principalId,omitempty"`
	ARN         string `json:"arn,omitempty"`
	AccountID   string `json:"accountId,omitempty"`
	UserName    string `json:"userName,omitempty"`
}

// SessionAttribute holds the session's creation time and MFA flag.
type SessionAttribute struct {
	CreationDate     time.Time `json:"creationDate"`
	MFAAuthenticated string    `json:"mfaAuthenticated"` // "false"/"true", as CloudTrail writes it
}

// Additional carries arca's additions: the policy decision and, for a
// mutation whose outcome could not be recorded, the marker.
type Additional struct {
	Decision string `json:"decision,omitempty"` // which statement of which policy allowed or denied
}

// Resource is one resource the request touched.
type Resource struct {
	ARN       string `json:"ARN"`
	AccountID string `json:"accountId,omitempty"`
	Type      string `json:"type,omitempty"` // e.g. "AWS::SecretsManager::Secret"
}
