// Package draft writes the reply drafts (accept, decline, cancel,
// reschedule) from templates, addressed and threaded to the invitation, and
// turns a draft into the RFC 5322 message that goes into the Drafts folder
// or out by SMTP.
package draft

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/templates"
)

// View is the data a draft template sees.
type View struct {
	Name string // the user's name, to sign with
	// RecruiterFirst is the first name to greet with; empty for a team or
	// an address nobody reads.
	RecruiterFirst string
	// Recruiter is the full display name when it is a person's, for the
	// formal greetings that use it ("Guten Tag Jane Roe").
	Recruiter     string
	Company, Role string
	// Slot is the time in question, written for the draft's language with
	// its zone: the one an accept confirms, the arranged one a cancel
	// withdraws from, the proposed one a reschedule declines.
	Slot string
	// Times is how many times were proposed.
	Times int
	// Windows are the free times offered instead, in the draft's language;
	// ZoneLabel names their zone ("CET, Europe/Berlin").
	Windows   []string
	ZoneLabel string
	// Zone is the user's IANA time zone.
	Zone          string
	MeetingURL    string
	SchedulingURL string
	// Soon: the interview being cancelled is less than a day away.
	Soon bool
	// Because says why a decline or a cancel: accepted-offer, not-looking,
	// or empty (not a fit).
	Because string
	// Referral: offer to suggest someone else (profile offer_referral).
	Referral bool
	// CalendarReply: the draft carries an iTIP REPLY to the invitation's
	// calendar request.
	CalendarReply bool
	Lang, Tone    string
}

// genderMarker matches the "(m/w/d)", "(f/m/x)" or "(H/F)" job ads add to
// a title; a reply does not repeat it.
var genderMarker = regexp.MustCompile(`\s*\((?i:[mwfdhx](?:\s*/\s*[mwfdhx]){1,3})\)`)

// Plan is what the advisor decided the drafts should say.
type Plan struct {
	// Slot is the proposed time an accept confirms.
	Slot time.Time
	// Start is the arranged time (cancel) or the first proposed time.
	Start time.Time
	// Offered are free windows to propose instead.
	Offered []calendar.Interval
	Soon    bool
	// Because: accepted-offer, not-looking or "" (see View).
	Because string
	// Self are the user's addresses, to find them among the calendar
	// request's attendees.
	Self []string
	// Now stamps calendar replies.
	Now time.Time
}

// Compose writes the draft of kind for inv. A zero plan confirms (or
// declines) the first proposed time.
func Compose(set *templates.Set, inv event.InvitationDetected, p config.Profile, kind string, plan Plan) (event.Draft, error) {
	loc := p.Location()
	m := inv.Message
	d := inv.Detection
	to := AnswerTo(m)
	lang := d.Language // the detector's reading of the whole mail
	if lang == "" {
		lang = m.Language
	}
	if !slices.Contains(templates.Languages, lang) {
		lang = "en"
	}
	if plan.Slot.IsZero() && plan.Start.IsZero() && plan.Offered == nil && len(d.ProposedTimes) > 0 {
		plan.Slot, plan.Start = d.ProposedTimes[0], d.ProposedTimes[0]
	}
	v := View{
		Name:          p.Name,
		Company:       mailmsg.CleanHeader(d.Company),
		Role:          genderMarker.ReplaceAllString(mailmsg.CleanHeader(d.Role), ""),
		Times:         len(d.ProposedTimes),
		Zone:          loc.String(),
		MeetingURL:    d.MeetingURL,
		SchedulingURL: d.SchedulingURL,
		Soon:          plan.Soon,
		Because:       plan.Because,
		Referral:      p.OfferReferral,
		Lang:          lang,
		Tone:          p.Tone,
	}
	if v.Name == "" {
		v.Name = "(your name)"
	}
	if !IsNoReply(to.Address) {
		name := to.Name
		if templates.FirstName(name) == "" {
			// "Acme Talent Team" in the header, "Jane Roe" in the signature.
			name = d.Recruiter
		}
		if v.RecruiterFirst = templates.FirstName(name); v.RecruiterFirst != "" {
			v.Recruiter = mailmsg.CleanHeader(name)
		}
	}
	slot := plan.Start
	if kind == event.DraftAccept {
		slot = plan.Slot
	}
	if !slot.IsZero() {
		v.Slot = templates.WhenIn(lang, slot, loc)
	}
	for _, w := range plan.Offered {
		v.Windows = append(v.Windows, templates.SpanIn(lang, w.Start, w.End, loc))
	}
	if len(plan.Offered) > 0 {
		v.ZoneLabel = templates.ZoneLabel(plan.Offered[0].Start, loc)
	}
	ics := calendarReply(d.Calendar, kind, plan)
	v.CalendarReply = ics != ""

	t, err := set.DraftFor(kind, lang, p.Tone)
	if err != nil {
		return event.Draft{}, err
	}
	var body bytes.Buffer
	if err := t.Execute(&body, v); err != nil {
		return event.Draft{}, fmt.Errorf("draft: rendering %s: %w", kind, err)
	}
	return event.Draft{
		Kind:       kind,
		To:         []event.Address{to},
		Subject:    ReplySubject(m.Subject),
		InReplyTo:  m.MessageID,
		References: References(m),
		Body:       strings.TrimSpace(body.String()) + "\n",
		Calendar:   ics,
	}, nil
}

// calendarReply answers the invitation's METHOD:REQUEST, if it carried
// one (RFC 5546): an accept confirming the requested time says ACCEPTED,
// a decline or a cancel says DECLINED. An accept that confirms another
// time, and a reschedule, leave the request unanswered. Anything that
// keeps a reply from being built (no request, the user not among the
// attendees) just means no reply.
func calendarReply(request, kind string, plan Plan) string {
	if request == "" {
		return ""
	}
	var partstat string
	switch kind {
	case event.DraftAccept:
		evs, err := calendar.Parse(request)
		if err != nil || plan.Slot.IsZero() || !evs[0].Start.Equal(plan.Slot) {
			return ""
		}
		partstat = calendar.PartStatAccepted
	case event.DraftDecline, event.DraftCancel:
		partstat = calendar.PartStatDeclined
	default:
		return ""
	}
	now := plan.Now
	if now.IsZero() {
		now = time.Now()
	}
	ics, err := calendar.Reply(request, plan.Self, partstat, now)
	if err != nil {
		return ""
	}
	return ics
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
