package awssecrets

import (
	"regexp"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// Patterns of the AWS model.
var (
	regionPattern      = regexp.MustCompile(`^([a-z]+-)+\d+$`)
	durationPattern    = regexp.MustCompile(`[0-9]+h`)
	schedulePattern    = regexp.MustCompile(`[0-9A-Za-z\(\)#\?\*\-\/, ]+`)
	filterValuePattern = regexp.MustCompile(`^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$`)
)

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type rotationRules struct {
	AutomaticallyAfterDays *int64 `json:"AutomaticallyAfterDays,omitempty"`
	Duration               string `json:"Duration,omitempty"`
	ScheduleExpression     string `json:"ScheduleExpression,omitempty"`
}

type replicaRegion struct {
	Region   string `json:"Region"`
	KmsKeyID string `json:"KmsKeyId"`
}

type replicationStatus struct {
	Region        string `json:"Region"`
	KmsKeyID      string `json:"KmsKeyId,omitempty"`
	Status        string `json:"Status"`
	StatusMessage string `json:"StatusMessage,omitempty"`
}

type filter struct {
	Key    string   `json:"Key"`
	Values []string `json:"Values"`
}

// secretID validates a SecretId member.
func secretID(v *awsjson.Validator, id string) {
	v.Required("secretId", id != "")
	if id != "" {
		v.Len("secretId", id, 1, 2048)
	}
}

// token validates an optional ClientRequestToken.
func token(v *awsjson.Validator, t string) {
	if t != "" {
		v.Len("clientRequestToken", t, 32, 64)
	}
}

// content builds the value of a write from SecretString / SecretBinary: nil
// when neither is given. Values are measured, never echoed.
func content(v *awsjson.Validator, s *string, b []byte) (*secrets.Content, error) {
	switch {
	case s != nil && b != nil:
		return nil, invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.")
	case s != nil:
		v.SecretLen("secretString", len(*s), 1, secrets.MaxValueSize)
		return &secrets.Content{Data: arca.Value(*s)}, nil
	case b != nil:
		v.SecretLen("secretBinary", len(b), 1, secrets.MaxValueSize)
		return &secrets.Content{Data: arca.Value(b), Binary: true}, nil
	}
	return nil, nil
}

func checkTags(v *awsjson.Validator, member string, tags []tag) {
	for _, t := range tags {
		v.Len(member+".member.key", t.Key, 1, 128)
		v.Len(member+".member.value", t.Value, 0, 256)
	}
}

func fromTags(tags []tag) []secrets.Tag {
	if tags == nil {
		return nil
	}
	out := make([]secrets.Tag, len(tags))
	for i, t := range tags {
		out[i] = secrets.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func toTags(tags []secrets.Tag) []tag {
	if len(tags) == 0 {
		return nil
	}
	out := make([]tag, len(tags))
	for i, t := range tags {
		out[i] = tag{Key: t.Key, Value: t.Value}
	}
	return out
}

func checkFilters(v *awsjson.Validator, fs []filter) {
	v.Count("filters", len(fs), 0, 10)
	for _, f := range fs {
		v.Required("filters.member.key", f.Key != "")
		v.Enum("filters.member.key", f.Key, secrets.FilterDescription, secrets.FilterName, secrets.FilterTagKey,
			secrets.FilterTagValue, secrets.FilterPrimaryRegion, secrets.FilterOwningService, secrets.FilterAll)
		v.Count("filters.member.values", len(f.Values), 1, 10)
		for _, val := range f.Values {
			v.Len("filters.member.values.member", val, 0, 512)
			v.Pattern("filters.member.values.member", val, filterValuePattern)
		}
	}
}

func fromFilters(fs []filter) []secrets.Filter {
	out := make([]secrets.Filter, len(fs))
	for i, f := range fs {
		out[i] = secrets.Filter{Key: f.Key, Values: f.Values}
	}
	return out
}

func checkRegions(v *awsjson.Validator, member string, rs []replicaRegion) {
	for _, r := range rs {
		v.Required(member+".member.region", r.Region != "")
		v.Len(member+".member.region", r.Region, 0, 128)
		v.Pattern(member+".member.region", r.Region, regionPattern)
		v.Len(member+".member.kmsKeyId", r.KmsKeyID, 0, 2048)
	}
}

func fromRegions(rs []replicaRegion) []secrets.ReplicaTarget {
	out := make([]secrets.ReplicaTarget, len(rs))
	for i, r := range rs {
		out[i] = secrets.ReplicaTarget{Region: r.Region, KeyID: r.KmsKeyID}
	}
	return out
}

func toReplication(rs []secrets.ReplicaStatus) []replicationStatus {
	if len(rs) == 0 {
		return nil
	}
	out := make([]replicationStatus, len(rs))
	for i, r := range rs {
		out[i] = replicationStatus{Region: r.Region, KmsKeyID: r.KeyID, Status: r.Status, StatusMessage: r.Message}
	}
	return out
}

func checkRules(v *awsjson.Validator, r *rotationRules) {
	if r == nil {
		return
	}
	v.Range("rotationRules.automaticallyAfterDays", r.AutomaticallyAfterDays, 1, 1000)
	if r.Duration != "" {
		v.Len("rotationRules.duration", r.Duration, 2, 3)
		v.Pattern("rotationRules.duration", r.Duration, durationPattern)
	}
	if r.ScheduleExpression != "" {
		v.Len("rotationRules.scheduleExpression", r.ScheduleExpression, 1, 256)
		v.Pattern("rotationRules.scheduleExpression", r.ScheduleExpression, schedulePattern)
	}
}

func fromRules(r *rotationRules) *secrets.Rules {
	if r == nil {
		return nil
	}
	out := &secrets.Rules{Duration: r.Duration, Expression: r.ScheduleExpression}
	if r.AutomaticallyAfterDays != nil {
		out.AfterDays = *r.AutomaticallyAfterDays
	}
	return out
}

func toRules(r *secrets.Rules) *rotationRules {
	if r == nil {
		return nil
	}
	out := &rotationRules{Duration: r.Duration, ScheduleExpression: r.Expression}
	if r.AfterDays > 0 {
		days := r.AfterDays
		out.AutomaticallyAfterDays = &days
	}
	return out
}

func boolPtr(b bool) *bool { return &b }
