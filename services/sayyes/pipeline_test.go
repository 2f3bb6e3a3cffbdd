package sayyes_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/sayyes/sayyes/pkg/event"
)

// TestPipeline: an invitation APPENDed to INBOX yields exactly one digest
// with the right headers and content and drafts in Drafts threaded to it;
// a non-invitation yields nothing; the invitation stays unread.
func TestPipeline(t *testing.T) {
	h := newHarness(t)
	h.startAll()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	rej, rejID := nonInvitation(1)
	inv, invID := invitation(1)
	if err := h.sb.Deliver(rej); err != nil {
		t.Fatal(err)
	}
	if err := h.sb.Deliver(inv); err != nil {
		t.Fatal(err)
	}
	if _, err := h.sb.WaitReceived(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// A sentinel: once its digest is in, anything the rejection would
	// have caused would have arrived before it.
	sent, sentID := invitation(2)
	if err := h.sb.Deliver(sent); err != nil {
		t.Fatal(err)
	}
	got, err := h.sb.WaitReceived(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	by := digests(t, got)
	if len(by[rejID]) != 0 {
		t.Errorf("a rejection produced a digest")
	}
	if len(by[invID]) != 1 || len(by[sentID]) != 1 {
		t.Fatalf("digests per invitation: %d and %d, want 1 each (all: %d)", len(by[invID]), len(by[sentID]), len(got))
	}
	d := by[invID][0]
	if got := d.Header.Get("X-Sayyes-Recommendation"); got != event.RecommendAccept {
		t.Errorf("X-Sayyes-Recommendation = %q, want accept", got)
	}
	invitationID := d.Header.Get("X-Sayyes-Invitation")
	if invitationID == "" {
		t.Fatal("digest lacks X-Sayyes-Invitation")
	}
	for _, want := range []string{"Acme", "Site Reliability Engineer", "https://meet.google.com/abc-defg-hij", "Say yes", "seed:000#reason-1"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("digest text lacks %q", want)
		}
	}
	if !strings.Contains(d.HTML, "<html") || strings.Contains(d.HTML, "<script") {
		t.Errorf("digest HTML part missing or unsafe")
	}
	if len(d.To) != 1 || d.To[0].Address != h.cfg.Accounts[0].DigestTo {
		t.Errorf("digest To = %v", d.To)
	}

	drafts, flags := h.folder("Drafts")
	kinds := map[string]bool{}
	for i, m := range drafts {
		if m.Header.Get("X-Sayyes-Invitation") != invitationID {
			continue
		}
		kinds[m.Header.Get("X-Sayyes-Draft-Kind")] = true
		if len(m.InReplyTo) != 1 || m.InReplyTo[0] != invID {
			t.Errorf("draft In-Reply-To = %v, want %s", m.InReplyTo, invID)
		}
		if len(m.References) == 0 || m.References[len(m.References)-1] != invID {
			t.Errorf("draft References = %v", m.References)
		}
		if !strings.HasPrefix(m.Subject, "Re: Interview invitation 1") {
			t.Errorf("draft subject = %q", m.Subject)
		}
		if len(m.To) != 1 || m.To[0].Address != "dana@acme.example" {
			t.Errorf("draft To = %v", m.To)
		}
		if !hasFlag(flags[i], imap.FlagDraft) {
			t.Errorf("draft lacks \\Draft flag: %v", flags[i])
		}
		if !strings.Contains(m.Text, "Alex Sample") {
			t.Errorf("draft not signed with the profile name:\n%s", m.Text)
		}
	}
	for _, k := range []string{event.DraftAccept, event.DraftDecline} {
		if !kinds[k] {
			t.Errorf("no %s draft for the invitation (have %v)", k, kinds)
		}
	}

	inbox, iflags := h.folder("INBOX")
	for i, m := range inbox {
		if m.MessageID == invID && hasFlag(iflags[i], imap.FlagSeen) {
			t.Error("the invitation was marked read; the watcher must only PEEK")
		}
	}
}

// TestRestartsExactlyOnce: restarting the watcher and the advisor while
// invitations stream in still gives exactly one digest per invitation and
// one set of drafts.
func TestRestartsExactlyOnce(t *testing.T) {
	h := newHarness(t)
	h.startAll()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	const n = 30
	var ids []string
	for i := range n {
		raw, id := invitation(i)
		ids = append(ids, id)
		if err := h.sb.Deliver(raw); err != nil {
			t.Fatal(err)
		}
		switch i {
		case 8:
			h.stop("watcher")
		case 12:
			h.start("watcher")
		case 16:
			h.stop("advisor")
		case 20:
			h.stop("watcher") // both down at once
		case 24:
			h.start("advisor")
			h.start("watcher")
		}
	}
	if _, err := h.sb.WaitReceived(ctx, n); err != nil {
		t.Fatal(err)
	}
	// One more restart of everything, then a sentinel: any late duplicate
	// from redelivery would arrive before the sentinel's digest.
	h.stop("watcher")
	h.stop("advisor")
	h.stop("mailer")
	h.startAll()
	raw, sentinel := invitation(n)
	if err := h.sb.Deliver(raw); err != nil {
		t.Fatal(err)
	}
	got, err := h.sb.WaitReceived(ctx, n+1)
	if err != nil {
		t.Fatal(err)
	}
	by := digests(t, got)
	for _, id := range append(ids, sentinel) {
		if c := len(by[id]); c != 1 {
			t.Errorf("invitation %s: %d digests, want 1", id, c)
		}
	}
	if len(got) != n+1 {
		t.Errorf("received %d messages, want %d", len(got), n+1)
	}
	drafts, _ := h.folder("Drafts")
	perInv := map[string]int{}
	for _, d := range drafts {
		perInv[d.Header.Get("X-Sayyes-Invitation")+"/"+d.Header.Get("X-Sayyes-Draft-Kind")]++
	}
	for k, c := range perInv {
		if c != 1 {
			t.Errorf("draft %s stored %d times", k, c)
		}
	}
	if want := 3 * (n + 1); len(drafts) != want {
		t.Errorf("%d drafts, want %d (accept, reschedule, decline per invitation)", len(drafts), want)
	}
}

// TestMalformedMailIsDeadLettered: unparseable mail goes to the
// dead-letter stream with a reason, and the next invitation in the same
// mailbox is still digested.
func TestMalformedMailIsDeadLettered(t *testing.T) {
	h := newHarness(t)
	h.startAll()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The first two the sandbox server itself cannot parse, so it serves
	// an empty body; the third it serves, and our parser refuses its
	// 300 KB header.
	for _, bad := range [][]byte{
		[]byte("\x00\x01\x02 not a mail at all"),
		[]byte("this line has no colon\r\n\r\nbody"),
		[]byte("Subject: x\r\nX-Junk: " + strings.Repeat("A", 300<<10) + "\r\n\r\nbody\r\n"),
	} {
		if err := h.sb.Deliver(bad); err != nil {
			t.Fatal(err)
		}
	}
	raw, id := invitation(1)
	if err := h.sb.Deliver(raw); err != nil {
		t.Fatal(err)
	}
	got, err := h.sb.WaitReceived(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(digests(t, got)[id]) != 1 {
		t.Fatal("the invitation after the malformed mail was not digested")
	}
	dls, err := h.node.Bus.DeadLetters(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(dls) != 3 {
		t.Fatalf("%d dead letters, want 3: %+v", len(dls), dls)
	}
	for _, dl := range dls {
		if dl.Stage != "watcher" || dl.Reason == "" || dl.Source == nil || dl.Source.UID == 0 {
			t.Errorf("dead letter lacks stage, reason or source: %+v", dl)
		}
	}
	if last := dls[2]; !strings.Contains(last.Reason, "unparseable") || len(last.Payload) == 0 || !last.Truncated {
		t.Errorf("oversized-header mail: want reason 'unparseable' and a truncated payload, got reason %q, %d bytes, truncated=%v", last.Reason, len(last.Payload), last.Truncated)
	}
}
