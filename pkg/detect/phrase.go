package detect

import (
	"fmt"
	"strconv"
	"strings"
)

// Phrases are the detector's patterns. They match folded words (lower case,
// no accents; see token), which makes them cheap: the text is tokenised
// once and each word is looked up once, instead of running dozens of
// case-insensitive regular expressions over every message.
//
// A phrase is a space-separated list of elements:
//
//	word          the word itself
//	a|b|c         any of the alternatives
//	interview*    a word starting with "interview" (also inside a|b*)
//	#             a number
//	elem?         the element is optional
//	~N            up to N arbitrary words (0..N)
//
// Phrases never match across a sentence end or a blank line. The first
// element must be a required word or alternatives of words (a prefix of
// at least three letters is allowed), so phrases can be indexed by it.

type alt struct {
	word   string
	id     int32 // the word's id in the set's vocabulary (exact words)
	prefix bool
}

type elem struct {
	alts     []alt
	num      bool
	optional bool
	gap      int // > 0: a gap element of up to gap words
}

type phrase struct {
	src   string
	elems []elem
	rule  int // index of the rule the phrase belongs to
}

// matches reports whether token t, whose vocabulary id is id (0 for a
// word no phrase uses), fits the element.
func (e *elem) matches(t *token, id int32) bool {
	if e.num {
		return t.k == tNum
	}
	if t.k != tWord && t.k != tNum {
		return false
	}
	for i := range e.alts {
		a := &e.alts[i]
		if a.prefix {
			if strings.HasPrefix(t.w, a.word) {
				return true
			}
		} else if id != 0 && a.id == id {
			return true
		}
	}
	return false
}

func compilePhrase(s string) (phrase, error) {
	p := phrase{src: s}
	for _, f := range strings.Fields(s) {
		var e elem
		if strings.HasPrefix(f, "~") {
			n, err := strconv.Atoi(f[1:])
			if err != nil || n < 1 {
				return p, fmt.Errorf("bad gap %q", f)
			}
			e.gap = n
			p.elems = append(p.elems, e)
			continue
		}
		if strings.HasSuffix(f, "?") && len(f) > 1 {
			e.optional = true
			f = f[:len(f)-1]
		}
		if f == "#" {
			e.num = true
		} else {
			for _, a := range strings.Split(f, "|") {
				if a == "" {
					return p, fmt.Errorf("empty alternative in %q", f)
				}
				if strings.HasSuffix(a, "*") {
					e.alts = append(e.alts, alt{word: a[:len(a)-1], prefix: true})
				} else {
					e.alts = append(e.alts, alt{word: a})
				}
			}
		}
		p.elems = append(p.elems, e)
	}
	if len(p.elems) == 0 {
		return p, fmt.Errorf("empty phrase")
	}
	first := p.elems[0]
	if first.gap > 0 || first.optional || first.num {
		return p, fmt.Errorf("phrase %q must start with a required word", s)
	}
	for _, a := range first.alts {
		if a.prefix && len(a.word) < 3 {
			return p, fmt.Errorf("phrase %q starts with a prefix shorter than 3 letters", s)
		}
	}
	return p, nil
}

// matchAt tries p at word index wi (an index into d.words) and returns the
// index of the last matched word.
func (p *phrase) matchAt(d *doc, wi int) (int, bool) {
	return p.match(d, 0, wi, -1)
}

func (p *phrase) match(d *doc, ei, wi, last int) (int, bool) {
	if ei == len(p.elems) {
		return last, true
	}
	e := &p.elems[ei]
	if e.gap > 0 {
		for skip := 0; skip <= e.gap; skip++ {
			if end, ok := p.match(d, ei+1, wi+skip, last); ok {
				return end, true
			}
			if wi+skip >= len(d.words) || isBoundary(&d.toks[d.words[wi+skip]]) {
				break
			}
		}
		return 0, false
	}
	if wi < len(d.words) {
		t := &d.toks[d.words[wi]]
		if !isBoundary(t) && e.matches(t, d.wids[wi]) {
			if end, ok := p.match(d, ei+1, wi+1, wi); ok {
				return end, true
			}
		}
	}
	if e.optional {
		return p.match(d, ei+1, wi, last)
	}
	return 0, false
}

