package mailer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/digest"
	"github.com/sayyes/sayyes/pkg/draft"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// day0 is the first day of the tests: midnight UTC (the test profile's
// zone) of today, so the markers' real timestamps stay near the clock the
// tests pass in.
var day0 = time.Now().UTC().Truncate(24 * time.Hour)

func at(day int, hour, minute int) time.Time {
	return day0.AddDate(0, 0, day).Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
}

// advise publishes an advised invitation, as the advisor would, and hands
// it to the mailer, as the consumer would.
func (e *env) advise(t *testing.T, id, company string, advisedAt time.Time) event.InvitationAdvised {
	t.Helper()
	adv := event.InvitationAdvised{
		V: 1, ID: id, Account: "me", AdvisedAt: advisedAt, Recommendation: event.RecommendAccept,
		Reasons:  []string{"Say yes."},
		Guidance: []event.Guidance{{ID: "practice", Stance: "reason", Title: "Practice", Text: "Real interviews teach most.", Sources: []string{"seed:000#reason-1"}}},
		Drafts:   []event.Draft{{Kind: "accept", To: []event.Address{{Address: "hr@" + strings.ToLower(company) + ".example"}}, Subject: "Re: Interview", InReplyTo: id + "@x", Body: "Yes, gladly.\n"}},
		Invitation: event.InvitationDetected{
			V: 1, ID: id, Account: "me", DetectedAt: advisedAt.Add(-time.Second), Source: event.Source{Mailbox: "INBOX"},
			Message:   event.Message{MessageID: id + "@x", Subject: "Interview at " + company, From: event.Address{Address: "hr@" + strings.ToLower(company) + ".example"}},
			Detection: event.Detection{IsInvitation: true, Company: company},
		},
	}
	ctx := context.Background()
	if err := e.bus.Publish(ctx, event.Subject(event.SubjectAdvised, "me"), "adv:"+id, adv); err != nil {
		t.Fatal(err)
	}
	e.handle(t, adv)
	return adv
}

func (e *env) handle(t *testing.T, adv event.InvitationAdvised) {
	t.Helper()
	data, _ := json.Marshal(adv)
	if err := e.m.Handle(context.Background(), bus.Delivery{Subject: event.Subject(event.SubjectAdvised, "me"), Data: data, Attempt: 1}); err != nil {
		t.Fatal(err)
	}
}

// digests returns the digests the user received, parsed.
func (e *env) digests(t *testing.T) []*mailmsg.Message {
	t.Helper()
	var out []*mailmsg.Message
	for _, r := range e.sb.Received() {
		m, err := mailmsg.Parse(r.Data, mailmsg.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(m.Subject, "[Sayyes]") {
			out = append(out, m)
		}
	}
	return out
}

func daily(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.m.DailyDigest(config.Digest{Mode: config.DigestDaily, At: "08:00"})
	return e
}

func TestDailyDigest(t *testing.T) {
	e := daily(t)
	ctx := context.Background()
	// The watcher reported in: the health line says so.
	if err := e.bus.SaveWatchStatus(ctx, bus.WatchKey("me", "INBOX"), bus.WatchStatus{Connected: true, LastCheck: at(0, 7, 59)}); err != nil {
		t.Fatal(err)
	}
	e.advise(t, "inv-a", "Acme", at(0, 6, 0))
	e.advise(t, "inv-b", "Globex", at(0, 7, 30))
	if n := len(e.digests(t)); n != 0 {
		t.Fatalf("%d digests before the digest time, want none", n)
	}
	drafts, err := e.sb.Status("Drafts")
	if err != nil || drafts != 2 {
		t.Fatalf("%d drafts placed (%v), want 2 right away", drafts, err)
	}
	// Before 08:00 the due digest is yesterday's, and nothing was advised
	// before it: skipped.
	if err := e.m.SendDueBatches(ctx, at(0, 7, 45)); err != nil {
		t.Fatal(err)
	}
	if n := len(e.digests(t)); n != 0 {
		t.Fatalf("%d digests at 07:45, want none", n)
	}
	// At 08:00 one digest with both.
	for range 3 {
		if err := e.m.SendDueBatches(ctx, at(0, 8, 1)); err != nil {
			t.Fatal(err)
		}
	}
	got := e.digests(t)
	if len(got) != 1 {
		t.Fatalf("%d digests after 08:00, want exactly 1", len(got))
	}
	d := got[0]
	if d.Subject != "[Sayyes] 2 invitations: 2 yes" || d.Header.Get(digest.HeaderDigest) != "daily" {
		t.Errorf("subject %q, header %q", d.Subject, d.Header.Get(digest.HeaderDigest))
	}
	for _, want := range []string{"Acme", "Globex", "Yes, gladly.", "Watcher connected to INBOX (me); last check"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("daily digest lacks %q:\n%s", want, d.Text)
		}
	}
	if want := draft.MessageID("daily", "me."+at(0, 0, 0).Format(time.DateOnly), user); d.MessageID != want {
		t.Errorf("Message-ID %q, want %q", d.MessageID, want)
	}
	// A redelivered advice is not digested again, nor drafted again.
	e.handle(t, event.InvitationAdvised{V: 1, ID: "inv-a", Account: "me"})
	// One more invitation after the digest time: tomorrow's digest.
	e.advise(t, "inv-c", "Initech", at(0, 9, 0))
	if err := e.m.SendDueBatches(ctx, at(0, 20, 0)); err != nil {
		t.Fatal(err)
	}
	if n := len(e.digests(t)); n != 1 {
		t.Fatalf("%d digests the same evening, want still 1", n)
	}
	if err := e.m.SendDueBatches(ctx, at(1, 8, 0)); err != nil {
		t.Fatal(err)
	}
	got = e.digests(t)
	if len(got) != 2 || !strings.Contains(got[1].Text, "Initech") || strings.Contains(got[1].Text, "Acme") {
		t.Fatalf("second day: %d digests; last:\n%s", len(got), got[len(got)-1].Text)
	}
	// A day without invitations: no digest.
	if err := e.m.SendDueBatches(ctx, at(2, 8, 0)); err != nil {
		t.Fatal(err)
	}
	if n := len(e.digests(t)); n != 2 {
		t.Fatalf("%d digests after an empty day, want 2", n)
	}
	if drafts, _ := e.sb.Status("Drafts"); drafts != 3 {
		t.Errorf("%d drafts, want 3 (one per invitation, never twice)", drafts)
	}
}

