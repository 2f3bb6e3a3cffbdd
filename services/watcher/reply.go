package watcher

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/sayyes/sayyes/pkg/digestreply"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// digestReply handles the user's answer to a digest. handled is true for
// any reply to a digest, acted on or not: such mail is never classified.
// The watcher checks who sent it and what it asks; the mailer checks the
// code again before sending anything.
func (m *mailbox) digestReply(ctx context.Context, f fetched, src event.Source) (handled bool, err error) {
	msg, err := mailmsg.Parse(f.Raw, mailmsg.DefaultLimits)
	if err != nil {
		return false, nil // not for us to judge; detection dead-letters it
	}
	invID, ok := digestreply.InvitationOf(msg)
	if !ok {
		return false, nil
	}
	log := m.log.With("uid", f.UID, "invitation", invID, "from", msg.From.Address)
	if !m.w.DigestReplies {
		log.Info("reply to a digest ignored: sending by digest reply is turned off (replies.by_digest_reply)")
		return true, nil
	}
	if err := digestreply.CheckSender(msg, m.acct.Address, m.acct.AuthservID); err != nil {
		log.Warn("reply to a digest ignored, nothing sent", "why", err.Error())
		return true, nil
	}
	req, err := digestreply.Parse(msg)
	if err != nil {
		log.Warn("reply to a digest ignored, nothing sent", "why", err.Error())
		return true, nil
	}
	code := req.Code()
	if code == "" {
		log.Warn("reply to a digest ignored, nothing sent", "why", "it carries no reply code for "+req.Kind+" of this invitation (keep the digest quoted when replying)")
		return true, nil
	}
	key := msg.MessageID
	if key == "" {
		key = msg.Hash
	}
	sum := sha256.Sum256([]byte(m.token + "\x00" + key))
	out := event.ReplyRequested{
		V: event.Version, ID: hex.EncodeToString(sum[:12]), Account: m.token, RequestedAt: m.w.now().UTC(),
		InvitationID: req.InvitationID, Kind: req.Kind, Via: "digest-reply", Proof: code,
		Body: req.Body, Slot: req.Slot, From: msg.From.Address,
	}
	if err := m.w.bus.Publish(ctx, event.Subject(event.SubjectReplyRequested, m.token), "req:"+out.ID, out); err != nil {
		return true, err
	}
	log.Info("reply requested by answering the digest", "kind", req.Kind, "slot", req.Slot, "request", out.ID)
	return true, nil
}
