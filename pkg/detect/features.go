package detect

import "unicode/utf8"

// featureSet is the binary features of one message, each with the
// human-readable evidence shown as a reason when it matters.
type featureSet struct {
	names    []string
	evidence map[string]string
}

func newFeatureSet() *featureSet { return &featureSet{evidence: make(map[string]string, 32)} }

func (f *featureSet) add(name, evidence string) {
	if _, ok := f.evidence[name]; ok {
		return
	}
	f.names = append(f.names, name)
	f.evidence[name] = clipEvidence(evidence)
}

// maxEvidenceBytes bounds one reason. Evidence quotes the mail (a subject,
// a calendar SUMMARY) and %q can escape it six-fold; unbounded, a crafted
// 240 KB SUMMARY made a 1.3 MB event the bus refused, and the watcher
// retried it forever.
const maxEvidenceBytes = 300

func clipEvidence(s string) string {
	if len(s) <= maxEvidenceBytes {
		return s
	}
	cut := maxEvidenceBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func (f *featureSet) has(name string) bool {
	_, ok := f.evidence[name]
	return ok
}

// maxWords bounds the body words turned into word features.
const maxWords = 1500

// words adds subject words ("s:") and body words ("w:"), folded. They are
// only computed when the model uses them (Model.Words): the trainer decides
// by cross-validation whether words help beyond the rules.
func words(f *featureSet, d *doc) {
	n := 0
	for _, t := range d.toks {
		if t.k != tWord || len(t.w) < 3 || len(t.w) > 30 {
			continue
		}
		if d.inSubject(t.s) {
			f.add("s:"+t.w, "word in the subject: "+t.w)
			continue
		}
		f.add("w:"+t.w, "word: "+t.w)
		if n++; n == maxWords {
			return
		}
	}
}
