package detect

import (
	"strings"
	"unicode"
)

// featureSet is the binary features of one message, each with the
// human-readable evidence shown as a reason when it matters.
type featureSet struct {
	names    []string
	evidence map[string]string
}

func newFeatureSet() *featureSet { return &featureSet{evidence: map[string]string{}} }

func (f *featureSet) add(name, evidence string) {
	if _, ok := f.evidence[name]; ok {
		return
	}
	f.names = append(f.names, name)
	f.evidence[name] = evidence
}

// maxWordBytes bounds the body text turned into word features.
const maxWordBytes = 8 << 10

// words adds subject words ("s:"), body words ("w:") and body word pairs
// ("p:"), lower-cased with accents folded so that "entrevista"/"Entrevista"
// and "gespräch"/"gesprach" meet.
func words(f *featureSet, subject, body string) {
	for _, w := range tokens(subject) {
		f.add("s:"+w, "word in the subject: "+w)
	}
	if len(body) > maxWordBytes {
		body = body[:maxWordBytes]
	}
	prev := ""
	for _, w := range tokens(body) {
		f.add("w:"+w, "word: "+w)
		if prev != "" {
			f.add("p:"+prev+"_"+w, "words: "+prev+" "+w)
		}
		prev = w
	}
}

func tokens(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if isNumber(w) {
			w = "<n>"
		} else {
			w = fold(w)
		}
		if len(w) < 2 && w != "<n>" || len(w) > 30 {
			continue
		}
		out = append(out, w)
	}
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

var folder = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss", "é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "î", "i", "ï", "i", "ô", "o", "û", "u", "ù", "u", "ç", "c", "á", "a", "í", "i", "ó", "o", "ú", "u", "ñ", "n")

func fold(w string) string { return folder.Replace(w) }
