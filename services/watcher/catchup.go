package watcher

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailfetch"
)

// fetchBatch bounds how many messages one FETCH asks for.
const fetchBatch = 50

// catchUp handles everything after the checkpoint.
func (m *mailbox) catchUp(ctx context.Context) error {
	key := checkpointKey(m.token, m.name)
	cp, ok, err := m.w.bus.LoadCheckpoint(ctx, key)
	if err != nil {
		return err
	}
	if !ok || cp.UIDValidity != m.uidValidity {
		return m.lookBack(ctx, key, ok)
	}
	// UID FETCH n:* always returns the highest message even when its UID is
	// below n (RFC 3501 section 6.4.8): filter on uid > last.
	set := imap.UIDSet{imap.UIDRange{Start: imap.UID(cp.LastUID + 1), Stop: 0}}
	var msgs []*imapclient.FetchMessageBuffer
	err = m.guarded(func() (err error) {
		msgs, err = m.c.Fetch(set, &imap.FetchOptions{UID: true}).Collect()
		return err
	})
	if err != nil {
		return fmt.Errorf("listing new messages: %w", err)
	}
	var uids []imap.UID
	for _, msg := range msgs {
		if uint32(msg.UID) > cp.LastUID {
			uids = append(uids, msg.UID)
		}
	}
	return m.process(ctx, key, uids)
}

// lookBack runs on a mailbox's first start, or after its UIDVALIDITY
// changed: handle what arrived within initial_lookback, by arrival date,
// instead of the whole history. Deduplication by Message-ID downstream
// keeps a re-numbered mailbox from producing second digests. The checkpoint
// then moves to just below the UIDNEXT that SELECT reported.
func (m *mailbox) lookBack(ctx context.Context, key string, hadCheckpoint bool) error {
	since := m.w.now().Add(-m.acct.InitialLookback.D())
	var res *imap.SearchData
	err := m.guarded(func() (err error) {
		res, err = m.c.UIDSearch(&imap.SearchCriteria{Since: since}, nil).Wait()
		return err
	})
	if err != nil {
		return fmt.Errorf("searching messages since %s: %w", since.Format(time.DateOnly), err)
	}
	uids := res.AllUIDs()
	m.log.Info("looking back", "since", since.Format(time.DateOnly), "messages", len(uids), "uidvalidity_changed", hadCheckpoint)
	if err := m.process(ctx, key, uids); err != nil {
		return err
	}
	// Everything below UIDNEXT has been seen now, invitation or not.
	last := uint32(m.uidNext) - 1
	if n := len(uids); n > 0 && uint32(uids[n-1]) > last {
		last = uint32(uids[n-1])
	}
	return m.w.bus.SaveCheckpoint(ctx, key, bus.Checkpoint{UIDValidity: m.uidValidity, LastUID: last})
}

// process fetches and handles uids in order, checkpointing after each.
func (m *mailbox) process(ctx context.Context, key string, uids []imap.UID) error {
	slices.Sort(uids)
	for len(uids) > 0 {
		n := min(len(uids), fetchBatch)
		batch := uids[:n]
		uids = uids[n:]
		if err := m.fetchAndHandle(ctx, key, batch); err != nil {
			return err
		}
	}
	return nil
}

// fetched is one message as read for detection.
type fetched = mailfetch.Message

// readWhole reports whether a batch holds a message whose structure the
// server failed to describe before.
func (m *mailbox) readWhole(uids []imap.UID) bool {
	if m.whole == nil || m.whole.validity != m.uidValidity {
		return false
	}
	for _, u := range uids {
		if m.whole.uids[u] {
			return true
		}
	}
	return false
}

func (m *mailbox) markWhole(uids []imap.UID) {
	if m.whole == nil {
		m.whole = &wholeSet{}
	}
	if m.whole.uids == nil || m.whole.validity != m.uidValidity {
		m.whole.uids, m.whole.validity = map[imap.UID]bool{}, m.uidValidity
	}
	for _, u := range uids {
		m.whole.uids[u] = true
	}
}

