package detect

import (
	"strconv"
	"unicode/utf8"
)

// featureSet is the binary features of one message, each with the
// human-readable evidence shown as a reason when it matters. Evidence that
// quotes the text is only formatted when it becomes a reason.
type featureSet struct {
	names []string
	ev    []evidence
}

// evidence is a fixed text, or a label and a span of the text to quote.
type evidence struct {
	text string
	d    *doc
	s, e int
}

func (e evidence) String() string {
	if e.d == nil {
		return clipEvidence(e.text)
	}
	return clipEvidence(e.text + ": " + strconv.Quote(e.d.snippetAt(e.s, e.e)))
}

func newFeatureSet() *featureSet {
	return &featureSet{names: make([]string, 0, 32), ev: make([]evidence, 0, 32)}
}

func (f *featureSet) add(name, text string) {
	f.put(name, evidence{text: text})
}

// addSpan adds a feature whose evidence quotes d.src[s:e] after label.
func (f *featureSet) addSpan(name, label string, d *doc, s, e int) {
	f.put(name, evidence{text: label, d: d, s: s, e: e})
}

// put adds a feature once, with its evidence.
func (f *featureSet) put(name string, ev evidence) {
	if f.has(name) {
		return
	}
	f.names = append(f.names, name)
	f.ev = append(f.ev, ev)
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

// addEvidence adds a feature explained by another feature's evidence,
// with prefix in front: "for an interview of yours, …, calendar invitation
// (METHOD:REQUEST): …".
func (f *featureSet) addEvidence(name string, ev evidence, prefix string) {
	ev.text = prefix + ev.text
	f.put(name, ev)
}

func (f *featureSet) has(name string) bool {
	for _, n := range f.names {
		if n == name {
			return true
		}
	}
	return false
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
