package e2e_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

var (
	crashRounds = flag.Int("crash.rounds", 3, "kill -9 and restart rounds in TestCrash")
	crashSeed   = flag.Uint64("crash.seed", 0, "random seed for TestCrash (0: a new one, logged)")
)

const (
	crashWriters     = 16  // concurrent PutParameter loops
	crashMaxAcked    = 400 // the kill comes after 1..crashMaxAcked acknowledged writes
	crashMaxVersions = 6   // versions per parameter before a writer starts a new one
)

// attempt is one PutParameter: acknowledged (200) with its version, or
// unknown (version 0: no answer, the server may or may not have committed).
type attempt struct {
	value   string
	version int64
}

// paramLog is every write to one parameter, in order. One writer owns the
// parameter and waits for each answer and stops at the first failure, so
// the acknowledged attempts are versions 1..n and only the last attempt
// may be unknown.
type paramLog struct {
	name     string
	secure   bool
	attempts []attempt
}

// settled is a parameter's state as observed after a restart: values[v-1]
// is version v. Later restarts must show exactly this.
type settled struct {
	secure bool
	values []string
}

// TestCrash_AcknowledgedWritesSurviveKill9 checks the durability promise of
// the embedded store: a PutParameter answered 200 is on disk. 16 writers put
// String and SecureString parameters (new ones and overwrites) until the
// server gets SIGKILL at a random moment; after a restart on the same data
// directory every acknowledged version reads back exactly (by version
// selector, decrypted), and each parameter's latest version is either the
// last acknowledged one or the one write that was in flight at the kill.
// Earlier rounds' parameters must not change across later crashes.
func TestCrash_AcknowledgedWritesSurviveKill9(t *testing.T) {
	arcaBinary(t)
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -crash.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	args := []string{"server", "--dev", "--data-dir", t.TempDir(), "--listen", "127.0.0.1:0"}
	p := startArca(t, nil, args...)
	state := map[string]settled{}
	for round := range *crashRounds {
		logs, acked := crashRound(t, p, round, rng)
		p = startArca(t, nil, args...)
		began := time.Now()
		committed, lost := verifyRound(t, p, logs, state)
		verifySettled(t, p, state)
		t.Logf("round %d: SIGKILL after %d acknowledged writes to %d parameters (unanswered: %d committed, %d absent); restart ready in %s; verified %d parameters in %s",
			round, acked, len(logs), committed, lost, p.ready.Round(time.Millisecond), len(state), time.Since(began).Round(time.Millisecond))
		if t.Failed() {
			return
		}
	}
	p.stop()
}

// crashRound runs the writers against p, kills p once a random number of
// writes were acknowledged, and returns every writer's log.
func crashRound(t *testing.T, p *proc, round int, rng *rand.Rand) ([]*paramLog, int64) {
	threshold := 1 + rng.Int64N(crashMaxAcked)
	delay := time.Duration(rng.Int64N(3000)) * time.Microsecond
	var (
		acked  atomic.Int64
		killed atomic.Bool
		wg     sync.WaitGroup
	)
	reached := make(chan struct{})
	onAck := func() {
		if acked.Add(1) == threshold {
			close(reached)
		}
	}
	logs := make([][]*paramLog, crashWriters)
	for w := range crashWriters {
		seed := rng.Uint64()
		wg.Go(func() {
			logs[w] = crashWriter(t, p, fmt.Sprintf("/crash/r%d/w%02d", round, w), seed, onAck, &killed)
		})
	}
	select {
	case <-reached:
		time.Sleep(delay)
	case <-time.After(30 * time.Second):
		t.Errorf("round %d: only %d of %d writes acknowledged after 30s", round, acked.Load(), threshold)
	}
	killed.Store(true)
	p.kill()
	wg.Wait()
	return slices.Concat(logs...), acked.Load()
}

