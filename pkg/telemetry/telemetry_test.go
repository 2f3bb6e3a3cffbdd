package telemetry

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestEndpoints(t *testing.T) {
	m := New()
	m.Detected("personal", "invitation")
	m.DigestSent("personal", "accept", time.Now().Add(-40*time.Millisecond))
	m.DraftWritten("personal", "accept")
	m.ReplySent("personal", "accept", "sent")
	m.DeadLetter("watcher")
	m.Reconnect("personal")
	m.IdleRestart("personal")
	var nilMetrics *Metrics
	nilMetrics.Detected("x", "y") // must not panic

	ready := errors.New("NATS is not connected")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	bound := make(chan string, 1)
	go Serve(ctx, "127.0.0.1:0", m, func(context.Context) error { return ready }, slog.New(slog.DiscardHandler), bound)
	base := "http://" + <-bound

	code, body := get(t, base+"/metrics")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`sayyes_invitations_detected_total{account="personal",kind="invitation"} 1`,
		`sayyes_digests_sent_total{account="personal",recommendation="accept"} 1`,
		`sayyes_drafts_written_total{account="personal",kind="accept"} 1`,
		`sayyes_replies_sent_total{account="personal",kind="accept",outcome="sent"} 1`,
		`sayyes_dead_letters_total{stage="watcher"} 1`,
		`sayyes_imap_reconnects_total{account="personal"} 1`,
		`sayyes_idle_restarts_total{account="personal"} 1`,
		`sayyes_end_to_end_latency_seconds_bucket{le="0.05"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz: %d", code)
	}
	if code, body := get(t, base+"/readyz"); code != 503 || !strings.Contains(body, "NATS is not connected") {
		t.Errorf("/readyz while not ready: %d %q", code, body)
	}
	ready = nil
	if code, _ := get(t, base+"/readyz"); code != 200 {
		t.Errorf("/readyz when ready: %d", code)
	}
}
