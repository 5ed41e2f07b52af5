package awsread

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// SSMAPI is the part of *ssm.Client that Reader uses.
type SSMAPI interface {
	GetParameter(context.Context, *ssm.GetParameterInput, ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
	GetParameters(context.Context, *ssm.GetParametersInput, ...func(*ssm.Options)) (*ssm.GetParametersOutput, error)
	GetParametersByPath(context.Context, *ssm.GetParametersByPathInput, ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error)
}

// SecretsAPI is the part of *secretsmanager.Client that Reader uses.
type SecretsAPI interface {
	GetSecretValue(context.Context, *sm.GetSecretValueInput, ...func(*sm.Options)) (*sm.GetSecretValueOutput, error)
	BatchGetSecretValue(context.Context, *sm.BatchGetSecretValueInput, ...func(*sm.Options)) (*sm.BatchGetSecretValueOutput, error)
	DescribeSecret(context.Context, *sm.DescribeSecretInput, ...func(*sm.Options)) (*sm.DescribeSecretOutput, error)
}

// Reader reads parameters and secrets with the AWS SDK. Its zero value is
// not usable; build it with New or set SSM and SM.
type Reader struct {
	SSM SSMAPI
	SM  SecretsAPI

	// batchRefused remembers that BatchGetSecretValue was refused, so that
	// later rounds go straight to GetSecretValue.
	batchRefused atomic.Bool
}

// New returns a Reader with SSM and Secrets Manager clients built from cfg.
func New(cfg aws.Config) *Reader {
	return &Reader{SSM: ssm.NewFromConfig(cfg), SM: sm.NewFromConfig(cfg)}
}

func ssmRegion(region string) []func(*ssm.Options) {
	if region == "" {
		return nil
	}
	return []func(*ssm.Options){func(o *ssm.Options) { o.Region = region }}
}

func smRegion(region string) []func(*sm.Options) {
	if region == "" {
		return nil
	}
	return []func(*sm.Options){func(o *sm.Options) { o.Region = region }}
}

// Parameters implements inject.Reader with one GetParameters call; when
// that call is refused, each parameter is read with GetParameter so that
// the refusal is attributed to the right ones.
func (r *Reader) Parameters(ctx context.Context, region string, names []string) []inject.ParameterResult {
	return r.getParameters(ctx, region, names, true)
}

// ParameterVersions implements inject.VersionReader: GetParameters without
// decryption, for the versions only.
func (r *Reader) ParameterVersions(ctx context.Context, region string, names []string) []inject.ParameterResult {
	res := r.getParameters(ctx, region, names, false)
	for i := range res {
		res[i].Value = ""
	}
	return res
}

func (r *Reader) getParameters(ctx context.Context, region string, names []string, decrypt bool) []inject.ParameterResult {
	out := make([]inject.ParameterResult, len(names))
	resp, err := r.SSM.GetParameters(ctx, &ssm.GetParametersInput{Names: names, WithDecryption: aws.Bool(decrypt)}, ssmRegion(region)...)
	if err = classify(err); err != nil {
		if !refusedCodes[code(err)] || len(names) == 1 {
			for i := range out {
				out[i].Err = err
			}
			return out
		}
		eachParallel(len(names), func(i int) { out[i] = r.getParameter(ctx, region, names[i], decrypt) })
		return out
	}
	invalid := map[string]bool{}
	for _, n := range resp.InvalidParameters {
		invalid[n] = true
	}
	for i, name := range names {
		out[i].Err = fmt.Errorf("%w: not in the GetParameters answer", inject.ErrNotFound)
		if invalid[name] {
			out[i].Err = &ServiceError{Code: "ParameterNotFound", Message: "GetParameters lists it as invalid", kind: inject.ErrNotFound}
		}
		for _, p := range resp.Parameters {
			if matchParameter(name, p) {
				out[i] = inject.ParameterResult{Parameter: toParameter(p)}
				break
			}
		}
	}
	return out
}

func (r *Reader) getParameter(ctx context.Context, region, name string, decrypt bool) inject.ParameterResult {
	resp, err := r.SSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(decrypt)}, ssmRegion(region)...)
	if err != nil {
		return inject.ParameterResult{Err: classify(err)}
	}
	if resp.Parameter == nil {
		return inject.ParameterResult{Err: errors.New("GetParameter answered without a parameter")}
	}
	return inject.ParameterResult{Parameter: toParameter(*resp.Parameter)}
}

// matchParameter reports whether p answers the reference ref (a name or
// ARN, with or without a :version or :label selector).
func matchParameter(ref string, p ssmtypes.Parameter) bool {
	name, arn, sel := aws.ToString(p.Name), aws.ToString(p.ARN), aws.ToString(p.Selector)
	for _, c := range []string{name, arn} {
		if c != "" && (ref == c+sel || (sel == "" && ref == c)) {
			return true
		}
	}
	// A root-level parameter may be asked for as "/x" or "x".
	return sel == "" && strings.TrimPrefix(ref, "/") == strings.TrimPrefix(name, "/") && !strings.Contains(strings.TrimPrefix(name, "/"), "/")
}

func toParameter(p ssmtypes.Parameter) inject.Parameter {
	return inject.Parameter{Name: aws.ToString(p.Name), Type: string(p.Type), Value: aws.ToString(p.Value), Version: fmt.Sprint(p.Version)}
}

// ParametersByPath implements inject.Reader, following NextToken.
func (r *Reader) ParametersByPath(ctx context.Context, region, path string, recursive bool) ([]inject.Parameter, error) {
	return r.byPath(ctx, region, path, recursive, true)
}

// PathVersions implements inject.VersionReader (no decryption).
func (r *Reader) PathVersions(ctx context.Context, region, path string, recursive bool) ([]inject.Parameter, error) {
	return r.byPath(ctx, region, path, recursive, false)
}

func (r *Reader) byPath(ctx context.Context, region, path string, recursive, decrypt bool) ([]inject.Parameter, error) {
	in := &ssm.GetParametersByPathInput{Path: aws.String(path), Recursive: aws.Bool(recursive), WithDecryption: aws.Bool(decrypt), MaxResults: aws.Int32(10)}
	var out []inject.Parameter
	for {
		resp, err := r.SSM.GetParametersByPath(ctx, in, ssmRegion(region)...)
		if err != nil {
			return nil, classify(err)
		}
		for _, p := range resp.Parameters {
			q := toParameter(p)
			if !decrypt {
				q.Value = ""
			}
			out = append(out, q)
		}
		if aws.ToString(resp.NextToken) == "" {
			return out, nil
		}
		in.NextToken = resp.NextToken
	}
}

// eachParallel runs fn(0..n-1) concurrently, at most eight at a time.
func eachParallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			fn(i)
		}()
	}
	wg.Wait()
}
