package mailer

// The daily digest (digest.mode: daily). Handle places the drafts at once,
// as always, and marks the invitation queued instead of sending its own
// digest; once a day, at digest.at in the profile's time zone, one digest
// goes out with every queued invitation not yet digested, and none when
// there is nothing new.
//
// Exactly once, with the same markers as the per-invitation digests:
//   - queued.<id>: the drafts are in place (note: the folder);
//   - batch.<account>.<day>: claimed with BeginWith, whose note is the plan
//     (the invitation ids): a retry, or a second mailer, sends exactly
//     that batch again or nothing, never a different one;
//   - digest.<id>: done once the batch that holds it went out, so no later
//     batch repeats it, and a redelivered advice is not digested again.
//
// The batch's Message-ID derives from account and day: when a crash
// between the SMTP server's 250 and the markers makes a retry send it
// again, the INBOX is searched first (digest to the watched mailbox), and
// otherwise receiving stores see the same Message-ID twice.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/digest"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailconn"
)

// batchSettings are the daily digest's settings; nil means one digest per
// invitation.
type batchSettings struct {
	hour, minute int
}

// staleClaim is how old a pending batch claim must be before another
// attempt takes it over: younger, and someone may be sending it right now.
const staleClaim = 5 * time.Minute

// DailyDigest switches the mailer to one digest a day when d.Mode is
// daily; each mode keeps one digest per invitation.
func (m *Mailer) DailyDigest(d config.Digest) {
	if d.Mode != config.DigestDaily {
		m.batch = nil
		return
	}
	h, min := d.Clock()
	m.batch = &batchSettings{hour: h, minute: min}
}

// enqueue records that adv waits for the daily digest, its drafts placed
// in folder.
func (m *Mailer) enqueue(ctx context.Context, adv event.InvitationAdvised, folder string) error {
	if err := m.bus.Done(ctx, "queued."+adv.ID, folder); err != nil {
		return err
	}
	m.log.Info("invitation queued for the daily digest", "id", adv.ID, "recommendation", adv.Recommendation)
	return nil
}

// startBatches runs the daily digest's clock until ctx ends; the returned
// function waits for it to stop.
func (m *Mailer) startBatches(ctx context.Context) (wait func()) {
	if m.batch == nil {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.log.Info("daily digest", "at", fmt.Sprintf("%02d:%02d", m.batch.hour, m.batch.minute), "zone", m.loc.String())
		for {
			if err := m.SendDueBatches(ctx, m.now()); err != nil && ctx.Err() == nil {
				m.log.Warn("daily digest not sent yet; will retry", "err", err)
			}
			// Check every minute: cheap, and robust to clock changes.
			t := time.NewTimer(time.Minute)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
	}()
	return func() { <-done }
}

// dueTime is the latest digest time at or before now.
func (m *Mailer) dueTime(now time.Time) time.Time {
	l := now.In(m.loc)
	due := time.Date(l.Year(), l.Month(), l.Day(), m.batch.hour, m.batch.minute, 0, 0, m.loc)
	if due.After(l) {
		due = due.AddDate(0, 0, -1)
	}
	return due
}

// SendDueBatches sends, for every account, the daily digest that is due
// at now, finishing any earlier one left half done first. It is what the
// mailer's clock calls every minute; calling it again does nothing more.
func (m *Mailer) SendDueBatches(ctx context.Context, now time.Time) error {
	if m.batch == nil {
		return nil
	}
	due := m.dueTime(now)
	var errs []error
	for token, acct := range m.accounts {
		// An unfinished batch of the last week goes first: its plan holds
		// invitations the new one must not repeat.
		blocked := false
		for back := 7; back >= 1 && !blocked; back-- {
			day := due.AddDate(0, 0, -back)
			mk, ok, err := m.bus.ReadMarker(ctx, batchKey(token, day))
			if err != nil {
				errs = append(errs, err)
				blocked = true
				continue
			}
			if ok && mk.State == bus.OncePending {
				if err := m.sendBatch(ctx, token, acct, day, now); err != nil {
					errs = append(errs, fmt.Errorf("finishing the digest of %s: %w", day.Format(time.DateOnly), err))
					blocked = true
				}
			}
		}
		if blocked {
			continue
		}
		if err := m.sendBatch(ctx, token, acct, due, now); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", acct.Name, err))
		}
	}
	return errors.Join(errs...)
}

