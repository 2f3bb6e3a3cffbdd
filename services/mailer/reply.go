package mailer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/wneessen/go-mail"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/draft"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/pkg/replytoken"
)

// ReplyConsumer is the mailer's durable consumer of reply requests. One
// delivery attempt is enough to decide; retries only cover transient
// failures before the recruiter's server accepted the message.
func ReplyConsumer() bus.Consumer {
	return bus.Consumer{
		Name:       "mailer-replies",
		Filter:     event.SubjectReplyRequested + ".>",
		Stage:      "reply",
		AckWait:    30 * time.Second,
		MaxDeliver: 8,
		RetryBase:  5 * time.Second,
		RetryMax:   5 * time.Minute,
	}
}

type replySettings struct {
	secret   []byte
	ttl      time.Duration
	byDigest bool
}

// EnableReplies lets the mailer send drafts on request: secret verifies the
// reply codes, ttl is how long digest codes last, byDigest puts codes in
// digests so the user can answer them. Without it every request is refused.
func (m *Mailer) EnableReplies(secret []byte, ttl time.Duration, byDigest bool) {
	m.replies = replySettings{secret: secret, ttl: ttl, byDigest: byDigest}
}

// recordDrafts keeps what was prepared, for `sayyes drafts` and for
// sending on request.
func (m *Mailer) recordDrafts(ctx context.Context, acct config.Account, adv event.InvitationAdvised, folder string) error {
	inv := adv.Invitation
	return m.bus.SaveDrafts(ctx, bus.DraftSet{
		InvitationID: adv.ID, Account: adv.Account, Subject: inv.Message.Subject, From: inv.Message.From,
		Company: inv.Detection.Company, Role: inv.Detection.Role, Recommendation: adv.Recommendation,
		ProposedTimes: inv.Detection.ProposedTimes, Folder: folder, Drafts: adv.Drafts,
		DigestID:   draft.MessageID("digest", adv.ID, acct.Address),
		Invitation: &inv,
		CreatedAt:  m.now().UTC(),
	})
}

// ErrRefused marks a request that is not authorised; nothing is sent.
var ErrRefused = errors.New("reply request refused")

// HandleReply sends one prepared reply to the recruiter, exactly once:
//  1. the request's code must verify (HMAC, invitation, kind, expiry) and be
//     unused (a code is claimed by the first request that carries it);
//  2. a marker per invitation and kind guards the SMTP send: once it is set,
//     no second message goes out, even if the first attempt died between
//     the server's 250 and recording it (then the user is told to check);
//  3. the copy in Sent, the removal of the drafts and the confirmation to
//     the user each have their own marker and are safe to repeat.
func (m *Mailer) HandleReply(ctx context.Context, d bus.Delivery) error {
	var req event.ReplyRequested
	if err := json.Unmarshal(d.Data, &req); err != nil {
		return bus.Permanent(fmt.Errorf("decoding reply request: %w", err))
	}
	log := m.log.With("request", req.ID, "invitation", req.InvitationID, "kind", req.Kind, "via", req.Via)
	refuse := func(why string, args ...any) error {
		err := fmt.Errorf("%w: %s", ErrRefused, fmt.Sprintf(why, args...))
		log.Warn("reply not sent", "why", err.Error())
		m.Metrics.ReplySent(req.Account, req.Kind, "refused")
		return bus.Permanent(err)
	}
	if m.replies.secret == nil {
		return refuse("sending on request is not enabled in this mailer")
	}
	acct, ok := m.accounts[req.Account]
	if !ok {
		return refuse("unknown account %q", req.Account)
	}
	claims, err := replytoken.Verify(m.replies.secret, req.Proof, req.InvitationID, req.Kind, m.now())
	if err != nil {
		return refuse("%v", err)
	}
	owned, err := m.bus.ClaimFor(ctx, "code."+claims.Nonce, req.ID)
	if err != nil {
		return err
	}
	if !owned {
		return refuse("reply code already used")
	}
	set, err := m.bus.LoadDrafts(ctx, req.InvitationID)
	if err != nil {
		return refuse("%v", err)
	}
	dr, ok := set.Draft(req.Kind)
	if !ok {
		return refuse("no %s draft was prepared for this invitation", req.Kind)
	}
	if req.Body != "" {
		dr.Body = strings.TrimSpace(req.Body) + "\n"
		dr.Calendar = ""
	}
	if req.Slot > 0 {
		if req.Slot > len(set.ProposedTimes) {
			return refuse("time %d was not proposed (the invitation lists %d)", req.Slot, len(set.ProposedTimes))
		}
		if req.Body == "" && req.Kind == event.DraftAccept {
			if dr, err = m.recompose(set, acct, dr, req.Slot); err != nil {
				return refuse("%v", err)
			}
		}
	}
	if len(dr.To) == 0 || dr.To[0].Address == "" {
		return refuse("the draft has no recipient")
	}

	id := draft.MessageID("reply-"+req.Kind, req.InvitationID, acct.Address)
	msg, err := draft.Msg(dr, event.Address{Name: m.profile.Name, Address: acct.Address}, req.InvitationID, id, m.now())
	if err != nil {
		return refuse("%v", err)
	}
	sendKey := "send." + req.InvitationID + "." + req.Kind
	state, err := m.bus.Begin(ctx, sendKey)
	if err != nil {
		return err
	}
	switch state {
	case bus.OnceDone:
		// Sent before (a replay, a second reply, or a redelivery after a
		// crash): finish the follow-up steps only.
		log.Info("reply already sent; nothing more goes to the recruiter")
		if err := m.fileSent(ctx, acct, req, msg, id); err != nil {
			return err
		}
		return m.afterSend(ctx, acct, req, log)
	case bus.OncePending:
		// An earlier attempt started the SMTP transaction and did not
		// record its end: the message may be out. Never risk a second one.
		m.confirm(ctx, acct, req, set, "uncertain", "could not be confirmed: an earlier attempt was interrupted while sending. Check your Sent folder and the recruiter's reply before sending it again yourself.")
		return refuse("an earlier attempt may have sent this reply; not sending again")
	}
	if err := mailconn.Send(ctx, acct.SMTP, msg, m.Timeout); err != nil {
		var se *mailconn.SendError
		if errors.As(err, &se) && se.Permanent {
			// Refused for good, so not sent: free the marker (the user may
			// fix the address and ask again), never retry, tell the user.
			_ = m.bus.Reset(ctx, sendKey)
			m.confirm(ctx, acct, req, set, "refused", "was refused by the mail server: "+se.Error())
			return bus.Permanent(fmt.Errorf("sending %s reply: %w", req.Kind, err))
		}
		// Not accepted: free the marker so the retry may send.
		_ = m.bus.Reset(ctx, sendKey)
		return fmt.Errorf("sending %s reply: %w", req.Kind, err)
	}
	if err := m.bus.Done(ctx, sendKey, id); err != nil {
		return err
	}
	m.Metrics.ReplySent(req.Account, req.Kind, "sent")
	log.Info("reply sent to the recruiter", "to", dr.To[0].Address, "message_id", id)
	if err := m.fileSent(ctx, acct, req, msg, id); err != nil {
		return err
	}
	return m.afterSend(ctx, acct, req, log)
}

