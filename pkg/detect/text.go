package detect

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// tokKind says what a token is.
type tokKind uint8

const (
	tWord  tokKind = iota // a run of letters
	tNum                  // a run of ASCII digits
	tPunct                // one punctuation or symbol rune
	tNL                   // a line break
	tBreak                // a blank line: the end of a paragraph
	tURL                  // an http(s) URL
	tEmail                // an e-mail address
	tStop                 // ".", "!" or "?" that ends a sentence
)

// token is one unit of the text. w is its folded form: lower case, accents
// removed ("Gespräch" → "gesprach", "Créneau" → "creneau"), dashes and
// quotes unified; s and e are byte offsets into doc.src, so every match can
// be shown to the user as the original text.
type token struct {
	w    string
	s, e int32
	k    tokKind
}

// doc is the text one decision is made on: the subject, a blank line, then
// the newest part of the body.
type doc struct {
	src     string
	bodyOff int // where the body starts in src
	toks    []token
	// words indexes toks: the words and numbers plus sentence and
	// paragraph ends, which is what phrases are matched against.
	words []int32
	// wids are the vocabulary ids of words (see phraseSet.scan).
	wids []int32
	// sigStart caches signatureStart, plus one (0: not computed).
	sigStart int
}

// inSubject reports whether byte offset off lies in the subject.
func (d *doc) inSubject(off int32) bool { return int(off) < d.bodyOff }

// newDoc tokenises subject and body. Everything later works on these tokens;
// the text is read once.
func newDoc(subject, body string) *doc {
	src := subject + "\n\n" + body
	d := &doc{src: src, bodyOff: len(subject) + 2}
	d.tokenize()
	return d
}

// foldRune maps a lower-case rune to its unaccented form where one exists.
func foldRune(r rune) (rune, string) {
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return 'a', ""
	case 'ç':
		return 'c', ""
	case 'è', 'é', 'ê', 'ë':
		return 'e', ""
	case 'ì', 'í', 'î', 'ï':
		return 'i', ""
	case 'ñ':
		return 'n', ""
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
		return 'o', ""
	case 'ù', 'ú', 'û', 'ü':
		return 'u', ""
	case 'ý', 'ÿ':
		return 'y', ""
	case 'ß':
		return 0, "ss"
	case 'œ':
		return 0, "oe"
	case 'æ':
		return 0, "ae"
	}
	return r, ""
}

// punctFold unifies punctuation that is written several ways.
func punctFold(r rune) rune {
	switch r {
	case '–', '—', '‒', '−', '‐', '‑':
		return '-'
	case '’', '‘', '´', '`':
		return '\''
	case '“', '”', '„', '«', '»':
		return '"'
	case '⋅', '·', '•', '●', '▪':
		return '*'
	}
	return r
}

func isURLStop(b byte) bool {
	switch b {
	case ' ', '\t', '\r', '\n', '<', '>', '"', '\'', ')', ']', '}', '|':
		return true
	}
	return false
}

func isEmailByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '_' || b == '-' || b == '+'
}

type span struct{ fs, fe int32 }

// scratch is tokenizer working space, reused between messages.
type scratch struct {
	spans []span
}

var scratchPool = sync.Pool{New: func() any { return &scratch{} }}

// docPool keeps the token slices of finished messages for the next one.
var docPool = sync.Pool{New: func() any { return &doc{} }}

// newPooledDoc is newDoc with token slices from the pool; release returns
// them. Only for a doc that nothing refers to once classify returns.
func newPooledDoc(subject, body string) *doc {
	d := docPool.Get().(*doc)
	toks, words, wids := d.toks, d.words, d.wids
	*d = doc{src: subject + "\n\n" + body, bodyOff: len(subject) + 2, toks: toks, words: words, wids: wids}
	d.tokenize()
	return d
}

func (d *doc) release() {
	clear(d.toks) // drop the string references
	*d = doc{toks: d.toks[:0], words: d.words[:0], wids: d.wids[:0]}
	docPool.Put(d)
}

