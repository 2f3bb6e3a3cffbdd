package bus_test

import (
	"context"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/bus"
)

func TestThreadIndex(t *testing.T) {
	b := newBus(t)
	ctx := context.Background()
	if _, ok, err := b.LookupThread(ctx, "acct", []string{"a@x", "b@x"}); ok || err != nil {
		t.Fatalf("empty index: ok=%v err=%v", ok, err)
	}
	root := bus.ThreadEntry{InvitationID: "inv1", EventID: "inv1", Kind: "invitation", Times: []time.Time{time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)}}
	if err := b.IndexThread(ctx, "acct", "<root@acme.example>", root); err != nil {
		t.Fatal(err)
	}
	// Angle brackets or not, the same Message-ID.
	got, ok, err := b.LookupThread(ctx, "acct", []string{"unknown@x", "root@acme.example"})
	if err != nil || !ok {
		t.Fatalf("lookup: ok=%v err=%v", ok, err)
	}
	if got.InvitationID != "inv1" || len(got.Times) != 1 || !got.Times[0].Equal(root.Times[0]) || got.At.IsZero() {
		t.Errorf("got %+v", got)
	}
	// Another account does not see it.
	if _, ok, _ := b.LookupThread(ctx, "other", []string{"root@acme.example"}); ok {
		t.Error("thread visible from another account")
	}
	// The nearest known ancestor wins.
	upd := bus.ThreadEntry{InvitationID: "inv1", EventID: "ev2", Revision: 1, Kind: "reschedule"}
	if err := b.IndexThread(ctx, "acct", "reply@acme.example", upd); err != nil {
		t.Fatal(err)
	}
	got, ok, _ = b.LookupThread(ctx, "acct", []string{"reply@acme.example", "root@acme.example"})
	if !ok || got.EventID != "ev2" || got.Revision != 1 {
		t.Errorf("nearest ancestor: got %+v", got)
	}
}
