package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestEvalCommand runs `sayyes eval` on the train split of the labeled
// corpus: it prints precision, recall, the kind and per-field accuracy, and
// exits 0; a bad split name exits 2.
func TestEvalCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"eval", "--corpus", "../../../../testdata/corpus", "--split", "train"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"split train: 3804 messages", "precision", "recall", "kind accuracy", "field accuracy", "proposed_times", "company"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("eval output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "holdout") {
		t.Error("--split train printed the holdout split")
	}
	out.Reset()
	if code := run([]string{"eval", "--split", "validation"}, &out, &errOut); code != 2 {
		t.Errorf("unknown split: exit %d, want 2", code)
	}
}

// TestClassifyJSONEvidence: `classify --json` carries the extraction with
// its evidence, beyond the original contract's fields.
func TestClassifyJSONEvidence(t *testing.T) {
	var out, errOut bytes.Buffer
	// A fixture of its own: corpus files are regenerated and renumbered.
	file := "testdata/classify-evidence.eml"
	if code := run([]string{"classify", "--json", file}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var r struct {
		IsInvitation bool     `json:"is_invitation"`
		Recruiter    string   `json:"recruiter"`
		ReplyTo      string   `json:"reply_to"`
		Interviewers []string `json:"interviewers"`
		Duration     int      `json:"duration_minutes"`
		Evidence     []struct {
			Field, Value, Span, Source string
			Confidence                 float64
		} `json:"evidence"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if !r.IsInvitation || r.Recruiter != "Chloé Rousseau" || r.ReplyTo != "chloe.rousseau@atelier-lumiere.example" || len(r.Interviewers) != 2 || r.Duration != 60 {
		t.Errorf("got %+v", r)
	}
	fields := map[string]bool{}
	for _, e := range r.Evidence {
		if e.Span == "" || e.Source == "" || e.Confidence <= 0 || e.Confidence > 1 {
			t.Errorf("evidence without span, source or confidence: %+v", e)
		}
		fields[e.Field] = true
	}
	for _, f := range []string{"company", "role", "recruiter", "reply_to", "proposed_time", "meeting_url", "interviewer"} {
		if !fields[f] {
			t.Errorf("no evidence for %s", f)
		}
	}
}
