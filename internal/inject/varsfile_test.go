package inject_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

// seed001 is the vars.yaml of seed document 001 (as in the acceptance
// suite's lib.sh), plus a worker-only variable.
const seed001 = `# /opt/services/api/vars.yaml (excerpt)
- name: DB_MASTER_SECRET_ARN
  source: local
  required: true
  # Set in bootstrap to the AWS-managed master secret ARN.

- name: DATABASE_USERNAME
  required: true
  sensitive: true
  containers: [telapi]
  secret:
    arn_from: DB_MASTER_SECRET_ARN
    type: json
    key: username

- name: DATABASE_PASSWORD
  required: true
  sensitive: true
  containers: [telapi]
  secret:
    arn_from: DB_MASTER_SECRET_ARN
    type: json
    key: password

- name: DATABASE_HOST
  required: true
  containers: [telapi]

- name: DATABASE_PORT
  default: '5432'
  containers: [telapi]

- name: DATABASE_NAME
  required: true
  containers: [telapi]

- name: DATABASE_URL
  required: true
  sensitive: true
  containers: [telapi]
  compose:
    template: 'postgresql://${DATABASE_USERNAME}:${DATABASE_PASSWORD}@${DATABASE_HOST}:${DATABASE_PORT}/${DATABASE_NAME}'
    encode:
      - DATABASE_PASSWORD
      - DATABASE_USERNAME

- name: LOG_LEVEL
  default: info
  containers: worker
`

func TestParseVars_Seed001(t *testing.T) {
	vars, err := inject.ParseVars("vars.yaml", []byte(seed001))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		name       string
		kind       inject.Kind
		origin     string
		req, sens  bool
		containers []string
	}
	want := []row{
		{"DB_MASTER_SECRET_ARN", inject.KindLocal, "vars.yaml:2", true, false, nil},
		{"DATABASE_USERNAME", inject.KindSecret, "vars.yaml:7", true, true, []string{"telapi"}},
		{"DATABASE_PASSWORD", inject.KindSecret, "vars.yaml:16", true, true, []string{"telapi"}},
		{"DATABASE_HOST", inject.KindLookup, "vars.yaml:25", true, false, []string{"telapi"}},
		{"DATABASE_PORT", inject.KindLookup, "vars.yaml:29", false, false, []string{"telapi"}},
		{"DATABASE_NAME", inject.KindLookup, "vars.yaml:33", true, false, []string{"telapi"}},
		{"DATABASE_URL", inject.KindCompose, "vars.yaml:37", true, true, []string{"telapi"}},
		{"LOG_LEVEL", inject.KindLookup, "vars.yaml:47", false, false, []string{"worker"}},
	}
	if len(vars) != len(want) {
		t.Fatalf("got %d variables, want %d", len(vars), len(want))
	}
	for i, w := range want {
		v := vars[i]
		got := row{v.Name, v.Kind, v.Origin, v.Required, v.Sensitive, v.Containers}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("variable %d = %+v, want %+v", i, got, w)
		}
	}
	if s := vars[2].Secret; s.ArnFrom != "DB_MASTER_SECRET_ARN" || !s.JSON || s.Key != "password" || s.ID != "" {
		t.Errorf("DATABASE_PASSWORD secret = %+v", s)
	}
	if v := vars[4]; !v.HasDefault || v.Default != "5432" {
		t.Errorf("DATABASE_PORT default = %v %q", v.HasDefault, v.Default)
	}
	if v := vars[6]; !reflect.DeepEqual(v.Encode, []string{"DATABASE_PASSWORD", "DATABASE_USERNAME"}) || !strings.HasPrefix(v.Template, "postgresql://${") {
		t.Errorf("DATABASE_URL compose = %q %v", v.Template, v.Encode)
	}
}

