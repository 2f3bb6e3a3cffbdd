package advice

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/templates"
)

func knowledgeBase(t *testing.T) []templates.Item {
	t.Helper()
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	return set.Guidance
}

func inv(company, from, kind, stage string) event.InvitationDetected {
	return event.InvitationDetected{
		Message:   event.Message{From: event.Address{Name: "Jane", Address: from}, To: []event.Address{{Address: "ada@example.com"}}, Subject: "Interview", Date: now.Add(-time.Hour)},
		Detection: event.Detection{IsInvitation: true, Kind: kind, Company: company, Stage: stage},
	}
}

// now is Monday 2 March 2026, 10:00 in Berlin, when all advice is given.
var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// at returns a time in Berlin, days after now's date.
func at(days, hour, minute int) time.Time {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	return time.Date(2026, 3, 2+days, hour, minute, 0, 0, berlin)
}

// prof fills a profile's defaults as loading the config does.
func prof(p config.Profile) config.Profile {
	if p.Timezone == "" {
		p.Timezone = "Europe/Berlin"
	}
	c := config.Config{Profile: p}
	c.Defaults()
	return c.Profile
}

func recommend(t *testing.T, kb []templates.Item, i event.InvitationDetected, p config.Profile, busy ...calendar.Interval) Advice {
	t.Helper()
	return Recommend(Input{Invitation: i, Profile: prof(p), Busy: busy, Now: now}, kb)
}

// with edits a copy of an invitation.
func with(i event.InvitationDetected, edit func(d *event.Detection, m *event.Message)) event.InvitationDetected {
	edit(&i.Detection, &i.Message)
	return i
}

