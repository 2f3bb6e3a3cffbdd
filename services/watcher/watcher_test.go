package watcher_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sayyes/sayyes/internal/bustest"
	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/services/watcher"
)

const user = "sam@sandbox.localhost"

type env struct {
	sb   *sandbox.Sandbox
	bus  *bus.Bus
	acct config.Account
	log  *slog.Logger
	seen chan event.InvitationDetected
}

// newEnv starts a sandbox mailbox and embedded NATS, and collects what the
// watcher publishes (a raw NATS subscription, not a consumer, so the test
// sees every publish including duplicates JetStream would drop... no:
// JetStream dedupe happens before delivery, so subscribe to the stream).
func newEnv(t *testing.T) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() || os.Getenv("SAYYES_TEST_DEBUG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	sb, err := sandbox.Start(user, "pw", log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	b := bustest.New(t, log)
	e := &env{sb: sb, bus: b, log: log, seen: make(chan event.InvitationDetected, 100)}
	host, port, _ := net.SplitHostPort(sb.IMAPAddr)
	var p int
	fmt.Sscanf(port, "%d", &p)
	cfg := config.Config{Accounts: []config.Account{{Name: "t", Address: user,
		IMAP: config.Server{Host: host, Port: p, Security: config.SecurityNone, Password: "pw"},
		SMTP: config.Server{Host: host, Port: 25, Security: config.SecurityNone}}}}
	cfg.Defaults()
	// imapmemserver does not announce mail that arrives between a NOOP and
	// IDLE; a short keepalive bounds how long that takes to be caught up
	// (real servers report it when IDLE starts).
	cfg.Accounts[0].Keepalive = config.Duration(time.Second)
	e.acct = cfg.Accounts[0]
	// Consume the detected stream so each stored event is seen once.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := b.Consume(ctx, bus.Consumer{Name: "test-sink", Filter: event.SubjectDetected + ".>", Stage: "test"}, func(_ context.Context, d bus.Delivery) error {
			var inv event.InvitationDetected
			if err := json.Unmarshal(d.Data, &inv); err != nil {
				return bus.Permanent(err)
			}
			t.Logf("sink got %s", inv.Message.MessageID)
			e.seen <- inv
			return nil
		})
		if err != nil {
			t.Errorf("sink: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return e
}

func (e *env) run(t *testing.T, acct config.Account, tune func(*watcher.Watcher)) (stop func()) {
	w := watcher.New(e.bus, []config.Account{acct}, e.log)
	w.BackoffBase, w.BackoffMax = 50*time.Millisecond, 200*time.Millisecond
	if tune != nil {
		tune(w)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(ctx) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

func (e *env) expect(t *testing.T, n int, within time.Duration) []event.InvitationDetected {
	t.Helper()
	var got []event.InvitationDetected
	timer := time.NewTimer(within)
	defer timer.Stop()
	for len(got) < n {
		select {
		case inv := <-e.seen:
			got = append(got, inv)
		case <-timer.C:
			t.Fatalf("got %d detections within %v, want %d", len(got), within, n)
		}
	}
	return got
}

// expectNone proves nothing more arrives for a while. Used only after a
// positive wait, so the pipeline is known to be live.
func (e *env) expectNone(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case inv := <-e.seen:
		t.Fatalf("unexpected detection: %s (%s)", inv.Message.Subject, inv.ID)
	case <-time.After(d):
	}
}

func invitation(id string, date time.Time) []byte {
	return []byte(fmt.Sprintf("From: Kim <kim@globex.example>\r\nTo: %s\r\nSubject: Interview invitation for the Data Engineer role\r\n"+
		"Date: %s\r\nMessage-ID: <%s>\r\n\r\nHello, we would like to invite you to an interview for the Data Engineer position. "+
		"When are you available for a video call next week?\r\n", user, date.Format(time.RFC1123Z), id))
}

func TestLookBackOnlyRecentThenLive(t *testing.T) {
	e := newEnv(t)
	old := time.Now().Add(-30 * 24 * time.Hour)
	// The sandbox stamps arrival as now; look-back is by arrival date, so
	// "old" mail has to be appended with an old internal date.
	if err := e.sb.AppendAt("INBOX", invitation("old@globex.example", old), old); err != nil {
		t.Fatal(err)
	}
	if err := e.sb.Deliver(invitation("recent@globex.example", time.Now())); err != nil {
		t.Fatal(err)
	}
	e.run(t, e.acct, nil)
	got := e.expect(t, 1, 10*time.Second)
	if got[0].Message.MessageID != "recent@globex.example" {
		t.Fatalf("look-back picked %s, want only the recent invitation", got[0].Message.MessageID)
	}
	if err := e.sb.Deliver(invitation("live@globex.example", time.Now())); err != nil {
		t.Fatal(err)
	}
	got = e.expect(t, 1, 10*time.Second)
	if got[0].Message.MessageID != "live@globex.example" || got[0].Source.UID != 3 {
		t.Fatalf("live detection = %s uid %d", got[0].Message.MessageID, got[0].Source.UID)
	}
	e.expectNone(t, 300*time.Millisecond)
}

func TestPollFallbackWithoutIdle(t *testing.T) {
	e := newEnv(t)
	acct := e.acct
	acct.DisableIdle = true
	acct.PollInterval = config.Duration(100 * time.Millisecond)
	e.run(t, acct, nil)
	time.Sleep(200 * time.Millisecond) // let the first catch-up finish on an empty mailbox
	if err := e.sb.Deliver(invitation("polled@globex.example", time.Now())); err != nil {
		t.Fatal(err)
	}
	got := e.expect(t, 1, 5*time.Second)
	if got[0].Message.MessageID != "polled@globex.example" {
		t.Fatalf("got %s", got[0].Message.MessageID)
	}
}

// TestSilentConnectionIsNoticed puts a proxy between watcher and server
// that, on command, stops forwarding without closing anything: the
// watcher's deadline must fire, it must reconnect and catch up.
func TestSilentConnectionIsNoticed(t *testing.T) {
	e := newEnv(t)
	px := newProxy(t, e.sb.IMAPAddr)
	acct := e.acct
	host, port, _ := net.SplitHostPort(px.addr)
	acct.IMAP.Host = host
	fmt.Sscanf(port, "%d", &acct.IMAP.Port)
	acct.Keepalive = config.Duration(300 * time.Millisecond)
	e.run(t, acct, func(w *watcher.Watcher) { w.CommandTimeout = 500 * time.Millisecond })
	if err := e.sb.Deliver(invitation("before@globex.example", time.Now())); err != nil {
		t.Fatal(err)
	}
	e.expect(t, 1, 5*time.Second)

	px.blackhole()
	if err := e.sb.Deliver(invitation("during@globex.example", time.Now())); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	got := e.expect(t, 1, 10*time.Second)
	if got[0].Message.MessageID != "during@globex.example" {
		t.Fatalf("got %s", got[0].Message.MessageID)
	}
	if px.conns.Load() < 2 {
		t.Fatalf("watcher did not reconnect (connections: %d)", px.conns.Load())
	}
	t.Logf("noticed the silent connection and caught up in %v", time.Since(start).Round(time.Millisecond))
}

func TestUIDValidityResetDoesNotRepublishOldIDs(t *testing.T) {
	e := newEnv(t)
	if err := e.sb.Deliver(invitation("one@globex.example", time.Now())); err != nil {
		t.Fatal(err)
	}
	stop := e.run(t, e.acct, nil)
	first := e.expect(t, 1, 5*time.Second)
	stop()
	// The mailbox is recreated with a new UIDVALIDITY and the same message.
	if err := e.sb.RecreateInbox(); err != nil {
		t.Fatal(err)
	}
	if err := e.sb.Deliver(invitation("one@globex.example", time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := e.sb.Deliver(invitation("two@globex.example", time.Now())); err != nil {
		t.Fatal(err)
	}
	e.run(t, e.acct, nil)
	// The re-seen invitation keeps its id, so its re-publish carries the
	// same Nats-Msg-Id and JetStream drops it (outside the window, the
	// once-only markers downstream would); only the new mail comes through.
	got := e.expect(t, 1, 5*time.Second)
	if got[0].Message.MessageID != "two@globex.example" {
		t.Fatalf("after the UIDVALIDITY reset got %s (id %s; the first was %s), want only the new mail", got[0].Message.MessageID, got[0].ID, first[0].ID)
	}
	e.expectNone(t, 300*time.Millisecond)
}

func TestIgnoresOwnDigests(t *testing.T) {
	e := newEnv(t)
	own := strings.Replace(string(invitation("digest@sandbox.localhost", time.Now())), "Subject:", "X-Sayyes-Invitation: abc\r\nSubject:", 1)
	if err := e.sb.Deliver([]byte(own)); err != nil {
		t.Fatal(err)
	}
	if err := e.sb.Deliver(invitation("real@globex.example", time.Now())); err != nil {
		t.Fatal(err)
	}
	e.run(t, e.acct, nil)
	got := e.expect(t, 1, 5*time.Second)
	if got[0].Message.MessageID != "real@globex.example" {
		t.Fatalf("got %s; the watcher must skip Sayyes' own mail", got[0].Message.MessageID)
	}
	e.expectNone(t, 300*time.Millisecond)
}

// proxy forwards TCP to target; blackhole makes every current and future
// connection silent (reads are swallowed, nothing is closed).
type proxy struct {
	addr   string
	silent atomic.Bool
	conns  atomic.Int32
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &proxy{addr: ln.Addr().String()}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n := p.conns.Add(1)
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			// Only the first connection goes silent; reconnects work.
			first := n == 1
			go p.pipe(c, s, first)
			go p.pipe(s, c, first)
		}
	}()
	return p
}

func (p *proxy) pipe(dst, src net.Conn, canSilence bool) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if err != nil {
			dst.Close()
			return
		}
		if canSilence && p.silent.Load() {
			continue
		}
		if _, err := dst.Write(buf[:n]); err != nil {
			return
		}
	}
}

