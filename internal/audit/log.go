package audit

import (
	"context"
	"crypto/ed25519"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/arca-vault/arca"
)

// Defaults for the zero values of Config.
const (
	DefaultTimeout            = 2 * time.Second
	DefaultCheckpointEvery    = 1000
	DefaultCheckpointInterval = time.Minute
)

// maxBatch bounds the records one append carries, so that one flush stays
// short and its transaction small.
const maxBatch = 4096

// Config configures New.
type Config struct {
	Sink               Sink               // required: file.Open(dir), pgsink.Open(ctx, pool, opts), NewMemorySink()
	Signer             ed25519.PrivateKey // required: signs checkpoints (LoadSigner)
	Timeout            time.Duration      // bound on one durable append (default 2s): a stuck sink fails requests, never hangs them
	CheckpointEvery    int                // a signed checkpoint every N records (default 1000)
	CheckpointInterval time.Duration      // …or every T (default 1m) when anything was appended since the last
	Retention          time.Duration      // 0 = keep forever; older records are pruned, leaving a checkpoint at the cut
	MaxRecords         uint64             // 0 = no bound; else keep about this many records, pruned the same way (the dev server's memory log)
	Now                func() time.Time   // record times (default time.Now)
	Log                *slog.Logger       // operational messages only, never event contents (default slog.Default())
	Observe            func(*Event)       // called after an event is durable (alerts, metrics); must not block; may be nil
}

// Log is the audit log: events are appended durably and hash-chained, with
// signed checkpoints. It is safe for concurrent use.
type Log struct {
	cfg  Config
	sink Sink
	pub  ed25519.PublicKey

	reqs      chan *pending
	immediate bool       // the sink is Immediate
	fmu       sync.Mutex // held by every flush: the writer's and appendNow's
	closing   chan struct{}
	stopped   chan struct{} // the writer has exited
	maint     chan struct{} // the maintenance loop has exited

	mu        sync.Mutex
	lastErr   error     // the last append's failure; nil after a success
	busySince time.Time // when the running append started; zero when idle
	lastProbe time.Time
	closeOnce sync.Once
	closeErr  error

	appends  atomic.Uint64
	records  atomic.Uint64
	failures atomic.Uint64
}

// pending is one request to the writer.
type pending struct {
	kind    Kind   // KindEvent, KindIntent, KindPrune; 0 for a checkpoint or probe request
	force   bool   // a checkpoint request: sign the head if anything is unsigned
	id      string // EventID
	payload []byte
	ev      *Event // for Observe
	done    chan error
	gone    atomic.Bool // the caller stopped waiting
}

