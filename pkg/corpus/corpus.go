// Package corpus scores the invitation detector against a labeled corpus
// of .eml files (testdata/corpus): precision and recall of the decision,
// accuracy of the kind and of each extracted field, and the list of
// mistakes, per split. The report command (`sayyes eval`) and the quality
// floor test both use it.
package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// Label is one row of labels.jsonl.
type Label struct {
	File             string   `json:"file"`
	IsInvitation     bool     `json:"is_invitation"`
	Kind             string   `json:"kind"`
	Category         string   `json:"category"`
	Language         string   `json:"language"`
	Company          string   `json:"company"`
	Role             string   `json:"role"`
	Recruiter        string   `json:"recruiter"`
	ReplyTo          string   `json:"reply_to"`
	Stage            string   `json:"stage"`
	Format           string   `json:"format"`
	ProposedTimes    []string `json:"proposed_times"`
	DurationMinutes  int      `json:"duration_minutes"`
	MeetingURL       string   `json:"meeting_url"`
	SchedulingURL    string   `json:"scheduling_url"`
	SchedulingVendor string   `json:"scheduling_vendor"`
	Location         string   `json:"location"`
	Interviewers     []string `json:"interviewers"`
	RespondBy        string   `json:"respond_by"`
}

// Split is the first path element of Label.File: train or holdout.
func (l Label) Split() string {
	s, _, _ := strings.Cut(l.File, "/")
	return s
}

// Load reads dir/labels.jsonl.
func Load(dir string) ([]Label, error) {
	f, err := os.Open(filepath.Join(dir, "labels.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	defer f.Close()
	var out []Label
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var l Label
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("corpus: labels.jsonl line %d: %w", n, err)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// Mistake is one wrong decision.
type Mistake struct {
	File     string
	Category string
	Want     bool
	Score    float64
	Reasons  []string
}

// FieldScore counts how often a field was extracted right, over the
// positives whose label has a value for it (and, for absent values, how
// often something was invented).
type FieldScore struct {
	Labeled, Correct int
	// Spurious counts positives labeled empty where the detector found a value.
	Spurious int
	Misses   []string
}

// Accuracy is Correct / Labeled.
func (f FieldScore) Accuracy() float64 {
	if f.Labeled == 0 {
		return 1
	}
	return float64(f.Correct) / float64(f.Labeled)
}

// Report is the evaluation of one split.
type Report struct {
	Split          string
	TP, FP, FN, TN int
	Mistakes       []Mistake
	KindCorrect    int
	KindMisses     []string
	Fields         map[string]*FieldScore
	Errors         []string
}

// Precision of the invitation decision.
func (r *Report) Precision() float64 {
	if r.TP+r.FP == 0 {
		return 1
	}
	return float64(r.TP) / float64(r.TP+r.FP)
}

// Recall of the invitation decision.
func (r *Report) Recall() float64 {
	if r.TP+r.FN == 0 {
		return 1
	}
	return float64(r.TP) / float64(r.TP+r.FN)
}

// Evaluate classifies every labeled file of split ("" for all).
func Evaluate(dir string, labels []Label, split string) *Report {
	r := &Report{Split: split, Fields: map[string]*FieldScore{}}
	if split == "" {
		r.Split = "all"
	}
	for _, l := range labels {
		if split != "" && l.Split() != split {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, l.File))
		if err != nil {
			r.Errors = append(r.Errors, err.Error())
			continue
		}
		m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
		if err != nil {
			r.Errors = append(r.Errors, l.File+": "+err.Error())
			continue
		}
		res := detect.Classify(m)
		switch {
		case l.IsInvitation && res.IsInvitation:
			r.TP++
		case l.IsInvitation:
			r.FN++
		case res.IsInvitation:
			r.FP++
		default:
			r.TN++
		}
		if l.IsInvitation != res.IsInvitation {
			r.Mistakes = append(r.Mistakes, Mistake{File: l.File, Category: l.Category, Want: l.IsInvitation, Score: res.Score, Reasons: res.Reasons})
		}
		if l.IsInvitation && res.IsInvitation {
			if l.Kind == res.Kind {
				r.KindCorrect++
			} else {
				r.KindMisses = append(r.KindMisses, l.File+": want "+l.Kind+", got "+res.Kind)
			}
			r.scoreFields(l, res)
		}
	}
	return r
}
