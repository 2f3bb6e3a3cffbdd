// Package draft writes the reply drafts (accept, decline, cancel,
// reschedule) from templates, addressed and threaded to the invitation, and
// turns a draft into the RFC 5322 message that goes into the Drafts folder
// or out by SMTP.
package draft

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/templates"
)

// View is the data a draft template sees.
type View struct {
	Name           string // the user's name, to sign with
	RecruiterFirst string
	Recruiter      string
	Company        string
	Role           string
	// Slot is the proposed time to confirm, formatted with its zone.
	Slot          string
	Zone          string
	MeetingURL    string
	SchedulingURL string
}

// Compose writes the draft of kind for inv.
func Compose(set *templates.Set, inv event.InvitationDetected, p config.Profile, kind string) (event.Draft, error) {
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil {
		loc = time.UTC
	}
	m := inv.Message
	to := AnswerTo(m)
	v := View{
		Name:          p.Name,
		Recruiter:     to.Name,
		Company:       inv.Detection.Company,
		Role:          inv.Detection.Role,
		Zone:          loc.String(),
		MeetingURL:    inv.Detection.MeetingURL,
		SchedulingURL: inv.Detection.SchedulingURL,
	}
	if v.Name == "" {
		v.Name = "(your name)"
	}
	if !IsNoReply(to.Address) {
		v.RecruiterFirst = templates.FirstName(to.Name)
	}
	if len(inv.Detection.ProposedTimes) > 0 {
		v.Slot = templates.When(inv.Detection.ProposedTimes[0], loc)
	}
	t, err := set.Draft(kind, m.Language)
	if err != nil {
		return event.Draft{}, err
	}
	var body bytes.Buffer
	if err := t.Execute(&body, v); err != nil {
		return event.Draft{}, fmt.Errorf("draft: rendering %s: %w", kind, err)
	}
	d := event.Draft{
		Kind:       kind,
		To:         []event.Address{to},
		Subject:    ReplySubject(m.Subject),
		InReplyTo:  m.MessageID,
		References: References(m),
		Body:       strings.TrimSpace(body.String()) + "\n",
	}
	return d, nil
}

// AnswerTo picks who a reply goes to: Reply-To when set (ATS senders put the
// recruiter there), else From.
func AnswerTo(m event.Message) event.Address {
	if len(m.ReplyTo) > 0 && m.ReplyTo[0].Address != "" {
		return m.ReplyTo[0]
	}
	return m.From
}

// IsNoReply reports addresses nobody reads.
func IsNoReply(addr string) bool {
	local, _, _ := strings.Cut(strings.ToLower(addr), "@")
	local = strings.NewReplacer("-", "", "_", "", ".", "").Replace(local)
	return strings.HasPrefix(local, "noreply") || strings.HasPrefix(local, "donotreply") || local == "notifications" || local == "mailerdaemon"
}

// ReplySubject prefixes "Re: " once (RFC 5322 section 3.6.5), recognising
// the German and French forms mail clients write.
func ReplySubject(s string) string {
	s = mailmsg.CleanHeader(s)
	l := strings.ToLower(s)
	for _, p := range []string{"re:", "aw:", "réf:", "ref:", "rv:"} {
		if strings.HasPrefix(l, p) {
			return s
		}
	}
	return "Re: " + s
}

// References builds the References of a reply: the parent's References (or
// In-Reply-To) followed by the parent's Message-ID (RFC 5322 section 3.6.4).
// Long chains keep the first and the latest ids, as clients do.
func References(m event.Message) []string {
	refs := append([]string{}, m.References...)
	if len(refs) == 0 && len(m.InReplyTo) == 1 {
		refs = append(refs, m.InReplyTo...)
	}
	if m.MessageID != "" {
		refs = append(refs, m.MessageID)
	}
	if len(refs) > 20 {
		refs = append(refs[:1], refs[len(refs)-19:]...)
	}
	return refs
}
