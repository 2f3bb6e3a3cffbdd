package sayyes_test

// Backfill on the sandbox mailbox with the real advisor and mailer on an
// embedded NATS server (the harness): old open invitations are digested
// exactly once, however often the backfill runs and wherever it is
// interrupted; past ones, out-of-window ones and non-invitations never are.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/services/sayyes"
	"github.com/sayyes/sayyes/services/sayyes/demo"
)

const day = 24 * time.Hour

// oldInvitation is an invitation sent at sent that proposes the time at.
func oldInvitation(i int, sent, at time.Time) (raw []byte, messageID string) {
	messageID = fmt.Sprintf("old-inv-%d-%d@acme.example", i, time.Now().UnixNano())
	at = at.UTC().Truncate(time.Hour)
	s := fmt.Sprintf("From: Dana Whitfield <dana@acme.example>\r\n"+
		"To: %s\r\n"+
		"Subject: Interview invitation %d: Site Reliability Engineer at Acme\r\n"+
		"Date: %s\r\n"+
		"Message-ID: <%s>\r\n"+
		"MIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Hi Alex,\r\n\r\nThanks for applying for the Site Reliability Engineer position. We would like to invite you to a video interview "+
		"on %s. Here is the link: https://meet.google.com/abc-defg-hij\r\n\r\nPlease let us know your availability if that does not work.\r\n\r\nDana\r\nAcme Talent Team\r\n",
		demo.User, i, sent.Format(time.RFC1123Z), messageID, at.Format("Monday 2 January 2006 at 15:04 MST"))
	return []byte(s), messageID
}

func appendAt(t *testing.T, sb *sandbox.Sandbox, raw []byte, arrived time.Time) {
	t.Helper()
	if err := sb.AppendAt("INBOX", raw, arrived); err != nil {
		t.Fatal(err)
	}
}

