// Package advice turns an invitation and the user's profile into a
// recommendation (accept, accept with questions, reschedule, decline,
// cancel), the reasons for it, and the guidance items that back it. It is
// pure and deterministic: the same input always gives the same advice, which
// is what makes it table-testable and explainable.
package advice

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/templates"
)

// Advice is the advisor's output for one invitation.
type Advice struct {
	Recommendation string
	Reasons        []string
	Situations     []string
	Guidance       []event.Guidance
	// DraftKinds lists the replies to prepare, the recommended one first.
	DraftKinds []string
}

// Situations derives the knowledge base's situation tags.
func Situations(inv event.InvitationDetected, p config.Profile) []string {
	s := []string{"always", p.Employment}
	d := inv.Detection
	if p.AcceptedOffer {
		s = append(s, "accepted-offer")
	}
	if matchCompany(d.Company, inv.Message, p.AvoidCompanies) != "" {
		s = append(s, "avoid-company")
	}
	if matchCompany(d.Company, inv.Message, p.Competitors) != "" {
		s = append(s, "competitor")
	}
	switch d.Stage {
	case "second-round", "onsite", "final":
		s = append(s, "later-round")
	default:
		s = append(s, "first-round")
	}
	if p.Employment == "employed" {
		s = append(s, "time-off")
	}
	return s
}

// Recommend decides. The order of the checks is the order of precedence:
// a signed offer outranks everything, then companies the user would never
// join; otherwise the seeds' thesis holds and the answer is yes.
func Recommend(inv event.InvitationDetected, p config.Profile, kb []templates.Item) Advice {
	sits := Situations(inv, p)
	has := func(s string) bool { return slices.Contains(sits, s) }
	d := inv.Detection
	who := d.Company
	if who == "" {
		who = "this company"
	}
	var a Advice
	switch {
	case has("accepted-offer") && (d.Kind == "reminder" || d.Kind == "reschedule"):
		a.Recommendation = event.RecommendCancel
		a.Reasons = []string{
			"You have accepted an offer elsewhere, and this interview is already arranged: cancel it now rather than let the date approach.",
			"Keep your word on the offer you signed; a prompt, polite cancellation keeps your reputation intact with " + who + ".",
		}
		sits = append(sits, "declining", "drop-scheduled")
		a.DraftKinds = []string{event.DraftCancel, event.DraftAccept}
	case has("accepted-offer"):
		a.Recommendation = event.RecommendDecline
		a.Reasons = []string{
			"You have accepted an offer elsewhere: interviewing now would waste " + who + "'s time and tempt you to go back on your word.",
			"Decline promptly and kindly, and leave the door open for later.",
		}
		sits = append(sits, "declining")
		a.DraftKinds = []string{event.DraftDecline, event.DraftAccept}
	case has("avoid-company"):
		a.Recommendation = event.RecommendDecline
		a.Reasons = []string{
			fmt.Sprintf("%s is on your list of companies you would not join: say so early instead of using up the interviewer's time.", who),
			"A courteous decline, perhaps with a referral, keeps the relationship useful.",
		}
		sits = append(sits, "declining")
		a.DraftKinds = []string{event.DraftDecline, event.DraftAccept}
	case has("competitor"):
		a.Recommendation = event.RecommendAcceptWithQuestions
		a.Reasons = []string{
			fmt.Sprintf("Saying yes is still worth it, but %s competes with your current employer: share nothing confidential.", who),
			"Use the conversation to ask your own questions and judge the fit.",
		}
		a.DraftKinds = []string{event.DraftAccept, event.DraftReschedule, event.DraftDecline}
	default:
		a.Recommendation = event.RecommendAccept
		a.Reasons = []string{
			"Say yes: every real interview sharpens your skills, teaches you about your field and widens your network, whatever you decide later.",
			"Accepting the interview does not commit you to accepting an offer.",
		}
		if has("later-round") {
			a.Reasons = append(a.Reasons, "This is a later round: go in only if you would seriously consider an offer.")
		}
		a.DraftKinds = []string{event.DraftAccept, event.DraftReschedule, event.DraftDecline}
	}
	a.Situations = sits
	a.Guidance = Select(kb, sits, a.Recommendation)
	return a
}

// Select picks the items that apply to the situations, in knowledge-base
// order. When the advice is to say yes, how-to-decline items are left out,
// and vice versa reasons to say yes are left out of decline advice.
func Select(kb []templates.Item, sits []string, rec string) []event.Guidance {
	declining := rec == event.RecommendDecline || rec == event.RecommendCancel
	var out []event.Guidance
	for _, it := range kb {
		if !applies(it.When, sits) {
			continue
		}
		switch it.Stance {
		case "caution":
			// A decline only needs the cautions that argue for it.
			if declining && !names(it.When, "accepted-offer", "avoid-company", "competitor", "declining", "drop-scheduled", "unsure") {
				continue
			}
		case "reason", "question", "prepare":
			if declining {
				continue
			}
		case "decline-well", "cancel-well":
			if !declining {
				continue
			}
		}
		out = append(out, event.Guidance{ID: it.ID, Stance: it.Stance, Title: it.Title, Text: it.Text, Sources: it.Sources})
	}
	return out
}

// applies: every situation an item names must hold, except "always", so an
// item tagged [employed, competitor] only shows to an employed user
// interviewing with a competitor. The employment statuses exclude each
// other, so they are alternatives: [searching, employed] shows to both.
func applies(when, sits []string) bool {
	if len(when) == 0 {
		return false
	}
	namesEmployment, employmentHolds := false, false
	for _, w := range when {
		switch {
		case w == "always":
		case w == "searching" || w == "employed" || w == "student":
			namesEmployment = true
			employmentHolds = employmentHolds || slices.Contains(sits, w)
		case !slices.Contains(sits, w):
			return false
		}
	}
	return !namesEmployment || employmentHolds
}

// matchCompany returns the list entry that names the invitation's company,
// matching the extracted name or the sender's domain, case-insensitively.
func matchCompany(company string, m event.Message, list []string) string {
	c := strings.ToLower(company)
	domains := []string{domainOf(m.From.Address)}
	for _, r := range m.ReplyTo {
		domains = append(domains, domainOf(r.Address))
	}
	for _, entry := range list {
		e := strings.ToLower(strings.TrimSpace(entry))
		if e == "" {
			continue
		}
		// Whole words only: "Meta" must not match "Metalworks", nor "Go" "Google".
		if c != "" && (containsWord(c, e) || containsWord(e, c)) {
			return entry
		}
		for _, d := range domains {
			if d != "" && (d == e || strings.HasPrefix(d, e+".") || strings.Contains(d, "."+e+".") || strings.HasSuffix(d, "."+e)) {
				return entry
			}
		}
	}
	return ""
}

// containsWord reports whether w occurs in s between non-alphanumeric
// characters or the ends of s.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (start == 0 || !isAlnum(before)) && (end == len(s) || !isAlnum(after)) {
			return true
		}
		i = start + 1
	}
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func domainOf(addr string) string {
	_, d, _ := strings.Cut(strings.ToLower(addr), "@")
	return d
}

func names(when []string, any ...string) bool {
	for _, a := range any {
		if slices.Contains(when, a) {
			return true
		}
	}
	return false
}