func (m *mailbox) fetchAndHandle(ctx context.Context, key string, uids []imap.UID) error {
	// Big messages take time: allow a second per message on top.
	stop := m.c.Guard(m.w.CommandTimeout + time.Duration(len(uids))*time.Second)
	// The batch is collected first: publishing while the FETCH streams
	// would hold the IMAP connection hostage to NATS.
	var got []fetched
	var err error
	if m.readWhole(uids) {
		got, err = mailfetch.FetchWhole(m.c.Client, uids, int64(m.acct.MaxFetchBytes))
	} else {
		got, err = mailfetch.Fetch(m.c.Client, uids, int64(m.acct.MaxFetchBytes))
	}
	stop()
	if se := (*mailfetch.StructureError)(nil); errors.As(err, &se) {
		// The server could not take one of these apart (imapmemserver drops
		// the connection on some hostile mail): after reconnecting, read
		// them whole, as a plain client would, so the mailbox moves on.
		m.markWhole(se.UIDs)
		m.log.Warn("the server could not describe these messages' structure; reading them whole", "first_uid", se.UIDs[0], "messages", len(se.UIDs), "err", se.Err)
	}
	if err != nil {
		return err
	}
	for _, f := range got {
		if err := m.handle(ctx, f); err != nil {
			return err
		}
		if err := m.w.bus.SaveCheckpoint(ctx, key, bus.Checkpoint{UIDValidity: m.uidValidity, LastUID: uint32(f.UID)}); err != nil {
			return err
		}
	}
	return nil
}

// isOwn reports mail Sayyes wrote itself (digests, confirmations): it must
// never be classified, or a digest could trigger another digest.
func isOwn(raw []byte) bool {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		end = min(len(raw), 64<<10)
	}
	return bytes.Contains(bytes.ToLower(raw[:end]), []byte("\nx-sayyes-invitation:"))
}

func (m *mailbox) handle(ctx context.Context, f fetched) error {
	src := event.Source{Mailbox: m.name, UIDValidity: m.uidValidity, UID: uint32(f.UID), Size: f.Size, Arrived: f.Arrived}
	if len(f.Raw) == 0 {
		return m.deadLetter(ctx, src, f, "empty message body from server")
	}
	if isOwn(f.Raw) {
		return nil
	}
	if handled, err := m.digestReply(ctx, f, src); handled || err != nil {
		return err
	}
	if f.Skipped > 0 {
		m.log.Debug("attachments left on the server", "uid", f.UID, "bytes", f.Skipped)
	}
	inv, res, err := detectMessage(m.token, f.Raw, src, f.Cut)
	if err != nil {
		return m.deadLetter(ctx, src, f, err.Error())
	}
	publish, entry, err := m.thread(ctx, &inv, res)
	if err != nil {
		return err
	}
	if !publish {
		m.log.Debug("not an invitation", "uid", f.UID)
		return nil
	}
	inv.DetectedAt = m.w.now().UTC()
	if reason := fitEvent(&inv); reason != "" {
		return m.deadLetter(ctx, src, f, reason)
	}
	if err := m.w.bus.Publish(ctx, event.Subject(event.SubjectDetected, m.token), "det:"+inv.ID, inv); err != nil {
		return err
	}
	if err := m.indexThread(ctx, inv.Message.MessageID, entry); err != nil {
		return err
	}
	m.w.Metrics.Detected(m.token, inv.Detection.Kind)
	m.log.Info("invitation detected", "uid", f.UID, "id", inv.ID, "kind", inv.Detection.Kind, "score", inv.Detection.Score)
	return nil
}

// deadLetter keeps an unprocessable message's reason and first bytes, so
// the mailbox moves on and nothing is lost.
func (m *mailbox) deadLetter(ctx context.Context, src event.Source, f fetched, reason string) error {
	m.log.Warn("message dead-lettered", "uid", f.UID, "reason", reason)
	return m.w.bus.DeadLetter(ctx, event.DeadLetter{
		ID:      fmt.Sprintf("%s-%d-%d", checkpointKey(m.token, m.name), src.UIDValidity, src.UID),
		Account: m.token,
		Stage:   "watcher",
		Reason:  reason,
		Source:  &src,
		Payload: f.Raw,
	})
}