// crashWriter puts parameters under prefix until a put fails, which must
// only happen after the kill.
func crashWriter(t *testing.T, p *proc, prefix string, seed uint64, onAck func(), killed *atomic.Bool) []*paramLog {
	rng := rand.New(rand.NewPCG(seed, 1))
	c := p.ssm("us-east-1", "test", "test")
	var logs []*paramLog
	var cur *paramLog
	for i := 0; ; i++ {
		if cur == nil || len(cur.attempts) >= crashMaxVersions || rng.IntN(3) == 0 {
			cur = &paramLog{name: fmt.Sprintf("%s/p%03d", prefix, len(logs)), secure: rng.IntN(2) == 0}
			logs = append(logs, cur)
		}
		value := fmt.Sprintf("%s#%d:%s", prefix, i, strings.Repeat("v", rng.IntN(200)))
		typ := types.ParameterTypeString
		if cur.secure {
			typ = types.ParameterTypeSecureString
		}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		out, err := c.PutParameter(ctx, &ssm.PutParameterInput{
			Name: aws.String(cur.name), Value: aws.String(value), Type: typ,
			Overwrite: aws.Bool(len(cur.attempts) > 0),
		})
		cancel()
		if err != nil {
			cur.attempts = append(cur.attempts, attempt{value: value})
			var re *smithyhttp.ResponseError
			switch {
			case errors.As(err, &re) && re.HTTPStatusCode() >= 300:
				t.Errorf("put %s: error response: %v", cur.name, err)
			case !killed.Load():
				t.Errorf("put %s before the kill: %v", cur.name, err)
			}
			return logs
		}
		if want := int64(len(cur.attempts) + 1); out.Version != want {
			t.Errorf("put %s: version %d, want %d", cur.name, out.Version, want)
		}
		cur.attempts = append(cur.attempts, attempt{value: value, version: out.Version})
		onAck()
	}
}

// verifyRound checks what the restarted server p holds for logs, records it
// in state, and counts the writes in flight at the kill that committed and
// that were lost.
func verifyRound(t *testing.T, p *proc, logs []*paramLog, state map[string]settled) (committed, lost int) {
	c := p.ssm("us-east-1", "test", "test")
	ctx := context.Background()
	for _, l := range logs {
		acked, pending := l.attempts, (*attempt)(nil)
		if last := acked[len(acked)-1]; last.version == 0 {
			acked, pending = acked[:len(acked)-1], &last
		}
		got, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(l.name), WithDecryption: aws.Bool(true)})
		var nf *types.ParameterNotFound
		switch {
		case errors.As(err, &nf) && len(acked) == 0:
			lost++ // its only write was in flight and did not commit
			continue
		case err != nil:
			t.Errorf("%s (%d versions acknowledged): %v", l.name, len(acked), err)
			continue
		}
		values := make([]string, 0, len(l.attempts))
		for _, a := range acked {
			values = append(values, a.value)
		}
		v, val := got.Parameter.Version, aws.ToString(got.Parameter.Value)
		switch {
		case len(acked) > 0 && v == int64(len(acked)) && val == values[v-1]:
			if pending != nil {
				lost++
			}
		case pending != nil && v == int64(len(acked))+1 && val == pending.value:
			values = append(values, pending.value)
			committed++
		case pending != nil:
			t.Errorf("%s: latest is version %d %.40q; want %d (last acknowledged) or %d (unanswered)", l.name, v, val, len(acked), len(acked)+1)
			continue
		default:
			t.Errorf("%s: latest is version %d %.40q; want %d (last acknowledged)", l.name, v, val, len(acked))
			continue
		}
		if wantType := paramType(l.secure); got.Parameter.Type != wantType {
			t.Errorf("%s: type %s, want %s", l.name, got.Parameter.Type, wantType)
		}
		for i := range len(values) - 1 { // the latest was checked above
			ref := fmt.Sprintf("%s:%d", l.name, i+1)
			got, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(ref), WithDecryption: aws.Bool(true)})
			if err != nil {
				t.Errorf("%s: %v", ref, err)
			} else if aws.ToString(got.Parameter.Value) != values[i] {
				t.Errorf("%s = %.40q, want %.40q", ref, aws.ToString(got.Parameter.Value), values[i])
			}
		}
		state[l.name] = settled{secure: l.secure, values: values}
	}
	return committed, lost
}

// verifySettled checks that every parameter observed after an earlier
// restart is unchanged: same latest version, same value.
func verifySettled(t *testing.T, p *proc, state map[string]settled) {
	c := p.ssm("us-east-1", "test", "test")
	names := make([]string, 0, len(state))
	for n := range state {
		names = append(names, n)
	}
	slices.Sort(names)
	for batch := range slices.Chunk(names, 10) {
		out, err := c.GetParameters(context.Background(), &ssm.GetParametersInput{Names: batch, WithDecryption: aws.Bool(true)})
		if err != nil {
			t.Errorf("GetParameters: %v", err)
			return
		}
		if len(out.InvalidParameters) > 0 {
			t.Errorf("parameters lost after a later crash: %v", out.InvalidParameters)
		}
		for _, got := range out.Parameters {
			s := state[aws.ToString(got.Name)]
			if got.Version != int64(len(s.values)) || aws.ToString(got.Value) != s.values[len(s.values)-1] || got.Type != paramType(s.secure) {
				t.Errorf("%s changed after a later crash: version %d %.40q", aws.ToString(got.Name), got.Version, aws.ToString(got.Value))
			}
		}
	}
}

func paramType(secure bool) types.ParameterType {
	if secure {
		return types.ParameterTypeSecureString
	}
	return types.ParameterTypeString
}
