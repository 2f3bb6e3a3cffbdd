package mailconn

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/sayyes/sayyes/pkg/config"
)

// IMAP is a logged-in IMAP connection.
type IMAP struct {
	*imapclient.Client
	conn net.Conn
}

// Guard closes the connection if the returned stop function has not been
// called within d. It is the watchdog for a server that goes silent
// without closing: go-imap resets socket deadlines after every response
// (and reads with none while idle), so deadlines alone cannot bound a
// command. Closing makes every pending command fail at once.
func (c *IMAP) Guard(d time.Duration) (stop func()) {
	t := time.AfterFunc(d, func() { c.Close() })
	return func() { t.Stop() }
}

// ErrAuth marks a login the server refused; retrying with the same
// credentials will not help.
var ErrAuth = errors.New("login refused")

// DialIMAP connects to s, logs in and returns the client. timeout bounds the
// whole handshake.
func DialIMAP(ctx context.Context, s config.Server, timeout time.Duration, opts *imapclient.Options) (*IMAP, error) {
	if opts == nil {
		opts = &imapclient.Options{}
	}
	if s.UsesOAuth2() {
		return dialOAuth2(ctx, s, timeout, opts)
	}
	return dial(ctx, s, timeout, opts, func(c *imapclient.Client) error {
		if err := c.Login(s.Username, s.Password).Wait(); err != nil {
			var ie *imap.Error
			if errors.As(err, &ie) && ie.Type == imap.StatusResponseTypeNo {
				return fmt.Errorf("user %s: %w: %s", s.Username, ErrAuth, ie.Text)
			}
			return fmt.Errorf("login: %w", err)
		}
		return nil
	})
}

// dial connects to s and logs in with login.
func dial(ctx context.Context, s config.Server, timeout time.Duration, opts *imapclient.Options, login func(*imapclient.Client) error) (*IMAP, error) {
	tc, err := TLSConfig(s)
	if err != nil {
		return nil, fmt.Errorf("imap %s: %w", s.Addr(), err)
	}
	opts.TLSConfig = tc
	d := net.Dialer{Timeout: timeout, KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 30 * time.Second, Interval: 10 * time.Second, Count: 3}}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	raw, err := d.DialContext(dctx, "tcp", s.Addr())
	if err != nil {
		return nil, fmt.Errorf("imap %s: connecting: %w", s.Addr(), err)
	}
	_ = raw.SetDeadline(time.Now().Add(timeout))
	var conn net.Conn = raw
	var c *imapclient.Client
	switch s.Security {
	case config.SecurityTLS:
		tc := tc.Clone()
		tc.NextProtos = []string{"imap"}
		tconn := tls.Client(raw, tc)
		if err := tconn.HandshakeContext(dctx); err != nil {
			raw.Close()
			return nil, fmt.Errorf("imap %s: TLS handshake: %w", s.Addr(), err)
		}
		conn = tconn
		c = imapclient.New(conn, opts)
	case config.SecurityStartTLS:
		c, err = imapclient.NewStartTLS(raw, opts)
		if err != nil {
			raw.Close()
			return nil, fmt.Errorf("imap %s: STARTTLS: %w", s.Addr(), err)
		}
		// After STARTTLS the client talks through a tls.Conn wrapping raw;
		// deadlines set on raw apply to it.
	default:
		c = imapclient.New(raw, opts)
	}
	ic := &IMAP{Client: c, conn: conn}
	// go-imap resets socket deadlines itself, so the handshake gets a
	// watchdog: a TLS port spoken to in plain text never greets.
	var silent atomic.Bool
	watchdog := time.AfterFunc(timeout, func() { silent.Store(true); c.Close() })
	err = c.WaitGreeting()
	watchdog.Stop()
	if err != nil {
		c.Close()
		if silent.Load() {
			return nil, fmt.Errorf("imap %s: no greeting within %s (does the port expect TLS?)", s.Addr(), timeout)
		}
		return nil, fmt.Errorf("imap %s: greeting: %w", s.Addr(), err)
	}
	if err := login(c); err != nil {
		c.Close()
		return nil, fmt.Errorf("imap %s: %w", s.Addr(), err)
	}
	_ = conn.SetDeadline(time.Time{})
	return ic, nil
}

