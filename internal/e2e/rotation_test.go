package e2e_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/cli"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// The aws CLI scenario through the SDK: rotate-secret with
// AutomaticallyAfterDays=90, describe-secret's rotation fields, and the
// old value under AWSPREVIOUS.
func TestRotation_AfterDays90(t *testing.T) {
	_, c := smStart(t)
	smCreate(t, c, "jwt/signing", "old-key-material")
	before := time.Now().UTC()
	_, err := c.RotateSecret(bg, &secretsmanager.RotateSecretInput{
		SecretId: aws.String("jwt/signing"), RotationLambdaARN: aws.String(smRotateARN),
		RotationRules: &types.RotationRulesType{AutomaticallyAfterDays: aws.Int64(90)},
	})
	wantOK(t, err)
	d := smDescribe(t, c, "jwt/signing")
	if !aws.ToBool(d.RotationEnabled) || d.LastRotatedDate == nil || d.NextRotationDate == nil {
		t.Fatalf("describe: enabled %v, last %v, next %v", aws.ToBool(d.RotationEnabled), d.LastRotatedDate, d.NextRotationDate)
	}
	if d.LastRotatedDate.Before(before.Add(-time.Second)) {
		t.Errorf("LastRotatedDate %v, before the rotation", d.LastRotatedDate)
	}
	day := time.Date(before.Year(), before.Month(), before.Day(), 0, 0, 0, 0, time.UTC)
	if want := day.AddDate(0, 0, 91).Add(-time.Second); !d.NextRotationDate.UTC().Equal(want) && !d.NextRotationDate.UTC().Equal(want.AddDate(0, 0, 1)) {
		t.Errorf("NextRotationDate %v, want the end of the day 90 days on (%v)", d.NextRotationDate.UTC(), want)
	}
	prev := smGet(t, c, "jwt/signing", func(in *secretsmanager.GetSecretValueInput) { in.VersionStage = aws.String("AWSPREVIOUS") })
	if aws.ToString(prev.SecretString) != "old-key-material" {
		t.Fatalf("AWSPREVIOUS holds another value")
	}
	if cur := smGet(t, c, "jwt/signing"); aws.ToString(cur.SecretString) == "old-key-material" {
		t.Fatal("AWSCURRENT still holds the old value")
	}
}

// slowFunction is an external command function (aws CLI calls back to the
// server): createSecret puts a new pending value, setSecret hangs the
// first time (so that the test can kill the server there), finishSecret
// moves AWSCURRENT. Each call is logged to $LOG as "STEP TOKEN".
const slowFunction = `#!/bin/sh
set -e
ev=$(cat)
step=$ARCA_STEP; id=$ARCA_SECRET_ID; tok=$ARCA_CLIENT_REQUEST_TOKEN
echo "$step $tok" >> "$LOG"
sm() { aws --endpoint-url "$ARCA_ENDPOINT" --region us-east-1 secretsmanager "$@"; }
case $step in
createSecret)
	sm put-secret-value --secret-id "$id" --client-request-token "$tok" --secret-string "rotated-$tok" --version-stages AWSPENDING >/dev/null ;;
setSecret)
	if [ ! -e "$MARK" ]; then touch "$MARK"; sleep 20; fi ;;
finishSecret)
	cur=$(sm list-secret-version-ids --secret-id "$id" --query "Versions[?contains(VersionStages, 'AWSCURRENT')].VersionId" --output text)
	if [ "$cur" != "$tok" ]; then
		sm update-secret-version-stage --secret-id "$id" --version-stage AWSCURRENT --move-to-version-id "$tok" --remove-from-version-id "$cur" >/dev/null
	fi ;;
esac
`

