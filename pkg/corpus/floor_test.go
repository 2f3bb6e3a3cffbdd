package corpus

import (
	"math"
	"testing"
)

// floor is what the detector must keep on one split of the corpus.
type floor struct {
	precision, recall, kind float64
	fields                  map[string]float64 // field accuracy, over detected invitations with a labeled value
}

// floors are the figures the detector reached when it was last trained
// (see docs/DETECTION.md), rounded down to two decimals. A change that
// lowers any of them fails here; a change that raises them should raise
// the floor too.
//
// The holdout floors are honest figures: the holdout split (the thirteenth
// and fifteenth sets written, by authors who never saw the detector) was
// not read while the rules and the model were developed (tools/trainmodel
// reads the train split only). The thirteenth set was scored once when it
// was written, the fifteenth once, with the same detector, when it joined
// it. Earlier holdouts, each written by other authors, scored recall
// between 0.85 and 0.96 (docs/DETECTION.md); the fifteenth set alone
// scores 0.965.
var floors = map[string]floor{
	"train": {precision: 0.99, recall: 0.99, kind: 0.94, fields: map[string]float64{
		"company": 0.94, "duration": 0.99, "format": 0.98, "interviewers": 0.86, "location": 0.98, "meeting_url": 1, "proposed_times": 0.97,
		"recruiter": 0.99, "reply_to": 1, "respond_by": 0.93, "role": 0.93, "scheduling_url": 1, "scheduling_vendor": 1, "stage": 0.93,
	}},
	"holdout": {precision: 0.97, recall: 0.97, kind: 0.93, fields: map[string]float64{
		"company": 0.90, "duration": 0.99, "format": 0.98, "interviewers": 0.79, "location": 0.88, "meeting_url": 1, "proposed_times": 0.95,
		"recruiter": 0.96, "reply_to": 1, "respond_by": 0.96, "role": 0.98, "scheduling_url": 1, "scheduling_vendor": 1, "stage": 0.96,
	}},
}

// TestQualityFloors fails when precision, recall, kind accuracy or the
// accuracy of any extracted field falls below its floor, on either split.
func TestQualityFloors(t *testing.T) {
	labels, err := Load("../../testdata/corpus")
	if err != nil {
		t.Fatal(err)
	}
	for split, f := range floors {
		r := Evaluate("../../testdata/corpus", labels, split)
		for _, e := range r.Errors {
			t.Errorf("%s: %s", split, e)
		}
		below := func(what string, got, want float64) {
			// Compare at the floors' precision: 0.926 keeps a 0.92 floor.
			if math.Floor(got*100+1e-9)/100 < want {
				t.Errorf("%s: %s %.3f is below the floor %.2f", split, what, got, want)
			}
		}
		below("precision", r.Precision(), f.precision)
		below("recall", r.Recall(), f.recall)
		if r.TP > 0 {
			below("kind accuracy", float64(r.KindCorrect)/float64(r.TP), f.kind)
		}
		for name, want := range f.fields {
			fs, ok := r.Fields[name]
			if !ok {
				t.Errorf("%s: no %s was scored", split, name)
				continue
			}
			below(name+" accuracy", fs.Accuracy(), want)
		}
	}
}
