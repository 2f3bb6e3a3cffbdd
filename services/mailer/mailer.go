// Package mailer performs Sayyes' effects on the outside world: for each
// advised invitation it places the reply drafts in the user's Drafts folder
// and sends the user one digest. Each effect is guarded by a once-only
// marker in JetStream KV and carries a deterministic Message-ID, so
// redeliveries, restarts and crashes between steps never produce a second
// digest or a second copy of a draft.
package mailer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/digest"
	"github.com/sayyes/sayyes/pkg/draft"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/pkg/replytoken"
	"github.com/sayyes/sayyes/pkg/telemetry"
	"github.com/sayyes/sayyes/templates"
)

// Consumer is the mailer's durable consumer of advised invitations.
func Consumer() bus.Consumer {
	return bus.Consumer{
		Name:       "mailer",
		Filter:     event.SubjectAdvised + ".>",
		Stage:      "mailer",
		AckWait:    30 * time.Second,
		MaxDeliver: 12,
		RetryBase:  2 * time.Second,
		RetryMax:   5 * time.Minute,
	}
}

// Mailer writes drafts and sends digests.
type Mailer struct {
	bus      *bus.Bus
	set      *templates.Set
	accounts map[string]config.Account // by account token
	loc      *time.Location
	log      *slog.Logger
	// Timeout bounds one SMTP or IMAP conversation.
	Timeout time.Duration
	now     func() time.Time
	profile config.Profile
	replies replySettings
	// Metrics, if set, counts digests, drafts and replies.
	Metrics *telemetry.Metrics
	batch   *batchSettings // daily digest (batch.go); nil: one per invitation
}

// New returns a mailer for the accounts; profile supplies the time zone.
func New(b *bus.Bus, set *templates.Set, accounts []config.Account, profile config.Profile, log *slog.Logger) *Mailer {
	loc, err := time.LoadLocation(profile.Timezone)
	if err != nil {
		loc = time.UTC
	}
	m := &Mailer{bus: b, set: set, accounts: map[string]config.Account{}, loc: loc, log: log, Timeout: 30 * time.Second, now: time.Now, profile: profile}
	for _, a := range accounts {
		m.accounts[event.AccountToken(a.Name)] = a
	}
	return m
}

// Run consumes until ctx is done.
func (m *Mailer) Run(ctx context.Context) error {
	m.log.Info("mailer consuming", "filter", Consumer().Filter, "replies", m.replies.secret != nil)
	defer m.startBatches(ctx)()
	errs := make(chan error, 2)
	go func() { errs <- m.bus.Consume(ctx, Consumer(), m.Handle) }()
	go func() { errs <- m.bus.Consume(ctx, ReplyConsumer(), m.HandleReply) }()
	return errors.Join(<-errs, <-errs)
}

// Handle performs the effects of one advised invitation.
func (m *Mailer) Handle(ctx context.Context, d bus.Delivery) error {
	var adv event.InvitationAdvised
	if err := json.Unmarshal(d.Data, &adv); err != nil {
		return bus.Permanent(fmt.Errorf("decoding advised invitation: %w", err))
	}
	acct, ok := m.accounts[adv.Account]
	if !ok {
		return bus.Permanent(fmt.Errorf("no account %q in this mailer's configuration", adv.Account))
	}
	digestKey := "digest." + adv.ID
	state, err := m.bus.Begin(ctx, digestKey)
	if err != nil {
		return err
	}
	if state == bus.OnceDone {
		m.log.Info("digest already sent; skipping redelivery", "id", adv.ID)
		return nil
	}
	folder, drafts, err := m.placeDrafts(ctx, acct, adv)
	if err != nil {
		return err
	}
	if err := m.recordDrafts(ctx, acct, adv, folder); err != nil {
		return err
	}
	if m.batch != nil {
		return m.enqueue(ctx, adv, folder) // the daily digest covers it
	}
	msgID, resp, err := m.sendDigest(ctx, acct, adv, folder, state == bus.OncePending)
	if err != nil {
		var se *mailconn.SendError
		if errors.As(err, &se) && se.Permanent {
			return bus.Permanent(err)
		}
		return err
	}
	if err := m.bus.Done(ctx, digestKey, msgID); err != nil {
		return err
	}
	out := event.Outcome{V: event.Version, ID: adv.ID, Account: adv.Account, At: m.now().UTC(), InvitationID: adv.ID, Kind: adv.Recommendation, MessageID: msgID, SMTPResponse: resp, Drafts: drafts}
	if err := m.bus.Publish(ctx, event.Subject(event.SubjectDigestSent, adv.Account), "sent:"+adv.ID, out); err != nil {
		// The digest went out; the audit record is best effort.
		m.log.Warn("could not publish digest outcome", "id", adv.ID, "err", err)
	}
	m.Metrics.DigestSent(adv.Account, adv.Recommendation, adv.Invitation.DetectedAt)
	m.log.Info("digest sent", "id", adv.ID, "recommendation", adv.Recommendation, "drafts", len(drafts))
	return nil
}

