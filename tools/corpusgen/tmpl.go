package main

import (
	"bufio"
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

//go:embed templates/*.txt
var templateFS embed.FS

// tmpl is one message template. The template files hold, per category,
// language and split, the wording of the message; everything else
// (people, companies, dates, links, MIME structure) is filled in by the
// generator. See templates/README for the file format.
type tmpl struct {
	Pos      bool
	Category string
	Lang     string
	Split    string
	Tag      string
	Source   string // file:line for error messages
	Meta     map[string]string
	Subjects []string
	Body     string
	Quote    string
	QuoteBy  string // "user" or "sender"
}

func (t *tmpl) meta(k, def string) string {
	if v, ok := t.Meta[k]; ok && v != "" {
		return v
	}
	return def
}

func (t *tmpl) list(k string) []string {
	v := t.meta(k, "")
	if v == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

func (t *tmpl) allText() string {
	return strings.Join(t.Subjects, "\n") + "\n" + t.Body + "\n" + t.Meta["ics_summary"] + "\n" + t.Meta["ics_location"]
}

var phRe = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

func (t *tmpl) uses(name string) bool {
	return strings.Contains(t.allText(), "{"+name+"}")
}

type tmplKey struct {
	pos              bool
	cat, lang, split string
}

func loadTemplates() (map[tmplKey][]*tmpl, error) {
	files, err := templateFS.ReadDir("templates")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range files {
		if strings.HasSuffix(f.Name(), ".txt") {
			names = append(names, f.Name())
		}
	}
	sort.Strings(names)
	out := map[tmplKey][]*tmpl{}
	for _, n := range names {
		data, err := templateFS.ReadFile("templates/" + n)
		if err != nil {
			return nil, err
		}
		ts, err := parseTemplates(n, string(data))
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			k := tmplKey{t.Pos, t.Category, t.Lang, t.Split}
			out[k] = append(out[k], t)
		}
	}
	return out, nil
}

func parseTemplates(file, data string) ([]*tmpl, error) {
	var out []*tmpl
	var cur *tmpl
	section := "" // "meta", "body", "quote"
	var body, quote []string
	flush := func() {
		if cur != nil {
			cur.Body = strings.Trim(strings.Join(body, "\n"), "\n")
			cur.Quote = strings.Trim(strings.Join(quote, "\n"), "\n")
			out = append(out, cur)
		}
		body, quote = nil, nil
	}
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	ln := 0
	for sc.Scan() {
		ln++
		line := strings.TrimRight(sc.Text(), " \t\r")
		if strings.HasPrefix(line, "=== ") {
			flush()
			f := strings.Fields(line[4:])
			if len(f) < 4 || (f[0] != "pos" && f[0] != "neg") || (f[3] != "train" && f[3] != "holdout") {
				return nil, fmt.Errorf("%s:%d: bad header %q", file, ln, line)
			}
			cur = &tmpl{Pos: f[0] == "pos", Category: f[1], Lang: f[2], Split: f[3], Meta: map[string]string{}, Source: fmt.Sprintf("%s:%d", file, ln)}
			if len(f) > 4 {
				cur.Tag = f[4]
			}
			section = "meta"
			continue
		}
		if cur == nil {
			continue // preamble / comments
		}
		switch section {
		case "meta":
			if line == "---" {
				section = "body"
				continue
			}
			if line == "" || strings.HasPrefix(line, "//") {
				continue
			}
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				return nil, fmt.Errorf("%s:%d: bad meta line %q", file, ln, line)
			}
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if k == "subject" {
				cur.Subjects = append(cur.Subjects, v)
			} else {
				cur.Meta[k] = v
			}
		case "body":
			if strings.HasPrefix(line, "--- quote") {
				section = "quote"
				cur.QuoteBy = strings.TrimSpace(strings.TrimPrefix(line, "--- quote"))
				if cur.QuoteBy == "" {
					cur.QuoteBy = "sender"
				}
				continue
			}
			body = append(body, line)
		case "quote":
			quote = append(quote, line)
		}
	}
	flush()
	for _, t := range out {
		if len(t.Subjects) == 0 {
			return nil, fmt.Errorf("%s: template has no subject", t.Source)
		}
	}
	return out, sc.Err()
}

// filler expands {placeholders}, recording which ones were used so the
// label only claims what the message actually says.
type filler struct {
	get  func(name string) (string, bool)
	used map[string]bool
	src  string
}

func (f *filler) fill(s string) string {
	for i := 0; i < 4 && strings.Contains(s, "{"); i++ {
		s = phRe.ReplaceAllStringFunc(s, func(m string) string {
			name := m[1 : len(m)-1]
			v, ok := f.get(name)
			if !ok {
				panic(fmt.Sprintf("%s: unknown placeholder %s", f.src, m))
			}
			if f.used != nil {
				f.used[name] = true
			}
			return v
		})
	}
	return s
}
