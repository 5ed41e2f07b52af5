package inject_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

const (
	masterID  = "rds-cluster-master"
	masterARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + masterID + "-AbCdEf"
	seedPW    = "Qz9@pa:ss&wo/rd"
)

// seedStore is the AWS side of seed 001.
func seedStore(t *testing.T) *fakeStore {
	t.Helper()
	f := newFake()
	f.putSecret(masterID, fmt.Sprintf(`{"username":"app@team","password":%q,"port":5432,"ssl":true,"opts":{"a":1},"gone":null}`, seedPW))
	f.putParam("/voiceai/prod/api/DATABASE_HOST", "String", "db.cluster.internal")
	f.putParam("/voiceai/prod/api/DATABASE_NAME", "String", "voiceai")
	return f
}

func seedPlan(t *testing.T, src string, container string, local map[string]string) inject.Plan {
	t.Helper()
	vars, err := inject.ParseVars("vars.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if local == nil {
		local = map[string]string{"DB_MASTER_SECRET_ARN": masterARN}
	}
	return inject.Plan{Sources: []inject.Source{{Vars: vars}}, Namespace: "/voiceai/prod", Service: "api",
		Container: container, Local: localEnv(local)}
}

func resolve(t *testing.T, r inject.Reader, p inject.Plan) *inject.Result {
	t.Helper()
	res, err := inject.Resolve(context.Background(), r, p)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func outcome(t *testing.T, res *inject.Result, name string) inject.Outcome {
	t.Helper()
	for _, o := range res.Outcomes {
		if o.Var.Name == name {
			return o
		}
	}
	t.Fatalf("no outcome for %s", name)
	return inject.Outcome{}
}

func TestResolve_Seed001(t *testing.T) {
	f := seedStore(t)
	res := resolve(t, f, seedPlan(t, seed001, "telapi", nil))
	if err := res.Err(false); err != nil {
		t.Fatal(err)
	}
	got := envMap(res)
	want := map[string]string{
		"DB_MASTER_SECRET_ARN": masterARN,
		"DATABASE_USERNAME":    "app@team",
		"DATABASE_PASSWORD":    seedPW,
		"DATABASE_HOST":        "db.cluster.internal",
		"DATABASE_PORT":        "5432",
		"DATABASE_NAME":        "voiceai",
		"DATABASE_URL":         "postgresql://app%40team:Qz9%40pa%3Ass%26wo%2Frd@db.cluster.internal:5432/voiceai",
	}
	if len(got) != len(want) {
		t.Errorf("got %d variables, want %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k].Value != v {
			t.Errorf("%s = %q, want %q", k, got[k].Value, v)
		}
	}
	if !got["DATABASE_URL"].Sensitive || !got["DATABASE_PASSWORD"].Sensitive || got["DATABASE_HOST"].Sensitive {
		t.Error("sensitivity flags are wrong")
	}
	if o := outcome(t, res, "DATABASE_PORT"); o.Status != inject.StatusDefault {
		t.Errorf("DATABASE_PORT status = %v, want default", o.Status)
	}
	// One GetParameters for HOST, PORT and NAME; one read of the master secret for both keys.
	if f.paramCalls != 1 || f.secretCalls != 1 || f.maxSecretBatch != 1 {
		t.Errorf("calls: %d parameter, %d secret (largest batch %d); want 1, 1 (1)", f.paramCalls, f.secretCalls, f.maxSecretBatch)
	}
	if o := outcome(t, res, "DATABASE_PASSWORD"); strings.Contains(o.Where, seedPW) || o.Where != "secret "+masterARN+" key password" {
		t.Errorf("where = %q", o.Where)
	}
}

func TestResolve_ContainersFilter(t *testing.T) {
	f := seedStore(t)
	delete(f.params, "/voiceai/prod/api/DATABASE_NAME") // required, but only for telapi
	res := resolve(t, f, seedPlan(t, seed001, "worker", nil))
	if err := res.Err(false); err != nil {
		t.Fatal(err)
	}
	got := envMap(res)
	if len(got) != 2 || got["LOG_LEVEL"].Value != "info" || got["DB_MASTER_SECRET_ARN"].Value != masterARN {
		t.Fatalf("worker gets %v", got)
	}
	if f.secretCalls != 0 {
		t.Error("the worker must not read the database secret")
	}
	if err := resolve(t, f, seedPlan(t, seed001, "telapi", nil)).Err(false); err == nil || !strings.Contains(err.Error(), "DATABASE_NAME") {
		t.Fatalf("telapi: err = %v", err)
	}
	// Without --container every variable applies.
	if res := resolve(t, seedStore(t), seedPlan(t, seed001, "", nil)); len(res.Outcomes) != 8 {
		t.Errorf("no container: %d outcomes, want 8", len(res.Outcomes))
	}
}

func TestResolve_Failures(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(f *fakeStore) (src string, local map[string]string)
		status map[string]inject.Status
		errHas []string
	}{
		{"missing_ssm", func(f *fakeStore) (string, map[string]string) {
			delete(f.params, "/voiceai/prod/api/DATABASE_NAME")
			return seed001, nil
		}, map[string]inject.Status{"DATABASE_NAME": inject.StatusMissing, "DATABASE_URL": inject.StatusMissing},
			[]string{"DATABASE_NAME (vars.yaml:33): required", "SSM parameter /voiceai/prod/api/DATABASE_NAME", "DATABASE_URL (vars.yaml:37)", "${DATABASE_NAME}, which is not set"}},
		{"missing_bootstrap", func(f *fakeStore) (string, map[string]string) { return seed001, map[string]string{} },
			map[string]inject.Status{"DB_MASTER_SECRET_ARN": inject.StatusMissing, "DATABASE_PASSWORD": inject.StatusMissing},
			[]string{"DB_MASTER_SECRET_ARN (vars.yaml:2): required", "arn_from DB_MASTER_SECRET_ARN is not set"}},
		{"missing_json_key", func(f *fakeStore) (string, map[string]string) {
			return strings.Replace(seed001, "key: password", "key: passwd", 1), nil
		}, map[string]inject.Status{"DATABASE_PASSWORD": inject.StatusMissing, "DATABASE_USERNAME": inject.StatusSet},
			[]string{"DATABASE_PASSWORD (vars.yaml:16)", `has no key "passwd"`}},
		{"wrong_arn", func(f *fakeStore) (string, map[string]string) {
			return seed001, map[string]string{"DB_MASTER_SECRET_ARN": strings.Replace(masterARN, "AbCdEf", "ZZZZZZ", 1) + "x"}
		}, map[string]inject.Status{"DATABASE_PASSWORD": inject.StatusMissing, "DATABASE_USERNAME": inject.StatusMissing},
			[]string{"DATABASE_USERNAME", "ResourceNotFoundException"}},
		{"denied_secret", func(f *fakeStore) (string, map[string]string) {
			f.denied[masterARN] = true
			return seed001, nil
		}, map[string]inject.Status{"DATABASE_PASSWORD": inject.StatusDenied, "DATABASE_HOST": inject.StatusSet},
			[]string{"DATABASE_PASSWORD (vars.yaml:16): secret " + masterARN + " key password: access denied"}},
		{"denied_optional_is_still_an_error", func(f *fakeStore) (string, map[string]string) {
			f.denied["/voiceai/prod/api/DATABASE_PORT"] = true
			return seed001, nil
		}, map[string]inject.Status{"DATABASE_PORT": inject.StatusDenied},
			[]string{"DATABASE_PORT (vars.yaml:29)", "access denied"}},
		{"unreachable", func(f *fakeStore) (string, map[string]string) {
			f.down = true
			return seed001, nil
		}, map[string]inject.Status{"DATABASE_HOST": inject.StatusFailed, "DATABASE_PASSWORD": inject.StatusFailed, "DB_MASTER_SECRET_ARN": inject.StatusSet},
			[]string{"DATABASE_HOST (vars.yaml:25)", "server unreachable"}},
		{"not_json", func(f *fakeStore) (string, map[string]string) {
			f.putSecret(masterID, "just-a-password-"+seedPW)
			return seed001, nil
		}, map[string]inject.Status{"DATABASE_PASSWORD": inject.StatusFailed},
			[]string{"the secret is not a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := seedStore(t)
			src, local := tt.setup(f)
			res := resolve(t, f, seedPlan(t, src, "telapi", local))
			for name, st := range tt.status {
				if o := outcome(t, res, name); o.Status != st {
					t.Errorf("%s: status %v (%v), want %v", name, o.Status, o.Err, st)
				}
			}
			err := res.Err(false)
			if err == nil {
				t.Fatal("Err = nil")
			}
			var re *inject.Error
			if !errors.As(err, &re) {
				t.Fatalf("Err is %T", err)
			}
			for _, s := range tt.errHas {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error lacks %q:\n%v", s, err)
				}
			}
			if strings.Contains(err.Error(), seedPW) || strings.Contains(err.Error(), "Qz9%40") || strings.Contains(err.Error(), "app@team") {
				t.Errorf("the error shows a value:\n%v", err)
			}
		})
	}
}