// dueAt is the daily digest time (08:00 UTC in these tests) at or before t.
func dueAt(t time.Time) time.Time {
	d := t.UTC().Truncate(24 * time.Hour).Add(8 * time.Hour)
	if d.After(t) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// A crash after the daily digest went out but before the markers were
// written: the retry finds it in the INBOX and sends nothing.
func TestDailyDigestCrashAfterSend(t *testing.T) {
	e := daily(t)
	ctx := context.Background()
	now := time.Now().Add(time.Minute)
	due := dueAt(now)
	e.advise(t, "inv-d", "Acme", due.Add(-2*time.Hour))
	key := "batch.me." + due.Format(time.DateOnly)
	if _, err := e.bus.BeginWith(ctx, key, `["inv-d"]`); err != nil {
		t.Fatal(err)
	}
	id := draft.MessageID("daily", strings.TrimPrefix(key, "batch."), user)
	if err := e.sb.Deliver([]byte(fmt.Sprintf("From: Sayyes <%s>\r\nTo: %s\r\nSubject: [Sayyes] 1 invitation: 1 yes\r\nMessage-ID: <%s>\r\n\r\nearlier attempt\r\n", user, user, id))); err != nil {
		t.Fatal(err)
	}
	// The claim is a minute old: that attempt may be sending right now.
	if err := e.m.SendDueBatches(ctx, now); err != nil {
		t.Fatal(err)
	}
	if done, _ := e.bus.IsDone(ctx, key); done {
		t.Fatal("a fresh claim of another attempt was taken over")
	}
	// Seen from a clock that does not place the claim in the last five
	// minutes, it is stale: finish it.
	if err := e.m.SendDueBatches(ctx, due); err != nil {
		t.Fatal(err)
	}
	if n := len(e.sb.Received()); n != 0 {
		t.Fatalf("%d messages sent, want none: the digest was already in the INBOX", n)
	}
	for _, k := range []string{key, "digest.inv-d"} {
		if done, err := e.bus.IsDone(ctx, k); err != nil || !done {
			t.Errorf("marker %s not done (%v)", k, err)
		}
	}
}

// A crash between marking the invitations digested and marking the batch
// done: the batch went out; nothing is sent again.
func TestDailyDigestCrashAfterItemMarkers(t *testing.T) {
	e := daily(t)
	ctx := context.Background()
	due := dueAt(time.Now())
	e.advise(t, "inv-e", "Acme", due.Add(-2*time.Hour))
	key := "batch.me." + due.Format(time.DateOnly)
	if _, err := e.bus.BeginWith(ctx, key, `["inv-e"]`); err != nil {
		t.Fatal(err)
	}
	if err := e.bus.Done(ctx, "digest.inv-e", "sent"); err != nil {
		t.Fatal(err)
	}
	if err := e.m.SendDueBatches(ctx, due); err != nil {
		t.Fatal(err)
	}
	if n := len(e.digests(t)); n != 0 {
		t.Fatalf("%d digests, want none", n)
	}
	if done, _ := e.bus.IsDone(ctx, key); !done {
		t.Error("batch not finished")
	}
}

// An unfinished batch of an earlier day is finished before the new one,
// and the new one does not repeat its invitations.
func TestDailyDigestEarlierBatchFirst(t *testing.T) {
	e := daily(t)
	ctx := context.Background()
	due := dueAt(time.Now())
	e.advise(t, "inv-f", "Acme", due.Add(-26*time.Hour))
	e.advise(t, "inv-g", "Globex", due.Add(-2*time.Hour))
	if _, err := e.bus.BeginWith(ctx, "batch.me."+due.AddDate(0, 0, -1).Format(time.DateOnly), `["inv-f"]`); err != nil {
		t.Fatal(err)
	}
	if err := e.m.SendDueBatches(ctx, due); err != nil {
		t.Fatal(err)
	}
	got := e.digests(t)
	if len(got) != 2 {
		t.Fatalf("%d digests, want yesterday's and today's", len(got))
	}
	if !strings.Contains(got[0].Text, "Acme") || strings.Contains(got[0].Text, "Globex") || !strings.Contains(got[1].Text, "Globex") || strings.Contains(got[1].Text, "Acme") {
		t.Errorf("digests mixed up:\n%s\n---\n%s", got[0].Text, got[1].Text)
	}
}

// In the default mode, a digest per invitation, with the health line.
func TestEachModeHealthLine(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if err := e.bus.SaveWatchStatus(ctx, bus.WatchKey("me", "INBOX"), bus.WatchStatus{Connected: false, Error: "login failed: bad password", LastCheck: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	e.advise(t, "inv-h", "Acme", time.Now())
	got := e.digests(t)
	if len(got) != 1 {
		t.Fatalf("%d digests, want 1", len(got))
	}
	for _, want := range []string{"Watcher NOT connected to INBOX (me)", "login failed: bad password", "last good check", "sayyes doctor"} {
		if !strings.Contains(strings.Join(strings.Fields(got[0].Text), " "), want) {
			t.Errorf("health line lacks %q:\n%s", want, got[0].Text)
		}
	}
}