func (p *proxy) blackhole() { p.silent.Store(true) }

// TestCalendarBehindAttachment: with a 64 KiB fetch limit, an invitation
// whose calendar part follows a 2 MB attachment is still read whole where
// it matters: the attachment stays on the server, the calendar's time is
// found, and no reason says the message was cut.
func TestCalendarBehindAttachment(t *testing.T) {
	e := newEnv(t)
	acct := e.acct
	acct.MaxFetchBytes = 64 << 10
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	pdf := strings.Repeat(strings.Repeat("JVBERi0xLjcgbm90IHJlYWxseSBhIHBkZg", 2)+"\r\n", 30000)
	raw := "From: Kim <kim@globex.example>\r\nTo: " + user + "\r\nSubject: Interview invitation: Data Engineer\r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\nMessage-ID: <cal-behind@globex.example>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n" +
		"--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, we would like to invite you to an interview for the Data Engineer position. The invitation is attached.\r\n" +
		"--mix\r\nContent-Type: application/pdf; name=brochure.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" + pdf +
		"--mix\r\nContent-Type: text/calendar; method=REQUEST; charset=utf-8\r\n\r\n" +
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//globex//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:cal-behind@globex.example\r\nDTSTAMP:20261120T090000Z\r\n" +
		"DTSTART:" + start.Format("20060102T150405Z") + "\r\nDTEND:" + start.Add(45*time.Minute).Format("20060102T150405Z") + "\r\n" +
		"SUMMARY:Interview: Data Engineer\r\nORGANIZER:mailto:kim@globex.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n--mix--\r\n"
	if len(raw) < 2<<20 {
		t.Fatalf("test message is %d bytes, want over 2 MB", len(raw))
	}
	if err := e.sb.Deliver([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	e.run(t, acct, nil)
	got := e.expect(t, 1, 10*time.Second)[0]
	if len(got.Detection.ProposedTimes) == 0 || !got.Detection.ProposedTimes[0].Equal(start) {
		t.Errorf("proposed times %+v, want the calendar's %s", got.Detection.ProposedTimes, start)
	}
	for _, r := range got.Detection.Reasons {
		if strings.Contains(r, "max_fetch_bytes") {
			t.Errorf("reason %q: the text was read in full", r)
		}
	}
}