// tokenize fills d.toks and d.words. Folded forms are written into one
// buffer that becomes one string, so tokens cost no allocation each.
func (d *doc) tokenize() {
	src := d.src
	buf := make([]byte, 0, len(src))
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	toks := d.toks[:0]
	if cap(toks) == 0 {
		toks = make([]token, 0, len(src)/4+16)
	}
	spans := sc.spans[:0]
	emit := func(k tokKind, s, e, fs int) {
		toks = append(toks, token{s: int32(s), e: int32(e), k: k})
		spans = append(spans, span{int32(fs), int32(len(buf))})
	}
	lastNL := -10
	for i := 0; i < len(src); {
		c := src[i]
		// URLs and e-mail addresses are single tokens.
		if (c == 'h' || c == 'H') && (strings.HasPrefix(src[i:], "http://") || strings.HasPrefix(src[i:], "https://") || strings.HasPrefix(src[i:], "HTTP")) {
			j := i
			for j < len(src) && !isURLStop(src[j]) {
				j++
			}
			for j > i && strings.IndexByte(".,;:!?", src[j-1]) >= 0 {
				j--
			}
			fs := len(buf)
			buf = append(buf, src[i:j]...)
			emit(tURL, i, j, fs)
			i = j
			continue
		}
		if isEmailByte(c) && c != '.' && c != '-' {
			// An address: word bytes, '@', domain with a dot.
			j := i
			for j < len(src) && isEmailByte(src[j]) {
				j++
			}
			if j < len(src) && src[j] == '@' && (i == 0 || !isEmailByte(src[i-1])) {
				k := j + 1
				for k < len(src) && (isEmailByte(src[k])) {
					k++
				}
				for k > j+1 && (src[k-1] == '.' || src[k-1] == '-') {
					k--
				}
				if strings.IndexByte(src[j+1:k], '.') > 0 {
					fs := len(buf)
					for _, b := range []byte(src[i:k]) {
						if b >= 'A' && b <= 'Z' {
							b += 'a' - 'A'
						}
						buf = append(buf, b)
					}
					emit(tEmail, i, k, fs)
					i = k
					continue
				}
			}
		}
		switch {
		case c == '\n':
			if lastNL >= 0 && onlySpace(src[lastNL+1:i]) {
				// A second line break with nothing between: a paragraph end.
				if n := len(toks); n > 0 && toks[n-1].k == tNL {
					toks[n-1].k = tBreak
					toks[n-1].e = int32(i + 1)
				}
			} else if !softWrap(src, max(lastNL+1, 0), i) {
				fs := len(buf)
				buf = append(buf, '\n')
				emit(tNL, i, i+1, fs)
			}
			lastNL = i
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			fs := len(buf)
			buf = append(buf, src[i:j]...)
			emit(tNum, i, j, fs)
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		if unicode.IsLetter(r) {
			j := i
			fs := len(buf)
			for j < len(src) {
				if c := src[j]; c < utf8.RuneSelf {
					if c >= 'a' && c <= 'z' {
						buf = append(buf, c)
						j++
						continue
					}
					if c >= 'A' && c <= 'Z' {
						buf = append(buf, c+'a'-'A')
						j++
						continue
					}
					break
				}
				r, size := utf8.DecodeRuneInString(src[j:])
				if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
					break
				}
				if unicode.Is(unicode.Mn, r) {
					// A combining accent (NFD text): drop it.
					j += size
					continue
				}
				if r < utf8.RuneSelf {
					if r >= 'A' && r <= 'Z' {
						r += 'a' - 'A'
					}
					buf = append(buf, byte(r))
				} else {
					f, s := foldRune(unicode.ToLower(r))
					if s != "" {
						buf = append(buf, s...)
					} else {
						buf = utf8.AppendRune(buf, f)
					}
				}
				j += size
			}
			emit(tWord, i, j, fs)
			i = j
			continue
		}
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		fs := len(buf)
		buf = utf8.AppendRune(buf, punctFold(r))
		emit(tPunct, i, i+size, fs)
		i += size
	}
	all := string(buf)
	sc.spans = spans
	words := d.words[:0]
	for n := range toks {
		toks[n].w = all[spans[n].fs:spans[n].fe]
		switch toks[n].k {
		case tWord, tNum, tBreak:
			words = append(words, int32(n))
		case tPunct:
			if endsSentence(toks, n, src) {
				toks[n].k = tStop
				words = append(words, int32(n))
			}
		}
	}
	d.toks, d.words = toks, words
}

