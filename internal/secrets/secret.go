package secrets

import (
	"time"

	"github.com/arca-vault/arca"
)

// The staging labels that rotation gives meaning to.
const (
	StageCurrent  = "AWSCURRENT"
	StagePrevious = "AWSPREVIOUS"
	StagePending  = "AWSPENDING"
)

// Limits, as AWS keeps them unless said otherwise.
const (
	MaxValueSize        = 65536 // bytes of SecretString or SecretBinary
	MaxNameLength       = 512
	MaxTags             = 50
	MaxStages           = 20  // staging labels attached across all versions of a secret
	KeepVersions        = 100 // unlabelled versions beyond this are pruned ...
	PruneAge            = 24 * time.Hour
	MaxVersions         = 300 // arca's bound on kept versions (AWS documents a quota, not its value)
	MinRecoveryDays     = 7
	MaxRecoveryDays     = 30
	DefaultRecoveryDays = 30
	DefaultKeyAlias     = "alias/aws/secretsmanager"
)

// Content is the value of one version: text (SecretString) or bytes
// (SecretBinary).
type Content struct {
	Data   arca.Value
	Binary bool
}

// Tag is a key-value pair attached to a secret.
type Tag struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

// Ref names a secret in a response.
type Ref struct {
	ARN  string
	Name string
}

// Secret is a secret's metadata as DescribeSecret and ListSecrets report
// it; it never carries a value.
type Secret struct {
	ARN, Name, Description string
	KeyID                  string // the key as given; "" for alias/aws/secretsmanager
	Type                   string
	Tags                   []Tag
	Stages                 map[string][]string // version id -> its labels; labelled versions only
	Rotation               Rotation
	Created, Changed       time.Time
	Deleted                time.Time // when DeleteSecret scheduled the deletion; zero if not deleted
	DeletionDate           time.Time // when the purge falls due
	PrimaryRegion          string    // set for a replicated primary and for its replicas
	Replicas               []ReplicaStatus
}

// Rotation is a secret's rotation state.
type Rotation struct {
	Configured  bool // RotateSecret was called at least once
	Enabled     bool
	LambdaARN   string
	Rules       *Rules
	LastRotated time.Time
	Next        time.Time
	// arca's additions (AWS has no field for them): the rotation in
	// progress — its AWSPENDING version, the last step that completed, the
	// failed attempts and when the next one runs — and how the last
	// attempt ended ("succeeded", "failed"; "" before the first).
	PendingVersion string
	Step           string
	Attempts       int
	RetryAt        time.Time
	Result         string
	Failure        *RotationFailure
	RunningOn      string // the node whose lease the rotation in progress is under
}

// RotationFailure describes a failed rotation step. Message never holds a
// secret value: it is the error's message, which rotation functions keep
// free of them.
type RotationFailure struct {
	Step     string    `json:"step"`
	Message  string    `json:"message"`
	At       time.Time `json:"at"`
	Attempts int       `json:"attempts"` // failed attempts of this rotation so far
}

// Rules is a rotation schedule: AutomaticallyAfterDays or a rate()/cron()
// ScheduleExpression, and the window Duration ("3h").
type Rules struct {
	AfterDays  int64  `json:"days,omitempty"`
	Expression string `json:"expr,omitempty"`
	Duration   string `json:"duration,omitempty"`
}

// SecretValue is one version of a secret with its value.
type SecretValue struct {
	ARN, Name, VersionID string
	Stages               []string
	Created              time.Time
	Content              Content
}

// VersionInfo describes one version without its value.
type VersionInfo struct {
	ID      string
	Stages  []string
	Created time.Time
	KeyARNs []string
}

// WriteResult is what a write that may create a version reports.
type WriteResult struct {
	ARN, Name string
	VersionID string   // "" when no version was created
	Stages    []string // the version's labels (PutSecretValue)
	Replicas  []ReplicaStatus
}

// ReplicaTarget asks for a replica in Region, sealed under KeyID (""
// = alias/aws/secretsmanager of that region).
type ReplicaTarget struct {
	Region string
	KeyID  string
}

// Replica states, as AWS names them.
const (
	ReplicaInSync = "InSync"
	ReplicaFailed = "Failed"
)

// ReplicaStatus is the state of one replica of a primary secret.
type ReplicaStatus struct {
	Region  string `json:"region"`
	KeyID   string `json:"keyId,omitempty"`
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}