// placeDrafts APPENDs each draft once. A draft whose marker is pending (an
// earlier attempt died mid-way) is looked up by its Message-ID before being
// written again.
func (m *Mailer) placeDrafts(ctx context.Context, acct config.Account, adv event.InvitationAdvised) (string, []string, error) {
	if len(adv.Drafts) == 0 {
		return "", nil, nil
	}
	c, err := mailconn.DialIMAP(ctx, acct.IMAP, m.Timeout, nil)
	if err != nil {
		return "", nil, fmt.Errorf("placing drafts: %w", err)
	}
	defer c.Close()
	defer c.Guard(m.Timeout * 2)()
	folder := acct.DraftsMailbox
	if folder == "" {
		folder, err = c.FindFolder(imap.MailboxAttrDrafts, mailconn.DraftsNames...)
		if err != nil {
			return "", nil, fmt.Errorf("finding the Drafts folder: %w", err)
		}
	}
	from := event.Address{Name: "", Address: acct.Address}
	var ids []string
	for _, dr := range adv.Drafts {
		key := "draft." + adv.ID + "." + dr.Kind
		state, err := m.bus.Begin(ctx, key)
		if err != nil {
			return "", nil, err
		}
		raw, id, err := draft.Build(dr, from, adv.ID, m.now())
		if err != nil {
			return "", nil, bus.Permanent(err)
		}
		ids = append(ids, id)
		if state == bus.OnceDone {
			continue
		}
		if state == bus.OncePending {
			found, err := c.HasMessageID(folder, id)
			if err != nil {
				return "", nil, fmt.Errorf("checking for an earlier draft: %w", err)
			}
			if found {
				if err := m.bus.Done(ctx, key, id); err != nil {
					return "", nil, err
				}
				continue
			}
		}
		if err := c.Append(folder, raw, []imap.Flag{imap.FlagDraft, imap.FlagSeen}, m.now()); err != nil {
			return "", nil, err
		}
		m.Metrics.DraftWritten(adv.Account, dr.Kind)
		if err := m.bus.Done(ctx, key, id); err != nil {
			return "", nil, err
		}
	}
	_ = c.Logout().Wait()
	return folder, ids, nil
}

// sendDigest sends the digest. When an earlier attempt may have sent it
// (pending) and the digest goes to the watched mailbox itself, the INBOX is
// checked for its Message-ID first.
func (m *Mailer) sendDigest(ctx context.Context, acct config.Account, adv event.InvitationAdvised, folder string, pending bool) (string, string, error) {
	in := digest.Input{Advised: adv, Location: m.loc, Folder: folder, Health: m.healthLine(ctx, adv)}
	if m.replies.secret != nil && m.replies.byDigest {
		in.Codes, in.Expires = map[string]string{}, m.now().Add(m.replies.ttl)
		for _, dr := range adv.Drafts {
			code, err := replytoken.Mint(m.replies.secret, adv.ID, dr.Kind, in.Expires)
			if err != nil {
				return "", "", bus.Permanent(err)
			}
			in.Codes[dr.Kind] = code
		}
	}
	v := digest.NewView(in)
	text, html, err := digest.Render(m.set, v)
	if err != nil {
		return "", "", bus.Permanent(err)
	}
	msg, id, err := digest.Build(v, text, html, event.Address{Address: acct.Address}, acct.DigestTo, adv.Invitation.Message, m.now())
	if err != nil {
		return "", "", bus.Permanent(err)
	}
	if pending && strings.EqualFold(acct.DigestTo, acct.Address) {
		if found, err := m.digestArrived(ctx, acct, id); err == nil && found {
			m.log.Info("digest from an earlier attempt found in INBOX; not sending again", "id", adv.ID)
			return id, "already delivered", nil
		}
	}
	if err := mailconn.Send(ctx, acct.SMTP, msg, m.Timeout); err != nil {
		return "", "", fmt.Errorf("sending digest: %w", err)
	}
	return id, "", nil
}

func (m *Mailer) digestArrived(ctx context.Context, acct config.Account, id string) (bool, error) {
	c, err := mailconn.DialIMAP(ctx, acct.IMAP, m.Timeout, nil)
	if err != nil {
		return false, err
	}
	defer c.Close()
	defer c.Guard(m.Timeout)()
	return c.HasMessageID("INBOX", id)
}

func (m *Mailer) health(adv event.InvitationAdvised) string {
	inv := adv.Invitation
	return fmt.Sprintf("Watching %s (%s). Invitation seen %s, advised %s.",
		inv.Source.Mailbox, inv.Account,
		inv.DetectedAt.In(m.loc).Format("2 Jan 15:04:05 MST"),
		adv.AdvisedAt.In(m.loc).Format("15:04:05"))
}
