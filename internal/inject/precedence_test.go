package inject_test

import (
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

func TestResolve_Precedence(t *testing.T) {
	f := newFake()
	f.putParam("/ns/svc/PORT", "String", "from-ssm")
	f.putParam("/prod/web/PORT", "String", "from-path")
	vars, _ := inject.ParseVars("v.yaml", []byte("- name: PORT\n- name: ONLY_VARS\n  default: v\n"))
	ecs, err := inject.ParseTaskDefinition("td.json", []byte(`[{"name":"c","environment":[{"name":"PORT","value":"from-ecs"},{"name":"ONLY_ECS","value":"e"}]}]`), "c")
	if err != nil {
		t.Fatal(err)
	}
	path := inject.Source{Path: "/prod/web/"}
	tests := []struct {
		name    string
		sources []inject.Source
		want    string
	}{
		{"vars_then_ecs", []inject.Source{{Vars: vars}, {Vars: ecs}}, "from-ecs"},
		{"ecs_then_vars", []inject.Source{{Vars: ecs}, {Vars: vars}}, "from-ssm"},
		{"vars_then_path", []inject.Source{{Vars: vars}, path}, "from-path"},
		{"path_then_ecs", []inject.Source{path, {Vars: ecs}}, "from-ecs"},
		{"all_three_vars_last", []inject.Source{{Vars: ecs}, path, {Vars: vars}}, "from-ssm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := resolve(t, f, inject.Plan{Sources: tt.sources, Namespace: "/ns", Service: "svc"})
			got := envMap(res)
			if got["PORT"].Value != tt.want {
				t.Fatalf("PORT = %q, want %q", got["PORT"].Value, tt.want)
			}
			if res.Outcomes[0].Var.Name != "PORT" {
				t.Errorf("a replaced variable keeps its first position; first is %s", res.Outcomes[0].Var.Name)
			}
		})
	}
	// A declaration filtered out for this container does not replace another source's.
	vc, _ := inject.ParseVars("v.yaml", []byte("- name: PORT\n  containers: [other]\n"))
	res := resolve(t, f, inject.Plan{Sources: []inject.Source{{Vars: ecs}, {Vars: vc}}, Container: "c"})
	if envMap(res)["PORT"].Value != "from-ecs" {
		t.Error("a variable for another container replaced one that applies")
	}
}

