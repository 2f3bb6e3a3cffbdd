package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestProfileDefaults(t *testing.T) {
	cfg, err := Load(writeConfig(t, validYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := cfg.Profile
	if p.Search != SearchActive || p.Tone != ToneFormal || p.OfferReferral || p.HasAcceptedOffer() {
		t.Errorf("profile defaults: %+v", p)
	}
	if cfg.Digest.Mode != DigestEach || cfg.Digest.At != "08:00" {
		t.Errorf("digest defaults: %+v", cfg.Digest)
	}
	employed, err := Load(writeConfig(t, strings.Replace(validYAML, "name: Ada Lovelace", "name: Ada\n  employment: employed", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if employed.Profile.Search != SearchOpen {
		t.Errorf("employed search = %q, want open", employed.Profile.Search)
	}
}

func TestProfileKeys(t *testing.T) {
	yaml := strings.Replace(validYAML, "name: Ada Lovelace", `name: Ada Lovelace
  timezone: Europe/Berlin
  search: not-looking
  accepted_offer_date: 2026-03-01
  availability: ["mon-fri 09:00-12:00", "tue thu 17:30-19:00"]
  busy_calendar: file:///home/ada/busy.ics
  deal_breakers:
    min_salary: 60000
    too_far: [Munich]
    keywords: [relocation]
    firm: true
  tone: warm
  offer_referral: true`, 1) + "digest:\n  mode: daily\n  at: \"07:30\"\n"
	cfg, err := Load(writeConfig(t, yaml), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := cfg.Profile
	if !p.HasAcceptedOffer() {
		t.Error("accepted_offer_date does not imply an accepted offer")
	}
	d, ok := p.OfferDate()
	if !ok || !d.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, p.Location())) {
		t.Errorf("offer date = %v %v", d, ok)
	}
	if len(p.Windows()) != 2 || p.DealBreakers.MinSalary != 60000 || !p.DealBreakers.Firm || p.Tone != ToneWarm || !p.OfferReferral {
		t.Errorf("profile = %+v", p)
	}
	if h, m := cfg.Digest.Clock(); cfg.Digest.Mode != DigestDaily || h != 7 || m != 30 {
		t.Errorf("digest = %+v (%d:%d)", cfg.Digest, h, m)
	}
	if path, u, err := BusySource(p.BusyCalendar); err != nil || path != "/home/ada/busy.ics" || u != "" {
		t.Errorf("BusySource = %q %q %v", path, u, err)
	}
}

func TestProfileEnvOverrides(t *testing.T) {
	cfg, err := Load(writeConfig(t, validYAML), []string{
		"SAYYES_PROFILE_AVAILABILITY=mon-fri 09:00-12:00, sat 10:00-12:00",
		"SAYYES_PROFILE_DEAL_BREAKERS_MIN_SALARY=55000",
		"SAYYES_PROFILE_TONE=warm",
		"SAYYES_DIGEST_MODE=daily",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Profile.Windows()) != 2 || cfg.Profile.DealBreakers.MinSalary != 55000 || cfg.Profile.Tone != ToneWarm || cfg.Digest.Mode != DigestDaily {
		t.Errorf("env overrides not applied: %+v %+v", cfg.Profile, cfg.Digest)
	}
}

func TestProfileProblems(t *testing.T) {
	withProfile := func(lines string) string {
		return strings.Replace(validYAML, "name: Ada Lovelace", "name: Ada Lovelace\n  "+lines, 1)
	}
	tests := []struct {
		name, yaml, key, value, fixHint string
	}{
		{"search", withProfile("search: desperate"), "profile.search", "desperate", "not-looking"},
		{"offer date", withProfile("accepted_offer_date: 1 March"), "profile.accepted_offer_date", "1 March", "YYYY-MM-DD"},
		{"availability no range", withProfile(`availability: ["mon-fri"]`), "profile.availability[0]", "mon-fri", "mon-fri 09:00-17:00"},
		{"availability bad day", withProfile(`availability: ["mon-fri 09:00-12:00", "funday 10:00-11:00"]`), "profile.availability[1]", "funday 10:00-11:00", "tue thu"},
		{"availability backwards", withProfile(`availability: ["mon 17:00-09:00"]`), "profile.availability[0]", "mon 17:00-09:00", "09:00-17:00"},
		{"busy calendar scheme", withProfile("busy_calendar: ftp://cal.example/busy.ics"), "profile.busy_calendar", "ftp://cal.example/busy.ics", "https://"},
		{"busy calendar remote file URL", withProfile("busy_calendar: file://otherhost/busy.ics"), "profile.busy_calendar", "file://otherhost/busy.ics", "file://"},
		{"min salary", withProfile("deal_breakers: {min_salary: -1}"), "profile.deal_breakers.min_salary", "-1", "yearly pay"},
		{"empty keyword", withProfile("deal_breakers: {keywords: [' ']}"), "profile.deal_breakers.keywords[0]", " ", "phrase"},
		{"empty place", withProfile("deal_breakers: {too_far: ['']}"), "profile.deal_breakers.too_far[0]", "", "city"},
		{"tone", withProfile("tone: casual"), "profile.tone", "casual", "warm"},
		{"digest mode", "digest: {mode: weekly}\n" + validYAML, "digest.mode", "weekly", "daily"},
		{"digest at", "digest: {mode: daily, at: '25:00'}\n" + validYAML, "digest.at", "25:00", "08:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := loadErr(t, tt.yaml, nil)
			p, ok := findProblem(ce.Problems, tt.key)
			if !ok {
				t.Fatalf("no problem for %s in %v", tt.key, ce)
			}
			if p.Value != tt.value || p.What == "" || !strings.Contains(p.Fix, tt.fixHint) {
				t.Errorf("problem %+v: want value %q and a fix mentioning %q", p, tt.value, tt.fixHint)
			}
		})
	}
	ce := loadErr(t, withProfile("deal_breaker: {firm: true}"), nil)
	if p, ok := findProblem(ce.Problems, "profile.deal_breaker"); !ok || !strings.Contains(p.Fix, "deal_breakers") {
		t.Errorf("misspelt key: %v", ce)
	}
}

func TestParseWindow(t *testing.T) {
	day := func(ds ...time.Weekday) [7]bool {
		var out [7]bool
		for _, d := range ds {
			out[d] = true
		}
		return out
	}
	weekdays := day(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday)
	tests := []struct {
		in   string
		want Window
	}{
		{"mon-fri 09:00-17:00", Window{weekdays, 9 * 60, 17 * 60}},
		{"09:00-17:00", Window{weekdays, 9 * 60, 17 * 60}},
		{"Tue Thu 14:00-18:30", Window{day(time.Tuesday, time.Thursday), 14 * 60, 18*60 + 30}},
		{"tues/thurs 8:00-9:00", Window{day(time.Tuesday, time.Thursday), 8 * 60, 9 * 60}},
		{"fri-mon 10:00-11:00", Window{day(time.Friday, time.Saturday, time.Sunday, time.Monday), 10 * 60, 11 * 60}},
		{"weekends 10:00-24:00", Window{day(time.Saturday, time.Sunday), 10 * 60, 24 * 60}},
		{"Wednesday 07:15-08:00", Window{day(time.Wednesday), 7*60 + 15, 8 * 60}},
	}
	for _, tt := range tests {
		got, err := ParseWindow(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseWindow(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "mon", "mo 09:00-10:00", "mon 9-10", "mon 09:00-09:00", "mon 10:00-25:00", "mon 09:60-10:00"} {
		if _, err := ParseWindow(bad); err == nil {
			t.Errorf("ParseWindow(%q) succeeded", bad)
		}
	}
	w, _ := ParseWindow("mon 09:00-10:00")
	mon := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	if !w.Contains(mon) || w.Contains(mon.Add(time.Hour)) || w.Contains(mon.Add(24*time.Hour)) {
		t.Error("Contains is wrong")
	}
}

func TestBusySource(t *testing.T) {
	tests := []struct{ in, path, url string }{
		{"/home/ada/busy.ics", "/home/ada/busy.ics", ""},
		{"busy.ics", "busy.ics", ""},
		{"file:///home/ada/busy.ics", "/home/ada/busy.ics", ""},
		{"file://localhost/home/ada/busy.ics", "/home/ada/busy.ics", ""},
		{"https://cal.example/ada.ics", "", "https://cal.example/ada.ics"},
		{"webcal://cal.example/ada.ics", "", "https://cal.example/ada.ics"},
	}
	for _, tt := range tests {
		p, u, err := BusySource(tt.in)
		if err != nil || p != tt.path || u != tt.url {
			t.Errorf("BusySource(%q) = %q, %q, %v", tt.in, p, u, err)
		}
	}
	for _, bad := range []string{"", "gopher://x/y", "https://", "file://evil.example/x.ics"} {
		if _, _, err := BusySource(bad); err == nil {
			t.Errorf("BusySource(%q) succeeded", bad)
		}
	}
}

// TestExampleDocumentsEveryKey keeps deploy/sayyes.example.yaml complete:
// every key of Config appears there, so users can find what they can set.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "deploy", "sayyes.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	var missing []string
	var walk func(n *yaml.Node, tp reflect.Type, path string)
	walk = func(n *yaml.Node, tp reflect.Type, path string) {
		for tp.Kind() == reflect.Pointer || tp.Kind() == reflect.Slice && tp.Elem().Kind() == reflect.Struct {
			tp = tp.Elem()
			if n != nil && n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
				n = n.Content[0]
			}
		}
		if tp.Kind() != reflect.Struct || isText(tp) {
			return
		}
		for i := range tp.NumField() {
			f := tp.Field(i)
			name := yamlName(f)
			if name == "" {
				continue
			}
			var child *yaml.Node
			if n != nil && n.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(n.Content); j += 2 {
					if n.Content[j].Value == name {
						child = n.Content[j+1]
					}
				}
			}
			if child == nil {
				missing = append(missing, join(path, name))
				continue
			}
			walk(child, f.Type, join(path, name))
		}
	}
	walk(root.Content[0], reflect.TypeFor[Config](), "")
	if len(missing) > 0 {
		t.Errorf("deploy/sayyes.example.yaml does not document: %s", strings.Join(missing, ", "))
	}
}
