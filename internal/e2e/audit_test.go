package e2e_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// trailEvent is the part of a CloudTrailEvent string the tests check.
type trailEvent struct {
	EventSource       string         `json:"eventSource"`
	EventName         string         `json:"eventName"`
	EventID           string         `json:"eventID"`
	RequestID         string         `json:"requestID"`
	SourceIPAddress   string         `json:"sourceIPAddress"`
	UserAgent         string         `json:"userAgent"`
	ErrorCode         string         `json:"errorCode"`
	ReadOnly          bool           `json:"readOnly"`
	RequestParameters map[string]any `json:"requestParameters"`
	ResponseElements  map[string]any `json:"responseElements"`
	Resources         []struct {
		ARN  string `json:"ARN"`
		Type string `json:"type"`
	} `json:"resources"`
	UserIdentity struct {
		Type           string `json:"type"`
		ARN            string `json:"arn"`
		AccessKeyID    string `json:"accessKeyId"`
		UserName       string `json:"userName"`
		SessionContext *struct {
			SessionIssuer struct {
				Type, ARN string
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	AdditionalEventData struct {
		Decision string `json:"decision"`
	} `json:"additionalEventData"`
}

func (e *iamEnv) trail() *cloudtrail.Client {
	return cloudtrail.NewFromConfig(e.creds("test", "test", ""))
}

// lookupAll pages through LookupEvents with one attribute filter ("" for
// none) and returns the events and their CloudTrailEvent documents.
func lookupAll(t *testing.T, c *cloudtrail.Client, key cttypes.LookupAttributeKey, value string) ([]cttypes.Event, []trailEvent) {
	t.Helper()
	in := &cloudtrail.LookupEventsInput{MaxResults: aws.Int32(7)}
	if key != "" {
		in.LookupAttributes = []cttypes.LookupAttribute{{AttributeKey: key, AttributeValue: aws.String(value)}}
	}
	var evs []cttypes.Event
	var docs []trailEvent
	p := cloudtrail.NewLookupEventsPaginator(c, in)
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("LookupEvents: %v", err)
		}
		for _, ev := range out.Events {
			var d trailEvent
			if err := json.Unmarshal([]byte(aws.ToString(ev.CloudTrailEvent)), &d); err != nil {
				t.Fatalf("CloudTrailEvent: %v", err)
			}
			evs = append(evs, ev)
			docs = append(docs, d)
		}
	}
	return evs, docs
}

// TestAudit_Events: allowed and denied calls by an IAM user, a role session
// and root each leave one event with the right identity, outcome, request
// parameters and decision; LookupEvents filters by name and user.
func TestAudit_Events(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	root := secretsmanager.NewFromConfig(e.creds("test", "test", ""))
	must(root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("amply/prod/key"), SecretString: aws.String("sk_live_value_1")}))
	must(root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("amply/staging/key"), SecretString: aws.String("sk_test_value_2")}))
	user, userARN := userSM(t, e, "amply-api", `{"Version":"2012-10-17","Statement":[{"Sid":"ReadProd","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:000000000000:secret:amply/prod/*"}]}`)
	if _, err := getSecret(user, "amply/prod/key"); err != nil {
		t.Fatal(err)
	}
	_, err := getSecret(user, "amply/staging/key")
	wantCode(t, err, "AccessDeniedException")

	ic := e.iam()
	must(ic.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("task"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	must(ic.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("task"), PolicyName: aws.String("p"), PolicyDocument: aws.String(allowAll)}))
	cr := must(e.stsAs("test", "test", "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/task"), RoleSessionName: aws.String("api-task")}))
	sess := ssm.NewFromConfig(e.creds(*cr.Credentials.AccessKeyId, *cr.Credentials.SecretAccessKey, *cr.Credentials.SessionToken))
	rootSSM := e.ssmAs("test", "test", "")
	must(rootSSM.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/prod/web/KEY"), Value: aws.String("param-value-3"), Type: ssmtypes.ParameterTypeSecureString}))
	must(sess.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/prod/web/KEY"), WithDecryption: aws.Bool(true)}))

	ct := e.trail()
	_, gsv := lookupAll(t, ct, cttypes.LookupAttributeKeyEventName, "GetSecretValue")
	var ok, denied *trailEvent
	for i := range gsv {
		d := &gsv[i]
		if d.EventName != "GetSecretValue" {
			t.Fatalf("EventName filter returned %s", d.EventName)
		}
		if d.UserIdentity.ARN == userARN && d.ErrorCode == "" {
			ok = d
		}
		if d.UserIdentity.ARN == userARN && strings.HasPrefix(d.ErrorCode, "AccessDenied") {
			denied = d
		}
	}
	if ok == nil || denied == nil {
		t.Fatalf("want an allowed and a denied GetSecretValue by %s, got %+v", userARN, gsv)
	}
	if ok.UserIdentity.Type != "IAMUser" || ok.UserIdentity.UserName != "amply-api" || ok.UserIdentity.AccessKeyID == "" {
		t.Errorf("userIdentity %+v", ok.UserIdentity)
	}
	if ok.EventSource != "secretsmanager.amazonaws.com" || !ok.ReadOnly || ok.RequestID == "" || ok.EventID == "" || ok.SourceIPAddress != "127.0.0.1" {
		t.Errorf("event %+v", ok)
	}
	if ok.RequestParameters["secretId"] != "amply/prod/key" {
		t.Errorf("requestParameters %v", ok.RequestParameters)
	}
	if ok.ResponseElements != nil {
		t.Errorf("a read has responseElements %v", ok.ResponseElements)
	}
	if !strings.Contains(ok.AdditionalEventData.Decision, "Allow") || !strings.Contains(ok.AdditionalEventData.Decision, "ReadProd") {
		t.Errorf("allowed decision %q", ok.AdditionalEventData.Decision)
	}
	if !strings.Contains(denied.AdditionalEventData.Decision, "ImplicitDeny") {
		t.Errorf("denied decision %q", denied.AdditionalEventData.Decision)
	}
	if len(ok.Resources) == 0 || !strings.Contains(ok.Resources[0].ARN, ":secret:amply/prod/key") || ok.Resources[0].Type != "AWS::SecretsManager::Secret" {
		t.Errorf("resources %+v", ok.Resources)
	}

	evs, byUser := lookupAll(t, ct, cttypes.LookupAttributeKeyUsername, "amply-api")
	if len(byUser) < 2 {
		t.Fatalf("Username filter: %d events", len(byUser))
	}
	for i, ev := range evs {
		if aws.ToString(ev.Username) != "amply-api" || byUser[i].UserIdentity.ARN != userARN {
			t.Fatalf("Username filter returned %s", aws.ToString(ev.Username))
		}
	}

	_, gp := lookupAll(t, ct, cttypes.LookupAttributeKeyEventName, "GetParameter")
	if len(gp) != 1 {
		t.Fatalf("GetParameter events: %+v", gp)
	}
	s := gp[0]
	if s.UserIdentity.Type != "AssumedRole" || s.UserIdentity.ARN != "arn:aws:sts::000000000000:assumed-role/task/api-task" ||
		s.UserIdentity.SessionContext == nil || s.UserIdentity.SessionContext.SessionIssuer.ARN != "arn:aws:iam::000000000000:role/task" {
		t.Errorf("session identity %+v", s.UserIdentity)
	}
	if s.RequestParameters["name"] != "/prod/web/KEY" || s.RequestParameters["withDecryption"] != true || s.EventSource != "ssm.amazonaws.com" {
		t.Errorf("GetParameter event %+v", s)
	}

	_, puts := lookupAll(t, ct, cttypes.LookupAttributeKeyEventName, "PutParameter")
	if len(puts) != 1 || puts[0].ReadOnly || puts[0].UserIdentity.Type != "Root" || puts[0].RequestParameters["value"] != nil || puts[0].RequestParameters["name"] != "/prod/web/KEY" {
		t.Fatalf("PutParameter event %+v", puts)
	}
	if puts[0].ResponseElements["version"] == nil {
		t.Errorf("mutation without responseElements: %+v", puts[0])
	}
	_, ar := lookupAll(t, ct, cttypes.LookupAttributeKeyEventName, "AssumeRole")
	if len(ar) != 1 || ar[0].EventSource != "sts.amazonaws.com" || ar[0].ResponseElements == nil {
		t.Fatalf("AssumeRole event %+v", ar)
	}
	if b, _ := json.Marshal(ar[0].ResponseElements); strings.Contains(string(b), *cr.Credentials.SecretAccessKey) || strings.Contains(string(b), *cr.Credentials.SessionToken) {
		t.Fatalf("AssumeRole responseElements hold credentials: %s", b)
	}
}

// TestAudit_LookupEvents_Validation: CloudTrail's errors for bad lookups,
// time windows and paging.
func TestAudit_LookupEvents_Validation(t *testing.T) {
	e, clk := startIAM(t)
	ctx := context.Background()
	ct := e.trail()
	rootSSM := e.ssmAs("test", "test", "")
	for i := 0; i < 5; i++ {
		_, _ = rootSSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/missing")})
	}
	two := []cttypes.LookupAttribute{{AttributeKey: "EventName", AttributeValue: aws.String("a")}, {AttributeKey: "Username", AttributeValue: aws.String("b")}}
	_, err := ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{LookupAttributes: two})
	wantCode(t, err, "InvalidLookupAttributesException")
	_, err = ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: "Colour", AttributeValue: aws.String("red")}}})
	wantCode(t, err, "InvalidLookupAttributesException")
	now := clk.now()
	_, err = ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{StartTime: aws.Time(now), EndTime: aws.Time(now.Add(-time.Hour))})
	wantCode(t, err, "InvalidTimeRangeException")
	_, err = ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{MaxResults: aws.Int32(51)})
	wantCode(t, err, "InvalidMaxResultsException")
	_, err = ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{NextToken: aws.String("not-a-token")})
	wantCode(t, err, "InvalidNextTokenException")

	out := must(ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{MaxResults: aws.Int32(2), LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: "EventName", AttributeValue: aws.String("GetParameter")}}}))
	if len(out.Events) != 2 || out.NextToken == nil {
		t.Fatalf("page of 2: %d events, token %v", len(out.Events), out.NextToken)
	}
	if ev := out.Events[0]; aws.ToString(ev.ReadOnly) != "true" || aws.ToString(ev.EventSource) != "ssm.amazonaws.com" || ev.EventTime == nil {
		t.Fatalf("event %+v", ev)
	}
	old := must(ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{StartTime: aws.Time(now.Add(-3 * time.Hour)), EndTime: aws.Time(now.Add(-2 * time.Hour))}))
	if len(old.Events) != 0 {
		t.Fatalf("%d events in an empty window", len(old.Events))
	}
	// A user without cloudtrail:LookupEvents is refused, and the refusal is
	// itself an event.
	ak, sk := makeUser(t, e.iam(), "nosy", "")
	_, err = cloudtrail.NewFromConfig(e.creds(ak, sk, "")).LookupEvents(ctx, &cloudtrail.LookupEventsInput{})
	wantCode(t, err, "AccessDeniedException")
	_, le := lookupAll(t, ct, cttypes.LookupAttributeKeyEventName, "LookupEvents")
	found := false
	for _, d := range le {
		found = found || d.UserIdentity.UserName == "nosy" && d.ErrorCode == "AccessDeniedException" && d.EventSource == "cloudtrail.amazonaws.com"
	}
	if !found {
		t.Fatalf("the denied LookupEvents is not recorded: %+v", le)
	}
}
