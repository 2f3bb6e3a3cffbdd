package watcher_test

// Against Dovecot (internal/mailstack), with the default keepalive (30 s)
// and command timeout (15 s): a connection that goes silent without
// closing (a proxy that stops forwarding) is noticed, the watcher
// reconnects and catches up, all within 60 s.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/smtp"
	"strconv"
	"testing"
	"time"

	"github.com/sayyes/sayyes/internal/bustest"
	"github.com/sayyes/sayyes/internal/mailstack"
	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/services/watcher"
)

func TestSilentConnectionDovecotDefaults(t *testing.T) {
	if testing.Short() {
		t.Skip("takes up to 45 s")
	}
	st := mailstack.Require(t, mailstack.Options{Users: []mailstack.User{{Name: "sam", Password: "pw"}}})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	b := bustest.New(t, log)
	seen := make(chan string, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go b.Consume(ctx, bus.Consumer{Name: "sink", Filter: event.SubjectDetected + ".>", Stage: "t"}, func(_ context.Context, d bus.Delivery) error {
		var inv event.InvitationDetected
		_ = json.Unmarshal(d.Data, &inv)
		seen <- inv.Message.MessageID
		return nil
	})

	px := newProxy(t, st.IMAPSAddr)
	host, p, _ := net.SplitHostPort(px.addr)
	port, _ := strconv.Atoi(p)
	cfg := config.Config{Accounts: []config.Account{{Name: "sam", Address: st.Address("sam"),
		IMAP: config.Server{Host: host, Port: port, Security: config.SecurityTLS, Password: "pw", CAFile: st.CAFile},
		SMTP: config.Server{Host: "127.0.0.1", Port: 25, Security: config.SecurityNone}}}}
	cfg.Defaults()
	w := watcher.New(b, cfg.Accounts, log)
	w.BackoffBase = 200 * time.Millisecond
	go w.Run(ctx)

	send := func(id string) {
		msg := fmt.Sprintf("From: Kim <kim@globex.example>\r\nTo: %s\r\nSubject: Interview invitation for the Data Engineer role\r\nMessage-ID: <%s>\r\nDate: %s\r\n\r\nWe would like to invite you to an interview for the Data Engineer position. When are you available next week?\r\n",
			st.Address("sam"), id, time.Now().Format(time.RFC1123Z))
		if err := smtp.SendMail(st.SMTPAddr, nil, "kim@globex.example", []string{st.Address("sam")}, []byte(msg)); err != nil {
			// net/smtp upgrades to STARTTLS by itself and rejects the
			// self-signed certificate; fall back to a plain session.
			c, err := smtp.Dial(st.SMTPAddr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.Mail("kim@globex.example")
			c.Rcpt(st.Address("sam"))
			wc, _ := c.Data()
			wc.Write([]byte(msg))
			if err := wc.Close(); err != nil {
				t.Fatal(err)
			}
			c.Quit()
		}
	}
	wait := func(id string, within time.Duration) time.Duration {
		start := time.Now()
		timer := time.NewTimer(within)
		defer timer.Stop()
		for {
			select {
			case got := <-seen:
				if got == id {
					return time.Since(start)
				}
			case <-timer.C:
				t.Fatalf("%s not detected within %v", id, within)
			}
		}
	}
	send("before@globex.example")
	wait("before@globex.example", 20*time.Second)

	px.blackhole()
	send("during@globex.example")
	took := wait("during@globex.example", 60*time.Second)
	if px.conns.Load() < 2 {
		t.Fatal("the watcher did not reconnect")
	}
	t.Logf("silent connection noticed and mail caught up in %v (default keepalive 30s + command timeout 15s)", took.Round(time.Millisecond))
}
