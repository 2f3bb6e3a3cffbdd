package faults

// TestSendDeliveredThenConnectionLost: the SMTP server accepts the message
// (250 after DATA) and the connection dies before the client's RSET/QUIT,
// which is what a Postfix stopped mid-session looks like (TestPostfixDown
// caught a duplicate digest this way). The message was handed over, so
// mailconn.Send must report success: an error makes the mailer retry, and
// with the first copy still in the stopped server's queue (not yet in the
// INBOX, where the retry looks) a second digest goes out; for a reply to a
// recruiter the mailer even frees its once-only marker on error.
//
// Setup: a scripted SMTP server on a loopback listener (no mail stack, no
// binaries); it records the messages it accepted. Cleanup: the listener
// closes with the test.

import (
	"bufio"
	"context"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/mailconn"
)

func TestSendDeliveredThenConnectionLost(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	var accepted atomic.Int32
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go scriptedSMTP(conn, &accepted)
		}
	}()

	host, port := hostPort(t, l.Addr().String())
	msg := mail.NewMsg()
	if err := msg.From("alex@sayyes.test"); err != nil {
		t.Fatal(err)
	}
	if err := msg.To("alex@sayyes.test"); err != nil {
		t.Fatal(err)
	}
	msg.Subject("digest")
	msg.SetBodyString(mail.TypeTextPlain, "hello")
	err = mailconn.Send(context.Background(), config.Server{Host: host, Port: port, Security: config.SecurityNone}, msg, 5*time.Second)
	if accepted.Load() != 1 {
		t.Fatalf("server accepted %d messages, want 1 (send error: %v)", accepted.Load(), err)
	}
	if err != nil {
		t.Fatalf("the server accepted the message (250 after DATA), yet Send reported %v: the caller would send it again", err)
	}
}

// scriptedSMTP speaks just enough SMTP to take one message, then drops
// the connection without answering what follows the 250.
func scriptedSMTP(conn net.Conn, accepted *atomic.Int32) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	say := func(s string) { _, _ = conn.Write([]byte(s + "\r\n")) }
	say("220 scripted ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 scripted")
		case strings.HasPrefix(cmd, "DATA"):
			say("354 go ahead")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
			}
			accepted.Add(1)
			say("250 2.0.0 queued as 1234")
			return // the server dies here
		default: // NOOP, MAIL, RCPT
			say("250 ok")
		}
	}
}
