package rotation

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the runner's Prometheus metrics, by function name.
type Metrics struct {
	started, succeeded, failed *prometheus.CounterVec
	duration                   *prometheus.HistogramVec
}

// NewMetrics returns the rotation metrics, registered on reg (nil: not
// registered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	counter := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{"function"})
	}
	m := &Metrics{
		started:   counter("arca_rotations_started_total", "Rotation attempts started (a retry counts again)."),
		succeeded: counter("arca_rotations_succeeded_total", "Rotations that finished: AWSCURRENT moved to the new version."),
		failed:    counter("arca_rotations_failed_total", "Rotation attempts that failed at a step (retried with backoff)."),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "arca_rotation_duration_seconds", Help: "Duration of rotation attempts, by function.",
			Buckets: []float64{.01, .05, .25, 1, 5, 15, 60, 300},
		}, []string{"function"}),
	}
	if reg != nil {
		reg.MustRegister(m.started, m.succeeded, m.failed, m.duration)
	}
	return m
}

func (m *Metrics) start(fn string) {
	if m != nil {
		m.started.WithLabelValues(fn).Inc()
	}
}

func (m *Metrics) end(fn string, ok bool, d time.Duration) {
	if m == nil {
		return
	}
	if ok {
		m.succeeded.WithLabelValues(fn).Inc()
	} else {
		m.failed.WithLabelValues(fn).Inc()
	}
	m.duration.WithLabelValues(fn).Observe(d.Seconds())
}
