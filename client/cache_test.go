package client_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca/client"
	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// fakeAPI is an in-memory Secrets Manager and SSM with call counters and
// a switch to fail every call.
type fakeAPI struct {
	mu        sync.Mutex
	versions  map[string][]string // secret -> values, index = version
	params    map[string][]string
	fail      bool
	describes int
	gets      int
	paramGets int
}

var errOutage = errors.New("connection refused")

func newAPI() *fakeAPI {
	return &fakeAPI{versions: map[string][]string{}, params: map[string][]string{}}
}

func (f *fakeAPI) put(id, v string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.versions[id] = append(f.versions[id], v)
}

func (f *fakeAPI) setFail(b bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = b
}

func (f *fakeAPI) counts() (int, int, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.describes, f.gets, f.paramGets
}

func (f *fakeAPI) DescribeSecret(_ context.Context, in *sm.DescribeSecretInput, _ ...func(*sm.Options)) (*sm.DescribeSecretOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.describes++
	vs, ok := f.versions[*in.SecretId]
	if f.fail {
		return nil, errOutage
	}
	if !ok {
		return nil, errors.New("ResourceNotFoundException")
	}
	m := map[string][]string{fmt.Sprint(len(vs) - 1): {"AWSCURRENT"}}
	if len(vs) > 1 {
		m[fmt.Sprint(len(vs)-2)] = []string{"AWSPREVIOUS"}
	}
	return &sm.DescribeSecretOutput{VersionIdsToStages: m}, nil
}

func (f *fakeAPI) GetSecretValue(_ context.Context, in *sm.GetSecretValueInput, _ ...func(*sm.Options)) (*sm.GetSecretValueOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets++
	if f.fail {
		return nil, errOutage
	}
	var i int
	fmt.Sscan(*in.VersionId, &i)
	return &sm.GetSecretValueOutput{Name: in.SecretId, VersionId: in.VersionId, SecretString: aws.String(f.versions[*in.SecretId][i])}, nil
}

func (f *fakeAPI) GetParameter(_ context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paramGets++
	vs := f.params[*in.Name]
	if f.fail {
		return nil, errOutage
	}
	if len(vs) == 0 {
		return nil, errors.New("ParameterNotFound")
	}
	return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Name: in.Name, Value: aws.String(vs[len(vs)-1]), Version: int64(len(vs))}}, nil
}

// clock is a manual clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newCache(api *fakeAPI, opts client.Options) (*client.Cache, *clock) {
	clk := &clock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	opts.Now = clk.Now
	return client.New(api, api, opts), clk
}

func mustString(t *testing.T, c *client.Cache, id string, want string) {
	t.Helper()
	got, err := c.SecretString(context.Background(), id)
	if err != nil || got != want {
		t.Fatalf("SecretString(%s) = %q, %v; want %q", id, got, err, want)
	}
}

func wantCounts(t *testing.T, api *fakeAPI, describes, gets int) {
	t.Helper()
	if d, g, _ := api.counts(); d != describes || g != gets {
		t.Fatalf("calls: %d DescribeSecret, %d GetSecretValue; want %d, %d", d, g, describes, gets)
	}
}

func TestCache_TTLAndVersions(t *testing.T) {
	api := newAPI()
	api.put("db", "v0")
	c, clk := newCache(api, client.Options{TTL: time.Minute, RefreshAhead: -1})
	mustString(t, c, "db", "v0")
	wantCounts(t, api, 1, 1)
	clk.Add(59 * time.Second)
	mustString(t, c, "db", "v0")
	wantCounts(t, api, 1, 1) // within the TTL: no call
	clk.Add(2 * time.Second)
	mustString(t, c, "db", "v0")
	wantCounts(t, api, 2, 1) // expired, same version: DescribeSecret only
	api.put("db", "v1")      // a rotation
	mustString(t, c, "db", "v0")
	clk.Add(time.Minute)
	mustString(t, c, "db", "v1")
	wantCounts(t, api, 3, 2)
	if prev, err := c.SecretStringStage(context.Background(), "db", "AWSPREVIOUS"); err != nil || prev != "v0" {
		t.Fatalf("AWSPREVIOUS = %q, %v", prev, err)
	}
}

func TestCache_RefreshAhead(t *testing.T) {
	api := newAPI()
	api.put("db", "v0")
	c, clk := newCache(api, client.Options{TTL: time.Minute, RefreshAhead: 10 * time.Second})
	mustString(t, c, "db", "v0")
	api.put("db", "v1")
	clk.Add(51 * time.Second)
	mustString(t, c, "db", "v0") // served at once; refreshed behind the caller
	c.Wait()
	wantCounts(t, api, 2, 2)
	mustString(t, c, "db", "v1")
	clk.Add(30 * time.Second) // the refresh renewed the TTL
	mustString(t, c, "db", "v1")
	wantCounts(t, api, 2, 2)
}