// afterSend removes the invitation's drafts, confirms to the user and
// publishes the outcome; each step is idempotent.
func (m *Mailer) afterSend(ctx context.Context, acct config.Account, req event.ReplyRequested, log interface{ Info(string, ...any) }) error {
	set, err := m.bus.LoadDrafts(ctx, req.InvitationID)
	if err != nil {
		return bus.Permanent(err)
	}
	if err := m.removeDrafts(ctx, acct, req.InvitationID, set.Folder); err != nil {
		return err
	}
	m.confirm(ctx, acct, req, set, "sent", "was sent to "+recipient(set, req.Kind)+".")
	out := event.Outcome{V: event.Version, ID: req.ID, Account: req.Account, At: m.now().UTC(), InvitationID: req.InvitationID, Kind: req.Kind,
		MessageID: draft.MessageID("reply-"+req.Kind, req.InvitationID, acct.Address)}
	if err := m.bus.Publish(ctx, event.Subject(event.SubjectReplySent, req.Account), "reply-sent:"+req.InvitationID+":"+req.Kind, out); err != nil {
		log.Info("could not publish the reply outcome", "err", err)
	}
	return nil
}

func recipient(set bus.DraftSet, kind string) string {
	if d, ok := set.Draft(kind); ok && len(d.To) > 0 {
		return d.To[0].Address
	}
	return "the recruiter"
}

// fileSent APPENDs the sent message to the \Sent folder once.
func (m *Mailer) fileSent(ctx context.Context, acct config.Account, req event.ReplyRequested, msg *mail.Msg, id string) error {
	key := "sentcopy." + req.InvitationID + "." + req.Kind
	state, err := m.bus.Begin(ctx, key)
	if err != nil || state == bus.OnceDone {
		return err
	}
	c, err := mailconn.DialIMAP(ctx, acct.IMAP, m.Timeout, nil)
	if err != nil {
		return fmt.Errorf("filing the sent reply: %w", err)
	}
	defer c.Close()
	defer c.Guard(m.Timeout * 2)()
	folder := acct.SentMailbox
	if folder == "" {
		if folder, err = c.FindFolder(imap.MailboxAttrSent, mailconn.SentNames...); err != nil {
			return fmt.Errorf("finding the Sent folder: %w", err)
		}
	}
	if state == bus.OncePending {
		if found, err := c.HasMessageID(folder, id); err == nil && found {
			return m.bus.Done(ctx, key, folder)
		}
	}
	var buf strings.Builder
	if _, err := msg.WriteTo(&buf); err != nil {
		return bus.Permanent(err)
	}
	if err := c.Append(folder, []byte(buf.String()), []imap.Flag{imap.FlagSeen}, m.now()); err != nil {
		return err
	}
	return m.bus.Done(ctx, key, folder)
}

