package mailer_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/internal/bustest"
	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/replytoken"
	"github.com/sayyes/sayyes/services/mailer"
	"github.com/sayyes/sayyes/templates"
)

const user = "alex@sandbox.localhost"

var secret = []byte("mailer-test-secret-0123456789")

type env struct {
	sb   *sandbox.Sandbox
	bus  *bus.Bus
	m    *mailer.Mailer
	acct config.Account
}

func newEnv(t *testing.T) *env {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	sb, err := sandbox.Start(user, "pw", log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	b := bustest.New(t, log)
	split := func(a string) (string, int) {
		h, p, _ := net.SplitHostPort(a)
		n, _ := strconv.Atoi(p)
		return h, n
	}
	ih, ip := split(sb.IMAPAddr)
	sh, sp := split(sb.SMTPAddr)
	cfg := config.Config{Accounts: []config.Account{{Name: "me", Address: user,
		IMAP: config.Server{Host: ih, Port: ip, Security: config.SecurityNone, Password: "pw"},
		SMTP: config.Server{Host: sh, Port: sp, Security: config.SecurityNone}}}}
	cfg.Defaults()
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	m := mailer.New(b, set, cfg.Accounts, cfg.Profile, log)
	m.EnableReplies(secret, time.Hour, true)
	return &env{sb: sb, bus: b, m: m, acct: cfg.Accounts[0]}
}

// request records drafts for an invitation and returns a valid request.
func (e *env) request(t *testing.T, id, kind string) event.ReplyRequested {
	t.Helper()
	err := e.bus.SaveDrafts(context.Background(), bus.DraftSet{InvitationID: id, Account: "me", Subject: "Interview", Folder: "Drafts",
		Drafts: []event.Draft{{Kind: kind, To: []event.Address{{Address: "dana@acme.example"}}, Subject: "Re: Interview", InReplyTo: "inv@acme.example", Body: "Yes please.\n"}}})
	if err != nil {
		t.Fatal(err)
	}
	code, err := replytoken.Mint(secret, id, kind, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return event.ReplyRequested{V: 1, ID: "req-" + id, Account: "me", InvitationID: id, Kind: kind, Via: "test", Proof: code}
}

func deliver(t *testing.T, m *mailer.Mailer, req event.ReplyRequested) error {
	t.Helper()
	data, _ := json.Marshal(req)
	return m.HandleReply(context.Background(), bus.Delivery{Subject: event.Subject(event.SubjectReplyRequested, "me"), Data: data, Attempt: 1})
}

func toRecruiter(sb *sandbox.Sandbox) int {
	n := 0
	for _, r := range sb.Received() {
		for _, to := range r.To {
			if to == "dana@acme.example" {
				n++
			}
		}
	}
	return n
}

func sentCopies(t *testing.T, sb *sandbox.Sandbox) int {
	t.Helper()
	st, err := sb.Status("Sent")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// A redelivered request (same request id) sends nothing more.
func TestRedeliveryDoesNotResend(t *testing.T) {
	e := newEnv(t)
	req := e.request(t, "inv1", "accept")
	for range 3 {
		if err := deliver(t, e.m, req); err != nil {
			t.Fatal(err)
		}
	}
	if n := toRecruiter(e.sb); n != 1 {
		t.Fatalf("%d messages to the recruiter, want 1", n)
	}
	if n := sentCopies(t, e.sb); n != 1 {
		t.Fatalf("%d copies in Sent, want 1", n)
	}
}

// A crash after the SMTP server accepted the message but before the Sent
// copy: the redelivery files the copy and sends nothing.
func TestCrashBetweenSMTPAndSentCopy(t *testing.T) {
	e := newEnv(t)
	req := e.request(t, "inv2", "accept")
	ctx := context.Background()
	// The state such a crash leaves: the send recorded, nothing else.
	if _, err := e.bus.Begin(ctx, "send.inv2.accept"); err != nil {
		t.Fatal(err)
	}
	if err := e.bus.Done(ctx, "send.inv2.accept", "id"); err != nil {
		t.Fatal(err)
	}
	if err := deliver(t, e.m, req); err != nil {
		t.Fatal(err)
	}
	if n := toRecruiter(e.sb); n != 0 {
		t.Fatalf("%d messages to the recruiter after the crash, want 0 (it was already sent)", n)
	}
	if n := sentCopies(t, e.sb); n != 1 {
		t.Fatalf("%d copies in Sent, want 1", n)
	}
}

// A crash in the middle of the SMTP transaction leaves the send pending:
// it is never repeated automatically; the user is told instead.
func TestCrashDuringSMTPNeverResends(t *testing.T) {
	e := newEnv(t)
	req := e.request(t, "inv3", "accept")
	if _, err := e.bus.Begin(context.Background(), "send.inv3.accept"); err != nil {
		t.Fatal(err)
	}
	err := deliver(t, e.m, req)
	if !bus.IsPermanent(err) {
		t.Fatalf("want a permanent refusal, got %v", err)
	}
	if n := toRecruiter(e.sb); n != 0 {
		t.Fatalf("%d messages to the recruiter, want 0", n)
	}
	told := false
	for _, r := range e.sb.Received() {
		if r.To[0] == user {
			told = true
		}
	}
	if !told {
		t.Error("the user was not told that the send could not be confirmed")
	}
}

// The same code presented by a second request is refused.
func TestCodeSingleUse(t *testing.T) {
	e := newEnv(t)
	req := e.request(t, "inv4", "decline")
	if err := deliver(t, e.m, req); err != nil {
		t.Fatal(err)
	}
	again := req
	again.ID = "another-request"
	if err := deliver(t, e.m, again); !bus.IsPermanent(err) {
		t.Fatalf("reused code: want refusal, got %v", err)
	}
	if n := toRecruiter(e.sb); n != 1 {
		t.Fatalf("%d messages to the recruiter, want 1", n)
	}
}

// "accept 2" rewrites the accept draft for the second proposed time, in
// the invitation's language.
func TestAcceptSecondSlot(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	t1 := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)
	t2 := time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)
	inv := event.InvitationDetected{V: 1, ID: "inv5", Account: "me",
		Message:   event.Message{MessageID: "inv5@acme.example", Subject: "Einladung zum Vorstellungsgespräch", Language: "de", From: event.Address{Name: "Jonas Weber", Address: "jonas@acme.example"}},
		Detection: event.Detection{IsInvitation: true, Company: "Acme", ProposedTimes: []time.Time{t1, t2}}}
	err := e.bus.SaveDrafts(ctx, bus.DraftSet{InvitationID: "inv5", Account: "me", Subject: inv.Message.Subject, Folder: "Drafts", ProposedTimes: []time.Time{t1, t2}, Invitation: &inv,
		Drafts: []event.Draft{{Kind: "accept", To: []event.Address{{Address: "jonas@acme.example"}}, Subject: "Re: Einladung", Body: "Der erste Termin passt.\n"}}})
	if err != nil {
		t.Fatal(err)
	}
	code, _ := replytoken.Mint(secret, "inv5", "accept", time.Now().Add(time.Hour))
	if err := deliver(t, e.m, event.ReplyRequested{V: 1, ID: "r5", Account: "me", InvitationID: "inv5", Kind: "accept", Via: "test", Proof: code, Slot: 2}); err != nil {
		t.Fatal(err)
	}
	var body string
	for _, r := range e.sb.Received() {
		if r.To[0] == "jonas@acme.example" {
			body = string(r.Data)
		}
	}
	if body == "" {
		t.Fatal("nothing sent")
	}
	if !strings.Contains(body, "2. Dezember") || strings.Contains(body, "Der erste Termin passt") {
		t.Fatalf("the sent draft does not confirm the second time in German:\n%s", body)
	}
}
