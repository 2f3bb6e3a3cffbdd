package detect

// stopwords are frequent words that tell the four languages apart.
var stopwords = map[string]uint8{
	"the": 1, "and": 1, "you": 1, "your": 1, "for": 1, "with": 1, "we": 1, "to": 1, "of": 1, "would": 1, "our": 1, "is": 1, "this": 1, "will": 1,
	"der": 2, "die": 2, "und": 2, "sie": 2, "ihr": 2, "ihre": 2, "wir": 2, "mit": 2, "fur": 2, "uns": 2, "ein": 2, "eine": 2, "nicht": 2, "ich": 2, "ist": 2, "das": 2, "zu": 2, "dich": 2,
	"le": 3, "les": 3, "et": 3, "vous": 3, "votre": 3, "nous": 3, "pour": 3, "avec": 3, "des": 3, "une": 3, "est": 3, "je": 3, "au": 3, "du": 3, "tu": 3, "ton": 3,
	"el": 4, "los": 4, "y": 4, "usted": 4, "su": 4, "para": 4, "con": 4, "nos": 4, "una": 4, "por": 4, "que": 4, "del": 4, "las": 4, "te": 4,
}

var langNames = [...]string{"", "en", "de", "fr", "es"}

// Language guesses en, de, fr or es from stop-word counts; en when unsure.
func Language(s string) string {
	if len(s) > 8<<10 {
		s = s[:8<<10]
	}
	return language(newDoc("", s))
}

func language(d *doc) string {
	var counts [5]int
	n := 0
	for _, t := range d.toks {
		if t.k != tWord {
			continue
		}
		if l, ok := stopwords[t.w]; ok {
			counts[l]++
		}
		if n++; n > 2000 {
			break
		}
	}
	return pickLanguage(counts)
}

// pickLanguage returns the language with the most stop words; en on ties.
func pickLanguage(counts [5]int) string {
	best := 1
	for l := 2; l <= 4; l++ {
		if counts[l] > counts[best] {
			best = l
		}
	}
	return langNames[best]
}
