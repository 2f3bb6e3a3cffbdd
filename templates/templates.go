package templates

import (
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	texttemplate "text/template"
	"text/template/parse"

	"gopkg.in/yaml.v3"
)

//go:embed digest drafts guidance
var embedded embed.FS

// Item is one guidance item of the knowledge base.
type Item struct {
	ID      string   `yaml:"id"`
	Sources []string `yaml:"sources"`
	Stance  string   `yaml:"stance"`
	When    []string `yaml:"when"`
	Title   string   `yaml:"title"`
	Text    string   `yaml:"text"`
}

// Stances and situations the knowledge base may use.
var (
	Stances    = []string{"reason", "caution", "decline-well", "cancel-well", "question", "prepare"}
	Situations = []string{"always", "searching", "employed", "student", "accepted-offer", "avoid-company", "ruled-out", "competitor", "first-round", "later-round", "unsure", "conflict", "drop-scheduled", "time-off", "declining"}
)

// Set is a parsed, ready-to-use set of templates.
type Set struct {
	DigestText *texttemplate.Template
	DigestHTML *htmltemplate.Template
	// DailyText and DailyHTML render the daily digest; they can use the
	// blocks the digest templates define ("invitation").
	DailyText *texttemplate.Template
	DailyHTML *htmltemplate.Template
	// drafts maps "kind.lang" and "kind.lang.tone" to a template.
	drafts   map[string]*texttemplate.Template
	Guidance []Item
}

// Embedded returns the built-in files.
func Embedded() fs.FS { return embedded }

// Load parses the embedded templates with the files under dir (if not "")
// taking precedence.
func Load(dir string) (*Set, error) {
	var fsys fs.FS = embedded
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("templates: override directory: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("templates: override %s is not a directory", dir)
		}
		fsys = overlay{top: os.DirFS(dir), base: embedded}
	}
	return load(fsys)
}

func load(fsys fs.FS) (*Set, error) {
	s := &Set{drafts: map[string]*texttemplate.Template{}}
	var err error
	if s.DigestText, err = parseText(fsys, "digest/digest.txt.tmpl"); err != nil {
		return nil, err
	}
	if s.DigestHTML, err = parseHTML(fsys, "digest/digest.html.tmpl"); err != nil {
		return nil, err
	}
	// The daily digest uses the blocks the digest defines; an override of
	// the digest that has none leaves the daily digest the built-in ones.
	textBase, htmlBase := s.DigestText, s.DigestHTML
	if textBase.Lookup("invitation") == nil {
		if textBase, err = parseText(embedded, "digest/digest.txt.tmpl"); err != nil {
			return nil, err
		}
	}
	if htmlBase.Lookup("invitation") == nil {
		if htmlBase, err = parseHTML(embedded, "digest/digest.html.tmpl"); err != nil {
			return nil, err
		}
	}
	if s.DailyText, err = parseWith(fsys, "digest/daily.txt.tmpl", textBase); err != nil {
		return nil, err
	}
	if s.DailyHTML, err = parseWith(fsys, "digest/daily.html.tmpl", htmlBase); err != nil {
		return nil, err
	}
	// A {{template "x"}} whose block is gone (an override of the digest
	// that dropped a define) would only fail when a digest is sent.
	for _, t := range s.DailyText.Templates() {
		if err := calls(t.Tree, func(name string) bool { return s.DailyText.Lookup(name) != nil }); err != nil {
			return nil, err
		}
	}
	for _, t := range s.DailyHTML.Templates() {
		if err := calls(t.Tree, func(name string) bool { return s.DailyHTML.Lookup(name) != nil }); err != nil {
			return nil, err
		}
	}
	names, err := fs.Glob(fsys, "drafts/*.txt.tmpl")
	if err != nil {
		return nil, fmt.Errorf("templates: listing drafts: %w", err)
	}
	for _, n := range names {
		t, err := parseText(fsys, n)
		if err != nil {
			return nil, err
		}
		key := strings.TrimSuffix(path.Base(n), ".txt.tmpl")
		s.drafts[key] = t
	}
	if s.Guidance, err = loadGuidance(fsys, "guidance/guidance.yaml"); err != nil {
		return nil, err
	}
	return s, nil
}

// Draft returns the template for kind in lang, falling back to English.
func (s *Set) Draft(kind, lang string) (*texttemplate.Template, error) {
	return s.DraftFor(kind, lang, "")
}

// DraftFor returns the template for kind in lang and tone. Files are
// drafts/<kind>.<lang>[.<tone>].txt.tmpl; the one without a tone is the
// default (formal) register. The search order is kind.lang.tone,
// kind.lang, kind.en.tone, kind.en.
func (s *Set) DraftFor(kind, lang, tone string) (*texttemplate.Template, error) {
	var keys []string
	for _, l := range []string{lang, "en"} {
		if l == "" {
			continue
		}
		if tone != "" {
			keys = append(keys, kind+"."+l+"."+tone)
		}
		keys = append(keys, kind+"."+l)
	}
	for _, k := range keys {
		if t, ok := s.drafts[k]; ok {
			return t, nil
		}
	}
	return nil, fmt.Errorf("templates: no draft template for %q", kind)
}