// abbrevs end with a dot that does not end the sentence.
var abbrevs = map[string]bool{
	"dr": true, "mr": true, "mrs": true, "ms": true, "prof": true, "st": true, "str": true, "nr": true, "no": true, "sr": true, "sra": true, "srta": true,
	"fr": true, "hr": true, "ca": true, "bzw": true, "vs": true, "etc": true, "inc": true, "ltd": true, "tel": true, "mme": true, "mlle": true, "ave": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "okt": true, "nov": true, "dec": true, "dez": true,
	"janv": true, "fevr": true, "avr": true, "juil": true, "ene": true, "abr": true, "ago": true, "dic": true,
	"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true, "lun": true, "mer": true, "jeu": true, "ven": true,
	"mo": true, "di": true, "mi": true, "do": true, "sa": true, "so": true, "usw": true, "evtl": true, "ggf": true, "inkl": true, "zb": true,
}

// endsSentence: ".", "!" or "?" before a space or the end, and for "." not
// after a number ("am 7. September") or an abbreviation ("Dr. Lee").
func endsSentence(toks []token, n int, src string) bool {
	w := toks[n].w
	if w != "." && w != "!" && w != "?" {
		return false
	}
	if int(toks[n].e) < len(src) && !isSpaceByte(src[toks[n].e]) {
		return false
	}
	if w == "." && n > 0 && toks[n-1].e == toks[n].s {
		p := toks[n-1]
		if p.k == tNum || p.k == tWord && (len(p.w) == 1 || abbrevs[p.w]) {
			return false
		}
	}
	return true
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\r' || b == '\t' }

func onlySpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpaceByte(s[i]) {
			return false
		}
	}
	return true
}

// isBoundary reports tokens that end a sentence or paragraph: phrases do
// not match across them.
func isBoundary(t *token) bool { return t.k == tBreak || t.k == tStop }

// snippetAt returns the original text around bytes [s, e), widened to
// about 30 bytes each side within the same line, for reasons.
func (d *doc) snippetAt(s, e int) string {
	s, e = max(min(s, len(d.src)), 0), max(min(e, len(d.src)), 0)
	if e < s {
		s, e = e, s
	}
	from, to := max(s-30, 0), min(e+30, len(d.src))
	if i := strings.LastIndexByte(d.src[from:s], '\n'); i >= 0 {
		from += i + 1
	} else if from > 0 {
		// Start at a word.
		if i := strings.IndexByte(d.src[from:s], ' '); i >= 0 {
			from += i + 1
		}
	}
	if i := strings.IndexByte(d.src[e:to], '\n'); i >= 0 {
		to = e + i
	} else if to < len(d.src) {
		if i := strings.LastIndexByte(d.src[e:to], ' '); i >= 0 {
			to = e + i
		}
	}
	for from > 0 && !utf8Start(d.src[from]) {
		from--
	}
	for to < len(d.src) && !utf8Start(d.src[to]) {
		to++
	}
	return cleanLine(d.src[from:to])
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// cleanLine collapses white space, for one-line display.
func cleanLine(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c >= 0x80 || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// softWrap reports a line break that only wraps a long line of running
// text (mail clients wrap at 72 to 78 columns): "on August\n26, 2026"
// is one phrase. A short line, a line ending a sentence or a label, and a
// break before a bullet or quote stay breaks.
func softWrap(src string, lineStart, nl int) bool {
	line := strings.TrimRight(src[lineStart:nl], " \t\r")
	if utf8.RuneCountInString(line) < 60 {
		return false
	}
	switch line[len(line)-1] {
	case '.', ':', '!', '?', ';', '>':
		return false
	}
	rest := strings.TrimLeft(src[nl+1:], " \t")
	if rest == "" {
		return false
	}
	switch rest[0] {
	case '-', '*', '>', '\r', '\n', '|', '#':
		return false
	}
	return !strings.HasPrefix(rest, "•")
}