func TestParseVars_Fields(t *testing.T) {
	tests := []struct {
		name, src string
		check     func(t *testing.T, v inject.Var)
	}{
		{"unquoted_int_default", "- name: P\n  default: 5432\n", func(t *testing.T, v inject.Var) {
			if !v.HasDefault || v.Default != "5432" {
				t.Errorf("default = %q", v.Default)
			}
		}},
		{"empty_default", "- name: P\n  default: ''\n", func(t *testing.T, v inject.Var) {
			if !v.HasDefault || v.Default != "" {
				t.Errorf("default = %v %q", v.HasDefault, v.Default)
			}
		}},
		{"null_default_is_none", "- name: P\n  default: ~\n", func(t *testing.T, v inject.Var) {
			if v.HasDefault {
				t.Error("a null default counts as none")
			}
		}},
		{"secret_id_string", "- name: K\n  secret:\n    id: prod/api-key\n", func(t *testing.T, v inject.Var) {
			if v.Kind != inject.KindSecret || v.Secret.ID != "prod/api-key" || v.Secret.JSON {
				t.Errorf("secret = %+v", v.Secret)
			}
		}},
		{"secret_key_implies_json", "- name: K\n  secret:\n    id: prod/db\n    key: password\n    version_stage: AWSPREVIOUS\n", func(t *testing.T, v inject.Var) {
			if !v.Secret.JSON || v.Secret.Key != "password" || v.Secret.Stage != "AWSPREVIOUS" {
				t.Errorf("secret = %+v", v.Secret)
			}
		}},
		{"explicit_ssm_source", "- name: H\n  source: ssm\n", func(t *testing.T, v inject.Var) {
			if v.Kind != inject.KindLookup {
				t.Errorf("kind = %v", v.Kind)
			}
		}},
		{"flow_style", "[{name: A, required: true, containers: [a, b]}]", func(t *testing.T, v inject.Var) {
			if v.Name != "A" || !v.Required || len(v.Containers) != 2 {
				t.Errorf("var = %+v", v)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars, err := inject.ParseVars("v.yaml", []byte(tt.src))
			if err != nil || len(vars) != 1 {
				t.Fatalf("ParseVars = %v, %v", vars, err)
			}
			tt.check(t, vars[0])
		})
	}
}

func TestParseVars_Empty(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "~\n", "[]\n"} {
		vars, err := inject.ParseVars("v.yaml", []byte(src))
		if err != nil || len(vars) != 0 {
			t.Errorf("ParseVars(%q) = %v, %v", src, vars, err)
		}
	}
}

func TestParseVars_Errors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown_field", "- name: A\n  required: true\n  sensitve: true\n", `v.yaml:3: unknown field "sensitve" in a variable`},
		{"unknown_secret_field", "- name: A\n  secret:\n    arn_from: B\n    kee: x\n", `v.yaml:4: unknown field "kee" in secret`},
		{"unknown_compose_field", "- name: A\n  compose:\n    template: x\n    encoding: [B]\n", `v.yaml:4: unknown field "encoding" in compose`},
		{"not_a_list", "name: A\n", "v.yaml:1: a vars file is a list of variables"},
		{"entry_not_mapping", "- A\n", "v.yaml:1: a variable must be a mapping"},
		{"no_name", "- required: true\n", "v.yaml:1: a variable needs a name"},
		{"bad_name", "- name: DATABASE-URL\n", `v.yaml:1: "DATABASE-URL" is not a valid environment variable name`},
		{"duplicate", "- name: A\n- name: B\n- name: A\n", "v.yaml:3: variable A is declared twice (first at line 1)"},
		{"bad_bool", "- name: A\n  required: maybe\n", "v.yaml:2: required must be true or false"},
		{"unknown_source", "- name: A\n  source: vault\n", `v.yaml:2: unknown source "vault"`},
		{"local_with_secret", "- name: A\n  source: local\n  secret:\n    arn_from: B\n", "v.yaml:1: A: source: local cannot be combined with secret or compose"},
		{"secret_with_compose", "- name: A\n  secret:\n    id: x\n  compose:\n    template: y\n", "v.yaml:1: A: secret and compose cannot be combined"},
		{"secret_without_source", "- name: A\n  secret:\n    type: json\n    key: k\n", "v.yaml:3: secret needs exactly one of arn_from and id"},
		{"secret_both_sources", "- name: A\n  secret:\n    id: x\n    arn_from: B\n", "v.yaml:3: secret needs exactly one of arn_from and id"},
		{"json_without_key", "- name: A\n  secret:\n    arn_from: B\n    type: json\n", "v.yaml:3: secret type json needs a key"},
		{"string_with_key", "- name: A\n  secret:\n    arn_from: B\n    type: string\n    key: k\n", `v.yaml:3: secret key "k" needs type: json`},
		{"bad_type", "- name: A\n  secret:\n    arn_from: B\n    type: yaml\n", `v.yaml:4: unknown secret type "yaml"`},
		{"compose_without_template", "- name: A\n  compose:\n    encode: [B]\n", "v.yaml:3: compose needs a template"},
		{"compose_unterminated", "- name: A\n  compose:\n    template: 'x${B'\n", "v.yaml:3: compose template: unterminated ${"},
		{"compose_bad_ref", "- name: A\n  compose:\n    template: 'x${B-C}'\n", "v.yaml:3: compose template: ${B-C} is not a variable reference"},
		{"containers_not_list", "- name: A\n  containers: {a: b}\n", "v.yaml:2: containers must be a list of strings"},
		{"duplicate_field", "- name: A\n  required: true\n  required: false\n", "v.yaml:3"},
		{"yaml_syntax", "- name: A\n  required: [\n", "v.yaml: yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := inject.ParseVars("v.yaml", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
