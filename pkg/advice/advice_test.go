package advice

import (
	"slices"
	"strings"
	"testing"

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
		Message:   event.Message{From: event.Address{Name: "Jane", Address: from}, Subject: "Interview"},
		Detection: event.Detection{IsInvitation: true, Kind: kind, Company: company, Stage: stage},
	}
}

func TestRecommend(t *testing.T) {
	kb := knowledgeBase(t)
	searching := config.Profile{Employment: "searching"}
	offer := config.Profile{Employment: "searching", AcceptedOffer: true}
	employed := config.Profile{Employment: "employed", Competitors: []string{"Initech"}}

	tests := []struct {
		name       string
		inv        event.InvitationDetected
		p          config.Profile
		want       string
		firstDraft string
		reason     string // a phrase one of the reasons must contain
	}{
		{"default", inv("Acme", "jane@acme.example", "invitation", ""), searching, event.RecommendAccept, event.DraftAccept, "Say yes"},
		{"student", inv("Acme", "jane@acme.example", "invitation", ""), config.Profile{Employment: "student"}, event.RecommendAccept, event.DraftAccept, "Say yes"},
		{"employed, not a competitor", inv("Acme", "jane@acme.example", "invitation", ""), employed, event.RecommendAccept, event.DraftAccept, "Say yes"},
		{"accepted offer, invitation", inv("Acme", "jane@acme.example", "invitation", ""), offer, event.RecommendDecline, event.DraftDecline, "accepted an offer"},
		{"accepted offer, outreach", inv("Acme", "jane@acme.example", "outreach", ""), offer, event.RecommendDecline, event.DraftDecline, "Acme's time"},
		{"accepted offer, reminder", inv("Acme", "jane@acme.example", "reminder", ""), offer, event.RecommendCancel, event.DraftCancel, "cancel it now"},
		{"accepted offer, reschedule", inv("Acme", "jane@acme.example", "reschedule", ""), offer, event.RecommendCancel, event.DraftCancel, "with Acme"},
		{"avoided by name", inv("Globex", "jane@globex.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"globex"}}, event.RecommendDecline, event.DraftDecline, "Globex is on your list"},
		{"avoided by longer name", inv("Globex Corporation", "jane@mail.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendDecline, event.DraftDecline, "on your list"},
		{"avoided by sender domain", inv("", "jane@globex.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendDecline, event.DraftDecline, "this company is on your list"},
		{"avoided by sender subdomain", inv("", "jane@talent.globex.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendDecline, event.DraftDecline, "on your list"},
		{"avoided by domain entry", inv("", "jane@globex.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"globex.example"}}, event.RecommendDecline, event.DraftDecline, "on your list"},
		{"avoided by domain entry, subdomain sender", inv("", "jane@talent.globex.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"globex.example"}}, event.RecommendDecline, event.DraftDecline, "on your list"},
		{"avoided, accepted offer wins", inv("Globex", "jane@globex.example", "invitation", ""), config.Profile{Employment: "searching", AcceptedOffer: true, AvoidCompanies: []string{"Globex"}}, event.RecommendDecline, event.DraftDecline, "accepted an offer"},
		{"avoided and competitor: decline wins", inv("Initech", "bill@initech.example", "invitation", ""), config.Profile{Employment: "employed", AvoidCompanies: []string{"Initech"}, Competitors: []string{"Initech"}}, event.RecommendDecline, event.DraftDecline, "on your list"},
		{"not avoided: name only a prefix", inv("Metalworks", "jo@metalworks.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Meta"}}, event.RecommendAccept, event.DraftAccept, "Say yes"},
		{"not avoided: name only a fragment", inv("Go", "jo@golang.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Google"}}, event.RecommendAccept, event.DraftAccept, "Say yes"},
		{"not avoided: domain only similar", inv("", "jo@globexx.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"Globex"}}, event.RecommendAccept, event.DraftAccept, "Say yes"},
		{"blank avoid entry ignored", inv("Acme", "jane@acme.example", "invitation", ""), config.Profile{Employment: "searching", AvoidCompanies: []string{"", "  "}}, event.RecommendAccept, event.DraftAccept, "Say yes"},
		{"competitor", inv("Initech", "bill@initech.example", "invitation", ""), employed, event.RecommendAcceptWithQuestions, event.DraftAccept, "Initech competes with your current employer"},
		{"competitor by domain", inv("", "bill@initech.example", "invitation", ""), employed, event.RecommendAcceptWithQuestions, event.DraftAccept, "share nothing confidential"},
		{"second round", inv("Acme", "jane@acme.example", "invitation", "second-round"), searching, event.RecommendAccept, event.DraftAccept, "later round"},
		{"final round", inv("Acme", "jane@acme.example", "invitation", "final"), searching, event.RecommendAccept, event.DraftAccept, "later round"},
		{"onsite", inv("Acme", "jane@acme.example", "invitation", "onsite"), searching, event.RecommendAccept, event.DraftAccept, "later round"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Recommend(tt.inv, tt.p, kb)
			if a.Recommendation != tt.want {
				t.Fatalf("recommendation = %q, want %q (situations %q, reasons %q)", a.Recommendation, tt.want, a.Situations, a.Reasons)
			}
			if len(a.DraftKinds) == 0 || a.DraftKinds[0] != tt.firstDraft {
				t.Errorf("draft kinds = %q, want %q first", a.DraftKinds, tt.firstDraft)
			}
			if !slices.ContainsFunc(a.Reasons, func(r string) bool { return strings.Contains(r, tt.reason) }) {
				t.Errorf("reasons %q: none mentions %q", a.Reasons, tt.reason)
			}
			checkGuidance(t, a)
		})
	}
}

// checkGuidance holds for every piece of advice: guidance is present and
// sourced, and its stances fit the recommendation.
func checkGuidance(t *testing.T, a Advice) {
	t.Helper()
	if len(a.Guidance) == 0 {
		t.Fatal("no guidance")
	}
	declining := a.Recommendation == event.RecommendDecline || a.Recommendation == event.RecommendCancel
	stances := map[string]int{}
	for _, g := range a.Guidance {
		stances[g.Stance]++
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
}

func TestRecommendDeterministic(t *testing.T) {
	kb := knowledgeBase(t)
	i := inv("Initech", "bill@initech.example", "invitation", "onsite")
	p := config.Profile{Employment: "employed", Competitors: []string{"Initech"}}
	first := Recommend(i, p, kb)
	for range 5 {
		again := Recommend(i, p, kb)
		if !slices.Equal(again.Reasons, first.Reasons) || !slices.Equal(again.Situations, first.Situations) || len(again.Guidance) != len(first.Guidance) {
			t.Fatalf("Recommend is not deterministic:\n%+v\n%+v", first, again)
		}
		for j := range first.Guidance {
			if again.Guidance[j].ID != first.Guidance[j].ID {
				t.Fatalf("guidance order changed at %d: %s vs %s", j, first.Guidance[j].ID, again.Guidance[j].ID)
			}
		}
	}
}

func TestSituations(t *testing.T) {
	tests := []struct {
		name string
		inv  event.InvitationDetected
		p    config.Profile
		want []string
	}{
		{"searching, first round", inv("Acme", "jane@acme.example", "invitation", ""), config.Profile{Employment: "searching"}, []string{"always", "searching", "first-round"}},
		{"employed takes time off", inv("Acme", "jane@acme.example", "invitation", "screening"), config.Profile{Employment: "employed"}, []string{"always", "employed", "first-round", "time-off"}},
		{"everything", inv("Initech", "bill@initech.example", "invitation", "final"), config.Profile{Employment: "employed", AcceptedOffer: true, AvoidCompanies: []string{"initech"}, Competitors: []string{"INITECH"}}, []string{"always", "employed", "accepted-offer", "avoid-company", "competitor", "later-round", "time-off"}},
		{"competitor via Reply-To domain", event.InvitationDetected{Message: event.Message{From: event.Address{Address: "no-reply@ats.example"}, ReplyTo: []event.Address{{Address: "hr@initech.example"}}}}, config.Profile{Employment: "student", Competitors: []string{"Initech"}}, []string{"always", "student", "competitor", "first-round"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Situations(tt.inv, tt.p)
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
		{ID: "c-avoid", Stance: "caution", When: []string{"avoid-company", "declining"}, Sources: []string{"s"}},
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
		{"decline an avoided company", []string{"always", "searching", "avoid-company", "declining"}, event.RecommendDecline, []string{"c-avoid", "d-declining"}},
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