// DraftKeys lists the loaded draft templates as kind.lang.
func (s *Set) DraftKeys() []string {
	keys := make([]string, 0, len(s.drafts))
	for k := range s.drafts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func parseText(fsys fs.FS, name string) (*texttemplate.Template, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("templates: reading %s: %w", name, err)
	}
	// Parse errors from text/template read "template: NAME:LINE: ...".
	t, err := texttemplate.New(name).Funcs(Funcs()).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	return t, nil
}

// cloneParser is what text/template and html/template templates share.
type cloneParser[T any] interface {
	Clone() (T, error)
	New(name string) T
	Parse(text string) (T, error)
}

// parseWith parses name into a copy of base, so it can call the templates
// base defines; for text and HTML templates alike.
func parseWith[T cloneParser[T]](fsys fs.FS, name string, base T) (T, error) {
	var zero T
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return zero, fmt.Errorf("templates: reading %s: %w", name, err)
	}
	c, err := base.Clone()
	if err != nil {
		return zero, fmt.Errorf("templates: %s: %w", name, err)
	}
	t, err := c.New(name).Parse(string(src))
	if err != nil {
		return zero, fmt.Errorf("templates: %w", err)
	}
	return t, nil
}

func parseHTML(fsys fs.FS, name string) (*htmltemplate.Template, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("templates: reading %s: %w", name, err)
	}
	t, err := htmltemplate.New(name).Funcs(htmltemplate.FuncMap(Funcs())).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	return t, nil
}

func loadGuidance(fsys fs.FS, name string) ([]Item, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("templates: reading %s: %w", name, err)
	}
	var items []Item
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	if err := dec.Decode(&items); err != nil {
		return nil, fmt.Errorf("templates: %s: %w", name, err)
	}
	var errs []error
	seen := map[string]bool{}
	for i, it := range items {
		where := fmt.Sprintf("%s: item %d (%s)", name, i+1, it.ID)
		if it.ID == "" || it.Title == "" || strings.TrimSpace(it.Text) == "" {
			errs = append(errs, fmt.Errorf("%s: id, title and text are required", where))
		}
		if seen[it.ID] {
			errs = append(errs, fmt.Errorf("%s: duplicate id", where))
		}
		seen[it.ID] = true
		if len(it.Sources) == 0 {
			errs = append(errs, fmt.Errorf("%s: needs at least one source tag", where))
		}
		if !contains(Stances, it.Stance) {
			errs = append(errs, fmt.Errorf("%s: stance %q is not one of %v", where, it.Stance, Stances))
		}
		for _, w := range it.When {
			if !contains(Situations, w) {
				errs = append(errs, fmt.Errorf("%s: situation %q is not one of %v", where, w, Situations))
			}
		}
		items[i].Text = strings.TrimSpace(it.Text)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("templates: %w", errors.Join(errs...))
	}
	return items, nil
}

// calls reports a {{template}} call to a name that is not defined, with
// the file and line of the call.
func calls(tree *parse.Tree, defined func(string) bool) error {
	if tree == nil || tree.Root == nil {
		return nil
	}
	var walk func(n parse.Node) error
	walk = func(n parse.Node) error {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return nil
			}
			for _, c := range n.Nodes {
				if err := walk(c); err != nil {
					return err
				}
			}
		case *parse.IfNode:
			return walkBranch(walk, &n.BranchNode)
		case *parse.RangeNode:
			return walkBranch(walk, &n.BranchNode)
		case *parse.WithNode:
			return walkBranch(walk, &n.BranchNode)
		case *parse.TemplateNode:
			if !defined(n.Name) {
				loc, _ := tree.ErrorContext(n)
				return fmt.Errorf("templates: %s: calls template %q, which no file defines", loc, n.Name)
			}
		}
		return nil
	}
	return walk(tree.Root)
}

func walkBranch(walk func(parse.Node) error, b *parse.BranchNode) error {
	if err := walk(b.List); err != nil {
		return err
	}
	if b.ElseList != nil {
		return walk(b.ElseList)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// overlay serves files from top when present there, else from base.
type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		// There but unreadable: report it rather than quietly use the built-in.
		return nil, err
	}
	return o.base.Open(name)
}

// Glob merges both layers so an override directory can add languages.
func (o overlay) Glob(pattern string) ([]string, error) {
	a, err := fs.Glob(o.top, pattern)
	if err != nil {
		return nil, err
	}
	b, err := fs.Glob(o.base, pattern)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range append(a, b...) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}
