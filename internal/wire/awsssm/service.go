package awsssm

import (
	"log/slog"

	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// New returns the SSM dialect over the parameter store.
func New(p *params.Service, log *slog.Logger) *awsjson.Service {
	h := &handler{params: p}
	return &awsjson.Service{
		SigningName:  "ssm",
		TargetPrefix: "AmazonSSM",
		ContentType:  "application/x-amz-json-1.1",
		Errors:       mapError,
		Log:          log,
		Ops: map[string]awsjson.Op{
			"PutParameter":            awsjson.Handler(h.putParameter),
			"GetParameter":            awsjson.Handler(h.getParameter),
			"GetParameters":           awsjson.Handler(h.getParameters),
			"GetParametersByPath":     awsjson.Handler(h.getParametersByPath),
			"DescribeParameters":      awsjson.Handler(h.describeParameters),
			"GetParameterHistory":     awsjson.Handler(h.getParameterHistory),
			"LabelParameterVersion":   awsjson.Handler(h.labelParameterVersion),
			"UnlabelParameterVersion": awsjson.Handler(h.unlabelParameterVersion),
			"DeleteParameter":         awsjson.Handler(h.deleteParameter),
			"DeleteParameters":        awsjson.Handler(h.deleteParameters),
			"AddTagsToResource":       awsjson.Handler(h.addTagsToResource),
			"RemoveTagsFromResource":  awsjson.Handler(h.removeTagsFromResource),
			"ListTagsForResource":     awsjson.Handler(h.listTagsForResource),
		},
	}
}

type handler struct {
	params *params.Service
}