// phraseSet indexes phrases by their first word. Every word the phrases
// use gets an id: a text word is looked up once, and elements compare ids.
type phraseSet struct {
	phrases []phrase
	vocab   map[string]int32
	first   [][]int32          // phrases by the id of their first word
	prefix  map[string][]int32 // by the first three bytes of the prefix
	// prefix3 indexes prefix by three lower-case letters: an array load
	// per word instead of a map lookup (scan looks up every word).
	prefix3 [26 * 26 * 26][]int32
}

// prefixKey is the prefix3 index of w's first three bytes, or -1.
func prefixKey(w string) int {
	if len(w) < 3 {
		return -1
	}
	a, b, c := int(w[0])-'a', int(w[1])-'a', int(w[2])-'a'
	if uint(a) >= 26 || uint(b) >= 26 || uint(c) >= 26 {
		return -1
	}
	return (a*26+b)*26 + c
}

func newPhraseSet() *phraseSet {
	return &phraseSet{vocab: map[string]int32{}, first: [][]int32{nil}, prefix: map[string][]int32{}}
}

func (ps *phraseSet) wordID(w string) int32 {
	id, ok := ps.vocab[w]
	if !ok {
		id = int32(len(ps.first))
		ps.vocab[w] = id
		ps.first = append(ps.first, nil)
	}
	return id
}

func (ps *phraseSet) add(rule int, src string) error {
	p, err := compilePhrase(src)
	if err != nil {
		return err
	}
	p.rule = rule
	for ei := range p.elems {
		for ai := range p.elems[ei].alts {
			if a := &p.elems[ei].alts[ai]; !a.prefix {
				a.id = ps.wordID(a.word)
			}
		}
	}
	n := int32(len(ps.phrases))
	ps.phrases = append(ps.phrases, p)
	for _, a := range p.elems[0].alts {
		if a.prefix {
			ps.prefix[a.word[:3]] = append(ps.prefix[a.word[:3]], n)
			if k := prefixKey(a.word); k >= 0 {
				ps.prefix3[k] = append(ps.prefix3[k], n)
			}
		} else {
			ps.first[a.id] = append(ps.first[a.id], n)
		}
	}
	return nil
}

// hit is one phrase match: word indexes first..last.
type hit struct {
	phrase      int32
	first, last int32
}

// scan calls f for every match of every phrase, in text order. f returns
// false to stop looking for further matches of that phrase's rule.
func (ps *phraseSet) scan(d *doc, f func(h hit)) {
	d.wids = d.wids[:0]
	for _, ti := range d.words {
		d.wids = append(d.wids, ps.vocab[d.toks[ti].w])
	}
	for wi := range d.words {
		t := &d.toks[d.words[wi]]
		if t.k != tWord && t.k != tNum {
			continue
		}
		if id := d.wids[wi]; id != 0 {
			for _, id := range ps.first[id] {
				if end, ok := ps.phrases[id].matchAt(d, wi); ok {
					f(hit{id, int32(wi), int32(end)})
				}
			}
		}
		if k := prefixKey(t.w); k >= 0 {
			for _, id := range ps.prefix3[k] {
				if end, ok := ps.phrases[id].matchAt(d, wi); ok {
					f(hit{id, int32(wi), int32(end)})
				}
			}
		} else if len(t.w) >= 3 {
			if ids, ok := ps.prefix[t.w[:3]]; ok {
				for _, id := range ids {
					if end, ok := ps.phrases[id].matchAt(d, wi); ok {
						f(hit{id, int32(wi), int32(end)})
					}
				}
			}
		}
	}
}

// span returns the byte range of a hit in d.src.
func (h hit) span(d *doc) (int, int) {
	return int(d.toks[d.words[h.first]].s), int(d.toks[d.words[h.last]].e)
}