// removeDrafts deletes every draft of the invitation from the Drafts folder:
// once one reply is sent, the others would only mislead.
func (m *Mailer) removeDrafts(ctx context.Context, acct config.Account, invitationID, folder string) error {
	key := "draftsremoved." + invitationID
	if done, err := m.bus.IsDone(ctx, key); err != nil || done {
		return err
	}
	c, err := mailconn.DialIMAP(ctx, acct.IMAP, m.Timeout, nil)
	if err != nil {
		return fmt.Errorf("removing drafts: %w", err)
	}
	defer c.Close()
	defer c.Guard(m.Timeout * 2)()
	if folder == "" {
		if folder, err = c.FindFolder(imap.MailboxAttrDrafts, mailconn.DraftsNames...); err != nil {
			return err
		}
	}
	if _, err := c.Select(folder, nil).Wait(); err != nil {
		return fmt.Errorf("selecting %s: %w", folder, err)
	}
	res, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: draft.HeaderInvitation, Value: invitationID}}}, nil).Wait()
	if err != nil {
		return fmt.Errorf("searching drafts: %w", err)
	}
	if uids := res.AllUIDs(); len(uids) > 0 {
		set := imap.UIDSetNum(uids...)
		if err := c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
			return fmt.Errorf("flagging drafts deleted: %w", err)
		}
		if c.Caps().Has(imap.CapUIDPlus) || c.Caps().Has(imap.CapIMAP4rev2) {
			err = c.UIDExpunge(set).Close()
		} else {
			err = c.Expunge().Close()
		}
		if err != nil {
			return fmt.Errorf("expunging drafts: %w", err)
		}
	}
	return m.bus.Done(ctx, key, folder)
}

// confirm tells the user, in the digest's thread, what happened. It is
// best effort and sent once per request outcome.
func (m *Mailer) confirm(ctx context.Context, acct config.Account, req event.ReplyRequested, set bus.DraftSet, outcome, what string) {
	key := "confirm." + req.InvitationID + "." + req.Kind + "." + outcome
	if st, err := m.bus.Begin(ctx, key); err != nil || st != bus.OnceFresh {
		return
	}
	msg := mail.NewMsg()
	if err := msg.FromFormat("Sayyes", acct.Address); err != nil {
		return
	}
	if err := msg.To(acct.DigestTo); err != nil {
		return
	}
	company := set.Company
	if company == "" {
		company = set.From.Address
	}
	msg.Subject(fmt.Sprintf("[Sayyes] Your %s reply to %s", req.Kind, company))
	msg.SetMessageIDWithValue(draft.MessageID("confirm-"+req.Kind+"-"+outcome, req.InvitationID, acct.Address))
	msg.SetDateWithValue(m.now())
	if set.DigestID != "" {
		msg.SetGenHeader(mail.HeaderInReplyTo, "<"+set.DigestID+">")
		msg.SetGenHeader(mail.HeaderReferences, "<"+set.DigestID+">")
	}
	msg.SetGenHeader(draft.HeaderInvitation, req.InvitationID)
	msg.SetGenHeader(mail.Header("Auto-Submitted"), "auto-replied")
	msg.SetBodyString(mail.TypeTextPlain, fmt.Sprintf("Your %s reply about %q %s\n\nRequested %s via %s.\n", req.Kind, set.Subject, what, req.RequestedAt.Format(time.RFC1123), req.Via))
	if err := mailconn.Send(ctx, acct.SMTP, msg, m.Timeout); err != nil {
		m.log.Warn("could not confirm to the user", "invitation", req.InvitationID, "err", err)
		_ = m.bus.Reset(ctx, key)
		return
	}
	_ = m.bus.Done(ctx, key, "")
}

// recompose writes the accept draft again so that it confirms proposed
// time slot (1-based), in the invitation's language and tone, with the
// calendar reply when that time is the calendar request's. Drafts recorded
// without their invitation keep their text.
func (m *Mailer) recompose(set bus.DraftSet, acct config.Account, dr event.Draft, slot int) (event.Draft, error) {
	if set.Invitation == nil || slot < 1 || slot > len(set.ProposedTimes) {
		return dr, nil
	}
	chosen := set.ProposedTimes[slot-1]
	out, err := draft.Compose(m.set, *set.Invitation, m.profile, event.DraftAccept, draft.Plan{
		Slot: chosen, Start: chosen, Self: []string{acct.Address}, Now: m.now(),
	})
	if err != nil {
		return dr, fmt.Errorf("rewriting the accept draft for time %d: %w", slot, err)
	}
	return out, nil
}