func TestRecommend(t *testing.T) {
	kb := knowledgeBase(t)
	searching := config.Profile{Employment: "searching"}
	offer := config.Profile{Employment: "searching", AcceptedOffer: true}
	employed := config.Profile{Employment: "employed", Competitors: []string{"Initech"}}
	acme := inv("Acme", "jane@acme.example", "invitation", "")
	tuesday := func(d *event.Detection, _ *event.Message) { d.ProposedTimes = []time.Time{at(1, 15, 0)} }

	tests := []struct {
		name       string
		inv        event.InvitationDetected
		p          config.Profile
		want       string
		firstDraft string
		reason     string   // a phrase one of the reasons must contain
		guidance   []string // items the advice must show
	}{
		{"default", acme, searching, event.RecommendAccept, event.DraftAccept, "Say yes", []string{"practice-under-pressure", "keep-options-open", "interview-them-too"}},
		{"student", acme, config.Profile{Employment: "student"}, event.RecommendAccept, event.DraftAccept, "As a student", []string{"students-say-yes"}},
		{"employed, not a competitor", acme, employed, event.RecommendAccept, event.DraftAccept, "little is at stake", []string{"low-stakes-when-employed", "protect-your-current-job"}},
		{"employed and actively looking", acme, config.Profile{Employment: "employed", Search: "active"}, event.RecommendAccept, event.DraftAccept, "Say yes", nil},
		{"comfortably employed, not looking", acme, config.Profile{Employment: "employed", Search: "not-looking"}, event.RecommendAccept, event.DraftAccept, "little is at stake", []string{"low-stakes-when-employed"}},
		{"accepted offer, invitation", acme, offer, event.RecommendDecline, event.DraftDecline, "accepted an offer", []string{"signed-offer-stop", "suggest-informational-interview"}},
		{"accepted offer, outreach", inv("Acme", "jane@acme.example", "outreach", ""), offer, event.RecommendDecline, event.DraftDecline, "the time of Acme", nil},
		{"accepted offer, reminder", with(inv("Acme", "jane@acme.example", "reminder", ""), tuesday), offer, event.RecommendCancel, event.DraftCancel, "already arranged", []string{"cancel-early-and-properly", "never-no-show"}},
		{"accepted offer, reschedule mail", inv("Acme", "jane@acme.example", "reschedule", ""), offer, event.RecommendCancel, event.DraftCancel, "with Acme", nil},
		{"offer date: invitation from before the signing is arranged", with(acme, func(d *event.Detection, m *event.Message) {
			d.ProposedTimes = []time.Time{at(3, 10, 0)}
			m.Date = at(-5, 9, 0)
		}), config.Profile{Employment: "searching", AcceptedOfferDate: "2026-02-28"}, event.RecommendCancel, event.DraftCancel, "Cancel today", nil},
		{"offer date: a later invitation is declined", with(acme, tuesday), config.Profile{Employment: "searching", AcceptedOfferDate: "2026-02-28"}, event.RecommendDecline, event.DraftDecline, "accepted an offer", nil},
		{"calendar already accepted: cancel", with(acme, func(d *event.Detection, _ *event.Message) {
			d.ProposedTimes = []time.Time{at(1, 15, 0)}
			d.Calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nATTENDEE;PARTSTAT=ACCEPTED;CN=Ada:mailto:ada@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		}), offer, event.RecommendCancel, event.DraftCancel, "already arranged", nil},
		{"avoided by name", inv("Globex", "jane@globex.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"globex"}}, event.RecommendDecline, event.DraftDecline, "Globex is on your list", []string{"never-would-accept", "offer-a-referral"}},
		{"avoided by longer name", inv("Globex Corporation", "jane@mail.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendDecline, event.DraftDecline, "on your list", nil},
		{"avoided by sender domain", inv("", "jane@globex.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendDecline, event.DraftDecline, "this company is on your list", nil},
		{"avoided by sender subdomain", inv("", "jane@talent.globex.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendDecline, event.DraftDecline, "on your list", nil},
		{"avoided by domain entry", inv("", "jane@globex.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"globex.example"}}, event.RecommendDecline, event.DraftDecline, "on your list", nil},
		{"avoided, accepted offer wins", inv("Globex", "jane@globex.example", "invitation", ""), config.Profile{Employment: "searching", AcceptedOffer: true, AvoidCompanies: []string{"Globex"}}, event.RecommendDecline, event.DraftDecline, "accepted an offer", nil},
		{"avoided and competitor: decline wins", inv("Initech", "bill@initech.example", "invitation", ""), config.Profile{Employment: "employed", AvoidCompanies: []string{"Initech"}, Competitors: []string{"Initech"}}, event.RecommendDecline, event.DraftDecline, "on your list", nil},
		{"avoided, already scheduled: cancel a day ahead", with(inv("Globex", "jane@globex.example", "reminder", ""), func(d *event.Detection, _ *event.Message) { d.ProposedTimes = []time.Time{at(3, 10, 0)} }),
			config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendCancel, event.DraftCancel, "well over a day before", []string{"cancel-early-and-properly", "never-no-show", "keep-recruiter-informed"}},
		{"avoided, scheduled tomorrow morning: cancel now and phone", with(inv("Globex", "jane@globex.example", "reminder", ""), func(d *event.Detection, _ *event.Message) { d.ProposedTimes = []time.Time{at(1, 9, 0)} }),
			config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendCancel, event.DraftCancel, "less than a day away", []string{"never-no-show"}},
		{"not avoided: name only a prefix", inv("Metalworks", "jo@metalworks.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Meta"}}, event.RecommendAccept, event.DraftAccept, "Say yes", nil},
		{"not avoided: domain only similar", inv("", "jo@globexx.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendAccept, event.DraftAccept, "Say yes", nil},
		{"blank avoid entry ignored", acme, config.Profile{Employment: "searching", AvoidCompanies: []string{"", "  "}}, event.RecommendAccept, event.DraftAccept, "Say yes", nil},
		{"competitor", inv("Initech", "bill@initech.example", "invitation", ""), employed, event.RecommendAcceptWithQuestions, event.DraftAccept, "Initech competes with your employer", []string{"guard-confidential-info", "competitor-loyalty"}},
		{"competitor by domain", inv("", "bill@initech.example", "invitation", ""), employed, event.RecommendAcceptWithQuestions, event.DraftAccept, "never about internal plans", nil},
		{"second round, searching", inv("Acme", "jane@acme.example", "invitation", "second-round"), searching, event.RecommendAccept, event.DraftAccept, "later round", []string{"later-round-decide"}},
		{"final round", inv("Acme", "jane@acme.example", "invitation", "final"), searching, event.RecommendAccept, event.DraftAccept, "later round", nil},
		{"second round, open: ask", inv("Acme", "jane@acme.example", "invitation", "second-round"), config.Profile{Employment: "employed"}, event.RecommendAcceptWithQuestions, event.DraftAccept, "serious interest", []string{"later-round-decide"}},
		{"second round, not looking: decline", inv("Acme", "jane@acme.example", "invitation", "onsite"), config.Profile{Employment: "employed", Search: "not-looking"}, event.RecommendDecline, event.DraftDecline, "not looking", []string{"later-round-decide", "decline-offers-politely"}},
		{"pay below minimum: go and ask", with(acme, func(_ *event.Detection, m *event.Message) {
			m.Excerpt = "The salary for this role is €42,000 to €48,000 a year."
		}),
			config.Profile{Employment: "searching", DealBreakers: config.DealBreakers{MinSalary: 55000}}, event.RecommendAcceptWithQuestions, event.DraftAccept, "below your minimum of 55,000", []string{"doubts-deserve-a-closer-look", "ask-about-pay-range", "growth-and-benefits-matter"}},
		{"commute: go and ask about remote work", with(acme, func(d *event.Detection, _ *event.Message) { d.Location = "Acme HQ, Munich" }),
			config.Profile{Employment: "searching", DealBreakers: config.DealBreakers{TooFar: []string{"munich"}}}, event.RecommendAcceptWithQuestions, event.DraftAccept, "too far to commute", []string{"ask-about-remote-work", "raise-your-hesitations"}},
		{"firm deal-breaker: decline early with a referral", with(acme, func(_ *event.Detection, m *event.Message) {
			m.Excerpt = "The role requires relocation to our Lyon office."
		}),
			config.Profile{Employment: "searching", DealBreakers: config.DealBreakers{Keywords: []string{"Relocation"}, Firm: true}}, event.RecommendDecline, event.DraftDecline, "marked as firm", []string{"never-would-accept", "offer-a-referral", "say-when-its-not-a-fit"}},
		{"slot fits: accept", with(acme, tuesday), config.Profile{Employment: "searching", Availability: []string{"mon-fri 09:00-17:00"}}, event.RecommendAccept, event.DraftAccept, "Say yes", nil},
		{"slot outside availability: reschedule", with(acme, tuesday), config.Profile{Employment: "searching", Availability: []string{"mon-fri 08:00-12:00"}}, event.RecommendReschedule, event.DraftReschedule, "outside the hours you set", []string{"be-flexible-on-timing"}},
		{"slot in a meeting: reschedule", with(acme, tuesday), employed, event.RecommendReschedule, event.DraftReschedule, "clashes with your calendar", []string{"be-flexible-on-timing", "protect-your-current-job"}},
	}
	meeting := calendar.Interval{Start: at(1, 14, 30), End: at(1, 16, 0)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var busy []calendar.Interval
			if strings.Contains(tt.name, "meeting") {
				busy = []calendar.Interval{meeting}
			}
			a := recommend(t, kb, tt.inv, tt.p, busy...)
			if a.Recommendation != tt.want {
				t.Fatalf("recommendation = %q, want %q (situations %q, reasons %q)", a.Recommendation, tt.want, a.Situations, a.Texts())
			}
			if len(a.DraftKinds) == 0 || a.DraftKinds[0] != tt.firstDraft {
				t.Errorf("draft kinds = %q, want %q first", a.DraftKinds, tt.firstDraft)
			}
			if !slices.ContainsFunc(a.Texts(), func(r string) bool { return strings.Contains(r, tt.reason) }) {
				t.Errorf("reasons %q: none mentions %q", a.Texts(), tt.reason)
			}
			for _, id := range tt.guidance {
				if !slices.ContainsFunc(a.Guidance, func(g event.Guidance) bool { return g.ID == id }) {
					t.Errorf("guidance lacks %s (situations %q)", id, a.Situations)
				}
			}
			checkGuidance(t, a)
		})
	}
}

// TestSeedCases are the counter-cases from the seed comments, each with
// the advice they argue for.
func TestSeedCases(t *testing.T) {
	kb := knowledgeBase(t)
	acme := inv("Acme", "jane@acme.example", "invitation", "")

	t.Run("signed elsewhere: cancel promptly and politely, don't renege", func(t *testing.T) {
		i := with(inv("Acme", "jane@acme.example", "reminder", ""), func(d *event.Detection, _ *event.Message) { d.ProposedTimes = []time.Time{at(2, 14, 0)} })
		a := recommend(t, kb, i, config.Profile{Employment: "searching", AcceptedOffer: true})
		mustAdvise(t, a, event.RecommendCancel, "Keep your word", "signed-offer-stop", "cancel-early-and-properly", "never-no-show")
	})
	t.Run("sure you would never accept: decline early, offer a referral", func(t *testing.T) {
		a := recommend(t, kb, acme, config.Profile{Employment: "searching", AvoidCompanies: []string{"Acme"}})
		mustAdvise(t, a, event.RecommendDecline, "say so now", "never-would-accept", "offer-a-referral")
	})
	t.Run("competitor: caution and what not to disclose", func(t *testing.T) {
		a := recommend(t, kb, acme, config.Profile{Employment: "employed", Competitors: []string{"Acme"}})
		mustAdvise(t, a, event.RecommendAcceptWithQuestions, "never about internal plans, clients or figures", "guard-confidential-info", "competitor-loyalty")
	})
	t.Run("second round: your mind should be made up", func(t *testing.T) {
		a := recommend(t, kb, inv("Acme", "jane@acme.example", "invitation", "second-round"), config.Profile{Employment: "searching"})
		mustAdvise(t, a, event.RecommendAccept, "seriously consider an offer", "later-round-decide")
	})
	t.Run("slot conflicts with the calendar: propose alternatives", func(t *testing.T) {
		i := with(acme, func(d *event.Detection, _ *event.Message) {
			d.ProposedTimes = []time.Time{at(1, 10, 0), at(2, 10, 0)}
			d.Duration = 45 * time.Minute
		})
		busy := []calendar.Interval{{Start: at(1, 9, 0), End: at(1, 12, 0)}, {Start: at(2, 9, 30), End: at(2, 11, 0)}}
		a := recommend(t, kb, i, config.Profile{Employment: "searching", Availability: []string{"mon-fri 09:00-13:00"}}, busy...)
		mustAdvise(t, a, event.RecommendReschedule, "two or three concrete alternatives", "be-flexible-on-timing")
		if n := len(a.Facts.Offered); n < 2 || n > 3 {
			t.Fatalf("offered %d windows, want 2 or 3: %v", n, a.Facts.Offered)
		}
		for _, w := range a.Facts.Offered {
			for _, b := range busy {
				if w.Overlaps(b) {
					t.Errorf("offered window %v overlaps busy %v", w, b)
				}
			}
			if w.End.Sub(w.Start) < 45*time.Minute {
				t.Errorf("offered window %v shorter than the interview", w)
			}
		}
	})
	t.Run("a scheduled interview you now want to drop: cancel a day ahead, never no-show", func(t *testing.T) {
		i := with(inv("Acme", "jane@acme.example", "reminder", ""), func(d *event.Detection, _ *event.Message) { d.ProposedTimes = []time.Time{at(4, 11, 0)} })
		a := recommend(t, kb, i, config.Profile{Employment: "employed", AvoidCompanies: []string{"Acme"}})
		mustAdvise(t, a, event.RecommendCancel, "never simply stay away", "cancel-early-and-properly", "never-no-show")
	})
}

func mustAdvise(t *testing.T, a Advice, rec, phrase string, ids ...string) {
	t.Helper()
	if a.Recommendation != rec {
		t.Fatalf("recommendation = %s, want %s (reasons %q)", a.Recommendation, rec, a.Texts())
	}
	if !slices.ContainsFunc(a.Texts(), func(r string) bool { return strings.Contains(r, phrase) }) {
		t.Errorf("no reason says %q: %q", phrase, a.Texts())
	}
	cited := map[string]bool{}
	for _, r := range a.Reasons {
		for _, id := range r.Guidance {
			cited[id] = true
		}
	}
	for _, id := range ids {
		if !cited[id] {
			t.Errorf("no reason cites %s: %v", id, a.Citations())
		}
	}
	checkGuidance(t, a)
}

// checkGuidance holds for every piece of advice: guidance is present and
// sourced, its stances fit the recommendation, and every reason cites at
// least one item the user is shown.
func checkGuidance(t *testing.T, a Advice) {
	t.Helper()
	if len(a.Guidance) == 0 {
		t.Fatal("no guidance")
	}
	declining := a.Recommendation == event.RecommendDecline || a.Recommendation == event.RecommendCancel
	stances := map[string]int{}
	shown := map[string]bool{}
	for _, g := range a.Guidance {
		stances[g.Stance]++
		shown[g.ID] = true
		if len(g.Sources) == 0 || g.ID == "" || g.Title == "" || g.Text == "" {
			t.Errorf("incomplete guidance item %+v", g)
		}
		switch g.Stance {
		case "reason", "question", "prepare":
			if declining {
				t.Errorf("%s advice carries %s item %s", a.Recommendation, g.Stance, g.ID)
			}
		case "decline-well", "cancel-well":
			if !declining {
				t.Errorf("%s advice carries %s item %s", a.Recommendation, g.Stance, g.ID)
			}
		}
	}
	switch a.Recommendation {
	case event.RecommendDecline:
		if stances["decline-well"] == 0 {
			t.Errorf("decline advice without decline-well items: %v", stances)
		}
	case event.RecommendCancel:
		if stances["cancel-well"] == 0 {
			t.Errorf("cancel advice without cancel-well items: %v", stances)
		}
	default:
		if stances["reason"] == 0 {
			t.Errorf("%s advice without reasons to say yes: %v", a.Recommendation, stances)
		}
	}
	if len(a.Reasons) == 0 {
		t.Error("no reasons")
	}
	for _, r := range a.Reasons {
		if len(r.Guidance) == 0 {
			t.Errorf("reason %q cites no guidance the user is shown", r.Text)
		}
		for _, id := range r.Guidance {
			if !shown[id] {
				t.Errorf("reason %q cites %s, which is not shown", r.Text, id)
			}
		}
	}
}

func TestRecommendDeterministic(t *testing.T) {
	kb := knowledgeBase(t)
	i := inv("Initech", "bill@initech.example", "invitation", "onsite")
	p := config.Profile{Employment: "employed", Competitors: []string{"Initech"}}
	first := recommend(t, kb, i, p)
	for range 5 {
		again := recommend(t, kb, i, p)
		if !reflect.DeepEqual(again, first) {
			t.Fatalf("Recommend is not deterministic:\n%+v\n%+v", first, again)
		}
	}
}

func TestSituations(t *testing.T) {
	tuesday := func(d *event.Detection, _ *event.Message) { d.ProposedTimes = []time.Time{at(1, 15, 0)} }
	tests := []struct {
		name string
		inv  event.InvitationDetected
		p    config.Profile
		busy []calendar.Interval
		want []string
	}{
		{"searching, first round", inv("Acme", "jane@acme.example", "invitation", ""), config.Profile{Employment: "searching"}, nil, []string{"always", "searching", "first-round"}},
		{"employed takes time off", inv("Acme", "jane@acme.example", "invitation", "screening"), config.Profile{Employment: "employed"}, nil, []string{"always", "employed", "first-round", "time-off"}},
		{"everything", inv("Initech", "bill@initech.example", "invitation", "final"), config.Profile{Employment: "employed", AcceptedOffer: true, AvoidCompanies: []string{"initech"}, Competitors: []string{"INITECH"}}, nil, []string{"always", "employed", "accepted-offer", "avoid-company", "ruled-out", "competitor", "later-round", "time-off"}},
		{"competitor via Reply-To domain", event.InvitationDetected{Message: event.Message{From: event.Address{Address: "no-reply@ats.example"}, ReplyTo: []event.Address{{Address: "hr@initech.example"}}}}, config.Profile{Employment: "student", Competitors: []string{"Initech"}}, nil, []string{"always", "student", "competitor", "first-round"}},
		{"deal-breaker: unsure", with(inv("Acme", "jane@acme.example", "invitation", ""), func(d *event.Detection, _ *event.Message) { d.Location = "Munich" }), config.Profile{Employment: "searching", DealBreakers: config.DealBreakers{TooFar: []string{"Munich"}}}, nil, []string{"always", "searching", "first-round", "unsure"}},
		{"firm deal-breaker: ruled out", with(inv("Acme", "jane@acme.example", "invitation", ""), func(d *event.Detection, _ *event.Message) { d.Location = "Munich" }), config.Profile{Employment: "searching", DealBreakers: config.DealBreakers{TooFar: []string{"Munich"}, Firm: true}}, nil, []string{"always", "searching", "ruled-out", "first-round"}},
		{"busy at the proposed time: conflict", with(inv("Acme", "jane@acme.example", "invitation", ""), tuesday), config.Profile{Employment: "searching"}, []calendar.Interval{{Start: at(1, 14, 0), End: at(1, 15, 30)}}, []string{"always", "searching", "first-round", "conflict"}},
		{"free at the proposed time", with(inv("Acme", "jane@acme.example", "invitation", ""), tuesday), config.Profile{Employment: "searching"}, []calendar.Interval{{Start: at(1, 16, 0), End: at(1, 17, 0)}}, []string{"always", "searching", "first-round"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Situations(Input{Invitation: tt.inv, Profile: prof(tt.p), Busy: tt.busy, Now: now})
			if !slices.Equal(got, tt.want) {
				t.Errorf("Situations = %q, want %q", got, tt.want)
			}
			for _, s := range got {
				if !slices.Contains(templates.Situations, s) {
					t.Errorf("situation %q is not one the knowledge base knows", s)
				}
			}
		})
	}
}

func TestSelect(t *testing.T) {
	kb := []templates.Item{
		{ID: "r-always", Stance: "reason", When: []string{"always"}, Sources: []string{"s"}},
		{ID: "r-searching", Stance: "reason", When: []string{"searching"}, Sources: []string{"s"}},
		{ID: "r-employed-competitor", Stance: "reason", When: []string{"employed", "competitor"}, Sources: []string{"s"}},
		{ID: "r-searching-or-student", Stance: "reason", When: []string{"searching", "student"}, Sources: []string{"s"}},
		{ID: "r-student-competitor", Stance: "reason", When: []string{"student", "competitor"}, Sources: []string{"s"}},
		{ID: "c-always", Stance: "caution", When: []string{"always"}, Sources: []string{"s"}},
		{ID: "c-avoid", Stance: "caution", When: []string{"ruled-out", "declining"}, Sources: []string{"s"}},
		{ID: "d-declining", Stance: "decline-well", When: []string{"declining"}, Sources: []string{"s"}},
		{ID: "x-cancel", Stance: "cancel-well", When: []string{"drop-scheduled"}, Sources: []string{"s"}},
		{ID: "q-first", Stance: "question", When: []string{"first-round"}, Sources: []string{"s"}},
		{ID: "p-always", Stance: "prepare", When: []string{"always"}, Sources: []string{"s"}},
		{ID: "never", Stance: "reason", When: nil, Sources: []string{"s"}},
	}
	tests := []struct {
		name string
		sits []string
		rec  string
		want []string
	}{
		{"accept, searching", []string{"always", "searching", "first-round"}, event.RecommendAccept, []string{"r-always", "r-searching", "r-searching-or-student", "c-always", "q-first", "p-always"}},
		{"accept, employed without competitor", []string{"always", "employed"}, event.RecommendAccept, []string{"r-always", "c-always", "p-always"}},
		{"accept, student", []string{"always", "student", "later-round"}, event.RecommendAccept, []string{"r-always", "r-searching-or-student", "c-always", "p-always"}},
		{"accept with questions, student competitor", []string{"always", "student", "competitor"}, event.RecommendAcceptWithQuestions, []string{"r-always", "r-searching-or-student", "r-student-competitor", "c-always", "p-always"}},
		{"accept with questions, employed competitor", []string{"always", "employed", "competitor"}, event.RecommendAcceptWithQuestions, []string{"r-always", "r-employed-competitor", "c-always", "p-always"}},
		{"decline an avoided company", []string{"always", "searching", "avoid-company", "ruled-out", "declining"}, event.RecommendDecline, []string{"c-avoid", "d-declining"}},
		{"cancel", []string{"always", "accepted-offer", "declining", "drop-scheduled"}, event.RecommendCancel, []string{"d-declining", "x-cancel"}},
		{"no situations: only always items", nil, event.RecommendAccept, []string{"r-always", "c-always", "p-always"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, g := range Select(kb, tt.sits, tt.rec) {
				got = append(got, g.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Select = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMatchCompany(t *testing.T) {
	tests := []struct {
		name    string
		company string
		from    string
		replyTo string
		list    []string
		want    string
	}{
		{"exact name", "Acme", "", "", []string{"Globex", "ACME"}, "ACME"},
		{"entry is a word of the name", "Acme Corporation", "", "", []string{"acme"}, "acme"},
		{"name is a word of the entry", "Acme", "", "", []string{"Acme Corporation"}, "Acme Corporation"},
		{"hyphenated name", "Acme-Labs GmbH", "", "", []string{"acme"}, "acme"},
		{"prefix of a word is no match", "Metalworks", "", "", []string{"Meta"}, ""},
		{"fragment of an entry is no match", "Go", "", "", []string{"Google"}, ""},
		{"single letter is no match", "X", "", "", []string{"Xerox"}, ""},
		{"domain label", "", "jane@acme.example", "", []string{"acme"}, "acme"},
		{"subdomain label", "", "jane@jobs.acme.example", "", []string{"acme"}, "acme"},
		{"domain entry", "", "jane@acme.example", "", []string{"acme.example"}, "acme.example"},
		{"domain entry, subdomain", "", "jane@jobs.acme.example", "", []string{"acme.example"}, "acme.example"},
		{"domain entry, other domain", "", "jane@notacme.example", "", []string{"acme.example"}, ""},
		{"similar domain is no match", "", "jane@acmecorp.example", "", []string{"acme"}, ""},
		{"reply-to domain", "", "no-reply@ats.example", "hr@acme.example", []string{"acme"}, "acme"},
		{"no company, no address", "", "", "", []string{"acme"}, ""},
		{"empty list", "Acme", "jane@acme.example", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := event.Message{From: event.Address{Address: tt.from}}
			if tt.replyTo != "" {
				m.ReplyTo = []event.Address{{Address: tt.replyTo}}
			}
			if got := matchCompany(tt.company, m, tt.list); got != tt.want {
				t.Errorf("matchCompany(%q, %q, %q) = %q, want %q", tt.company, tt.from, tt.list, got, tt.want)
			}
		})
	}
}
