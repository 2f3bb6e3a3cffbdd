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
	Reasons        []Reason
	Situations     []string
	Guidance       []event.Guidance
	// DraftKinds lists the replies to prepare, the recommended one first.
	DraftKinds []string
	Facts      Facts
}

// Reason is one sentence of the "why", with the guidance items it rests on.
type Reason struct {
	Text     string
	Guidance []string
}

// Texts returns the reasons' sentences.
func (a Advice) Texts() []string {
	out := make([]string, len(a.Reasons))
	for i, r := range a.Reasons {
		out[i] = r.Text
	}
	return out
}

// Citations returns, per reason, the guidance ids it cites.
func (a Advice) Citations() [][]string {
	out := make([][]string, len(a.Reasons))
	for i, r := range a.Reasons {
		out[i] = r.Guidance
	}
	return out
}

// Situations derives the knowledge base's situation tags.
func Situations(in Input) []string { return situations(Assess(in), in.Profile) }

func situations(f Facts, p config.Profile) []string {
	s := []string{"always", p.Employment}
	if f.AcceptedOffer {
		s = append(s, "accepted-offer")
	}
	if f.Avoided != "" {
		s = append(s, "avoid-company")
	}
	if f.Avoided != "" || f.Firm {
		s = append(s, "ruled-out")
	}
	if f.Competitor != "" {
		s = append(s, "competitor")
	}
	if f.LaterRound {
		s = append(s, "later-round")
	} else {
		s = append(s, "first-round")
	}
	if len(f.DealBreakers) > 0 && !f.Firm {
		s = append(s, "unsure")
	}
	if f.Conflict {
		s = append(s, "conflict")
	}
	if p.Employment == "employed" {
		s = append(s, "time-off")
	}
	return s
}

// Recommend decides. The order of the checks is the order of precedence:
// a signed offer outranks everything, then jobs the user has ruled out,
// then a later round the user has no interest in; a proposed time that
// fits nowhere asks for another; doubts and competitors mean "go, and ask";
// otherwise the seeds' thesis holds and the answer is yes.
func Recommend(in Input, kb []templates.Item) Advice {
	f := Assess(in)
	p := in.Profile
	loc := p.Location()
	sits := situations(f, p)
	who := in.Invitation.Detection.Company
	if who == "" {
		who = "this company"
	}
	a := Advice{Facts: f}
	say := func(text string, ids ...string) { a.Reasons = append(a.Reasons, Reason{Text: text, Guidance: ids}) }
	dropIt := func() {
		if f.Scheduled {
			a.Recommendation = event.RecommendCancel
			sits = append(sits, "declining", "drop-scheduled")
			a.DraftKinds = []string{event.DraftCancel, event.DraftAccept}
			return
		}
		a.Recommendation = event.RecommendDecline
		sits = append(sits, "declining")
		a.DraftKinds = []string{event.DraftDecline, event.DraftAccept}
	}
	cancelTiming := func() {
		switch {
		case f.Soon:
			say(fmt.Sprintf("The interview is less than a day away (%s): send the cancellation now, and phone as well if you can, so nobody waits for you.", shortTime(f.Start, loc)), "never-no-show", "cancel-early-and-properly")
		case !f.Start.IsZero():
			say(fmt.Sprintf("Cancel today, well over a day before the interview (%s), so they can offer the slot to someone else; never simply stay away.", shortTime(f.Start, loc)), "cancel-early-and-properly", "never-no-show")
		default:
			say("Cancel as soon as you can, in writing, and at least a day before the interview; never simply stay away.", "cancel-early-and-properly", "never-no-show")
		}
		say("If a recruiter or an agency arranged it, tell them too, before they hear it from the employer.", "keep-recruiter-informed")
	}

	switch {
	case f.AcceptedOffer:
		dropIt()
		if f.Scheduled {
			say(fmt.Sprintf("You have accepted an offer elsewhere and this interview with %s is already arranged: cancel it rather than let the date come closer. Keep your word to the employer you signed with.", who), "signed-offer-stop")
			cancelTiming()
		} else {
			say(fmt.Sprintf("You have accepted an offer elsewhere: an interview now would take up the time of %s and tempt you to go back on your word.", who), "signed-offer-stop")
			say("Decline promptly and kindly; if you want to keep the contact, ask whether an informal conversation could replace the interview.", "suggest-informational-interview")
		}
	case f.Avoided != "" || f.Firm:
		dropIt()
		if f.Avoided != "" {
			say(fmt.Sprintf("%s is on your list of companies you would not join: say so now rather than use up an interviewer's time and a slot another candidate wants.", who), "never-would-accept")
		} else {
			say(fmt.Sprintf("This job hits a deal-breaker you marked as firm (%s): if you would never accept, do not take up their time.", strings.Join(f.DealBreakers, "; ")), "never-would-accept", "say-when-its-not-a-fit")
		}
		if f.Scheduled {
			cancelTiming()
		} else {
			say("A courteous no, ideally with the name of someone who might suit the role, keeps the contact useful to both sides.", "offer-a-referral")
		}
	case f.LaterRound && p.Search == config.SearchNotLooking:
		dropIt()
		say(fmt.Sprintf("This is a later round and your profile says you are not looking: by now %s reads a yes as serious interest. Withdraw politely unless you would truly consider an offer.", who), "later-round-decide")
		if f.Scheduled {
			cancelTiming()
		} else {
			say("Answer promptly and without a long justification; a warm no keeps the door open for a better match later.", "decline-offers-politely")
		}
	case f.Conflict:
		a.Recommendation = event.RecommendReschedule
		a.DraftKinds = []string{event.DraftReschedule, event.DraftDecline}
		say("The interview is worth doing: real interviews are the best practice and each one teaches you about the market.", "practice-under-pressure", "learn-your-industry")
		say(fmt.Sprintf("But none of the proposed times fits: %s. Ask for another time and name two or three concrete alternatives instead of a flat no.", strings.Join(f.Clashes, "; ")), "be-flexible-on-timing")
		if p.Employment == "employed" {
			say("Prefer times outside working hours, or book leave for it, rather than slipping away from work.", "protect-your-current-job")
		}
		cautions(f, p, who, say)
	case f.Competitor != "" || len(f.DealBreakers) > 0 || f.LaterRound && p.Search == config.SearchOpen:
		a.Recommendation = event.RecommendAcceptWithQuestions
		a.DraftKinds = []string{event.DraftAccept, event.DraftReschedule, event.DraftDecline}
		yes(f, p, say)
		cautions(f, p, who, say)
	default:
		a.Recommendation = event.RecommendAccept
		a.DraftKinds = []string{event.DraftAccept, event.DraftReschedule, event.DraftDecline}
		yes(f, p, say)
		if f.LaterRound {
			say("This is a later round: go in only if you would seriously consider an offer, and settle your open questions in it.", "later-round-decide")
		}
	}
	a.Situations = sits
	a.Guidance = Select(kb, sits, a.Recommendation)
	// Cite only what the user will see: an override may drop items.
	shown := map[string]bool{}
	for _, g := range a.Guidance {
		shown[g.ID] = true
	}
	for i, r := range a.Reasons {
		var ids []string
		for _, id := range r.Guidance {
			if shown[id] {
				ids = append(ids, id)
			}
		}
		a.Reasons[i].Guidance = ids
	}
	return a
}

