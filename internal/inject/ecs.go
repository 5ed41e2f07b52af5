package inject

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// ecsContainer is the part of an ECS container definition that injection
// reads; every other field of the definition is ignored.
type ecsContainer struct {
	Name        string `json:"name"`
	Environment []struct {
		Name  *string `json:"name"`
		Value *string `json:"value"`
	} `json:"environment"`
	Secrets []struct {
		Name      *string `json:"name"`
		ValueFrom *string `json:"valueFrom"`
	} `json:"secrets"`
	EnvironmentFiles []json.RawMessage `json:"environmentFiles"`
}

// ParseTaskDefinition reads an ECS task definition — the JSON of
// `aws ecs register-task-definition --cli-input-json` ({"containerDefinitions":
// [...]}), the output of describe-task-definition ({"taskDefinition": {...}}),
// or the containerDefinitions array alone — and returns the variables of
// one container: environment[] as literal values, secrets[] as required,
// sensitive parameters or secrets (ParseValueFrom). container may be empty
// when the definition has exactly one container.
//
// Errors: JSON that is none of these shapes, no container of that name (or
// several and none chosen), an entry without a name or value, an invalid
// variable name, an invalid valueFrom, and environmentFiles (S3 objects,
// which arca cannot read).
func ParseTaskDefinition(file string, data []byte, container string) ([]Var, error) {
	defs, err := containerDefinitions(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var names []string
	var c *ecsContainer
	for i := range defs {
		names = append(names, defs[i].Name)
		if defs[i].Name == container || (container == "" && len(defs) == 1) {
			c = &defs[i]
		}
	}
	switch {
	case c == nil && container == "":
		return nil, fmt.Errorf("%s: %d container definitions (%s): choose one with --container", file, len(defs), strings.Join(names, ", "))
	case c == nil:
		return nil, fmt.Errorf("%s: no container definition named %q (there are: %s)", file, container, strings.Join(names, ", "))
	case len(c.EnvironmentFiles) > 0:
		return nil, fmt.Errorf("%s: container %s: environmentFiles (S3 objects) are not supported; use environment or secrets", file, c.Name)
	}
	var vars []Var
	for i, e := range c.Environment {
		origin := fmt.Sprintf("%s container %s environment[%d]", file, c.Name, i)
		if e.Name == nil || e.Value == nil {
			return nil, fmt.Errorf("%s: an environment entry needs name and value", origin)
		}
		if !ValidName(*e.Name) {
			return nil, fmt.Errorf("%s: %q is not a valid environment variable name", origin, *e.Name)
		}
		vars = append(vars, Var{Name: *e.Name, Kind: KindLiteral, Literal: *e.Value, Origin: origin})
	}
	for i, s := range c.Secrets {
		origin := fmt.Sprintf("%s container %s secrets[%d]", file, c.Name, i)
		if s.Name == nil || s.ValueFrom == nil {
			return nil, fmt.Errorf("%s: a secrets entry needs name and valueFrom", origin)
		}
		if !ValidName(*s.Name) {
			return nil, fmt.Errorf("%s: %q is not a valid environment variable name", origin, *s.Name)
		}
		v, err := ParseValueFrom(*s.ValueFrom)
		if err != nil {
			return nil, fmt.Errorf("%s (%s): %w", origin, *s.Name, err)
		}
		v.Name, v.Origin, v.Required, v.Sensitive = *s.Name, origin, true, true
		vars = append(vars, v)
	}
	return Merge(vars), nil
}

func containerDefinitions(data []byte) ([]ecsContainer, error) {
	trimmed := strings.TrimSpace(string(data))
	if strings.HasPrefix(trimmed, "[") {
		var defs []ecsContainer
		if err := json.Unmarshal(data, &defs); err != nil {
			return nil, fmt.Errorf("not a containerDefinitions array: %w", err)
		}
		return defs, nil
	}
	var td struct {
		ContainerDefinitions []ecsContainer `json:"containerDefinitions"`
		TaskDefinition       *struct {
			ContainerDefinitions []ecsContainer `json:"containerDefinitions"`
		} `json:"taskDefinition"`
	}
	if err := json.Unmarshal(data, &td); err != nil {
		return nil, fmt.Errorf("not a task definition: %w", err)
	}
	if td.TaskDefinition != nil && td.ContainerDefinitions == nil {
		td.ContainerDefinitions = td.TaskDefinition.ContainerDefinitions
	}
	if len(td.ContainerDefinitions) == 0 {
		return nil, errors.New("no containerDefinitions")
	}
	return td.ContainerDefinitions, nil
}

// ErrInvalidSecretARN is the ECS agent's error for a Secrets Manager ARN
// whose resource is neither secret:ID nor secret:ID:json-key:version-stage:version-id.
//
//lint:ignore ST1005 the ECS agent's exact wording, punctuation included
var ErrInvalidSecretARN = errors.New("an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.")

// ParseValueFrom interprets an ECS secrets[].valueFrom as the ECS agent
// does. A value that is not an ARN is an SSM parameter name in the default
// region. An SSM ARN names a parameter in its own region. A Secrets
// Manager ARN is either the secret's ARN (arn:...:secret:ID, the value as
// stored) or that ARN followed by :json-key:version-stage:version-id, the
// three fields positional and each optional (empty = unset: the whole
// value, AWSCURRENT, no pinned version).
//
// The returned Var has Kind KindParameter or KindSecret and no name.
// Errors: an empty valueFrom, an ARN that does not parse (the SDK's arn
// package messages, as in the agent), ErrInvalidSecretARN for any other
// number of fields, and an ARN of another service.
func ParseValueFrom(valueFrom string) (Var, error) {
	if valueFrom == "" {
		return Var{}, errors.New("valueFrom is empty")
	}
	if !strings.HasPrefix(valueFrom, "arn:") {
		return Var{Kind: KindParameter, Parameter: ParamRef{Name: valueFrom}}, nil
	}
	a, err := arn.Parse(valueFrom)
	if err != nil {
		return Var{}, err
	}
	switch a.Service {
	case "ssm":
		if !strings.HasPrefix(a.Resource, "parameter/") {
			return Var{}, fmt.Errorf("%s is not a parameter ARN", valueFrom)
		}
		return Var{Kind: KindParameter, Parameter: ParamRef{Region: a.Region, Name: valueFrom}}, nil
	case "secretsmanager":
	default:
		return Var{}, fmt.Errorf("valueFrom ARN of service %q: want ssm or secretsmanager", a.Service)
	}
	parts := strings.Split(a.Resource, ":")
	switch len(parts) {
	case 2:
		return Var{Kind: KindSecret, Secret: SecretSpec{ID: valueFrom, Region: a.Region}}, nil
	case 5:
		id := arn.ARN{Partition: a.Partition, Service: a.Service, Region: a.Region, AccountID: a.AccountID,
			Resource: parts[0] + ":" + parts[1]}.String()
		s := SecretSpec{ID: id, Region: a.Region, Key: parts[2], JSON: parts[2] != "", Stage: parts[3], VersionID: parts[4]}
		return Var{Kind: KindSecret, Secret: s}, nil
	}
	return Var{}, ErrInvalidSecretARN
}
