// Package telemetry holds the Prometheus metrics the services export and
// the small HTTP server that serves them with /healthz and /readyz. Each
// process builds one Metrics on its own registry (no global registry), so
// tests and the all-in-one process can run several side by side. All
// methods are safe on a nil *Metrics, so a service without telemetry needs
// no special cases.
package telemetry

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the counters and histograms of one process. Labels never
// carry message content or addresses: only the account token and fixed
// values.
type Metrics struct {
	Registry *prometheus.Registry

	detected     *prometheus.CounterVec
	digests      *prometheus.CounterVec
	drafts       *prometheus.CounterVec
	sends        *prometheus.CounterVec
	deadLetters  *prometheus.CounterVec
	reconnects   *prometheus.CounterVec
	idleRestarts *prometheus.CounterVec
	latency      prometheus.Histogram
}

// New registers the metrics on a fresh registry.
func New() *Metrics {
	r := prometheus.NewRegistry()
	r.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	f := func(name, help string, labels ...string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "sayyes", Name: name, Help: help}, labels)
		r.MustRegister(c)
		return c
	}
	m := &Metrics{
		Registry:     r,
		detected:     f("invitations_detected_total", "Interview invitations the watcher published.", "account", "kind"),
		digests:      f("digests_sent_total", "Digests sent to users.", "account", "recommendation"),
		drafts:       f("drafts_written_total", "Reply drafts appended to Drafts folders.", "account", "kind"),
		sends:        f("replies_sent_total", "Replies sent to recruiters on the user's request, by outcome.", "account", "kind", "outcome"),
		deadLetters:  f("dead_letters_total", "Messages and events given up on, with the reason kept in the dead-letter stream.", "stage"),
		reconnects:   f("imap_reconnects_total", "IMAP sessions that ended and were re-established.", "account"),
		idleRestarts: f("idle_restarts_total", "IDLE commands ended for a keepalive cycle or new mail.", "account"),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: "sayyes", Name: "end_to_end_latency_seconds",
			Help:    "From the invitation's detection by the watcher to its digest accepted by the SMTP server.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300},
		}),
	}
	r.MustRegister(m.latency)
	return m
}

// Detected counts a published invitation.
func (m *Metrics) Detected(account, kind string) {
	if m != nil {
		m.detected.WithLabelValues(account, kind).Inc()
	}
}

// DigestSent counts a digest and observes the time since detection.
func (m *Metrics) DigestSent(account, rec string, detectedAt time.Time) {
	if m == nil {
		return
	}
	m.digests.WithLabelValues(account, rec).Inc()
	if !detectedAt.IsZero() {
		m.latency.Observe(time.Since(detectedAt).Seconds())
	}
}

// DraftWritten counts a draft placed in Drafts.
func (m *Metrics) DraftWritten(account, kind string) {
	if m != nil {
		m.drafts.WithLabelValues(account, kind).Inc()
	}
}

// ReplySent counts a reply request's outcome: sent, refused, failed.
func (m *Metrics) ReplySent(account, kind, outcome string) {
	if m != nil {
		m.sends.WithLabelValues(account, kind, outcome).Inc()
	}
}

// DeadLetter counts a dead-lettered item.
func (m *Metrics) DeadLetter(stage string) {
	if m != nil {
		m.deadLetters.WithLabelValues(stage).Inc()
	}
}

// Reconnect counts an IMAP session restart.
func (m *Metrics) Reconnect(account string) {
	if m != nil {
		m.reconnects.WithLabelValues(account).Inc()
	}
}

// IdleRestart counts an IDLE cycle.
func (m *Metrics) IdleRestart(account string) {
	if m != nil {
		m.idleRestarts.WithLabelValues(account).Inc()
	}
}

// Serve runs the HTTP endpoints on addr until ctx is done: /metrics,
// /healthz (the process answers) and /readyz (ready() returns nil, e.g.
// NATS connected and JetStream answering). It returns the bound address
// through bound, which is useful with port 0.
func Serve(ctx context.Context, addr string, m *Metrics, ready func(context.Context) error, log *slog.Logger, bound chan<- string) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := ready(ctx); err != nil {
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if bound != nil {
		bound <- ln.Addr().String()
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	log.Info("serving metrics and health", "addr", ln.Addr().String())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
