package server

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec

	auditEvents   *prometheus.CounterVec // by result: ok (allowed, succeeded) or error
	auditOK       prometheus.Counter     // auditEvents' two children, resolved once: every request counts one
	auditError    prometheus.Counter
	auditFailures prometheus.Counter     // records or intents the log refused
	alerts        *prometheus.CounterVec // by rule
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "arca_requests_total", Help: "API requests by dialect, operation and outcome code.",
		}, []string{"dialect", "operation", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "arca_request_duration_seconds", Help: "API request latency by dialect.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}, []string{"dialect"}),
	}
	m.auditEvents = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "arca_audit_events_total", Help: "Audit events recorded, by result (ok, error).",
	}, []string{"result"})
	m.auditOK, m.auditError = m.auditEvents.WithLabelValues("ok"), m.auditEvents.WithLabelValues("error")
	m.auditFailures = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "arca_audit_failures_total", Help: "Audit records the log could not write; each refused its request.",
	})
	m.alerts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "arca_alerts_total", Help: "Alerts raised, by rule.",
	}, []string{"rule"})
	m.registry.MustRegister(m.auditEvents, m.auditFailures, m.alerts, m.requests, m.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
