// Package digest renders the email a user receives for each invitation
// (or once a day for all of them): what was detected, the advice and why,
// the guidance grouped by purpose, legitimacy warnings, and where the reply
// drafts are; as a text part and an HTML part with everything from the
// invitation escaped.
package digest

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"slices"
	"strconv"
	"strings"
	texttemplate "text/template"
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
	RespondBy           string
	Interviewers        []string
	Recommendation      string
	RecommendationTitle string
	Color               string
	Reasons             []Reason
	// Plan says what the drafts do about the time: confirm a proposed
	// slot, or offer other windows.
	Plan     []string
	Warnings []string
	Changed  string
	Sections []Section
	// MoreReasons are the titles of reasons to say yes that the advice
	// does not cite.
	MoreReasons []string
	Drafts      []DraftRef
	// Codes let the user send a draft by replying to the digest.
	Codes       []ReplyCode
	CodesExpire string
	Health      string
}

// Reason is one sentence of the "why", with the numbers of the guidance
// items below that back it ("[2, 5]", or "").
type Reason struct {
	Text, Cite string
}

// Section groups guidance items under a heading.
type Section struct {
	Title string
	Items []Item
}

// Item is a guidance item numbered for the reasons to cite.
type Item struct {
	N int
	event.Guidance
}

// DraftRef says where a draft went; Body is set for the recommended one,
// so the user can read it in the digest.
type DraftRef struct {
	Kind, Subject, To, Folder string
	Body                      string
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
		Location:            mailmsg.CleanHeader(d.Location),
		RespondBy:           d.RespondBy,
		Recommendation:      a.Recommendation,
		RecommendationTitle: t.title,
		Color:               t.color,
		Health:              in.Health,
	}
	for _, name := range d.Interviewers {
		v.Interviewers = append(v.Interviewers, mailmsg.CleanHeader(name))
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
	cited := map[string]bool{}
	for _, ids := range a.ReasonGuidance {
		for _, id := range ids {
			cited[id] = true
		}
	}
	number := map[string]int{}
	for _, s := range sectionOrder {
		var items []Item
		for _, g := range a.Guidance {
			if g.Stance == "reason" && s.stance == "reason" && len(cited) > 0 && !cited[g.ID] {
				// The reasons the advice rests on are spelt out; the
				// others are listed by title, to keep the digest short.
				v.MoreReasons = append(v.MoreReasons, g.Title)
				continue
			}
			if g.Stance == s.stance {
				number[g.ID] = len(number) + 1
				items = append(items, Item{N: number[g.ID], Guidance: g})
			}
		}
		if len(items) > 0 {
			v.Sections = append(v.Sections, Section{Title: s.title, Items: items})
		}
	}
	for i, text := range a.Reasons {
		var refs []int
		if i < len(a.ReasonGuidance) {
			for _, id := range a.ReasonGuidance[i] {
				if n, ok := number[id]; ok && !slices.Contains(refs, n) {
					refs = append(refs, n)
				}
			}
		}
		r := Reason{Text: text}
		if len(refs) > 0 {
			slices.Sort(refs)
			nums := make([]string, len(refs))
			for k, n := range refs {
				nums[k] = strconv.Itoa(n)
			}
			// No-break spaces keep "[10, 11]" on one line when text wraps.
			r.Cite = "\u00a0[" + strings.Join(nums, ",\u00a0") + "]"
		}
		v.Reasons = append(v.Reasons, r)
	}
	v.Plan = plan(a, in.Location)
	v.Warnings = warnings(a)
	v.Changed = changed(inv.Thread)
	for k, dr := range a.Drafts {
		if c, ok := in.Codes[dr.Kind]; ok {
			v.Codes = append(v.Codes, ReplyCode{Kind: dr.Kind, Code: c})
		}
		to := ""
		if len(dr.To) > 0 {
			to = formatAddr(dr.To[0])
		}
		ref := DraftRef{Kind: dr.Kind, Subject: mailmsg.CleanHeader(dr.Subject), To: to, Folder: in.Folder}
		if k == 0 {
			ref.Body = strings.TrimRight(dr.Body, "\n")
		}
		v.Drafts = append(v.Drafts, ref)
	}
	return v
}

// plan describes what the drafts do about the time.
func plan(a event.InvitationAdvised, loc *time.Location) []string {
	var out []string
	hasAccept := slices.ContainsFunc(a.Drafts, func(d event.Draft) bool { return d.Kind == event.DraftAccept })
	yes := a.Recommendation == event.RecommendAccept || a.Recommendation == event.RecommendAcceptWithQuestions
	if !a.Slot.IsZero() && hasAccept && yes {
		line := "The accept draft confirms " + templates.When(a.Slot, loc) + "."
		if len(a.Invitation.Detection.ProposedTimes) > 1 && !a.Slot.Equal(a.Invitation.Detection.ProposedTimes[0]) {
			line = "The first proposed time does not suit you; the accept draft confirms " + templates.When(a.Slot, loc) + " instead."
		}
		out = append(out, line)
	}
	if len(a.Offered) > 0 && a.Slot.IsZero() && a.Recommendation != event.RecommendDecline && a.Recommendation != event.RecommendCancel {
		var spans []string
		for _, w := range a.Offered {
			spans = append(spans, templates.SpanIn("en", w.Start, w.End, loc))
		}
		what := "No time was proposed"
		if len(a.Invitation.Detection.ProposedTimes) > 0 {
			what = "None of the proposed times suits you"
		}
		out = append(out, fmt.Sprintf("%s; the drafts offer these free times instead (%s): %s.", what, templates.ZoneLabel(a.Offered[0].Start, loc), strings.Join(spans, "; ")))
	}
	return out
}

// warnings joins the detector's legitimacy flags and the advisor's own.
func warnings(a event.InvitationAdvised) []string {
	var out []string
	for _, f := range a.Invitation.Detection.Flags {
		if r := strings.TrimSpace(f.Reason); r != "" && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	for _, w := range a.Warnings {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// changed says what an update to an earlier invitation changed.
func changed(t *event.Thread) string {
	if t == nil {
		return ""
	}
	if len(t.Changes) == 0 {
		return "this message follows up an invitation you already received."
	}
	var parts []string
	for _, c := range t.Changes {
		switch {
		case c.Old != "" && c.New != "":
			parts = append(parts, fmt.Sprintf("%s: %s → %s", c.Field, c.Old, c.New))
		case c.New != "":
			parts = append(parts, fmt.Sprintf("%s: %s", c.Field, c.New))
		default:
			parts = append(parts, fmt.Sprintf("%s: no longer given (was %s)", c.Field, c.Old))
		}
	}
	return mailmsg.CleanHeader(strings.Join(parts, "; "))
}

func formatAddr(a event.Address) string {
	if a.Name == "" {
		return a.Address
	}
	return mailmsg.CleanHeader(a.Name) + " <" + a.Address + ">"
}

// Render executes both templates.
func Render(set *templates.Set, v View) (text, html string, err error) {
	return renderPair(set.DigestText, set.DigestHTML, v, "")
}

// renderPair executes a text and an HTML template on the same data.
func renderPair(tt *texttemplate.Template, ht *htmltemplate.Template, data any, what string) (text, html string, err error) {
	var tb, hb bytes.Buffer
	if err := tt.Execute(&tb, data); err != nil {
		return "", "", fmt.Errorf("digest: rendering %stext: %w", what, err)
	}
	if err := ht.Execute(&hb, data); err != nil {
		return "", "", fmt.Errorf("digest: rendering %sHTML: %w", what, err)
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
