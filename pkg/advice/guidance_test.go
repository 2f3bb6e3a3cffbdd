package advice

// These tests check the knowledge base in templates/guidance against the
// selection rules here; they live in this package because templates cannot
// import advice without a cycle.

import (
	"io/fs"
	"slices"
	"strings"
	"testing"

	"time"

	"gopkg.in/yaml.v3"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/templates"
)

// consistent reports whether Situations and Recommend could together
// produce sits with rec; TestConsistentMatchesRecommend keeps it honest.
func consistent(sits []string, rec string) bool {
	has := func(s string) bool { return slices.Contains(sits, s) }
	declining := rec == event.RecommendDecline || rec == event.RecommendCancel
	employment := 0
	for _, e := range []string{"searching", "employed", "student"} {
		if has(e) {
			employment++
		}
	}
	switch {
	case !has("always"), employment != 1:
		return false
	case has("first-round") == has("later-round"):
		return false
	case has("time-off") != has("employed"):
		return false
	case has("declining") != declining: // Recommend adds it exactly when declining
		return false
	case has("drop-scheduled") != (rec == event.RecommendCancel):
		return false
	case has("avoid-company") && !has("ruled-out"):
		return false
	case has("ruled-out") && has("unsure"): // a firm hit is not a doubt
		return false
	case (has("accepted-offer") || has("ruled-out")) && !declining:
		return false
	case declining && !has("accepted-offer") && !has("ruled-out") && !has("later-round"):
		return false
	case rec == event.RecommendReschedule != (has("conflict") && !declining):
		return false
	case rec == event.RecommendAcceptWithQuestions && !has("competitor") && !has("unsure") && !has("later-round"):
		return false
	case rec == event.RecommendAccept && (has("competitor") || has("unsure")):
		return false
	}
	return true
}

// TestEveryGuidanceItemReachable proves that every item in the knowledge
// base is shown for some situation the advisor can be in: an item whose
// tags and stance contradict each other would never reach a user.
func TestEveryGuidanceItemReachable(t *testing.T) {
	kb := knowledgeBase(t)
	sits := templates.Situations
	if len(sits) > 20 {
		t.Fatalf("%d situations: too many to enumerate", len(sits))
	}
	recommendations := []string{
		event.RecommendAccept,
		event.RecommendAcceptWithQuestions,
		event.RecommendReschedule,
		event.RecommendDecline,
		event.RecommendCancel,
	}
	reached := map[string]bool{}
	combos := 0
	for mask := 0; mask < 1<<len(sits); mask++ {
		var set []string
		for i, s := range sits {
			if mask&(1<<i) != 0 {
				set = append(set, s)
			}
		}
		for _, rec := range recommendations {
			if !consistent(set, rec) {
				continue
			}
			combos++
			for _, g := range Select(kb, set, rec) {
				reached[g.ID] = true
			}
		}
	}
	if combos == 0 {
		t.Fatal("no consistent combination of situations")
	}
	for _, it := range kb {
		if !reached[it.ID] {
			t.Errorf("guidance item %s (stance %s, when %v) is never selected", it.ID, it.Stance, it.When)
		}
	}
}

// TestConsistentMatchesRecommend keeps consistent honest: what Recommend
// actually produces must pass it.
func TestConsistentMatchesRecommend(t *testing.T) {
	kb := knowledgeBase(t)
	acme := inv("Acme", "jane@acme.example", "invitation", "")
	slot := with(acme, func(d *event.Detection, _ *event.Message) { d.ProposedTimes = []time.Time{at(1, 15, 0)} })
	meeting := calendar.Interval{Start: at(1, 14, 0), End: at(1, 16, 0)}
	pay := with(acme, func(_ *event.Detection, m *event.Message) { m.Excerpt = "Salary: 40k EUR." })
	for _, tc := range []struct {
		name string
		a    Advice
	}{
		{"accept", recommend(t, kb, acme, profileWith("searching", false, nil, nil))},
		{"later round", recommend(t, kb, inv("Acme", "jane@acme.example", "invitation", "final"), profileWith("student", false, nil, nil))},
		{"later round, open", recommend(t, kb, inv("Acme", "jane@acme.example", "invitation", "final"), profileWith("employed", false, nil, nil))},
		{"later round, not looking", recommend(t, kb, inv("Acme", "jane@acme.example", "invitation", "final"), config.Profile{Employment: "employed", Search: "not-looking"})},
		{"competitor", recommend(t, kb, inv("Initech", "b@initech.example", "invitation", ""), profileWith("employed", false, nil, []string{"Initech"}))},
		{"avoid", recommend(t, kb, inv("Globex", "b@globex.example", "invitation", ""), profileWith("employed", false, []string{"Globex"}, nil))},
		{"decline", recommend(t, kb, acme, profileWith("searching", true, nil, nil))},
		{"cancel", recommend(t, kb, inv("Acme", "jane@acme.example", "reminder", ""), profileWith("searching", true, nil, nil))},
		{"unsure", recommend(t, kb, pay, config.Profile{Employment: "searching", DealBreakers: config.DealBreakers{MinSalary: 50000}})},
		{"firm", recommend(t, kb, pay, config.Profile{Employment: "searching", DealBreakers: config.DealBreakers{MinSalary: 50000, Firm: true}})},
		{"conflict", recommend(t, kb, slot, profileWith("employed", false, nil, nil), meeting)},
		{"conflict and competitor", recommend(t, kb, slot, profileWith("employed", false, nil, []string{"Acme"}), meeting)},
		{"conflict, but ruled out", recommend(t, kb, slot, profileWith("employed", false, []string{"Acme"}, nil), meeting)},
	} {
		if !consistent(tc.a.Situations, tc.a.Recommendation) {
			t.Errorf("%s: Recommend gave %s with %q, which consistent rejects", tc.name, tc.a.Recommendation, tc.a.Situations)
		}
	}
}

type idea struct {
	Idea   string   `yaml:"idea"`
	Source string   `yaml:"source"`
	Items  []string `yaml:"items"`
}

func TestIdeasCoverGuidance(t *testing.T) {
	kb := knowledgeBase(t)
	src, err := fs.ReadFile(templates.Embedded(), "guidance/ideas.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var ideas []idea
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	if err := dec.Decode(&ideas); err != nil {
		t.Fatalf("ideas.yaml: %v", err)
	}
	if len(ideas) == 0 {
		t.Fatal("ideas.yaml lists no ideas")
	}
	byID := map[string]templates.Item{}
	for _, it := range kb {
		byID[it.ID] = it
	}
	covered := map[string]bool{}
	for i, id := range ideas {
		if id.Idea == "" || id.Source == "" || len(id.Items) == 0 {
			t.Errorf("idea %d (%q): idea, source and items are required", i+1, id.Idea)
		}
		cited := false
		for _, name := range id.Items {
			it, ok := byID[name]
			if !ok {
				t.Errorf("idea %q names unknown guidance item %q", id.Idea, name)
				continue
			}
			covered[name] = true
			cited = cited || slices.Contains(it.Sources, id.Source)
		}
		if !cited {
			t.Errorf("idea %q (%s): none of its items %v cites that source", id.Idea, id.Source, id.Items)
		}
	}
	for _, it := range kb {
		if !covered[it.ID] {
			t.Errorf("guidance item %s is not covered by any idea", it.ID)
		}
	}
}

func profileWith(employment string, offer bool, avoid, competitors []string) config.Profile {
	return config.Profile{Employment: employment, AcceptedOffer: offer, AvoidCompanies: avoid, Competitors: competitors}
}
