package awsiam

import (
	"regexp"
	"strings"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// The IAM model's patterns for names, paths and documents.
var (
	namePattern       = regexp.MustCompile(`^[\w+=,.@-]+$`)
	prefixPattern     = regexp.MustCompile(`^/[\x{0021}-\x{007F}]*$`)
	pathPattern       = regexp.MustCompile(`^((/)|(/[\x{0021}-\x{007F}]+/))$`)
	policyPathPattern = regexp.MustCompile(`^((/[A-Za-z0-9\.,\+@=_-]+)*)/$`)
	documentPattern   = regexp.MustCompile(`^[\x{0009}\x{000A}\x{000D}\x{0020}-\x{00FF}]+$`)
	keyIDPattern      = regexp.MustCompile(`^[\w]+$`)
	versionPattern    = regexp.MustCompile(`^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$`)
	tagKeyPattern     = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$`)
	tagValuePattern   = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
)

// name validates an entity name (user, role: at most 64; group, policy:
// 128).
func name(v *awsquery.Validator, member, s string, max int) {
	v.Required(member, s != "")
	if s != "" {
		v.Len(member, s, 1, max)
		v.Pattern(member, s, namePattern)
	}
}

// path validates an optional entity path.
func path(v *awsquery.Validator, member, s string) {
	if s != "" {
		v.Len(member, s, 1, 512)
		v.Pattern(member, s, pathPattern)
	}
}

// document validates a policy document's characters and length.
func document(v *awsquery.Validator, member, s string) {
	v.Required(member, s != "")
	if s != "" {
		v.Len(member, s, 1, 131072)
		v.Pattern(member, s, documentPattern)
	}
}

// paging validates Marker and MaxItems.
func paging(v *awsquery.Validator, marker string, maxItems *int64) {
	if marker != "" {
		v.Len("marker", marker, 1, 320)
	}
	v.Range("maxItems", maxItems, 1, 1000)
}

func maxItems(n *int64) int {
	if n == nil {
		return 0
	}
	return int(*n)
}

// tagIn is a tag as the Query form carries it (Tags.member.N.Key).
type tagIn struct {
	Key   string
	Value string
}

func tagsIn(v *awsquery.Validator, tags []tagIn) []identity.Tag {
	v.Count("tags", len(tags), 0, 50)
	out := make([]identity.Tag, 0, len(tags))
	for _, t := range tags {
		v.Len("tags.member.key", t.Key, 1, 128)
		v.Pattern("tags.member.key", t.Key, tagKeyPattern)
		v.Len("tags.member.value", t.Value, 0, 256)
		v.Pattern("tags.member.value", t.Value, tagValuePattern)
		out = append(out, identity.Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

type tagXML struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

func tagsXML(tags []identity.Tag) awsquery.List[tagXML] {
	out := make(awsquery.List[tagXML], len(tags))
	for i, t := range tags {
		out[i] = tagXML{t.Key, t.Value}
	}
	return out
}

type userXML struct {
	Path                string                `xml:"Path"`
	UserName            string                `xml:"UserName"`
	UserID              string                `xml:"UserId"`
	Arn                 string                `xml:"Arn"`
	CreateDate          awsquery.Time         `xml:"CreateDate"`
	PermissionsBoundary *boundaryXML          `xml:"PermissionsBoundary,omitempty"`
	Tags                awsquery.List[tagXML] `xml:"Tags,omitempty"`
}

func toUser(u *identity.User) userXML {
	return userXML{Path: u.Path, UserName: u.Name, UserID: u.ID, Arn: u.ARN, CreateDate: awsquery.Time(u.Created),
		PermissionsBoundary: toBoundary(u.PermissionsBoundary), Tags: tagsXML(u.Tags)}
}

type groupXML struct {
	Path       string        `xml:"Path"`
	GroupName  string        `xml:"GroupName"`
	GroupID    string        `xml:"GroupId"`
	Arn        string        `xml:"Arn"`
	CreateDate awsquery.Time `xml:"CreateDate"`
}

func toGroup(g *identity.Group) groupXML {
	return groupXML{Path: g.Path, GroupName: g.Name, GroupID: g.ID, Arn: g.ARN, CreateDate: awsquery.Time(g.Created)}
}

type roleXML struct {
	Path                     string                `xml:"Path"`
	RoleName                 string                `xml:"RoleName"`
	RoleID                   string                `xml:"RoleId"`
	Arn                      string                `xml:"Arn"`
	CreateDate               awsquery.Time         `xml:"CreateDate"`
	AssumeRolePolicyDocument string                `xml:"AssumeRolePolicyDocument,omitempty"`
	Description              string                `xml:"Description,omitempty"`
	MaxSessionDuration       int                   `xml:"MaxSessionDuration"`
	PermissionsBoundary      *boundaryXML          `xml:"PermissionsBoundary,omitempty"`
	Tags                     awsquery.List[tagXML] `xml:"Tags,omitempty"`
}

func toRole(r *identity.Role) roleXML {
	return roleXML{
		Path: r.Path, RoleName: r.Name, RoleID: r.ID, Arn: r.ARN, CreateDate: awsquery.Time(r.Created),
		AssumeRolePolicyDocument: escapeDoc(r.TrustPolicy), Description: r.Description,
		MaxSessionDuration: r.MaxSessionDuration, PermissionsBoundary: toBoundary(r.PermissionsBoundary), Tags: tagsXML(r.Tags),
	}
}

// escapeDoc URL-encodes a policy document as IAM returns them: every byte
// but the unreserved characters of RFC 3986 as %XX (so that both
// url.QueryUnescape and Python's unquote restore it exactly).
func escapeDoc(doc string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(doc) * 2)
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// page is the paging tail of IAM's list results.
type page struct {
	IsTruncated bool   `xml:"IsTruncated"`
	Marker      string `xml:"Marker,omitempty"`
}

func pageOf(next string) page { return page{IsTruncated: next != "", Marker: next} }
