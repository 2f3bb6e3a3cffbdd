package watcher

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/pkg/telemetry"
)

// Watcher runs the mailbox loops of all accounts.
type Watcher struct {
	bus      *bus.Bus
	accounts []config.Account
	log      *slog.Logger
	// CommandTimeout bounds each IMAP command and the end of an IDLE.
	CommandTimeout time.Duration
	// Backoff bounds reconnect delays.
	BackoffBase, BackoffMax time.Duration
	// DigestReplies turns the user's replies to digests into reply
	// requests (replies.by_digest_reply).
	DigestReplies bool
	// Metrics, if set, counts detections, reconnects and IDLE cycles.
	Metrics *telemetry.Metrics
	now     func() time.Time
}

// New returns a watcher for the accounts.
func New(b *bus.Bus, accounts []config.Account, log *slog.Logger) *Watcher {
	return &Watcher{
		bus: b, accounts: accounts, log: log,
		CommandTimeout: 15 * time.Second,
		BackoffBase:    time.Second, BackoffMax: 2 * time.Minute,
		DigestReplies: true,
		now:           time.Now,
	}
}

// Run watches every mailbox until ctx is done.
func (w *Watcher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, a := range w.accounts {
		for _, mbox := range a.Mailboxes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.loop(ctx, a, mbox)
			}()
		}
	}
	wg.Wait()
	return nil
}

// loop keeps one mailbox watched: session, on failure back off, reconnect.
func (w *Watcher) loop(ctx context.Context, a config.Account, mbox string) {
	log := w.log.With("account", a.Name, "mailbox", mbox)
	failures := 0
	whole := &wholeSet{} // outlives sessions: it is what a failed session learnt
	for ctx.Err() == nil {
		m := &mailbox{w: w, acct: a, name: mbox, token: event.AccountToken(a.Name), log: log, whole: whole}
		healthy, err := m.session(ctx)
		if ctx.Err() != nil {
			return
		}
		if healthy {
			failures = 0
		}
		w.disconnected(ctx, event.AccountToken(a.Name), mbox, err)
		failures++
		delay := bus.Backoff(failures, w.BackoffBase, w.BackoffMax)
		if errors.Is(err, mailconn.ErrAuth) {
			// Wrong password: hammering the server helps nobody.
			delay = max(delay, w.BackoffMax/2)
		}
		log.Warn("mailbox session ended; reconnecting", "err", err, "retry_in", delay.Round(time.Millisecond))
		w.Metrics.Reconnect(event.AccountToken(a.Name))
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// checkpointKey is the KV key of a mailbox's checkpoint. Mailbox names can
// hold anything, so they are hashed.
func checkpointKey(token, mbox string) string {
	sum := sha256.Sum256([]byte(mbox))
	return token + "." + hex.EncodeToString(sum[:8])
}

type mailbox struct {
	w           *Watcher
	acct        config.Account
	name        string
	token       string
	log         *slog.Logger
	c           *mailconn.IMAP
	wake        chan struct{}
	uidValidity uint32
	uidNext     imap.UID
	whole       *wholeSet
}

// wholeSet holds UIDs to read without BODYSTRUCTURE (see readWhole), for
// one UIDVALIDITY.
type wholeSet struct {
	uids     map[imap.UID]bool
	validity uint32
}

// session runs one connection's life. healthy reports whether it got as far
// as watching, which resets the backoff.
func (m *mailbox) session(ctx context.Context) (healthy bool, err error) {
	m.wake = make(chan struct{}, 1)
	opts := &imapclient.Options{UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				select {
				case m.wake <- struct{}{}:
				default:
				}
			}
		},
	}}
	c, err := mailconn.DialIMAP(ctx, m.acct.IMAP, m.w.CommandTimeout, opts)
	if err != nil {
		return false, err
	}
	m.c = c
	defer c.Close()
	// Close the connection when ctx ends so that a blocked read returns.
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()

	stopGuard := c.Guard(m.w.CommandTimeout)
	sel, err := c.Select(m.name, &imap.SelectOptions{ReadOnly: true}).Wait()
	stopGuard()
	if err != nil {
		return false, fmt.Errorf("selecting %s: %w", m.name, err)
	}
	if sel.UIDNext == 0 || sel.UIDValidity == 0 {
		return false, fmt.Errorf("selecting %s: server reported no UIDNEXT/UIDVALIDITY, which catch-up needs (RFC 3501 section 6.3.1)", m.name)
	}
	m.uidValidity, m.uidNext = sel.UIDValidity, sel.UIDNext
	if err := m.catchUp(ctx); err != nil {
		return false, err
	}
	m.checked(ctx)
	m.log.Info("watching", "idle", c.Caps().Has(imap.CapIdle), "uidvalidity", sel.UIDValidity)
	healthy = true
	keepalive := m.acct.Keepalive.D()
	for ctx.Err() == nil {
		if c.Caps().Has(imap.CapIdle) && !m.acct.DisableIdle {
			err = m.idle(ctx, keepalive)
		} else {
			err = m.poll(ctx, m.acct.PollInterval.D())
		}
		if err != nil {
			return healthy, err
		}
		// Catch up after every wake-up and every keepalive cycle: a lost
		// EXISTS notification then costs at most one cycle.
		if err := m.catchUp(ctx); err != nil {
			return healthy, err
		}
		m.checked(ctx)
	}
	return healthy, nil
}

// idle waits in IDLE until new mail, keepalive, or ctx. Each exchange with
// the server runs under a watchdog: if the server or the network went
// silent, the connection is closed and the session ends within
// CommandTimeout of the keepalive.
func (m *mailbox) idle(ctx context.Context, keepalive time.Duration) error {
	// Mail that arrived during the catch-up is announced by the next
	// response; some servers (imapmemserver among them) do not repeat it
	// when IDLE starts. A NOOP first collects it, and proves the
	// connection alive at the same time.
	if err := m.guarded(func() error { return m.c.Noop().Wait() }); err != nil {
		return fmt.Errorf("NOOP before IDLE: %w", err)
	}
	select {
	case <-m.wake:
		return nil
	default:
	}
	var cmd *imapclient.IdleCommand
	if err := m.guarded(func() (err error) { cmd, err = m.c.Idle(); return err }); err != nil {
		return fmt.Errorf("starting IDLE: %w", err)
	}
	t := time.NewTimer(keepalive)
	defer t.Stop()
	select {
	case <-m.wake:
	case <-t.C:
	case <-ctx.Done():
	case <-m.c.Closed():
	}
	err := m.guarded(func() error {
		if err := cmd.Close(); err != nil {
			return err
		}
		return cmd.Wait()
	})
	if err != nil {
		return fmt.Errorf("ending IDLE: %w", err)
	}
	m.w.Metrics.IdleRestart(m.token)
	return nil
}

// guarded runs one exchange with the server under the watchdog.
func (m *mailbox) guarded(f func() error) error {
	stop := m.c.Guard(m.w.CommandTimeout)
	defer stop()
	return f()
}

// poll is the fallback for servers without IDLE: NOOP makes the server
// report new messages.
func (m *mailbox) poll(ctx context.Context, every time.Duration) error {
	t := time.NewTimer(every)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return nil
	case <-t.C:
	}
	if err := m.guarded(func() error { return m.c.Noop().Wait() }); err != nil {
		return fmt.Errorf("NOOP: %w", err)
	}
	return nil
}
