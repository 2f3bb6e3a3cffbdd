// Package sandbox runs a complete, private mail setup inside the process:
// an IMAP server (go-imap's imapmemserver, with IDLE and special-use
// Drafts and Sent folders) and an SMTP server (go-smtp) that delivers mail
// for the sandbox user into that user's INBOX and records everything it
// accepts. The demo and the integration tests use it; both listen on
// 127.0.0.1 only.
package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-smtp"
)

// Sandbox is the running pair of servers.
type Sandbox struct {
	IMAPAddr string
	SMTPAddr string
	User     string // also the address
	Password string

	user *imapmemserver.User
	imap *imapserver.Server
	smtp *smtp.Server

	mu       sync.Mutex
	received []Received
	notify   chan struct{}
	renames  int
	// rejects queues SMTP errors for the next DATA commands.
	rejects  []*smtp.SMTPError
	attempts int
}

// Received is one message the SMTP server accepted.
type Received struct {
	From string
	To   []string
	Data []byte
	At   time.Time
}

// Start launches both servers for user (an email address) and password.
func Start(user, password string, log *slog.Logger) (*Sandbox, error) {
	s := &Sandbox{User: user, Password: password, notify: make(chan struct{})}
	mem := imapmemserver.New()
	s.user = imapmemserver.NewUser(user, password)
	for _, mb := range []struct {
		name string
		use  imap.MailboxAttr
	}{{"INBOX", ""}, {"Drafts", imap.MailboxAttrDrafts}, {"Sent", imap.MailboxAttrSent}, {"Trash", imap.MailboxAttrTrash}} {
		opts := &imap.CreateOptions{}
		if mb.use != "" {
			opts.SpecialUse = []imap.MailboxAttr{mb.use}
		}
		if err := s.user.Create(mb.name, opts); err != nil && mb.name != "INBOX" {
			return nil, fmt.Errorf("sandbox: creating %s: %w", mb.name, err)
		}
	}
	mem.AddUser(s.user)
	s.imap = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       slogLogger{log},
	})
	iln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sandbox: IMAP listener: %w", err)
	}
	s.IMAPAddr = iln.Addr().String()
	go func() { _ = s.imap.Serve(iln) }()

	s.smtp = smtp.NewServer(&backend{s: s})
	s.smtp.Domain = "sandbox.localhost"
	s.smtp.AllowInsecureAuth = true
	s.smtp.MaxMessageBytes = 32 << 20
	s.smtp.ReadTimeout = 30 * time.Second
	s.smtp.WriteTimeout = 30 * time.Second
	sln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.imap.Close()
		return nil, fmt.Errorf("sandbox: SMTP listener: %w", err)
	}
	s.SMTPAddr = sln.Addr().String()
	go func() { _ = s.smtp.Serve(sln) }()
	return s, nil
}

// Close stops both servers.
func (s *Sandbox) Close() error {
	return errors.Join(s.imap.Close(), s.smtp.Close())
}

// Deliver puts raw into the user's INBOX, as an MTA would on arrival.
func (s *Sandbox) Deliver(raw []byte) error {
	return s.Append("INBOX", raw, nil)
}

// Append puts raw into mailbox with flags.
func (s *Sandbox) Append(mailbox string, raw []byte, flags []imap.Flag) error {
	return s.append(mailbox, raw, flags, time.Now())
}

// AppendAt is Deliver with an arrival (internal) date in the past.
func (s *Sandbox) AppendAt(mailbox string, raw []byte, arrived time.Time) error {
	return s.append(mailbox, raw, nil, arrived)
}

// RecreateInbox deletes all of INBOX by renaming it away and creating a new
// one, which gets a new UIDVALIDITY, as when a user deletes and recreates
// a folder.
func (s *Sandbox) RecreateInbox() error {
	s.renames++
	if err := s.user.Rename("INBOX", fmt.Sprintf("Old-%d", s.renames), nil); err != nil {
		return fmt.Errorf("sandbox: moving INBOX away: %w", err)
	}
	if err := s.user.Create("INBOX", nil); err != nil {
		return fmt.Errorf("sandbox: recreating INBOX: %w", err)
	}
	return nil
}

func (s *Sandbox) append(mailbox string, raw []byte, flags []imap.Flag, at time.Time) error {
	_, err := s.user.Append(mailbox, literal{bytes.NewReader(raw), int64(len(raw))}, &imap.AppendOptions{Flags: flags, Time: at})
	if err != nil {
		return fmt.Errorf("sandbox: appending to %s: %w", mailbox, err)
	}
	return nil
}

// Status returns the number of messages in mailbox.
func (s *Sandbox) Status(mailbox string) (int, error) {
	st, err := s.user.Status(mailbox, &imap.StatusOptions{NumMessages: true})
	if err != nil {
		return 0, fmt.Errorf("sandbox: status of %s: %w", mailbox, err)
	}
	return int(*st.NumMessages), nil
}

// RejectNext makes the next n messages fail at DATA with code and text,
// as a busy (4xx) or refusing (5xx) server would.
func (s *Sandbox) RejectNext(n, code int, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.rejects = append(s.rejects, &smtp.SMTPError{Code: code, Message: text})
	}
}

// Attempts counts DATA commands, accepted or not.
func (s *Sandbox) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

func (s *Sandbox) nextReject() *smtp.SMTPError {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if len(s.rejects) == 0 {
		return nil
	}
	r := s.rejects[0]
	s.rejects = s.rejects[1:]
	return r
}

// Received returns what the SMTP server accepted so far.
func (s *Sandbox) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// WaitReceived blocks until at least n messages were accepted or ctx ends.
func (s *Sandbox) WaitReceived(ctx context.Context, n int) ([]Received, error) {
	for {
		s.mu.Lock()
		got, ch := len(s.received), s.notify
		s.mu.Unlock()
		if got >= n {
			return s.Received(), nil
		}
		select {
		case <-ctx.Done():
			return s.Received(), fmt.Errorf("sandbox: %d of %d messages received: %w", got, n, ctx.Err())
		case <-ch:
		}
	}
}

func (s *Sandbox) record(r Received) {
	s.mu.Lock()
	s.received = append(s.received, r)
	close(s.notify)
	s.notify = make(chan struct{})
	s.mu.Unlock()
}

type literal struct {
	io.Reader
	n int64
}

func (l literal) Size() int64 { return l.n }

type backend struct{ s *Sandbox }

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Sandbox
	from string
	to   []string
}

func (ss *session) AuthMechanisms() []string { return nil }
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}
func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if rej := ss.s.nextReject(); rej != nil {
		return rej
	}
	for _, to := range ss.to {
		if strings.EqualFold(to, ss.s.User) {
			if err := ss.s.Deliver(data); err != nil {
				return &smtp.SMTPError{Code: 451, Message: "mailbox unavailable"}
			}
		}
	}
	ss.s.record(Received{From: ss.from, To: ss.to, Data: data, At: time.Now()})
	return nil
}
func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

type slogLogger struct{ l *slog.Logger }

func (s slogLogger) Printf(format string, args ...any) { s.l.Debug(fmt.Sprintf(format, args...)) }
func (s slogLogger) Println(args ...any)               { s.l.Debug(fmt.Sprint(args...)) }
