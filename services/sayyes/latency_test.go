package sayyes_test

import (
	"context"
	"slices"
	"testing"
	"time"
)

// BenchmarkPipelineLatency measures arrival in INBOX → digest accepted by
// the SMTP server, one invitation at a time, through all three services on
// embedded NATS and the in-process sandbox servers. It reports p50 and p99
// over b.N invitations; run with -benchtime=200x for a stable figure:
//
//	go test -run '^$' -bench PipelineLatency -benchtime=200x ./services/sayyes/
func BenchmarkPipelineLatency(b *testing.B) {
	h := newHarness(b)
	h.startAll()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	// Warm up: the first invitation also creates consumers and folders.
	raw, _ := invitation(-1)
	if err := h.sb.Deliver(raw); err != nil {
		b.Fatal(err)
	}
	if _, err := h.sb.WaitReceived(ctx, 1); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		raw, _ := invitation(i)
		start := time.Now()
		if err := h.sb.Deliver(raw); err != nil {
			b.Fatal(err)
		}
		got, err := h.sb.WaitReceived(ctx, i+2)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, got[len(got)-1].At.Sub(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(lat)), "invitations")
}