// New returns a running Log over cfg.Sink. It returns an arca.EInvalid
// error for a config without a sink or signer, and arca.EUnavailable when
// the sink cannot report its head.
func New(ctx context.Context, cfg Config) (*Log, error) {
	if cfg.Sink == nil {
		return nil, arca.Errorf(arca.EInvalid, "audit log: no sink configured")
	}
	if len(cfg.Signer) != ed25519.PrivateKeySize {
		return nil, arca.Errorf(arca.EInvalid, "audit log: no checkpoint signing key configured")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = DefaultCheckpointEvery
	}
	if cfg.CheckpointInterval <= 0 {
		cfg.CheckpointInterval = DefaultCheckpointInterval
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	hctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	if _, err := cfg.Sink.Head(hctx); err != nil {
		return nil, &arca.Error{Code: arca.EUnavailable, Message: "audit log: the sink cannot be read", Err: err}
	}
	l := &Log{
		cfg:     cfg,
		sink:    cfg.Sink,
		pub:     cfg.Signer.Public().(ed25519.PublicKey),
		reqs:    make(chan *pending, maxBatch),
		closing: make(chan struct{}),
		stopped: make(chan struct{}),
		maint:   make(chan struct{}),
	}
	_, l.immediate = cfg.Sink.(Immediate)
	go l.write()
	go l.maintain()
	return l, nil
}

// PublicKey returns the key that verifies the log's checkpoints.
func (l *Log) PublicKey() ed25519.PublicKey { return l.pub }

// Record appends ev durably (fsync or commit done) before it returns; many
// concurrent callers share one flush. It fills ev.EventID when empty. It
// returns an arca.EUnavailable error when the sink fails or does not finish
// within Config.Timeout (the caller then answers 5xx), and never blocks
// longer than that. A record whose caller timed out may still be written
// when a stalled sink recovers.
func (l *Log) Record(ctx context.Context, ev *Event) error {
	return l.submit(ctx, KindEvent, ev)
}

// Intent durably records, before a mutating request is applied, that it is
// about to be applied, under the EventID that Record will write afterwards
// (filled here when empty). When Intent fails the request must be refused.
// An intent without its event stays in the chain as evidence; Verify counts
// it and Lookup returns it (Found.Intent). Errors as for Record.
func (l *Log) Intent(ctx context.Context, ev *Event) error {
	return l.submit(ctx, KindIntent, ev)
}

func (l *Log) submit(ctx context.Context, kind Kind, ev *Event) error {
	if ev.EventID == "" {
		ev.EventID = uuid.NewString()
	}
	buf := payloads.Get().(*[]byte)
	payload, err := ev.AppendJSON((*buf)[:0])
	if err != nil {
		payloads.Put(buf)
		return arca.Internal(err)
	}
	p := &pending{kind: kind, id: ev.EventID, payload: payload, done: make(chan error, 1)}
	if kind == KindEvent {
		p.ev = ev
	}
	if l.immediate {
		err = l.appendNow(p)
	} else if err = l.wait(ctx, p); p.gone.Load() {
		return err // the writer may still read the payload: the collector takes it
	}
	if cap(payload) <= maxPooledPayload {
		*buf = payload[:0]
		payloads.Put(buf)
	}
	return err
}

// payloads recycles the buffers events are encoded into (~1.5 KB a
// request): a payload is garbage once its sink has copied it, which every
// Sink's Append does before it returns, and the writer is done with it once
// it has answered. Payloads hold redacted events only, never a value.
var payloads = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// maxPooledPayload bounds the buffers kept: a rare large event (a long
// policy document in its request) is left to the collector.
const maxPooledPayload = 16 << 10

// Immediate is implemented by sinks whose Append only copies into memory
// and never blocks (MemorySink, DiscardSink): the Log appends to them in
// the caller's goroutine, since handing records to the writer to share a
// flush would buy nothing and cost a goroutine switch per batch. Their
// Append gets no deadline and is not watched by Healthy, so a sink that can
// fail slowly or stall must not be Immediate (a wrapper that embeds
// *MemorySink to inject faults should embed the Sink interface instead).
type Immediate interface {
	Sink
	Immediate()
}

// appendNow appends p at once, in the caller's goroutine.
func (l *Log) appendNow(p *pending) error {
	select {
	case <-l.closing:
		return &arca.Error{Code: arca.EUnavailable, Message: "audit log: closed", Err: ErrClosed}
	default:
	}
	l.fmu.Lock()
	l.flush([]*pending{p}, false)
	l.fmu.Unlock()
	return <-p.done
}

// wait hands p to the writer and waits for it, at most Timeout.
func (l *Log) wait(ctx context.Context, p *pending) error {
	closed := &arca.Error{Code: arca.EUnavailable, Message: "audit log: closed", Err: ErrClosed}
	select {
	case <-l.closing:
		return closed
	default:
	}
	timer := time.NewTimer(l.cfg.Timeout)
	defer timer.Stop()
	select {
	case l.reqs <- p:
	case <-timer.C:
		p.gone.Store(true)
		return l.timeout()
	case <-ctx.Done():
		return &arca.Error{Code: arca.EUnavailable, Message: "audit log: request ended before its record was written", Err: ctx.Err()}
	case <-l.closing:
		return closed
	}
	select {
	case err := <-p.done:
		return err
	case <-l.stopped:
		// The writer answers what it takes before it stops; anything
		// still queued is not written.
		select {
		case err := <-p.done:
			return err
		default:
			return closed
		}
	case <-timer.C:
		p.gone.Store(true)
		return l.timeout()
	case <-ctx.Done():
		p.gone.Store(true)
		return &arca.Error{Code: arca.EUnavailable, Message: "audit log: request ended before its record was written", Err: ctx.Err()}
	}
}

func (l *Log) timeout() error {
	l.failures.Add(1)
	return arca.Errorf(arca.EUnavailable, "audit log: the record was not written within %s", l.cfg.Timeout)
}

// Checkpoint appends a signed checkpoint now if any record is not yet
// covered by one. Errors as for Record.
func (l *Log) Checkpoint(ctx context.Context) error {
	return l.wait(ctx, &pending{force: true, done: make(chan error, 1)})
}

// Healthy reports nil, or an arca.EUnavailable error saying why the log
// cannot write now: the last append failed, or an append has been pending
// longer than Timeout. While unhealthy it asks the writer to probe the
// sink (at most once a second), so that it recovers without traffic.
func (l *Log) Healthy() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.closing:
		return arca.Errorf(arca.EUnavailable, "audit log: closed")
	default:
	}
	if !l.busySince.IsZero() {
		if d := time.Since(l.busySince); d > l.cfg.Timeout {
			return arca.Errorf(arca.EUnavailable, "audit log: an append has been pending for %s (timeout %s)", d.Round(time.Millisecond), l.cfg.Timeout)
		}
	}
	if l.lastErr == nil {
		return nil
	}
	if l.busySince.IsZero() && time.Since(l.lastProbe) >= time.Second {
		l.lastProbe = time.Now()
		select {
		case l.reqs <- &pending{done: make(chan error, 1)}:
		default:
		}
	}
	return &arca.Error{Code: arca.EUnavailable, Message: "audit log: the last append failed", Err: l.lastErr}
}

// Stats counts the log's work since New.
type Stats struct {
	Appends  uint64 // sink appends (flushes) that succeeded
	Records  uint64 // records they carried
	Failures uint64 // records refused: sink errors and timeouts
}

// Stats returns the counters.
func (l *Log) Stats() Stats {
	return Stats{Appends: l.appends.Load(), Records: l.records.Load(), Failures: l.failures.Load()}
}

// Close writes a final checkpoint and closes the sink. Records submitted
// before Close are written first. When the sink is stalled it gives up
// after Timeout and leaves the sink open.
func (l *Log) Close() error {
	l.closeOnce.Do(func() {
		close(l.closing)
		<-l.maint
		select {
		case <-l.stopped:
		case <-time.After(2 * l.cfg.Timeout):
			l.closeErr = arca.Errorf(arca.EUnavailable, "audit log: the sink did not finish within %s; not closed", 2*l.cfg.Timeout)
			return
		}
		l.closeErr = l.sink.Close()
	})
	return l.closeErr
}
