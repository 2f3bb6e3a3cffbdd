package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// override writes files (relative path → content) into a fresh directory.
func override(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadEmbedded(t *testing.T) {
	set, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if set.DigestText == nil || set.DigestHTML == nil {
		t.Fatal("digest templates missing")
	}
	for _, kind := range []string{"accept", "cancel", "decline", "reschedule"} {
		for _, lang := range Languages {
			for _, k := range []string{kind + "." + lang, kind + "." + lang + ".warm"} {
				if !slices.Contains(set.DraftKeys(), k) {
					t.Errorf("draft %s missing from %q", k, set.DraftKeys())
				}
			}
		}
	}
	if len(set.Guidance) < 10 {
		t.Fatalf("only %d guidance items", len(set.Guidance))
	}
	stances := map[string]bool{}
	for _, it := range set.Guidance {
		stances[it.Stance] = true
		if it.Text != strings.TrimSpace(it.Text) {
			t.Errorf("item %s: text not trimmed", it.ID)
		}
	}
	for _, s := range Stances {
		if !stances[s] {
			t.Errorf("no guidance item has stance %q", s)
		}
	}
}

func TestDraftLanguageFallback(t *testing.T) {
	dir := override(t, map[string]string{"drafts/accept.it.txt.tmpl": "Buongiorno {{.Name}}\n", "drafts/accept.fr.warm.txt.tmpl": "Coucou {{.Name}}\n"})
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind, lang, tone string
		want             string // template name, or "" for an error
	}{
		{"accept", "en", "", "drafts/accept.en.txt.tmpl"},
		{"accept", "it", "", "drafts/accept.it.txt.tmpl"},
		{"accept", "it", "warm", "drafts/accept.it.txt.tmpl"},
		{"accept", "xx", "", "drafts/accept.en.txt.tmpl"},
		{"accept", "xx", "warm", "drafts/accept.en.warm.txt.tmpl"},
		{"accept", "", "", "drafts/accept.en.txt.tmpl"},
		{"accept", "fr", "warm", "drafts/accept.fr.warm.txt.tmpl"},
		{"accept", "fr", "formal", "drafts/accept.fr.txt.tmpl"},
		{"decline", "it", "", "drafts/decline.en.txt.tmpl"},
		{"decline", "de", "warm", "drafts/decline.de.warm.txt.tmpl"},
		{"decline", "de", "chatty", "drafts/decline.de.txt.tmpl"},
		{"shrug", "en", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"."+tt.lang+"."+tt.tone, func(t *testing.T) {
			tmpl, err := set.DraftFor(tt.kind, tt.lang, tt.tone)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("Draft(%q, %q) = %s, want an error", tt.kind, tt.lang, tmpl.Name())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tmpl.Name() != tt.want {
				t.Errorf("Draft(%q, %q) = %s, want %s", tt.kind, tt.lang, tmpl.Name(), tt.want)
			}
		})
	}
	if !slices.Contains(set.DraftKeys(), "accept.it") || !slices.Contains(set.DraftKeys(), "accept.en") {
		t.Errorf("draft keys %q: want the override language added to the built-in ones", set.DraftKeys())
	}
}

