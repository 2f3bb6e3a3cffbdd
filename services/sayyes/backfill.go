package sayyes

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/digestreply"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/pkg/mailfetch"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/services/watcher"
)

// BackfillOptions tune a backfill run.
type BackfillOptions struct {
	// Since is how far back, by arrival (internal) date, to look.
	Since time.Duration
	// Restart ignores a cursor left by an interrupted run and starts again
	// from the oldest message in the window.
	Restart bool
	// Progress, if set, is called after every message.
	Progress func(BackfillProgress)
	// Found, if set, is called for every invitation found, with what was
	// done with it.
	Found func(Found)
	// Log receives warnings (dead letters) and debug detail; nil discards.
	Log *slog.Logger
	// CommandTimeout bounds each IMAP command (default 30s; a FETCH gets a
	// second per message on top).
	CommandTimeout time.Duration
	// BatchSize is how many messages one FETCH asks for (default 50).
	BatchSize int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// BackfillStats counts what a run did. Scanned + Resumed = Total once the
// run completes.
type BackfillStats struct {
	Since     time.Time // start of the window
	Mailboxes int
	// Total is the number of messages in the window.
	Total int
	// Resumed counts messages an earlier, interrupted run already handled.
	Resumed int
	// Scanned counts messages read by this run.
	Scanned int
	// Skipped counts mail Sayyes wrote (digests, confirmations) and replies
	// to digests: never classified, and old replies never send anything.
	Skipped      int
	Invitations  int
	Past         int // every proposed time is in the past: not open any more
	Handled      int // the digest was sent before
	Queued       int // published before and still on its way (JetStream dropped the repeat)
	Published    int
	DeadLettered int
}

// BackfillProgress is reported after each message.
type BackfillProgress struct {
	Account, Mailbox string
	// Done counts messages handled, by this run or the interrupted one it
	// resumes; Total is every message in the window, all mailboxes.
	Done, Total int
	// Resumed of Done were handled by the interrupted run; this run began
	// handling messages at Started. Rates and ETAs come from the rest.
	Resumed int
	Started time.Time
	Stats   BackfillStats
}

// Outcomes of a found invitation.
const (
	FoundPublished = "published"
	FoundHandled   = "already handled"
	FoundQueued    = "already queued"
	FoundPast      = "past"
)

// Found is an invitation the backfill came across.
type Found struct {
	Account, Mailbox string
	UID              uint32
	Invitation       event.InvitationDetected
	Outcome          string
}

// ErrBackfillChanged reports a mailbox whose UIDVALIDITY changed while the
// backfill ran; running again starts it afresh.
var ErrBackfillChanged = errors.New("the mailbox was renumbered (UIDVALIDITY changed) during the backfill")

// Backfill scans the watched mailboxes of accounts for invitations that
// arrived within o.Since and publishes the open ones exactly as the watcher
// does (same subject, same Nats-Msg-Id), so the advisor and mailer of a
// running Sayyes handle them. An invitation whose digest was already sent
// is not published at all; one published but not yet digested is dropped
// by JetStream's duplicate window or, later, by the mailer's once-markers.
// Mailboxes are selected read-only and read with BODY.PEEK, so nothing is
// marked read.
//
// Progress is kept per mailbox in the checkpoints bucket under a key of
// its own (the watcher's checkpoints are not touched): an interrupted run
// (ctx cancelled, connection lost) continues after the last message it
// finished, unless the mailbox's UIDVALIDITY changed. A run that completes
// clears its cursor, so running the command again rescans the window and
// reports everything as already handled.
//
// On cancellation it returns the stats so far and ctx's error.
func Backfill(ctx context.Context, b *bus.Bus, accounts []config.Account, o BackfillOptions) (BackfillStats, error) {
	if o.CommandTimeout <= 0 {
		o.CommandTimeout = 30 * time.Second
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 50
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	bf := &backfill{b: b, o: o, start: o.Now()}
	bf.stats.Since = bf.start.Add(-o.Since).Round(0)
	defer bf.closeAll()
	// Plan first, so the progress has a total from the start.
	var plans []*bfMailbox
	for _, a := range accounts {
		ps, err := bf.plan(ctx, a)
		if err != nil {
			return bf.stats, err
		}
		plans = append(plans, ps...)
	}
	bf.started = o.Now()
	for _, p := range plans {
		if err := bf.run(ctx, p); err != nil {
			return bf.stats, err
		}
	}
	return bf.stats, nil
}

type backfill struct {
	b       *bus.Bus
	o       BackfillOptions
	start   time.Time
	started time.Time // when the messages began to be handled
	stats   BackfillStats
	done    int
	conns   []*mailconn.IMAP
	stops   []func() bool
}

// bfMailbox is one mailbox's share of the work.
type bfMailbox struct {
	acct        config.Account
	token, name string
	key         string // cursor key
	c           *mailconn.IMAP
	uidValidity uint32
	uids        []imap.UID // still to do, ascending
}

func (bf *backfill) closeAll() {
	for _, stop := range bf.stops {
		stop()
	}
	for _, c := range bf.conns {
		c.Close()
	}
}

// plan connects to an account, and for each watched mailbox finds the
// messages in the window and what an earlier run left to do.
func (bf *backfill) plan(ctx context.Context, a config.Account) ([]*bfMailbox, error) {
	c, err := mailconn.DialIMAP(ctx, a.IMAP, bf.o.CommandTimeout, nil)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", a.Name, err)
	}
	bf.conns = append(bf.conns, c)
	// Close the connection when ctx ends so that a blocked read returns.
	bf.stops = append(bf.stops, context.AfterFunc(ctx, func() { c.Close() }))
	token := event.AccountToken(a.Name)
	var out []*bfMailbox
	for _, name := range a.Mailboxes {
		m := &bfMailbox{acct: a, token: token, name: name, c: c, key: cursorKey(token, name, bf.o.Since)}
		all, err := m.search(bf.stats.Since, bf.o.CommandTimeout)
		if err != nil {
			return nil, ctxErr(ctx, err)
		}
		m.uids = all
		cur, ok, err := bf.b.LoadCheckpoint(ctx, m.key)
		if err != nil {
			return nil, err
		}
		if ok && !bf.o.Restart && cur.UIDValidity == m.uidValidity && cur.LastUID > 0 {
			i, _ := slices.BinarySearch(all, imap.UID(cur.LastUID+1))
			m.uids = all[i:]
			bf.stats.Resumed += i
			bf.done += i
			bf.o.Log.Info("resuming an interrupted backfill", "account", a.Name, "mailbox", name, "after_uid", cur.LastUID, "done_before", i)
		}
		bf.stats.Total += len(all)
		bf.stats.Mailboxes++
		out = append(out, m)
	}
	return out, nil
}

// selectBox selects the mailbox read-only; a UIDVALIDITY other than the one
// planned with means the UIDs are not the planned ones any more.
func (m *bfMailbox) selectBox(timeout time.Duration) (*imap.SelectData, error) {
	defer m.c.Guard(timeout)()
	sel, err := m.c.Select(m.name, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, fmt.Errorf("account %s: selecting %s: %w", m.acct.Name, m.name, err)
	}
	if m.uidValidity != 0 && sel.UIDValidity != m.uidValidity {
		return nil, fmt.Errorf("account %s, %s: %w; run the backfill again", m.acct.Name, m.name, ErrBackfillChanged)
	}
	m.uidValidity = sel.UIDValidity
	return sel, nil
}

// search selects the mailbox and returns the UIDs that arrived on or after
// since's date (IMAP SINCE compares dates, RFC 3501 section 6.4.4),
// ascending.
func (m *bfMailbox) search(since time.Time, timeout time.Duration) ([]imap.UID, error) {
	sel, err := m.selectBox(timeout)
	if err != nil || sel.NumMessages == 0 {
		return nil, err
	}
	defer m.c.Guard(timeout)()
	res, err := m.c.UIDSearch(&imap.SearchCriteria{Since: since}, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("account %s: searching %s since %s: %w", m.acct.Name, m.name, since.Format(time.DateOnly), err)
	}
	uids := res.AllUIDs()
	slices.Sort(uids)
	return uids, nil
}

// cursorKey names a mailbox's backfill cursor. The window is part of it:
// a cursor left by --since 30d says nothing about what --since 90d covered.
func cursorKey(token, mbox string, since time.Duration) string {
	sum := sha256.Sum256([]byte(mbox))
	return fmt.Sprintf("backfill.%s.%s.%dh", token, hex.EncodeToString(sum[:8]), int64(since/time.Hour))
}

// run handles one mailbox's remaining messages in UID order, moving the
// cursor after each batch, and on the way out after the last message
// finished.
func (bf *backfill) run(ctx context.Context, m *bfMailbox) (err error) {
	if len(m.uids) == 0 {
		return bf.saveCursor(ctx, m, 0)
	}
	// Another mailbox of the account may have been selected since planning.
	if _, err := m.selectBox(bf.o.CommandTimeout); err != nil {
		return ctxErr(ctx, err)
	}
	var last imap.UID
	defer func() {
		if err != nil && last > 0 {
			// Detached: the cursor must be saved even when ctx ended.
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if serr := bf.saveCursor(sctx, m, last); serr != nil {
				err = errors.Join(err, serr)
			}
		}
	}()
	uids := m.uids
	for len(uids) > 0 {
		n := min(len(uids), bf.o.BatchSize)
		batch := uids[:n]
		uids = uids[n:]
		got, err := bf.fetch(ctx, m, batch)
		if err != nil {
			return ctxErr(ctx, err)
		}
		for _, f := range got {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := bf.handle(ctx, m, f); err != nil {
				return ctxErr(ctx, err)
			}
			last = f.UID
			bf.done++
			bf.stats.Scanned++
			if bf.o.Progress != nil {
				bf.o.Progress(BackfillProgress{
					Account: m.acct.Name, Mailbox: m.name, Done: bf.done, Total: bf.stats.Total,
					Resumed: bf.stats.Resumed, Started: bf.started, Stats: bf.stats,
				})
			}
		}
		if len(uids) > 0 {
			if err := bf.saveCursor(ctx, m, last); err != nil {
				return ctxErr(ctx, err)
			}
		}
	}
	// Complete: the next run starts from the beginning of its window.
	last = 0
	return bf.saveCursor(ctx, m, 0)
}

func (bf *backfill) saveCursor(ctx context.Context, m *bfMailbox, last imap.UID) error {
	return bf.b.SaveCheckpoint(ctx, m.key, bus.Checkpoint{UIDValidity: m.uidValidity, LastUID: uint32(last)})
}

// bfFetched is one message as the watcher reads it.
type bfFetched = mailfetch.Message

// fetch reads a batch as the watcher does (mailfetch), collecting it whole
// before anything is published.
func (bf *backfill) fetch(ctx context.Context, m *bfMailbox, uids []imap.UID) ([]bfFetched, error) {
	stop := m.c.Guard(bf.o.CommandTimeout + time.Duration(len(uids))*time.Second)
	out, err := mailfetch.Fetch(m.c.Client, uids, int64(m.acct.MaxFetchBytes))
	stop()
	if se := (*mailfetch.StructureError)(nil); errors.As(err, &se) {
		// The server dropped the connection describing one of these: as
		// the watcher does, reconnect and read the batch whole. The
		// connection is shared by the account's mailboxes, so it is
		// replaced in place.
		bf.o.Log.Warn("the server could not describe these messages' structure; reading them whole", "account", m.acct.Name, "mailbox", m.name, "first_uid", uids[0], "err", se.Err)
		c, derr := mailconn.DialIMAP(ctx, m.acct.IMAP, bf.o.CommandTimeout, nil)
		if derr != nil {
			return nil, fmt.Errorf("account %s: reconnecting: %w", m.acct.Name, derr)
		}
		m.c.Close()
		*m.c = *c
		if _, err := m.selectBox(bf.o.CommandTimeout); err != nil {
			return nil, err
		}
		defer m.c.Guard(bf.o.CommandTimeout + time.Duration(len(uids))*time.Second)()
		out, err = mailfetch.FetchWhole(m.c.Client, uids, int64(m.acct.MaxFetchBytes))
	}
	if err != nil {
		return nil, fmt.Errorf("account %s: reading from %s: %w", m.acct.Name, m.name, err)
	}
	return out, nil
}

func (bf *backfill) handle(ctx context.Context, m *bfMailbox, f bfFetched) error {
	src := event.Source{Mailbox: m.name, UIDValidity: m.uidValidity, UID: uint32(f.UID), Size: f.Size, Arrived: f.Arrived}
	if len(f.Raw) == 0 {
		return bf.deadLetter(ctx, m, src, f, "empty message body from server")
	}
	if isOwnMail(f.Raw) || isDigestReply(f.Raw) {
		bf.stats.Skipped++
		return nil
	}
	inv, isInv, err := watcher.Detect(m.token, f.Raw, src, f.Cut)
	if err != nil {
		return bf.deadLetter(ctx, m, src, f, err.Error())
	}
	if !isInv {
		return nil
	}
	bf.stats.Invitations++
	found := Found{Account: m.acct.Name, Mailbox: m.name, UID: uint32(f.UID), Invitation: inv}
	report := func(outcome string) {
		if bf.o.Found != nil {
			found.Outcome = outcome
			bf.o.Found(found)
		}
	}
	if allPast(inv.Detection.ProposedTimes, bf.start) {
		bf.stats.Past++
		report(FoundPast)
		return nil
	}
	done, err := bf.b.IsDone(ctx, "digest."+inv.ID)
	if err != nil {
		return err
	}
	if done {
		bf.stats.Handled++
		report(FoundHandled)
		return nil
	}
	inv.DetectedAt = bf.o.Now().UTC()
	data, err := json.Marshal(inv)
	if err != nil {
		return fmt.Errorf("encoding invitation %s: %w", inv.ID, err)
	}
	subject := event.Subject(event.SubjectDetected, m.token)
	ack, err := bf.b.JetStream().Publish(ctx, subject, data, jetstream.WithMsgID("det:"+inv.ID))
	if errors.Is(err, nats.ErrMaxPayload) || errors.Is(err, jetstream.ErrStreamMessageExceedsMaximum) {
		// Too big for the bus, now and on every later try: stopping here
		// would stop every later run at the same message.
		return bf.deadLetter(ctx, m, src, f, fmt.Sprintf("the detection event (%d bytes) is larger than the bus accepts", len(data)))
	}
	if err != nil {
		return fmt.Errorf("publishing to %s: %w", subject, err)
	}
	if ack.Duplicate {
		bf.stats.Queued++
		report(FoundQueued)
		return nil
	}
	bf.stats.Published++
	report(FoundPublished)
	bf.o.Log.Info("invitation published", "account", m.acct.Name, "mailbox", m.name, "uid", f.UID, "id", inv.ID)
	return nil
}

// allPast reports whether the invitation proposed times and all of them
// have passed. An invitation without times (a scheduling link, "when are
// you free?") counts as open.
func allPast(times []time.Time, now time.Time) bool {
	if len(times) == 0 {
		return false
	}
	for _, t := range times {
		if !t.Before(now) {
			return false
		}
	}
	return true
}

func (bf *backfill) deadLetter(ctx context.Context, m *bfMailbox, src event.Source, f bfFetched, reason string) error {
	bf.o.Log.Warn("message dead-lettered", "account", m.acct.Name, "mailbox", m.name, "uid", f.UID, "reason", reason)
	bf.stats.DeadLettered++
	sum := sha256.Sum256([]byte(m.name))
	return bf.b.DeadLetter(ctx, event.DeadLetter{
		ID:      fmt.Sprintf("%s.%s-%d-%d", m.token, hex.EncodeToString(sum[:8]), src.UIDValidity, src.UID),
		Account: m.token,
		Stage:   "backfill",
		Reason:  reason,
		Source:  &src,
		Payload: f.Raw,
	})
}

// isOwnMail reports mail Sayyes wrote (digests, confirmations): it carries
// X-Sayyes-Invitation and must never be classified.
func isOwnMail(raw []byte) bool {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		end = min(len(raw), 64<<10)
	}
	return bytes.Contains(bytes.ToLower(raw[:end]), []byte("\nx-sayyes-invitation:"))
}

// isDigestReply reports the user's answer to a digest. The backfill never
// acts on one: a reply found in old mail is not a request made now.
func isDigestReply(raw []byte) bool {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		end = min(len(raw), 64<<10)
	}
	if !bytes.Contains(bytes.ToLower(raw[:end]), []byte("sayyes.digest.")) {
		return false // the cheap test: no digest's Message-ID in the header
	}
	msg, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
	if err != nil {
		return false
	}
	_, ok := digestreply.InvitationOf(msg)
	return ok
}

// ctxErr prefers ctx's error: once ctx ends, the closed connection's
// errors only say the same thing worse.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
