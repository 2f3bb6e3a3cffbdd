package bus_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/bus"
)

func TestBeginWithKeepsTheFirstPlan(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	if _, ok, err := b.ReadMarker(ctx, "batch.x"); ok || err != nil {
		t.Fatalf("marker before any claim: %v %v", ok, err)
	}
	m, err := b.BeginWith(ctx, "batch.x", `["a","b"]`)
	if err != nil || m.State != bus.OnceFresh || m.Note != `["a","b"]` {
		t.Fatalf("first claim = %+v, %v", m, err)
	}
	m, err = b.BeginWith(ctx, "batch.x", `["a","b","c"]`)
	if err != nil || m.State != bus.OncePending || m.Note != `["a","b"]` || time.Since(m.At) > time.Minute {
		t.Fatalf("second claim = %+v, %v; want the first plan, pending", m, err)
	}
	if err := b.Done(ctx, "batch.x", "msgid"); err != nil {
		t.Fatal(err)
	}
	m, ok, err := b.ReadMarker(ctx, "batch.x")
	if err != nil || !ok || m.State != bus.OnceDone || m.Note != "msgid" {
		t.Fatalf("after Done = %+v, %v, %v", m, ok, err)
	}
}

func TestReplay(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	for i := range 300 {
		subj := "sayyes.invitation.advised.me"
		if i%3 == 0 {
			subj = "sayyes.invitation.advised.other"
		}
		if err := b.Publish(ctx, subj, fmt.Sprintf("m%d", i), map[string]int{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	if err := b.Replay(ctx, "sayyes.invitation.advised.me", func([]byte) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 200 {
		t.Errorf("replayed %d messages, want 200", n)
	}
	if err := b.Replay(ctx, "sayyes.invitation.advised.nobody", func([]byte) error { t.Error("called"); return nil }); err != nil {
		t.Errorf("empty replay: %v", err)
	}
}

func TestWatchStatus(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	key := bus.WatchKey("me", "INBOX")
	if key == bus.WatchKey("me", "Archive") || key == bus.WatchKey("mine", "INBOX") {
		t.Error("watch keys collide")
	}
	if _, ok, err := b.LoadWatchStatus(ctx, key); ok || err != nil {
		t.Fatalf("status before any: %v %v", ok, err)
	}
	last := time.Date(2026, 3, 2, 9, 58, 0, 0, time.UTC)
	if err := b.SaveWatchStatus(ctx, key, bus.WatchStatus{Connected: true, LastCheck: last}); err != nil {
		t.Fatal(err)
	}
	st, ok, err := b.LoadWatchStatus(ctx, key)
	if err != nil || !ok || !st.Connected || !st.LastCheck.Equal(last) || st.UpdatedAt.IsZero() {
		t.Errorf("status = %+v, %v, %v", st, ok, err)
	}
}
