// Command corpusgen writes the labelled email corpus that Sayyes' interview
// invitation detector is evaluated on.
//
//	go run ./tools/corpusgen -out testdata/corpus
//
// The output is deterministic for a given -seed: the same source always
// produces byte-identical .eml files, labels.jsonl and README.md. The
// wording of every message lives in templates/*.txt; this program picks
// templates, invents people, companies, dates and links, renders times in
// the message's language and assembles RFC 5322 / MIME messages.
//
// Only the Go standard library is used.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"

	_ "time/tzdata" // zone rules travel with the binary: same output everywhere

	"github.com/sayyes/sayyes/pkg/corpus"
)

const defaultSeed = 20260415

var posCats = []string{"phone-screen", "fixed-time", "scheduling-link", "video", "onsite", "second-round", "reschedule", "reminder", "outreach"}
var negCats = []string{"rejection", "application-received", "job-alert", "offer", "interview-advice", "media-interview", "interviewer-request",
	"sales-meeting", "calendar-non-job", "social-notification", "coding-test-result", "survey-feedback", "personal-work", "thank-you-followup"}

// Messages per category and split.
var perCat = map[bool]map[string]int{
	true:  {"train": 180, "holdout": 40},
	false: {"train": 156, "holdout": 40},
}

// Label is one row of labels.jsonl; pkg/corpus, which scores the
// detector on these files, owns the format.
type Label = corpus.Label

var partial bool

type item struct {
	pos   bool
	cat   string
	lang  string
	split string
	tpl   *tmpl
	seed  int64
	eml   []byte
	label Label
	slug  string
}

func main() {
	out := flag.String("out", "testdata/corpus", "output directory")
	seed := flag.Int64("seed", defaultSeed, "random seed")
	flag.BoolVar(&partial, "partial", false, "skip categories that have no templates yet (development aid)")
	flag.Parse()
	if err := run(*out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "corpusgen:", err)
		os.Exit(1)
	}
}

func run(out string, seed int64) error {
	tpls, err := loadTemplates()
	if err != nil {
		return err
	}
	items, err := plan(tpls, seed)
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := generate(it); err != nil {
			return err
		}
	}
	return write(out, items, seed)
}

func itemSeed(seed int64, parts ...string) int64 {
	h := fnv.New64a()
	fmt.Fprint(h, seed)
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return int64(h.Sum64() & (1<<62 - 1))
}

// langsFor spreads n messages over languages at about 55/15/15/15.
func langsFor(n, rot int) []string {
	en := int(math.Round(float64(n) * 0.55))
	out := make([]string, 0, n)
	for i := 0; i < en; i++ {
		out = append(out, "en")
	}
	others := []string{"de", "fr", "es"}
	for i := 0; i < n-en; i++ {
		out = append(out, others[(i+rot)%3])
	}
	return out
}

func plan(tpls map[tmplKey][]*tmpl, seed int64) ([]*item, error) {
	var items []*item
	rot := 0
	for _, pos := range []bool{true, false} {
		cats := negCats
		if pos {
			cats = posCats
		}
		for _, cat := range cats {
			for _, split := range []string{"train", "holdout"} {
				langs := langsFor(perCat[pos][split], rot)
				rot++
				used := map[string]int{}
				for i, lang := range langs {
					k := tmplKey{pos, cat, lang, split}
					ts := tpls[k]
					if len(ts) == 0 && partial {
						continue
					}
					if len(ts) == 0 {
						return nil, fmt.Errorf("no templates for %v", k)
					}
					t := ts[used[lang]%len(ts)]
					used[lang]++
					items = append(items, &item{pos: pos, cat: cat, lang: lang, split: split, tpl: t,
						seed: itemSeed(seed, cat, split, fmt.Sprint(pos), fmt.Sprint(i))})
				}
			}
		}
	}
	// Every template must be used, otherwise it is dead text.
	seen := map[*tmpl]bool{}
	for _, it := range items {
		seen[it.tpl] = true
	}
	var unused []string
	for _, ts := range tpls {
		for _, t := range ts {
			if !seen[t] {
				unused = append(unused, t.Source)
			}
		}
	}
	if len(unused) > 0 {
		sort.Strings(unused)
		fmt.Fprintf(os.Stderr, "corpusgen: warning: %d templates unused: %s\n", len(unused), strings.Join(unused, ", "))
	}
	return items, nil
}

func write(out string, items []*item, seed int64) error {
	for _, split := range []string{"train", "holdout"} {
		for _, pn := range []string{"pos", "neg"} {
			dir := filepath.Join(out, split, pn)
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
	}
	groups := map[string][]*item{}
	for _, it := range items {
		k := it.split + "/" + map[bool]string{true: "pos", false: "neg"}[it.pos]
		groups[k] = append(groups[k], it)
	}
	var labels []Label
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g := groups[k]
		r := rand.New(rand.NewSource(itemSeed(seed, "order", k)))
		r.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		for i, it := range g {
			name := fmt.Sprintf("%03d-%s.eml", i+1, it.slug)
			rel := k + "/" + name
			it.label.File = rel
			if err := os.WriteFile(filepath.Join(out, filepath.FromSlash(rel)), it.eml, 0o644); err != nil {
				return err
			}
			labels = append(labels, it.label)
		}
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i].File < labels[j].File })
	var buf bytes.Buffer
	for _, l := range labels {
		b, err := json.Marshal(l)
		if err != nil {
			return err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(out, "labels.jsonl"), buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "README.md"), []byte(readme(items, seed)), 0o644)
}

func slugify(s string) string {
	s = strings.ToLower(asciiFold(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

var foldRepl = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss",
	"á", "a", "à", "a", "â", "a", "é", "e", "è", "e", "ê", "e", "ë", "e", "í", "i", "î", "i", "ï", "i",
	"ó", "o", "ô", "o", "ú", "u", "ù", "u", "û", "u", "ñ", "n", "ç", "c", "É", "E", "Á", "A", "Í", "I", "Ó", "O", "Ú", "U", "Ñ", "N", "È", "E",
)

func asciiFold(s string) string { return foldRepl.Replace(s) }

func itoa(n int) string { return fmt.Sprint(n) }

func companySlug(c company) string {
	name := c.Name
	for _, suf := range []string{" GmbH", " AG", " SAS"} {
		name = strings.TrimSuffix(name, suf)
	}
	return slugify(name)
}