// A server killed (SIGKILL) while an external function is in setSecret
// resumes the rotation at setSecret after a restart, and completes it
// exactly once.
func TestRotation_KilledBetweenSteps(t *testing.T) {
	arcaBinary(t)
	dir := t.TempDir()
	fn := filepath.Join(dir, "fn.sh")
	wantOK(t, os.WriteFile(fn, []byte(slowFunction), 0o700))
	logFile, mark := filepath.Join(dir, "calls.log"), filepath.Join(dir, "set-started")
	conf := filepath.Join(dir, "functions.json")
	wantOK(t, os.WriteFile(conf, []byte(`{"functions":[{"name":"slow","command":["`+fn+`"],"timeout":"60s",
		"env":{"LOG":"`+logFile+`","MARK":"`+mark+`","AWS_ACCESS_KEY_ID":"test","AWS_SECRET_ACCESS_KEY":"test"}}]}`), 0o600))
	args := []string{"server", "--dev", "--data-dir", filepath.Join(dir, "data"), "--listen", "127.0.0.1:0", "--rotation-functions", conf}

	p := startArca(t, nil, args...)
	c := p.sm()
	smCreate(t, c, "db/app", "v0")
	r, err := c.RotateSecret(bg, &secretsmanager.RotateSecretInput{
		SecretId: aws.String("db/app"), RotationLambdaARN: aws.String("arn:aws:lambda:us-east-1:000000000000:function:slow"),
		RotationRules: &types.RotationRulesType{AutomaticallyAfterDays: aws.Int64(30)},
	})
	wantOK(t, err)
	token := aws.ToString(r.VersionId)
	waitFor(t, 30*time.Second, func() bool { _, err := os.Stat(mark); return err == nil })
	p.kill()

	p = startArca(t, nil, args...)
	c = p.sm()
	waitFor(t, 30*time.Second, func() bool {
		out, err := c.GetSecretValue(bg, &secretsmanager.GetSecretValueInput{SecretId: aws.String("db/app")})
		return err == nil && aws.ToString(out.VersionId) == token
	})
	if got := smGet(t, c, "db/app").SecretString; aws.ToString(got) != "rotated-"+token {
		t.Fatalf("AWSCURRENT holds another value")
	}
	if prev := smGet(t, c, "db/app", func(in *secretsmanager.GetSecretValueInput) { in.VersionStage = aws.String("AWSPREVIOUS") }); aws.ToString(prev.SecretString) != "v0" {
		t.Fatal("AWSPREVIOUS is not the old value")
	}
	stages := smStages(t, c, "db/app")
	if stages["AWSPENDING"] != "" && stages["AWSPENDING"] != token {
		t.Fatalf("stages after the rotation: %v", stages)
	}
	raw, err := os.ReadFile(logFile)
	wantOK(t, err)
	calls := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		step, tok, _ := strings.Cut(l, " ")
		if tok != token {
			t.Fatalf("a call for another token: %q", l)
		}
		calls[step]++
	}
	if calls["createSecret"] != 1 || calls["setSecret"] != 2 || calls["testSecret"] != 1 || calls["finishSecret"] != 1 {
		t.Fatalf("calls %v, want createSecret, testSecret and finishSecret once, setSecret twice (killed in the first)", calls)
	}
	d := smDescribe(t, c, "db/app")
	if d.LastRotatedDate == nil || d.NextRotationDate == nil || !aws.ToBool(d.RotationEnabled) {
		t.Fatalf("describe after the rotation: %+v", d)
	}

	// A function the server does not know: a failure, recorded and shown
	// by `arca rotation status`.
	smCreate(t, c, "orphan", "v0")
	_, err = c.RotateSecret(bg, &secretsmanager.RotateSecretInput{
		SecretId: aws.String("orphan"), RotationLambdaARN: aws.String("arn:aws:lambda:us-east-1:000000000000:function:nosuch"),
		RotationRules: &types.RotationRulesType{ScheduleExpression: aws.String("rate(10 days)")},
	})
	wantOK(t, err)
	for k, v := range map[string]string{"ARCA_ENDPOINT": p.url, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"} {
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	waitFor(t, 10*time.Second, func() bool {
		out.Reset()
		return cli.Main(bg, []string{"rotation", "status"}, &out, &errb) == 0 && strings.Contains(out.String(), "failed at createSecret (attempt 1)")
	})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "SECRET") {
		t.Fatalf("status:\n%s", out.String())
	}
	for _, l := range lines[1:] {
		switch f := strings.Fields(l); f[0] {
		case "db/app":
			if f[1] != "true" || f[2] != "slow" || !strings.Contains(l, "every 30 days") || !strings.HasSuffix(l, "succeeded") {
				t.Errorf("status of db/app: %q", l)
			}
		case "orphan":
			if !strings.Contains(l, "rate(10 days)") || !strings.Contains(l, `No rotation function named "nosuch"`) || !strings.Contains(l, "in progress (last step none, next attempt") {
				t.Errorf("status of orphan: %q", l)
			}
		default:
			t.Errorf("status line %q", l)
		}
	}
	// The rotation service's audit events: one success, failures of the
	// orphan, as the rotation service (AWSService).
	ct := cloudtrail.NewFromConfig(aws.Config{
		Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(p.url), HTTPClient: p.hc, RetryMaxAttempts: 1,
	})
	// The stage moves inside finishSecret; the runner records the success
	// once the command has exited.
	var ok []trailEvent
	waitFor(t, 20*time.Second, func() bool { _, ok = lookupAll(t, ct, "EventName", "RotationSucceeded"); return len(ok) > 0 })
	if len(ok) != 1 || ok[0].UserIdentity.Type != "AWSService" || len(ok[0].Resources) != 1 || ok[0].Resources[0].ARN != aws.ToString(d.ARN) || ok[0].RequestParameters["clientRequestToken"] != token {
		t.Errorf("RotationSucceeded events: %+v", ok)
	}
	if _, failed := lookupAll(t, ct, "EventName", "RotationFailed"); len(failed) == 0 || failed[0].ErrorCode != "RotationFailed" || failed[0].RequestParameters["step"] != "createSecret" {
		t.Errorf("RotationFailed events: %+v", failed)
	}
	p.stop()
}

// sm returns a Secrets Manager client for the process, signed with the dev
// credentials.
func (p *proc) sm() *secretsmanager.Client {
	return secretsmanager.NewFromConfig(aws.Config{
		Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(p.url), HTTPClient: p.hc, RetryMaxAttempts: 1,
	})
}

func waitFor(t *testing.T, d time.Duration, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not done within %v", d)
		}
	}
}
