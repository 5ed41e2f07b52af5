package authz

// The policy language versions Parse accepts.
const (
	// Version2012 is the current policy language; it has policy variables.
	Version2012 = "2012-10-17"
	// Version2008 is the original language; "${...}" is literal text in it.
	// A document without a Version element is read as 2008-10-17, as AWS
	// does.
	Version2008 = "2008-10-17"
)

// Policy is a parsed, validated and compiled policy document. Only a Policy
// returned by Parse can be evaluated (the compiled form is unexported);
// Evaluate treats any other Policy as denying everything. A Policy is
// immutable after Parse apart from ID, and safe for concurrent use.
type Policy struct {
	// ID names the policy in decisions: the policy's ARN, or a name such as
	// "user/alice/inline/name". Parse leaves it empty; the caller sets it.
	ID string
	// Kind is the kind the document was parsed as.
	Kind Kind
	// Version is the document's Version element: Version2012, Version2008,
	// or "" when absent (2008-10-17 semantics).
	Version string
	// DocumentID is the document's optional top-level "Id" element.
	DocumentID string
	// Statements are the document's statements in order; a single statement
	// object becomes a list of one.
	Statements []Statement

	parsed bool
}

// Statement is one statement of a policy. The exported fields hold the
// elements as written (values in document order); Evaluate uses the
// compiled form that Parse builds alongside.
type Statement struct {
	// Sid is the statement's optional id.
	Sid string
	// Effect is EffectAllow or EffectDeny.
	Effect Effect
	// Principal and NotPrincipal are nil when absent (at most one is set).
	Principal    *Principals
	NotPrincipal *Principals
	// Action or NotAction (exactly one is set) and Resource or NotResource
	// (at most one; neither in a trust policy).
	Action, NotAction     []string
	Resource, NotResource []string
	// Condition lists the conditions in document order: one entry per
	// operator and key. All of them must match.
	Condition []Condition
	// Start and End locate the statement in the document: the line and
	// column of its "{" and of the byte just after its "}", as IAM's
	// simulator reports them (StartPosition, EndPosition). Zero for a
	// statement not read by Parse.
	Start, End Position

	actions   []pattern
	resources []pattern
	princ     *principalSet
}

// Position is a place in a policy document: line and column, both counted
// from 1 (the column in bytes).
type Position struct {
	Line, Column int
}

// Principals is a statement's Principal or NotPrincipal element.
type Principals struct {
	// All is set for the form "Principal": "*".
	All bool
	// The values of each principal type, as written.
	AWS, Service, Federated, CanonicalUser []string
}

// Condition is one operator-and-key pair of a Condition element, e.g.
// {"StringLike": {"aws:userid": ["AIDA*", "AROA*"]}}.
type Condition struct {
	// Operator is the operator as written, qualifiers and IfExists
	// included, e.g. "ForAnyValue:StringEqualsIgnoreCase".
	Operator string
	// Key is the condition key as written; keys match case-insensitively.
	Key string
	// Values are the condition values as written; numbers and booleans
	// keep their JSON text.
	Values []string

	c cond
}

// MaxSize values: the IAM quotas on a policy document's length in
// characters, not counting white space.
const (
	MaxManagedPolicySize     = 6144  // a customer managed policy
	MaxUserInlinePolicySize  = 2048  // all inline policies of a user together
	MaxGroupInlinePolicySize = 5120  // all inline policies of a group together
	MaxRoleInlinePolicySize  = 10240 // all inline policies of a role together
	MaxTrustPolicySize       = 2048  // a role trust policy (the default quota)
	MaxSessionPolicySize     = 2048  // an inline session policy
	MaxSecretPolicySize      = 20480 // a Secrets Manager resource policy
	MaxKeyPolicySize         = 32768 // a KMS key policy (KMS counts bytes, white space included)
)

// MaxDocumentBytes is the hard limit on the raw size of any document Parse
// reads, white space included, whatever MaxSize says.
const MaxDocumentBytes = 128 << 10

// Option adjusts Parse.
type Option func(*options)

type options struct {
	maxSize int
}

// MaxSize makes Parse reject a document longer than n characters, not
// counting white space, as IAM counts; the error has Code arca.ELimit.
// Without it only MaxDocumentBytes applies: the quota depends on where the
// document is attached (see the Max...Size constants), which the caller
// knows.
func MaxSize(n int) Option { return func(o *options) { o.maxSize = n } }