func batchKey(token string, day time.Time) string {
	return "batch." + token + "." + day.Format(time.DateOnly)
}

type queued struct {
	adv    event.InvitationAdvised
	folder string
}

// sendBatch sends, once, the digest due at day (a digest time) for one
// account: the invitations advised before it and not digested yet.
func (m *Mailer) sendBatch(ctx context.Context, token string, acct config.Account, day, now time.Time) error {
	key := batchKey(token, day)
	mk, ok, err := m.bus.ReadMarker(ctx, key)
	if err != nil || ok && mk.State == bus.OnceDone {
		return err
	}
	if ok && now.Sub(mk.At) < staleClaim && now.After(mk.At) {
		return nil // claimed moments ago: that attempt is still under way
	}
	pending, err := m.pendingInvitations(ctx, token)
	if err != nil {
		return err
	}
	if !ok {
		ids := make([]string, 0, len(pending))
		for _, q := range pending {
			// Advised after the digest time: tomorrow's digest.
			if q.adv.AdvisedAt.Before(day) {
				ids = append(ids, q.adv.ID)
			}
		}
		plan, _ := json.Marshal(ids)
		if mk, err = m.bus.BeginWith(ctx, key, string(plan)); err != nil {
			return err
		}
		if mk.State == bus.OnceDone || mk.State == bus.OncePending && now.Sub(mk.At) < staleClaim && now.After(mk.At) {
			return nil // another mailer claimed it first and is on it
		}
	}
	var ids []string
	if err := json.Unmarshal([]byte(mk.Note), &ids); err != nil {
		return bus.Permanent(fmt.Errorf("batch %s: unreadable plan: %w", key, err))
	}
	if len(ids) == 0 {
		m.log.Info("nothing new for the daily digest; skipped", "account", acct.Name, "day", day.Format(time.DateOnly))
		return m.bus.Done(ctx, key, "empty")
	}
	var items []queued
	sentBefore := false
	for _, id := range ids {
		i := slices.IndexFunc(pending, func(q queued) bool { return q.adv.ID == id })
		if i < 0 {
			// Digested already: only this batch can have done it, after
			// sending (see the file comment), so it went out.
			sentBefore = true
			continue
		}
		items = append(items, pending[i])
	}
	msgID := ""
	if !sentBefore && len(items) > 0 {
		if msgID, err = m.sendDaily(ctx, acct, key, day, items, mk.State != bus.OnceFresh); err != nil {
			var se *mailconn.SendError
			if errors.As(err, &se) && se.Permanent {
				return bus.Permanent(err)
			}
			return err
		}
	}
	for _, q := range items {
		if err := m.bus.Done(ctx, "digest."+q.adv.ID, msgID); err != nil {
			return err
		}
		out := event.Outcome{V: event.Version, ID: q.adv.ID, Account: q.adv.Account, At: now.UTC(), InvitationID: q.adv.ID, Kind: q.adv.Recommendation, MessageID: msgID}
		if err := m.bus.Publish(ctx, event.Subject(event.SubjectDigestSent, q.adv.Account), "sent:"+q.adv.ID, out); err != nil {
			m.log.Warn("could not publish digest outcome", "id", q.adv.ID, "err", err)
		}
		m.Metrics.DigestSent(q.adv.Account, q.adv.Recommendation, q.adv.Invitation.DetectedAt)
	}
	if err := m.bus.Done(ctx, key, msgID); err != nil {
		return err
	}
	m.log.Info("daily digest sent", "account", acct.Name, "day", day.Format(time.DateOnly), "invitations", len(items))
	return nil
}

