package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// StageCurrent is the stage read when none is given.
const StageCurrent = "AWSCURRENT"

// ErrNoClient is returned for a read whose client was not configured.
var ErrNoClient = errors.New("client: no client configured for this kind of read")

// SecretValue is one version of a secret. Treat it as read-only: the cache
// shares it between callers.
type SecretValue struct {
	ARN, Name, VersionID string
	// String is the SecretString; Binary is set instead for binary secrets.
	String string
	Binary []byte
}

// Parameter is an SSM parameter's value (decrypted) and version.
type Parameter struct {
	Name, Type, Value string
	Version           int64
}

// Secret returns secret id (a name or ARN) at stage ("" is AWSCURRENT).
// Errors are the service's (e.g. ResourceNotFoundException), a missing
// stage, or ErrNoClient.
func (c *Cache) Secret(ctx context.Context, id, stage string) (*SecretValue, error) {
	if stage == "" {
		stage = StageCurrent
	}
	if c.secrets == nil {
		return nil, ErrNoClient
	}
	v, err := c.get(ctx, key{kind: 's', id: id, stage: stage}, func(ctx context.Context, old string) (any, string, bool, error) {
		return c.loadSecret(ctx, id, stage, old)
	})
	if err != nil {
		return nil, err
	}
	return v.(*SecretValue), nil
}

// SecretString returns the current SecretString of secret id.
func (c *Cache) SecretString(ctx context.Context, id string) (string, error) {
	return c.SecretStringStage(ctx, id, StageCurrent)
}

// SecretStringStage returns the SecretString of secret id at stage, e.g.
// AWSPREVIOUS during a rotation.
func (c *Cache) SecretStringStage(ctx context.Context, id, stage string) (string, error) {
	v, err := c.Secret(ctx, id, stage)
	if err != nil {
		return "", err
	}
	return v.String, nil
}

// SecretBinary returns the current SecretBinary of secret id.
func (c *Cache) SecretBinary(ctx context.Context, id string) ([]byte, error) {
	v, err := c.Secret(ctx, id, StageCurrent)
	if err != nil {
		return nil, err
	}
	return v.Binary, nil
}

// loadSecret asks which version carries stage and reads it unless it is
// the one held.
func (c *Cache) loadSecret(ctx context.Context, id, stage, old string) (any, string, bool, error) {
	d, err := c.secrets.DescribeSecret(ctx, &sm.DescribeSecretInput{SecretId: aws.String(id)})
	if err != nil {
		return nil, "", false, err
	}
	ver := ""
	for v, stages := range d.VersionIdsToStages {
		for _, s := range stages {
			if s == stage {
				ver = v
			}
		}
	}
	if ver == "" {
		return nil, "", false, fmt.Errorf("client: secret %s has no version with stage %s", id, stage)
	}
	if ver == old {
		return nil, ver, true, nil
	}
	out, err := c.secrets.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String(id), VersionId: aws.String(ver)})
	if err != nil {
		return nil, "", false, err
	}
	return &SecretValue{ARN: aws.ToString(out.ARN), Name: aws.ToString(out.Name), VersionID: aws.ToString(out.VersionId),
		String: aws.ToString(out.SecretString), Binary: out.SecretBinary}, ver, false, nil
}

// Parameter returns SSM parameter name (a name or ARN, optionally with a
// :version or :label selector), decrypted. Errors are the service's (e.g.
// ParameterNotFound) or ErrNoClient.
func (c *Cache) Parameter(ctx context.Context, name string) (*Parameter, error) {
	if c.params == nil {
		return nil, ErrNoClient
	}
	v, err := c.get(ctx, key{kind: 'p', id: name}, func(ctx context.Context, old string) (any, string, bool, error) {
		out, err := c.params.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
		if err != nil {
			return nil, "", false, err
		}
		p := out.Parameter
		if p == nil {
			return nil, "", false, errors.New("client: GetParameter answered without a parameter")
		}
		val := &Parameter{Name: aws.ToString(p.Name), Type: string(p.Type), Value: aws.ToString(p.Value), Version: p.Version}
		ver := fmt.Sprint(p.Version)
		return val, ver, ver == old, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*Parameter), nil
}

// ParameterValue returns the (decrypted) value of SSM parameter name.
func (c *Cache) ParameterValue(ctx context.Context, name string) (string, error) {
	p, err := c.Parameter(ctx, name)
	if err != nil {
		return "", err
	}
	return p.Value, nil
}
