package awsread

import (
	"context"
	"fmt"
	"strings"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// Secrets implements inject.Reader. Refs for the current version go into
// one BatchGetSecretValue call when there are several; refs with a stage
// or version, and every ref once the batch call has been refused, are read
// with GetSecretValue, concurrently.
func (r *Reader) Secrets(ctx context.Context, region string, refs []inject.SecretRef) []inject.SecretResult {
	out := make([]inject.SecretResult, len(refs))
	done := make([]bool, len(refs))
	var batch []int
	for i, ref := range refs {
		if ref.VersionID == "" && (ref.Stage == "" || ref.Stage == "AWSCURRENT") {
			batch = append(batch, i)
		}
	}
	if len(batch) > 1 && !r.batchRefused.Load() {
		r.batchGet(ctx, region, refs, batch, out, done)
	}
	var rest []int
	for i := range refs {
		if !done[i] {
			rest = append(rest, i)
		}
	}
	eachParallel(len(rest), func(k int) {
		i := rest[k]
		out[i] = r.getSecret(ctx, region, refs[i])
	})
	return out
}

// batchGet reads the refs at idx with BatchGetSecretValue, marking in done
// those it answered.
func (r *Reader) batchGet(ctx context.Context, region string, refs []inject.SecretRef, idx []int, out []inject.SecretResult, done []bool) {
	var ids []string
	for _, i := range idx {
		if !contains(ids, refs[i].ID) {
			ids = append(ids, refs[i].ID)
		}
	}
	resp, err := r.SM.BatchGetSecretValue(ctx, &sm.BatchGetSecretValueInput{SecretIdList: ids}, smRegion(region)...)
	if err = classify(err); err != nil {
		if refusedCodes[code(err)] {
			r.batchRefused.Store(true)
			return // read them one by one
		}
		for _, i := range idx {
			out[i], done[i] = inject.SecretResult{Err: err}, true
		}
		return
	}
	for _, i := range idx {
		id := refs[i].ID
		for _, v := range resp.SecretValues {
			if matchSecret(id, aws.ToString(v.ARN), aws.ToString(v.Name)) {
				out[i], done[i] = toSecret(aws.ToString(v.ARN), aws.ToString(v.VersionId), v.SecretString, v.SecretBinary), true
				break
			}
		}
		if done[i] {
			continue
		}
		for _, e := range resp.Errors {
			if aws.ToString(e.SecretId) == id {
				c := aws.ToString(e.ErrorCode)
				out[i] = inject.SecretResult{Err: &ServiceError{Code: c, Message: aws.ToString(e.Message), kind: codeKinds[c]}}
				done[i] = true
				break
			}
		}
	}
}

func (r *Reader) getSecret(ctx context.Context, region string, ref inject.SecretRef) inject.SecretResult {
	in := &sm.GetSecretValueInput{SecretId: aws.String(ref.ID)}
	if ref.Stage != "" {
		in.VersionStage = aws.String(ref.Stage)
	}
	if ref.VersionID != "" {
		in.VersionId = aws.String(ref.VersionID)
	}
	resp, err := r.SM.GetSecretValue(ctx, in, smRegion(region)...)
	if err != nil {
		return inject.SecretResult{Err: classify(err)}
	}
	return toSecret(aws.ToString(resp.ARN), aws.ToString(resp.VersionId), resp.SecretString, resp.SecretBinary)
}

func toSecret(arn, version string, s *string, bin []byte) inject.SecretResult {
	return inject.SecretResult{Secret: inject.Secret{ARN: arn, VersionID: version, String: aws.ToString(s), Binary: s == nil && bin != nil}}
}

// matchSecret reports whether a secret with this ARN and name answers id:
// its name, its full ARN, or its ARN without the random suffix.
func matchSecret(id, arn, name string) bool {
	if id == arn || id == name {
		return true
	}
	if i := strings.LastIndexByte(arn, '-'); i > 0 && len(arn)-i == 7 {
		return id == arn[:i]
	}
	return false
}

// SecretVersion implements inject.VersionReader with DescribeSecret: the
// version id that carries ref's stage (AWSCURRENT by default).
func (r *Reader) SecretVersion(ctx context.Context, ref inject.SecretRef) (string, error) {
	if ref.VersionID != "" {
		return ref.VersionID, nil
	}
	resp, err := r.SM.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String(ref.ID)}, smRegion(ref.Region)...)
	if err != nil {
		return "", classify(err)
	}
	return stageVersion(resp.VersionIdsToStages, ref.Stage)
}

func stageVersion(m map[string][]string, stage string) (string, error) {
	if stage == "" {
		stage = "AWSCURRENT"
	}
	for id, stages := range m {
		if contains(stages, stage) {
			return id, nil
		}
	}
	return "", fmt.Errorf("%w: no version has stage %s", inject.ErrNotFound, stage)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
