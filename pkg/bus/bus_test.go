package bus_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/natsembed"
)

// newBus starts an embedded JetStream server in a temp dir and returns a
// set-up bus on it.
func newBus(t *testing.T) *bus.Bus {
	t.Helper()
	ctx := context.Background()
	srv, err := natsembed.Start(ctx, natsembed.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	log := slog.New(slog.DiscardHandler)
	nc, err := srv.Connect("test", log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	b, err := bus.New(nc, log, bus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	// Setup is idempotent: every service calls it at start.
	if err := b.Setup(ctx); err != nil {
		t.Fatalf("second Setup: %v", err)
	}
	return b
}

func TestOnceMarker(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	st, err := b.Begin(ctx, "digest.abc")
	if err != nil || st != bus.OnceFresh {
		t.Fatalf("first Begin = %v, %v; want fresh", st, err)
	}
	st, err = b.Begin(ctx, "digest.abc")
	if err != nil || st != bus.OncePending {
		t.Fatalf("second Begin before Done = %v, %v; want pending", st, err)
	}
	if err := b.Done(ctx, "digest.abc", "note"); err != nil {
		t.Fatal(err)
	}
	st, err = b.Begin(ctx, "digest.abc")
	if err != nil || st != bus.OnceDone {
		t.Fatalf("Begin after Done = %v, %v; want done", st, err)
	}
	if done, _ := b.IsDone(ctx, "digest.other"); done {
		t.Fatal("unrelated key reported done")
	}
}

func TestCheckpointRoundTrip(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	if _, ok, err := b.LoadCheckpoint(ctx, "acct.mbox"); ok || err != nil {
		t.Fatalf("empty checkpoint: ok=%v err=%v", ok, err)
	}
	if err := b.SaveCheckpoint(ctx, "acct.mbox", bus.Checkpoint{UIDValidity: 7, LastUID: 42}); err != nil {
		t.Fatal(err)
	}
	cp, ok, err := b.LoadCheckpoint(ctx, "acct.mbox")
	if err != nil || !ok || cp.UIDValidity != 7 || cp.LastUID != 42 {
		t.Fatalf("got %+v ok=%v err=%v", cp, ok, err)
	}
}

// TestConsumeOutcomes checks the mapping of handler results: success acks
// once; a transient error is retried; a permanent error and a panic are
// dead-lettered with their reason and never retried; a handler that keeps
// failing is dead-lettered after MaxDeliver.
func TestConsumeOutcomes(t *testing.T) {
	b := newBus(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var calls = map[string]*atomic.Int32{"ok": {}, "flaky": {}, "perm": {}, "panic": {}, "always": {}}
	handler := func(_ context.Context, d bus.Delivery) error {
		var v struct{ Case string }
		if err := json.Unmarshal(d.Data, &v); err != nil {
			return bus.Permanent(err)
		}
		n := calls[v.Case].Add(1)
		switch v.Case {
		case "flaky":
			if n < 3 {
				return errors.New("temporary trouble")
			}
		case "perm":
			return bus.Permanent(errors.New("550 mailbox unknown"))
		case "panic":
			panic("boom")
		case "always":
			return errors.New("still down")
		}
		return nil
	}
	done := make(chan error, 1)
	go func() {
		done <- b.Consume(ctx, bus.Consumer{Name: "t", Filter: "sayyes.invitation.detected.>", Stage: "test",
			MaxDeliver: 4, RetryBase: 20 * time.Millisecond, RetryMax: 50 * time.Millisecond}, handler)
	}()
	for _, c := range []string{"ok", "flaky", "perm", "panic", "always"} {
		if err := b.Publish(ctx, event.Subject(event.SubjectDetected, "acct"), "id-"+c, map[string]string{"Case": c}); err != nil {
			t.Fatal(err)
		}
	}
	// A duplicate Nats-Msg-Id inside the window is dropped by JetStream.
	if err := b.Publish(ctx, event.Subject(event.SubjectDetected, "acct"), "id-ok", map[string]string{"Case": "ok"}); err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(10 * time.Second)
	var dls []event.DeadLetter
	for time.Now().Before(deadline) {
		var err error
		dls, err = b.DeadLetters(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(dls) >= 3 && calls["flaky"].Load() >= 3 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := map[string]int32{"ok": 1, "flaky": 3, "perm": 1, "panic": 1, "always": 4}
	for c, n := range want {
		if got := calls[c].Load(); got != n {
			t.Errorf("%s handled %d times, want %d", c, got, n)
		}
	}
	reasons := map[string]bool{}
	for _, dl := range dls {
		if dl.Stage != "test" || dl.Account != "acct" || len(dl.Payload) == 0 {
			t.Errorf("dead letter lacks stage/account/payload: %+v", dl)
		}
		reasons[dl.Reason] = true
	}
	if len(dls) != 3 {
		t.Fatalf("got %d dead letters, want 3: %v", len(dls), reasons)
	}
	for _, want := range []string{"550 mailbox unknown", "handler panicked: boom", "gave up after 4 attempts: still down"} {
		if !reasons[want] {
			t.Errorf("no dead letter with reason %q; have %v", want, reasons)
		}
	}
}

func TestBackoffBoundsAndJitter(t *testing.T) {
	base, max := 100*time.Millisecond, 2*time.Second
	for attempt := 1; attempt <= 12; attempt++ {
		seen := map[time.Duration]bool{}
		for range 50 {
			d := bus.Backoff(attempt, base, max)
			if d < base/2 || d > max {
				t.Fatalf("attempt %d: delay %v outside [%v, %v]", attempt, d, base/2, max)
			}
			seen[d] = true
		}
		if len(seen) < 5 {
			t.Errorf("attempt %d: only %d distinct delays; jitter missing", attempt, len(seen))
		}
	}
	if d := bus.Backoff(30, base, max); d < max/2 {
		t.Errorf("late attempts should approach the cap, got %v", d)
	}
}

// A handler slower than AckWait is not redelivered while it still works:
// the consume loop reports progress.
func TestSlowHandlerNotRedelivered(t *testing.T) {
	b := newBus(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls atomic.Int32
	done := make(chan struct{}, 1)
	go b.Consume(ctx, bus.Consumer{Name: "slow", Filter: "sayyes.invitation.detected.>", Stage: "test", AckWait: time.Second}, func(context.Context, bus.Delivery) error {
		calls.Add(1)
		time.Sleep(2500 * time.Millisecond)
		done <- struct{}{}
		return nil
	})
	if err := b.Publish(ctx, event.Subject(event.SubjectDetected, "acct"), "slow-1", map[string]string{"x": "y"}); err != nil {
		t.Fatal(err)
	}
	<-done
	time.Sleep(1500 * time.Millisecond) // a redelivery would have started by now
	if n := calls.Load(); n != 1 {
		t.Fatalf("handler ran %d times, want 1", n)
	}
}