func TestResolve_Lookup(t *testing.T) {
	const src = "- name: API_KEY\n  sensitive: true\n  required: true\n- name: PLAIN\n  default: d\n"
	tests := []struct {
		name   string
		setup  func(f *fakeStore)
		ns     string
		want   string
		status inject.Status
		errHas string
	}{
		{"secret_key_first", func(f *fakeStore) {
			f.putSecret("/voiceai/prod/api/secrets", `{"API_KEY":"from-secret"}`)
			f.putParam("/voiceai/prod/api/API_KEY", "SecureString", "from-ssm")
		}, "/voiceai/prod", "from-secret", inject.StatusSet, ""},
		{"ssm_when_no_key", func(f *fakeStore) {
			f.putSecret("/voiceai/prod/api/secrets", `{"OTHER":"x"}`)
			f.putParam("/voiceai/prod/api/API_KEY", "SecureString", "from-ssm")
		}, "/voiceai/prod/", "from-ssm", inject.StatusSet, ""},
		{"ssm_when_no_secret", func(f *fakeStore) {
			f.putParam("/voiceai/prod/api/API_KEY", "SecureString", "from-ssm")
		}, "/voiceai/prod", "from-ssm", inject.StatusSet, ""},
		{"ssm_when_secret_denied", func(f *fakeStore) {
			f.denied["/voiceai/prod/api/secrets"] = true
			f.putSecret("/voiceai/prod/api/secrets", `{"API_KEY":"x"}`)
			f.putParam("/voiceai/prod/api/API_KEY", "SecureString", "from-ssm")
		}, "/voiceai/prod", "from-ssm", inject.StatusSet, ""},
		{"secret_denied_and_no_ssm", func(f *fakeStore) {
			f.denied["/voiceai/prod/api/secrets"] = true
		}, "/voiceai/prod", "", inject.StatusDenied, "access denied"},
		{"neither", func(f *fakeStore) {}, "/voiceai/prod", "", inject.StatusMissing,
			"neither key API_KEY of secret /voiceai/prod/api/secrets nor SSM parameter /voiceai/prod/api/API_KEY exists"},
		{"no_namespace", func(f *fakeStore) {}, "", "", inject.StatusMissing, "no --namespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			tt.setup(f)
			vars, _ := inject.ParseVars("v.yaml", []byte(src))
			res := resolve(t, f, inject.Plan{Sources: []inject.Source{{Vars: vars}}, Namespace: tt.ns, Service: "api"})
			o := outcome(t, res, "API_KEY")
			if o.Status != tt.status || o.Value != tt.want {
				t.Fatalf("API_KEY = %q %v (%v), want %q %v", o.Value, o.Status, o.Err, tt.want, tt.status)
			}
			if tt.errHas != "" && (o.Err == nil || !strings.Contains(o.Err.Error(), tt.errHas)) {
				t.Errorf("err = %v, want %q", o.Err, tt.errHas)
			}
			if p := outcome(t, res, "PLAIN"); p.Status != inject.StatusDefault || p.Value != "d" {
				t.Errorf("PLAIN = %q %v", p.Value, p.Status)
			}
		})
	}
}