// pendingInvitations lists the account's invitations whose drafts are in
// place and that no digest has covered yet, from the advised events still
// in the stream.
func (m *Mailer) pendingInvitations(ctx context.Context, token string) ([]queued, error) {
	var out []queued
	seen := map[string]int{}
	err := m.bus.Replay(ctx, event.Subject(event.SubjectAdvised, token), func(data []byte) error {
		var adv event.InvitationAdvised
		if err := json.Unmarshal(data, &adv); err != nil || adv.ID == "" {
			return nil // the consumer dead-letters it; nothing to digest
		}
		if i, ok := seen[adv.ID]; ok {
			out[i].adv = adv // advised again: the latest advice counts
			return nil
		}
		seen[adv.ID] = len(out)
		out = append(out, queued{adv: adv})
		return nil
	})
	if err != nil {
		return nil, err
	}
	var ready []queued
	for _, q := range out {
		mk, ok, err := m.bus.ReadMarker(ctx, "queued."+q.adv.ID)
		if err != nil {
			return nil, err
		}
		if !ok || mk.State != bus.OnceDone {
			continue
		}
		done, err := m.bus.IsDone(ctx, "digest."+q.adv.ID)
		if err != nil {
			return nil, err
		}
		if !done {
			q.folder = mk.Note
			ready = append(ready, q)
		}
	}
	return ready, nil
}

// sendDaily renders and sends one daily digest. resumed: an earlier
// attempt may have sent it already.
func (m *Mailer) sendDaily(ctx context.Context, acct config.Account, key string, day time.Time, items []queued, resumed bool) (string, error) {
	ins := make([]digest.Input, len(items))
	for i, q := range items {
		ins[i] = digest.Input{Advised: q.adv, Location: m.loc, Folder: q.folder}
	}
	d := digest.NewDaily(day, m.loc, ins, m.accountHealth(ctx, acct))
	text, html, err := digest.RenderDaily(m.set, d)
	if err != nil {
		return "", bus.Permanent(err)
	}
	msg, id, err := digest.BuildDaily(d, text, html, event.Address{Address: acct.Address}, acct.DigestTo, strings.TrimPrefix(key, "batch."), m.now())
	if err != nil {
		return "", bus.Permanent(err)
	}
	if resumed && strings.EqualFold(acct.DigestTo, acct.Address) {
		if found, err := m.digestArrived(ctx, acct, id); err == nil && found {
			m.log.Info("daily digest from an earlier attempt found in INBOX; not sending again", "batch", key)
			return id, nil
		}
	}
	if err := mailconn.Send(ctx, acct.SMTP, msg, m.Timeout); err != nil {
		return "", fmt.Errorf("sending the daily digest: %w", err)
	}
	return id, nil
}

// healthLine is the digest's last line: is the watcher connected, when
// did it last look, and when this invitation was seen and advised.
func (m *Mailer) healthLine(ctx context.Context, adv event.InvitationAdvised) string {
	acct := m.accounts[adv.Account]
	status := m.accountHealth(ctx, acct)
	if strings.Contains(status, "unknown") {
		return m.health(adv) // no report from the watcher: say what we know
	}
	inv := adv.Invitation
	return fmt.Sprintf("%s Invitation seen %s, advised %s.", status,
		inv.DetectedAt.In(m.loc).Format("2 Jan 15:04:05 MST"), adv.AdvisedAt.In(m.loc).Format("15:04:05"))
}

// accountHealth reports the watcher's state for each of acct's mailboxes.
func (m *Mailer) accountHealth(ctx context.Context, acct config.Account) string {
	token := event.AccountToken(acct.Name)
	var parts []string
	for _, mbox := range acct.Mailboxes {
		st, ok, err := m.bus.LoadWatchStatus(ctx, bus.WatchKey(token, mbox))
		switch {
		case err != nil || !ok:
			parts = append(parts, fmt.Sprintf("Watcher status for %s unknown.", mbox))
		case st.Connected:
			parts = append(parts, fmt.Sprintf("Watcher connected to %s (%s); last check %s.", mbox, acct.Name, m.clock(st.LastCheck)))
		default:
			line := fmt.Sprintf("Watcher NOT connected to %s (%s) since %s", mbox, acct.Name, m.clock(st.UpdatedAt))
			if st.Error != "" {
				line += ": " + firstLine(st.Error, 120)
			}
			if !st.LastCheck.IsZero() {
				line += "; last good check " + m.clock(st.LastCheck)
			}
			parts = append(parts, line+". Run sayyes doctor to find out why.")
		}
	}
	return strings.Join(parts, " ")
}

func (m *Mailer) clock(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.In(m.loc).Format("2 Jan 15:04 MST")
}

func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}