func TestResolve_References(t *testing.T) {
	f := newFake()
	f.putParam("/ns/ARN_PARAM", "String", "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-AbCdEf")
	f.putSecret("app/db", `{"password":"p@ss"}`)
	tests := []struct {
		name, src string
		check     func(t *testing.T, res *inject.Result)
	}{
		{"arn_from_a_fetched_variable", "- name: DB_PASSWORD\n  secret:\n    arn_from: ARN_PARAM\n    key: password\n- name: ARN_PARAM\n",
			func(t *testing.T, res *inject.Result) {
				if v := envMap(res)["DB_PASSWORD"].Value; v != "p@ss" {
					t.Errorf("DB_PASSWORD = %q", v)
				}
			}},
		{"compose_of_compose", "- name: A\n  default: x\n- name: B\n  compose:\n    template: '${A}/b'\n- name: C\n  compose:\n    template: '${B}/c'\n    encode: [B]\n",
			func(t *testing.T, res *inject.Result) {
				if v := envMap(res)["C"].Value; v != "x%2Fb/c" {
					t.Errorf("C = %q", v)
				}
			}},
		{"cycle", "- name: A\n  compose:\n    template: '${B}'\n- name: B\n  compose:\n    template: '${A}'\n",
			func(t *testing.T, res *inject.Result) {
				for _, o := range res.Outcomes {
					if o.Status != inject.StatusFailed || !strings.Contains(o.Err.Error(), "cycle") {
						t.Errorf("%s: %v %v", o.Var.Name, o.Status, o.Err)
					}
				}
			}},
		{"arn_from_cycle", "- name: A\n  secret:\n    arn_from: B\n- name: B\n  secret:\n    arn_from: A\n",
			func(t *testing.T, res *inject.Result) {
				if o := outcome(t, res, "A"); o.Status != inject.StatusFailed {
					t.Errorf("A: %v", o.Status)
				}
			}},
		{"self_reference", "- name: A\n  required: true\n  compose:\n    template: 'x${A}'\n",
			func(t *testing.T, res *inject.Result) {
				if o := outcome(t, res, "A"); o.Status != inject.StatusMissing {
					t.Errorf("A: %v %v", o.Status, o.Err)
				}
			}},
		{"undeclared_reference", "- name: A\n  required: true\n  compose:\n    template: '${NOPE}'\n",
			func(t *testing.T, res *inject.Result) {
				err := res.Err(false)
				if err == nil || !strings.Contains(err.Error(), "${NOPE}, which is not declared") {
					t.Errorf("err = %v", err)
				}
			}},
		{"optional_compose_with_unset_input", "- name: IN\n- name: A\n  compose:\n    template: '${IN}'\n",
			func(t *testing.T, res *inject.Result) {
				if o := outcome(t, res, "A"); o.Status != inject.StatusUnset || res.Err(false) != nil {
					t.Errorf("A: %v, err %v", o.Status, res.Err(false))
				}
			}},
		{"encode_not_in_template", "- name: A\n  default: x\n- name: B\n  compose:\n    template: '${A}'\n    encode: [C]\n",
			func(t *testing.T, res *inject.Result) {
				if o := outcome(t, res, "B"); o.Status != inject.StatusFailed || !strings.Contains(o.Err.Error(), "encode lists C") {
					t.Errorf("B: %v %v", o.Status, o.Err)
				}
			}},
		{"arn_from_undeclared", "- name: A\n  required: true\n  secret:\n    arn_from: NOPE\n",
			func(t *testing.T, res *inject.Result) {
				if err := res.Err(false); err == nil || !strings.Contains(err.Error(), "arn_from names NOPE, which is not declared") {
					t.Errorf("err = %v", err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars, err := inject.ParseVars("v.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, resolve(t, f, inject.Plan{Sources: []inject.Source{{Vars: vars}}, Namespace: "/ns"}))
		})
	}
}

func TestResolve_StrictAndPlaceholder(t *testing.T) {
	f := newFake()
	f.putParam("/ns/TOKEN", "SecureString", "placeholder")
	vars, _ := inject.ParseVars("v.yaml", []byte("- name: TOKEN\n  required: true\n- name: OPTIONAL\n- name: WITH_DEFAULT\n  default: d\n"))
	res := resolve(t, f, inject.Plan{Sources: []inject.Source{{Vars: vars}}, Namespace: "/ns"})
	if !outcome(t, res, "TOKEN").Placeholder {
		t.Error("TOKEN is a placeholder")
	}
	if err := res.Err(false); err != nil {
		t.Fatalf("not strict: %v", err)
	}
	err := res.Err(true)
	if err == nil {
		t.Fatal("strict: no error")
	}
	for _, s := range []string{"TOKEN (v.yaml:1): --strict: the value is still \"placeholder\"", "OPTIONAL (v.yaml:3): --strict:"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("strict error lacks %q:\n%v", s, err)
		}
	}
	if strings.Contains(err.Error(), "WITH_DEFAULT") {
		t.Error("a default satisfies --strict")
	}
}

func TestResolve_SecretValues(t *testing.T) {
	f := seedStore(t)
	f.putSecret("stripe", "sk_1")
	f.putSecret("stripe", "sk_2")
	td := `[{"name":"ledger","secrets":[
	 {"name":"PORT","valueFrom":"` + masterARN + `:port::"},
	 {"name":"SSL","valueFrom":"` + masterARN + `:ssl::"},
	 {"name":"OPTS","valueFrom":"` + masterARN + `:opts::"},
	 {"name":"WHOLE","valueFrom":"` + masterARN + `"},
	 {"name":"PREVIOUS","valueFrom":"arn:aws:secretsmanager:us-east-1:000000000000:secret:stripe::AWSPREVIOUS:"},
	 {"name":"CURRENT","valueFrom":"arn:aws:secretsmanager:us-east-1:000000000000:secret:stripe"}]}]`
	vars, err := inject.ParseTaskDefinition("td.json", []byte(td), "ledger")
	if err != nil {
		t.Fatal(err)
	}
	res := resolve(t, f, inject.Plan{Sources: []inject.Source{{Vars: vars}}})
	if err := res.Err(false); err != nil {
		t.Fatal(err)
	}
	got := envMap(res)
	want := map[string]string{"PORT": "5432", "SSL": "true", "OPTS": `{"a":1}`, "PREVIOUS": "sk_1", "CURRENT": "sk_2"}
	for k, v := range want {
		if got[k].Value != v {
			t.Errorf("%s = %q, want %q", k, got[k].Value, v)
		}
	}
	if !strings.HasPrefix(got["WHOLE"].Value, `{"username"`) {
		t.Errorf("WHOLE = %q", got["WHOLE"].Value)
	}
	gone, _ := inject.ParseTaskDefinition("td.json", []byte(`[{"name":"c","secrets":[{"name":"G","valueFrom":"`+masterARN+`:gone::"}]}]`), "c")
	if o := resolve(t, f, inject.Plan{Sources: []inject.Source{{Vars: gone}}}).Outcomes[0]; o.Status != inject.StatusMissing {
		t.Errorf("a null JSON value counts as missing: %v", o.Status)
	}
}

// TestResolve_SettledWithoutRead: a composed variable whose input failed
// without any read (its arn_from is unset) is still resolved, as missing.
func TestResolve_SettledWithoutRead(t *testing.T) {
	vars, _ := inject.ParseVars("v.yaml", []byte("- name: ARN\n  source: local\n- name: PW\n  secret:\n    arn_from: ARN\n    key: p\n- name: URL\n  required: true\n  compose:\n    template: 'x:${PW}'\n"))
	res := resolve(t, newFake(), inject.Plan{Sources: []inject.Source{{Vars: vars}}})
	if o := outcome(t, res, "URL"); o.Status != inject.StatusMissing || !strings.Contains(o.Err.Error(), "${PW}, which is not set") {
		t.Fatalf("URL: %v %v", o.Status, o.Err)
	}
	vars, _ = inject.ParseVars("v.yaml", []byte("- name: H\n- name: URL\n  compose:\n    template: 'x:${H}'\n"))
	res = resolve(t, newFake(), inject.Plan{Sources: []inject.Source{{Vars: vars}}})
	if o := outcome(t, res, "URL"); o.Status != inject.StatusUnset {
		t.Fatalf("URL without a namespace for H: %v %v", o.Status, o.Err)
	}
}
