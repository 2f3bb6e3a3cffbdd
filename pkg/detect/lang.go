package detect

import "strings"

var stopwords = map[string][]string{
	"en": {"the", "and", "you", "your", "for", "with", "we", "to", "of", "would", "our"},
	"de": {"der", "die", "und", "sie", "ihr", "ihre", "wir", "mit", "für", "uns", "ein", "eine", "nicht"},
	"fr": {"le", "la", "les", "et", "vous", "votre", "nous", "pour", "avec", "des", "une", "est"},
	"es": {"el", "la", "los", "y", "usted", "su", "tu", "para", "con", "nos", "una", "por", "que"},
}

// Language guesses en, de, fr or es from stop-word counts; en when unsure.
func Language(s string) string {
	if len(s) > 8<<10 {
		s = s[:8<<10]
	}
	counts := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 0xC0)
	}) {
		for lang, sw := range stopwords {
			for _, x := range sw {
				if w == x {
					counts[lang]++
				}
			}
		}
	}
	best, n := "en", 0
	for _, lang := range []string{"en", "de", "fr", "es"} {
		if counts[lang] > n {
			best, n = lang, counts[lang]
		}
	}
	return best
}