func TestOverrideReplacesDigest(t *testing.T) {
	dir := override(t, map[string]string{"digest/digest.txt.tmpl": "My own digest for {{.Company}}\n"})
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := set.DigestText.Execute(&buf, map[string]string{"Company": "Acme"}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "My own digest for Acme\n" {
		t.Errorf("digest = %q, want the override's", buf.String())
	}
	// Everything not overridden still comes from the embedded set.
	builtin, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if set.DailyText.Lookup("invitation") == nil {
		t.Error("the daily digest lost the built-in invitation block when the digest was overridden")
	}
	if set.DigestHTML == nil || len(set.Guidance) != len(builtin.Guidance) || !slices.Equal(set.DraftKeys(), builtin.DraftKeys()) {
		t.Error("override of one file lost the other built-in files")
	}
}

func TestLoadBrokenOverride(t *testing.T) {
	const brokenTemplate = "line one\nline two\n{{.Name}\nline four\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // all must appear in the error
	}{
		{"draft syntax error on line 3", map[string]string{"drafts/accept.en.txt.tmpl": brokenTemplate}, []string{"drafts/accept.en.txt.tmpl", ":3"}},
		{"new language syntax error", map[string]string{"drafts/decline.de.txt.tmpl": brokenTemplate}, []string{"drafts/decline.de.txt.tmpl", ":3"}},
		{"text digest syntax error", map[string]string{"digest/digest.txt.tmpl": brokenTemplate}, []string{"digest/digest.txt.tmpl", ":3"}},
		{"HTML digest syntax error", map[string]string{"digest/digest.html.tmpl": "<p>\n</p>\n{{end}}\n<p>\n"}, []string{"digest/digest.html.tmpl", ":3"}},
		{"daily digest syntax error", map[string]string{"digest/daily.txt.tmpl": brokenTemplate}, []string{"digest/daily.txt.tmpl", ":3"}},
		{"daily HTML calls a missing block", map[string]string{"digest/daily.html.tmpl": "<p>\n{{range .Items}}\n{{template \"card\" .}}{{end}}</p>\n"}, []string{"digest/daily.html.tmpl", ":3", `"card"`}},
		{"unknown function", map[string]string{"drafts/accept.en.txt.tmpl": "a\nb\n{{shout .Name}}\n"}, []string{"drafts/accept.en.txt.tmpl", ":3", "shout"}},
		{"guidance YAML duplicate key", map[string]string{"guidance/guidance.yaml": "- id: a\n  title: t\n  id: b\n"}, []string{"guidance/guidance.yaml", "line 3"}},
		{"guidance unknown field", map[string]string{"guidance/guidance.yaml": "- id: a\n  title: t\n  txt: x\n"}, []string{"guidance/guidance.yaml", "txt"}},
		{"guidance invalid items", map[string]string{"guidance/guidance.yaml": `- id: a
  sources: [seed:000#x]
  stance: reason
  when: [always]
  title: A
  text: Fine.
- id: a
  stance: shout
  when: [sometimes]
  title: Dup
  text: " "
`}, []string{"item 2 (a)", "duplicate id", "id, title and text are required", "at least one source", `stance "shout"`, `situation "sometimes"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Load(override(t, tt.files))
			if err == nil {
				t.Fatalf("Load succeeded (%v), want an error", set.DraftKeys())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadUnreadableOverride(t *testing.T) {
	dir := override(t, nil)
	drafts := filepath.Join(dir, "drafts")
	if err := os.Mkdir(drafts, 0o755); err != nil {
		t.Fatal(err)
	}
	// A symlink loop cannot be opened, whatever the user's privileges.
	loop := filepath.Join(drafts, "accept.en.txt.tmpl")
	if err := os.Symlink("accept.en.txt.tmpl", loop); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "accept.en.txt.tmpl") {
		t.Errorf("Load error = %v, want the unreadable override reported", err)
	}
}

func TestLoadBadOverrideDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(t.TempDir(), "missing"), file} {
		if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), dir) {
			t.Errorf("Load(%q) error = %v, want one naming the directory", dir, err)
		}
	}
}

func TestFirstName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jane Recruiter", "Jane"},
		{"  Jane  ", "Jane"},
		{"Jürgen Müller", "Jürgen"},
		{"jane@acme.example", ""},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := FirstName(tt.in); got != tt.want {
			t.Errorf("FirstName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWhen(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"UTC", at, time.UTC, "Tuesday 10 March 2026, 14:00 UTC"},
		{"nil location", at, nil, "Tuesday 10 March 2026, 14:00 UTC"},
		{"winter Berlin", at, berlin, "Tuesday 10 March 2026, 15:00 CET (Europe/Berlin)"},
		{"summer Berlin", time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC), berlin, "Wednesday 1 July 2026, 10:30 CEST (Europe/Berlin)"},
		{"fixed zone", at, time.FixedZone("X", -5*3600), "Tuesday 10 March 2026, 09:00 X (X)"},
	}
	for _, tt := range tests {
		if got := When(tt.t, tt.loc); got != tt.want {
			t.Errorf("%s: When = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		width int
		in    string
		want  string
	}{
		{"short", 20, "a short line", "a short line"},
		{"folds at width", 10, "aaaa bbbb cccc dddd", "aaaa bbbb\ncccc dddd"},
		{"exact fit", 9, "aaaa bbbb", "aaaa bbbb"},
		{"long word not split", 5, "abcdefghij xy", "abcdefghij\nxy"},
		{"paragraphs kept", 20, "one\n\ntwo", "one\n\ntwo"},
		{"runs of space collapse", 20, "a   b\tc", "a b c"},
		{"counts runes, not bytes", 11, "über über über", "über über\nüber"},
		{"empty", 10, "", ""},
	}
	for _, tt := range tests {
		if got := Wrap(tt.width, tt.in); got != tt.want {
			t.Errorf("%s: Wrap(%d, %q) = %q, want %q", tt.name, tt.width, tt.in, got, tt.want)
		}
	}
}

func TestIndent(t *testing.T) {
	tests := []struct {
		n        int
		in, want string
	}{
		{4, "one", "one"},
		{4, "one\ntwo", "one\n    two"},
		{2, "a\n\nb", "a\n  \n  b"},
		{0, "a\nb", "a\nb"},
	}
	for _, tt := range tests {
		if got := Indent(tt.n, tt.in); got != tt.want {
			t.Errorf("Indent(%d, %q) = %q, want %q", tt.n, tt.in, got, tt.want)
		}
	}
}

func TestWhenInAndSpanIn(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Date(2026, 7, 1, 7, 5, 0, 0, time.UTC) // 09:05 CEST
	end := at.Add(90 * time.Minute)
	tests := []struct{ lang, when, span string }{
		{"en", "Wednesday 1 July 2026, 09:05 CEST (Europe/Berlin)", "Wednesday 1 July, 09:05 to 10:35"},
		{"de", "Mittwoch, 1. Juli 2026, 09:05 Uhr CEST (Europe/Berlin)", "Mittwoch, 1. Juli, 09:05 bis 10:35 Uhr"},
		{"fr", "mercredi 1er juillet 2026 à 9 h 05 CEST (Europe/Berlin)", "mercredi 1er juillet, de 9 h 05 à 10 h 35"},
		{"es", "miércoles 1 de julio de 2026, a las 09:05 CEST (Europe/Berlin)", "miércoles 1 de julio, de 09:05 a 10:35"},
		{"xx", "Wednesday 1 July 2026, 09:05 CEST (Europe/Berlin)", "Wednesday 1 July, 09:05 to 10:35"},
	}
	for _, tt := range tests {
		if got := WhenIn(tt.lang, at, berlin); got != tt.when {
			t.Errorf("WhenIn(%s) = %q, want %q", tt.lang, got, tt.when)
		}
		if got := SpanIn(tt.lang, at, end, berlin); got != tt.span {
			t.Errorf("SpanIn(%s) = %q, want %q", tt.lang, got, tt.span)
		}
	}
	if got := ZoneLabel(at, berlin); got != "CEST, Europe/Berlin" {
		t.Errorf("ZoneLabel = %q", got)
	}
	if got := ZoneLabel(at, nil); got != "UTC" {
		t.Errorf("ZoneLabel(UTC) = %q", got)
	}
}