// yes gives the reasons to say yes that fit the user.
func yes(f Facts, p config.Profile, say func(string, ...string)) {
	switch {
	case p.Employment == "employed" && p.Search != config.SearchActive:
		say("You already have a job, so little is at stake: treat it as practice and a look at what is out there.", "low-stakes-when-employed", "practice-under-pressure")
	case p.Employment == "student":
		say("As a student, every interview you accept is practice and a head start while others are still looking.", "students-say-yes", "practice-under-pressure")
	default:
		say("Say yes: each real interview sharpens your skills, tells you about the market and grows your network, whatever you decide later.", "practice-under-pressure", "build-your-network")
		if p.Employment == "searching" && p.Search == config.SearchActive {
			say("Keep several processes going until you hold an offer you want to sign.", "keep-options-open")
		}
	}
	if !f.LaterRound {
		say("Accepting the interview does not commit you to accepting an offer.", "no-obligation-to-accept")
	}
}

// cautions adds what to watch out for when going ahead.
func cautions(f Facts, p config.Profile, who string, say func(string, ...string)) {
	if f.Competitor != "" {
		say(fmt.Sprintf("%s competes with your employer: talk about your skills and results in general terms, never about internal plans, clients or figures.", who), "guard-confidential-info", "competitor-loyalty")
	}
	if len(f.DealBreakers) > 0 && !f.Firm {
		ids := []string{"doubts-deserve-a-closer-look", "raise-your-hesitations"}
		for _, h := range f.DealBreakers {
			switch {
			case strings.Contains(h, "pay"):
				ids = append(ids, "ask-about-pay-range", "growth-and-benefits-matter")
			case strings.Contains(h, "commute"):
				ids = append(ids, "ask-about-remote-work")
			}
		}
		say(fmt.Sprintf("Something here gives you pause: %s. That is a reason to ask early, not to stay away; raise it with the recruiter before or in the first conversation.", strings.Join(f.DealBreakers, "; ")), ids...)
	}
	if f.LaterRound && p.Search == config.SearchOpen {
		say("This is a later round: a yes now signals serious interest. Use it to settle what is still open, and withdraw afterwards if the answers do not convince you.", "later-round-decide")
	}
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
			if declining && !names(it.When, "accepted-offer", "avoid-company", "ruled-out", "competitor", "declining", "drop-scheduled", "unsure", "later-round") {
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