// LookupFolder returns the mailbox with the special-use attribute (RFC
// 6154), else the first existing folder among names (case-insensitive, also
// under a common "INBOX." prefix). how says which rule matched; name is ""
// when none did.
func (c *IMAP) LookupFolder(use imap.MailboxAttr, names ...string) (name, how string, err error) {
	opts := &imap.ListOptions{}
	if c.Caps().Has(imap.CapSpecialUse) || c.Caps().Has(imap.CapIMAP4rev2) {
		opts.ReturnSpecialUse = true
	}
	list, err := c.List("", "*", opts).Collect()
	if err != nil {
		return "", "", fmt.Errorf("listing folders: %w", err)
	}
	for _, m := range list {
		for _, a := range m.Attrs {
			if a == use {
				return m.Mailbox, "special-use " + string(use), nil
			}
		}
	}
	for _, want := range names {
		for _, m := range list {
			if strings.EqualFold(m.Mailbox, want) || strings.EqualFold(m.Mailbox, "INBOX."+want) || strings.EqualFold(m.Mailbox, "INBOX/"+want) {
				return m.Mailbox, "by name", nil
			}
		}
	}
	return "", "", nil
}

// FindFolder is LookupFolder that creates the first of names (with the
// special-use attribute where the server allows) when nothing matches.
func (c *IMAP) FindFolder(use imap.MailboxAttr, names ...string) (string, error) {
	name, _, err := c.LookupFolder(use, names...)
	if err != nil || name != "" {
		return name, err
	}
	if len(names) == 0 {
		return "", fmt.Errorf("no %s folder", use)
	}
	if err := c.Create(names[0], &imap.CreateOptions{SpecialUse: []imap.MailboxAttr{use}}).Wait(); err != nil {
		// Servers without CREATE-SPECIAL-USE reject the option: plain create.
		if err2 := c.Create(names[0], nil).Wait(); err2 != nil {
			return "", fmt.Errorf("creating folder %s: %w", names[0], err2)
		}
	}
	return names[0], nil
}

// DraftsNames and SentNames are the folder names tried when the server
// marks no special-use folder, in the languages Sayyes writes.
var (
	DraftsNames = []string{"Drafts", "Draft", "Entwürfe", "Brouillons", "Borradores"}
	SentNames   = []string{"Sent", "Sent Items", "Sent Messages", "Gesendet", "Envoyés", "Enviados"}
)

// HasMessageID reports whether mailbox holds a message with Message-ID id.
// It selects mailbox read-only.
func (c *IMAP) HasMessageID(mailbox, id string) (bool, error) {
	if _, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return false, fmt.Errorf("selecting %s: %w", mailbox, err)
	}
	res, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-Id", Value: "<" + id + ">"}}}, nil).Wait()
	if err != nil {
		return false, fmt.Errorf("searching %s: %w", mailbox, err)
	}
	return len(res.AllUIDs()) > 0, nil
}

// Append stores msg in mailbox with flags.
func (c *IMAP) Append(mailbox string, msg []byte, flags []imap.Flag, date time.Time) error {
	cmd := c.Client.Append(mailbox, int64(len(msg)), &imap.AppendOptions{Flags: flags, Time: date})
	if _, err := cmd.Write(msg); err != nil {
		cmd.Close()
		return fmt.Errorf("appending to %s: %w", mailbox, err)
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("appending to %s: %w", mailbox, err)
	}
	if _, err := cmd.Wait(); err != nil {
		return fmt.Errorf("appending to %s: %w", mailbox, err)
	}
	return nil
}
