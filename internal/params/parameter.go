package params

import (
	"time"

	"github.com/arca-vault/arca"
)

// Parameter types.
const (
	TypeString       = "String"
	TypeStringList   = "StringList"
	TypeSecureString = "SecureString"
)

// Parameter tiers and their value limits in bytes.
const (
	TierStandard     = "Standard"
	TierAdvanced     = "Advanced"
	TierIntelligent  = "Intelligent-Tiering"
	MaxStandardValue = 4096
	MaxAdvancedValue = 8192
)

// Limits kept as AWS keeps them.
const (
	MaxVersions        = 100 // versions kept per parameter
	MaxLabelsPerVer    = 10  // labels on one version
	MaxTags            = 50  // tags on one parameter
	MaxHierarchyLevels = 15  // levels in a hierarchical name
	DefaultKeyAlias    = "alias/aws/ssm"
	DefaultDataType    = "text"
)

// Parameter is one version of a parameter as a read returns it.
type Parameter struct {
	Name           string
	ARN            string
	Type           string
	Version        int64
	Selector       string     // ":3" or ":label" when the read named one
	Value          arca.Value // the plaintext; nil for a SecureString read without decryption
	Ciphertext     []byte     // a SecureString's sealed envelope when not decrypted
	KeyID          string     // SecureString only: the key reference as given
	Description    string
	AllowedPattern string
	Tier           string
	DataType       string
	Policies       string
	Labels         []string
	Modified       time.Time
	ModifiedUser   string
	SourceResult   string // the /aws/reference passthrough: the source secret version, as JSON
}

// Tag is a key-value pair attached to a parameter.
type Tag struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

// PutInput is a request to create or overwrite a parameter. Nil pointer
// fields are "not given": on overwrite the previous version's value is kept.
type PutInput struct {
	Name           string
	Value          arca.Value
	Type           string // "" on overwrite keeps the type; required on create
	KeyID          string // SecureString only; "" = keep on overwrite, else alias/aws/ssm
	Description    *string
	AllowedPattern *string
	Overwrite      bool
	Tags           []Tag // create only
	Tier           string
	DataType       string
	Policies       string
}

// PutResult is what a successful put reports.
type PutResult struct {
	Version int64
	Tier    string
}
