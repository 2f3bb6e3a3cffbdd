package watcher

import (
	"fmt"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// excerptLen bounds the text carried in the event: enough to explain the
// detection, never the whole mail.
const excerptLen = 1500

// Detect parses and classifies one raw message. An error means the message
// cannot be processed at all and belongs in the dead-letter stream; a panic
// anywhere below is turned into such an error.
func Detect(account string, raw []byte, src event.Source, truncated bool) (inv event.InvitationDetected, isInv bool, err error) {
	inv, res, err := detectMessage(account, raw, src, truncated)
	if err != nil || !res.IsInvitation {
		return event.InvitationDetected{}, false, err
	}
	return inv, true, nil
}

// detectMessage is Detect that always fills the event, invitation or not:
// a message in the thread of a known invitation may update it even when it
// is not an invitation on its own (a confirmation, a short reminder).
func detectMessage(account string, raw []byte, src event.Source, truncated bool) (inv event.InvitationDetected, res detect.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("detector failed on this message: %v", r)
		}
	}()
	msg, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
	if err != nil {
		return inv, res, fmt.Errorf("unparseable message: %w", err)
	}
	res = detect.Classify(msg)
	if truncated {
		res.Reasons = append(res.Reasons, "message text longer than max_fetch_bytes: only its beginning was read")
	}
	inv = event.InvitationDetected{
		V:       event.Version,
		ID:      event.InvitationID(account, msg.MessageID, msg.Hash),
		Account: account,
		Source:  src,
		Message: event.Message{
			MessageID:  msg.MessageID,
			InReplyTo:  msg.InReplyTo,
			References: msg.References,
			From:       msg.From,
			ReplyTo:    msg.ReplyTo,
			To:         msg.To,
			Cc:         msg.Cc,
			Subject:    msg.Subject,
			Date:       msg.Date,
			Language:   res.Language,
			Excerpt:    excerpt(msg.Text),
		},
		Detection: ToEvent(res),
	}
	return inv, res, nil
}

// ToEvent converts a detector result into its event form.
func ToEvent(r detect.Result) event.Detection {
	return event.Detection{
		IsInvitation:  r.IsInvitation,
		Score:         r.Score,
		Kind:          r.Kind,
		Reasons:       r.Reasons,
		Company:       r.Company,
		Role:          r.Role,
		Stage:         r.Stage,
		Format:        r.Format,
		MeetingURL:    r.MeetingURL,
		SchedulingURL: r.SchedulingURL,
		ProposedTimes: r.ProposedTimes,
		Duration:      r.Duration,
		Location:      r.Location,
		Calendar:      r.Calendar,

		SchedulingVendor: r.SchedulingVendor,
		MeetingVendor:    r.MeetingVendor,
		Recruiter:        r.Recruiter,
		ReplyTo:          r.ReplyTo,
		Interviewers:     r.Interviewers,
		RespondBy:        respondBy(r),
		Language:         r.Language,
		Evidence:         r.Fields,
		Flags:            r.Flags,
	}
}

func respondBy(r detect.Result) string {
	if r.RespondBy.IsZero() {
		return ""
	}
	return r.RespondBy.Format(time.DateOnly)
}

func excerpt(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= excerptLen {
		return s
	}
	cut := excerptLen
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