func TestCache_StaleOnErrorWithBackoff(t *testing.T) {
	api := newAPI()
	api.put("db", "v0")
	c, clk := newCache(api, client.Options{TTL: time.Minute, RefreshAhead: -1, MinBackoff: time.Second, MaxBackoff: 4 * time.Second})
	mustString(t, c, "db", "v0")
	api.setFail(true)
	clk.Add(2 * time.Minute)
	mustString(t, c, "db", "v0") // the refresh fails: stale value, no error
	wantCounts(t, api, 2, 1)
	mustString(t, c, "db", "v0") // within the 1 s backoff: no new call
	wantCounts(t, api, 2, 1)
	for i, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second} {
		clk.Add(wait - time.Millisecond)
		mustString(t, c, "db", "v0")
		wantCounts(t, api, 2+i, 1)
		clk.Add(time.Millisecond)
		mustString(t, c, "db", "v0")
		wantCounts(t, api, 3+i, 1) // the backoff doubles up to MaxBackoff
	}
	api.setFail(false)
	api.put("db", "v1")
	clk.Add(4 * time.Second)
	mustString(t, c, "db", "v1")
}

func TestCache_FirstReadError(t *testing.T) {
	api := newAPI()
	c, clk := newCache(api, client.Options{MinBackoff: time.Second})
	if _, err := c.SecretString(context.Background(), "nope"); err == nil {
		t.Fatal("no error for a missing secret")
	}
	if _, err := c.SecretString(context.Background(), "nope"); err == nil {
		t.Fatal("the error is cached during the backoff")
	}
	wantCounts(t, api, 1, 0)
	api.put("nope", "now")
	clk.Add(time.Second)
	mustString(t, c, "nope", "now")
}

func TestCache_LRU(t *testing.T) {
	api := newAPI()
	for _, id := range []string{"a", "b", "c"} {
		api.put(id, id)
	}
	c, _ := newCache(api, client.Options{MaxEntries: 2})
	mustString(t, c, "a", "a")
	mustString(t, c, "b", "b")
	mustString(t, c, "a", "a") // a is now the most recently used
	mustString(t, c, "c", "c") // evicts b
	if c.Len() != 2 {
		t.Fatalf("Len = %d", c.Len())
	}
	wantCounts(t, api, 3, 3)
	mustString(t, c, "a", "a")
	wantCounts(t, api, 3, 3)
	mustString(t, c, "b", "b")
	wantCounts(t, api, 4, 4)
	c.Invalidate("b")
	mustString(t, c, "b", "b")
	wantCounts(t, api, 5, 5)
}

func TestCache_ConcurrentFirstRead(t *testing.T) {
	api := newAPI()
	api.put("db", "v0")
	c, _ := newCache(api, client.Options{})
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := c.SecretString(context.Background(), "db"); err != nil || v != "v0" {
				t.Errorf("got %q, %v", v, err)
			}
		}()
	}
	wg.Wait()
	wantCounts(t, api, 1, 1)
}

func TestCache_Parameter(t *testing.T) {
	api := newAPI()
	api.params["/prod/web/db-host"] = []string{"db1"}
	c, clk := newCache(api, client.Options{TTL: time.Minute, RefreshAhead: -1})
	ctx := context.Background()
	if v, err := c.ParameterValue(ctx, "/prod/web/db-host"); err != nil || v != "db1" {
		t.Fatalf("= %q, %v", v, err)
	}
	api.params["/prod/web/db-host"] = append(api.params["/prod/web/db-host"], "db2")
	if v, _ := c.ParameterValue(ctx, "/prod/web/db-host"); v != "db1" {
		t.Fatalf("within the TTL: %q", v)
	}
	clk.Add(time.Minute)
	p, err := c.Parameter(ctx, "/prod/web/db-host")
	if err != nil || p.Value != "db2" || p.Version != 2 {
		t.Fatalf("after the TTL: %+v, %v", p, err)
	}
	if _, _, n := api.counts(); n != 2 {
		t.Errorf("%d GetParameter calls, want 2", n)
	}
	if _, err := client.New(nil, nil, client.Options{}).ParameterValue(ctx, "x"); !errors.Is(err, client.ErrNoClient) {
		t.Errorf("no client: %v", err)
	}
}
