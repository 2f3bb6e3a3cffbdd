// Package digest renders the email a user receives for each invitation:
// what was detected, the advice and why, the guidance grouped by purpose,
// and where the reply drafts are; as a text part and an HTML part with
// everything from the invitation escaped.
package digest

import (
	"bytes"
	"fmt"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/sayyes/sayyes/pkg/draft"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/templates"
)

// View is the data the digest templates see.
type View struct {
	ID                  string
	Company, Role       string
	Stage, Format       string
	Subject             string
	From, AnswerTo      string
	Times               []string
	MeetingURL          string
	SchedulingURL       string
	Location            string
	Recommendation      string
	RecommendationTitle string
	Color               string
	Reasons             []string
	Warnings            []string
	Changed             string
	Sections            []Section
	Drafts              []DraftRef
	// Codes let the user send a draft by replying to the digest.
	Codes       []ReplyCode
	CodesExpire string
	Health      string
}

// Section groups guidance items under a heading.
type Section struct {
	Title string
	Items []event.Guidance
}

// DraftRef says where a draft went.
type DraftRef struct {
	Kind, Subject, To, Folder string
}

// Input is what a digest is made from.
type Input struct {
	Advised  event.InvitationAdvised
	Location *time.Location
	// Folder is where the drafts were placed.
	Folder string
	Health string
	// Codes maps draft kinds to reply codes; empty when replying to the
	// digest cannot send anything.
	Codes   map[string]string
	Expires time.Time
}

// ReplyCode is one command the user can answer the digest with.
type ReplyCode struct{ Kind, Code string }

var titles = map[string]struct{ title, color string }{
	event.RecommendAccept:              {"Say yes", "#1f7a4d"},
	event.RecommendAcceptWithQuestions: {"Say yes, and ask your questions", "#1f6f8b"},
	event.RecommendReschedule:          {"Say yes, at another time", "#8a6d1f"},
	event.RecommendDecline:             {"Decline politely, and early", "#7a4d1f"},
	event.RecommendCancel:              {"Cancel the interview now, politely", "#8b1f1f"},
}

var sectionOrder = []struct{ stance, title string }{
	{"reason", "Why it is worth it"},
	{"caution", "Keep in mind"},
	{"decline-well", "How to decline well"},
	{"cancel-well", "How to cancel well"},
	{"prepare", "How to prepare"},
	{"question", "Questions to ask them"},
}

// NewView assembles the view. Text from the email stays raw here; each
// template escapes for its own medium (html/template does it for HTML).
func NewView(in Input) View {
	a := in.Advised
	inv := a.Invitation
	d := inv.Detection
	m := inv.Message
	t := titles[a.Recommendation]
	v := View{
		ID:                  a.ID,
		Company:             mailmsg.CleanHeader(d.Company),
		Role:                mailmsg.CleanHeader(d.Role),
		Stage:               d.Stage,
		Format:              d.Format,
		Subject:             mailmsg.CleanHeader(m.Subject),
		From:                formatAddr(m.From),
		AnswerTo:            formatAddr(draft.AnswerTo(m)),
		MeetingURL:          d.MeetingURL,
		SchedulingURL:       d.SchedulingURL,
		Location:            d.Location,
		Recommendation:      a.Recommendation,
		RecommendationTitle: t.title,
		Color:               t.color,
		Reasons:             a.Reasons,
		Health:              in.Health,
	}
	if v.RecommendationTitle == "" {
		v.RecommendationTitle, v.Color = a.Recommendation, "#3e4c59"
	}
	if len(in.Codes) > 0 {
		v.CodesExpire = templates.When(in.Expires, in.Location)
	}
	for _, pt := range d.ProposedTimes {
		v.Times = append(v.Times, templates.When(pt, in.Location))
	}
	for _, s := range sectionOrder {
		var items []event.Guidance
		for _, g := range a.Guidance {
			if g.Stance == s.stance {
				items = append(items, g)
			}
		}
		if len(items) > 0 {
			v.Sections = append(v.Sections, Section{Title: s.title, Items: items})
		}
	}
	for _, dr := range a.Drafts {
		if c, ok := in.Codes[dr.Kind]; ok {
			v.Codes = append(v.Codes, ReplyCode{Kind: dr.Kind, Code: c})
		}
		to := ""
		if len(dr.To) > 0 {
			to = formatAddr(dr.To[0])
		}
		v.Drafts = append(v.Drafts, DraftRef{Kind: dr.Kind, Subject: dr.Subject, To: to, Folder: in.Folder})
	}
	return v
}

func formatAddr(a event.Address) string {
	if a.Name == "" {
		return a.Address
	}
	return mailmsg.CleanHeader(a.Name) + " <" + a.Address + ">"
}

// Render executes both templates.
func Render(set *templates.Set, v View) (text, html string, err error) {
	var tb, hb bytes.Buffer
	if err := set.DigestText.Execute(&tb, v); err != nil {
		return "", "", fmt.Errorf("digest: rendering text: %w", err)
	}
	if err := set.DigestHTML.Execute(&hb, v); err != nil {
		return "", "", fmt.Errorf("digest: rendering HTML: %w", err)
	}
	return tb.String(), hb.String(), nil
}

// Subject is the digest's subject line.
func Subject(v View) string {
	what := v.Company
	if what == "" {
		what = v.Subject
	}
	return mailmsg.CleanHeader(fmt.Sprintf("[Sayyes] %s: %s", v.RecommendationTitle, what))
}

// Build makes the digest message: multipart/alternative text + HTML, from
// and to the user, threaded to the invitation through References, with the
// machine-readable headers users' filters rely on.
func Build(v View, text, html string, from event.Address, to string, inv event.Message, date time.Time) (*mail.Msg, string, error) {
	m := mail.NewMsg()
	if err := m.FromFormat("Sayyes", from.Address); err != nil {
		return nil, "", fmt.Errorf("digest: From %q: %w", from.Address, err)
	}
	if err := m.To(to); err != nil {
		return nil, "", fmt.Errorf("digest: To %q: %w", to, err)
	}
	m.Subject(Subject(v))
	id := draft.MessageID("digest", v.ID, from.Address)
	m.SetMessageIDWithValue(id)
	m.SetDateWithValue(date)
	if inv.MessageID != "" {
		m.SetGenHeader(mail.HeaderReferences, draft.AngleList(draft.References(inv)))
	}
	m.SetGenHeader(draft.HeaderInvitation, v.ID)
	m.SetGenHeader(draft.HeaderRecommendation, v.Recommendation)
	m.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	m.SetUserAgent("Sayyes")
	m.SetBodyString(mail.TypeTextPlain, text)
	m.AddAlternativeString(mail.TypeTextHTML, html)
	return m, id, nil
}