// waitDone waits until the digest of every invitation (by Message-ID) is
// recorded as sent, so "already handled" is what a run will see.
func (h *harness) waitDone(ctx context.Context, msgIDs ...string) {
	h.t.Helper()
	token := event.AccountToken(h.cfg.Accounts[0].Name)
	for _, mid := range msgIDs {
		id := event.InvitationID(token, mid, "")
		for {
			done, err := h.node.Bus.IsDone(ctx, "digest."+id)
			if err != nil {
				h.t.Fatal(err)
			}
			if done {
				break
			}
			select {
			case <-ctx.Done():
				h.t.Fatalf("digest of %s never marked done", mid)
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
}

// exactlyOnce checks the digests received: one per wanted invitation, none
// for the others, and nothing else.
func exactlyOnce(t *testing.T, got []sandbox.Received, want, none []string) {
	t.Helper()
	by := digests(t, got)
	for _, id := range want {
		if n := len(by[id]); n != 1 {
			t.Errorf("%s: %d digests, want 1", id, n)
		}
	}
	for _, id := range none {
		if n := len(by[id]); n != 0 {
			t.Errorf("%s: %d digests, want none", id, n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d messages sent, want %d", len(got), len(want))
	}
}

// TestBackfillOpenInvitationsOnce: with the watcher, advisor and mailer
// running, a backfill of 90 days publishes the open invitations older than
// the watcher's look-back, skips the one the watcher already digested, the
// past one and everything outside the window; a second run publishes
// nothing.
func TestBackfillOpenInvitationsOnce(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	now := time.Now()
	future := now.Add(72 * time.Hour)

	recent, recentID := oldInvitation(1, now.Add(-2*day), future)
	appendAt(t, h.sb, recent, now.Add(-2*day))
	var open []string
	for i, age := range []time.Duration{10 * day, 30 * day, 80 * day} {
		raw, id := oldInvitation(10+i, now.Add(-age), future)
		appendAt(t, h.sb, raw, now.Add(-age))
		open = append(open, id)
	}
	past, pastID := oldInvitation(20, now.Add(-40*day), now.Add(-37*day))
	appendAt(t, h.sb, past, now.Add(-40*day))
	outside, outsideID := oldInvitation(30, now.Add(-120*day), future)
	appendAt(t, h.sb, outside, now.Add(-120*day))
	for i, age := range []time.Duration{5 * day, 50 * day} {
		raw, _ := nonInvitation(40 + i)
		appendAt(t, h.sb, raw, now.Add(-age))
	}

	// The watcher's first start looks back 7 days: it digests "recent".
	h.startAll()
	if _, err := h.sb.WaitReceived(ctx, 1); err != nil {
		t.Fatal(err)
	}
	h.waitDone(ctx, recentID)

	var found []sayyes.Found
	st, err := sayyes.Backfill(ctx, h.node.Bus, h.cfg.Accounts, sayyes.BackfillOptions{
		Since: 90 * day, BatchSize: 3,
		Found: func(f sayyes.Found) { found = append(found, f) },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first run: %+v", st)
	// In the window: recent, 3 open, past, 2 others and the digest of recent.
	want := sayyes.BackfillStats{Since: st.Since, Mailboxes: 1, Total: 8, Scanned: 8, Skipped: 1, Invitations: 5, Past: 1, Handled: 1, Published: 3}
	if st != want {
		t.Errorf("stats\n got %+v\nwant %+v", st, want)
	}
	if len(found) != 5 {
		t.Errorf("%d invitations reported, want 5", len(found))
	}
	for _, f := range found {
		if f.Invitation.Message.MessageID == pastID && f.Outcome != sayyes.FoundPast {
			t.Errorf("the past invitation: %s", f.Outcome)
		}
	}
	if _, err := h.sb.WaitReceived(ctx, 4); err != nil {
		t.Fatal(err)
	}
	h.waitDone(ctx, open...)

	st2, err := sayyes.Backfill(ctx, h.node.Bus, h.cfg.Accounts, sayyes.BackfillOptions{Since: 90 * day})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second run: %+v", st2)
	if st2.Published != 0 || st2.Queued != 0 || st2.Handled != 4 || st2.Past != 1 || st2.Resumed != 0 {
		t.Errorf("second run: %+v; want nothing published, 4 already handled", st2)
	}
	time.Sleep(time.Second) // anything wrongly published would show up by now
	exactlyOnce(t, h.sb.Received(), append([]string{recentID}, open...), []string{pastID, outsideID})
}

// TestBackfillResumesAfterInterruption: a run cancelled after k messages
// leaves a cursor; the next run starts after it, and every invitation ends
// up digested exactly once.
func TestBackfillResumesAfterInterruption(t *testing.T) {
	// Digests go elsewhere, so they do not land in the INBOX being counted.
	h := newHarnessWith(t, func(c *config.Config) { c.Accounts[0].DigestTo = "notes@sandbox.localhost" }, nil)
	h.start("advisor")
	h.start("mailer")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	now := time.Now()
	var open []string
	for i := range 8 {
		age := time.Duration(3+10*i) * day
		raw, id := oldInvitation(i, now.Add(-age), now.Add(48*time.Hour))
		appendAt(t, h.sb, raw, now.Add(-age))
		open = append(open, id)
		if i%2 == 0 {
			raw, _ := nonInvitation(i)
			appendAt(t, h.sb, raw, now.Add(-age))
		}
	}
	const total, k = 12, 6

	runCtx, stop := context.WithCancel(ctx)
	var seen []sayyes.BackfillProgress
	st1, err := sayyes.Backfill(runCtx, h.node.Bus, h.cfg.Accounts, sayyes.BackfillOptions{
		Since: 90 * day, BatchSize: 5,
		Progress: func(p sayyes.BackfillProgress) {
			if seen = append(seen, p); p.Done == k {
				stop()
			}
		},
	})
	stop()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err = %v, want context.Canceled", err)
	}
	t.Logf("interrupted run: %+v", st1)
	if st1.Scanned != k || st1.Total != total || len(seen) != k || seen[k-1].Total != total {
		t.Fatalf("interrupted run scanned %d of %d (progress %d), want %d of %d", st1.Scanned, st1.Total, len(seen), k, total)
	}

	var first int
	st2, err := sayyes.Backfill(ctx, h.node.Bus, h.cfg.Accounts, sayyes.BackfillOptions{
		Since: 90 * day, BatchSize: 5,
		Progress: func(p sayyes.BackfillProgress) {
			if first == 0 {
				first = p.Done
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("resumed run: %+v", st2)
	if st2.Resumed != k || st2.Scanned != total-k || first != k+1 {
		t.Errorf("resumed run: resumed %d, scanned %d, first progress %d; want %d, %d, %d", st2.Resumed, st2.Scanned, first, k, total-k, k+1)
	}
	if n := st1.Published + st2.Published; n != len(open) || st2.Queued != 0 {
		t.Errorf("published %d+%d (queued again %d), want %d in all", st1.Published, st2.Published, st2.Queued, len(open))
	}
	if _, err := h.sb.WaitReceived(ctx, len(open)); err != nil {
		t.Fatal(err)
	}
	h.waitDone(ctx, open...)

	// Complete: a third run rescans the window and finds it all handled.
	st3, err := sayyes.Backfill(ctx, h.node.Bus, h.cfg.Accounts, sayyes.BackfillOptions{Since: 90 * day})
	if err != nil {
		t.Fatal(err)
	}
	if st3.Resumed != 0 || st3.Published != 0 || st3.Handled != len(open) {
		t.Errorf("third run: %+v; want a full rescan with everything already handled", st3)
	}
	time.Sleep(time.Second)
	exactlyOnce(t, h.sb.Received(), open, nil)
}

// TestBackfillRestartsWhenMailboxRenumbered: a cursor is only good for the
// UIDVALIDITY it was taken under; after the folder was recreated the next
// run starts from the oldest message, and JetStream drops what the first
// run had already published.
func TestBackfillRestartsWhenMailboxRenumbered(t *testing.T) {
	h := newHarness(t) // no services: nothing is digested
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	now := time.Now()
	type mail struct {
		raw []byte
		at  time.Time
	}
	var mails []mail
	for i := range 4 {
		at := now.Add(-time.Duration(10+i) * day)
		raw, _ := oldInvitation(i, at, now.Add(48*time.Hour))
		mails = append(mails, mail{raw, at})
		appendAt(t, h.sb, raw, at)
	}
	runCtx, stop := context.WithCancel(ctx)
	st1, err := sayyes.Backfill(runCtx, h.node.Bus, h.cfg.Accounts, sayyes.BackfillOptions{
		Since: 30 * day,
		Progress: func(p sayyes.BackfillProgress) {
			if p.Done == 2 {
				stop()
			}
		},
	})
	stop()
	if !errors.Is(err, context.Canceled) || st1.Published != 2 {
		t.Fatalf("first run: %v, %+v", err, st1)
	}
	if err := h.sb.RecreateInbox(); err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		appendAt(t, h.sb, m.raw, m.at)
	}
	st2, err := sayyes.Backfill(ctx, h.node.Bus, h.cfg.Accounts, sayyes.BackfillOptions{Since: 30 * day})
	if err != nil {
		t.Fatal(err)
	}
	if st2.Resumed != 0 || st2.Scanned != 4 || st2.Queued != 2 || st2.Published != 2 {
		t.Errorf("after renumbering: %+v; want a full scan, 2 already queued, 2 published", st2)
	}
}

// TestBackfillDeadLettersUnreadable: a message the detector cannot take,
// or whose event is too big for the bus, is dead-lettered with its reason
// and the scan goes on.
func TestBackfillDeadLettersUnreadable(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	now := time.Now()
	bad := []byte("\r\nno header at all, only a body\r\n")
	appendAt(t, h.sb, bad, now.Add(-3*day))
	// JSON escapes each of <&> six-fold: 200 KB of subject make an event
	// over the bus's 1 MB limit.
	huge, _ := oldInvitation(2, now.Add(-2*day), now.Add(48*time.Hour))
	huge = bytes.Replace(huge, []byte("Subject: "), []byte("Subject: "+strings.Repeat("<&>", 70000)+" "), 1)
	appendAt(t, h.sb, huge, now.Add(-2*day))
	raw, _ := oldInvitation(1, now.Add(-2*day), now.Add(48*time.Hour))
	appendAt(t, h.sb, raw, now.Add(-2*day))
	st, err := sayyes.Backfill(ctx, h.node.Bus, h.cfg.Accounts, sayyes.BackfillOptions{Since: 30 * day})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	if st.Scanned != 3 || st.Published != 1 || st.DeadLettered != 2 {
		t.Errorf("%+v; want all scanned, two dead-lettered, the invitation published", st)
	}
	dls, err := h.node.Bus.DeadLetters(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(dls) != 2 {
		t.Fatalf("dead letters: %+v", dls)
	}
	for _, dl := range dls {
		if dl.Stage != "backfill" || dl.Reason == "" || dl.Source == nil {
			t.Errorf("dead letter: %+v", dl)
		}
	}
	if !strings.Contains(dls[1].Reason, "larger than the bus accepts") {
		t.Errorf("reason: %s", dls[1].Reason)
	}
}
