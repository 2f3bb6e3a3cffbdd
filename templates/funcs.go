package templates

import (
	"fmt"
	"strings"
	texttemplate "text/template"
	"time"
)

// Funcs returns the helpers available to every template.
func Funcs() texttemplate.FuncMap {
	return texttemplate.FuncMap{
		"join":      strings.Join,
		"upper":     strings.ToUpper,
		"firstName": FirstName,
		"when":      When,
		"inc":       func(i int) int { return i + 1 },
		"wrap":      Wrap,
		"indent":    Indent,
		"prefix":    Prefix,
		"lines":     func(s string) []string { return strings.Split(s, "\n") },
	}
}

// FirstName returns the first word of a display name, or "" for none, so a
// greeting can fall back to a neutral form.
func FirstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 || strings.Contains(f[0], "@") {
		return ""
	}
	// "Acme Talent Team", "Contoso Careers" or "Recruiting" is not a
	// person to greet by name.
	team := func(w string) bool {
		switch strings.ToLower(strings.Trim(w, ",.()")) {
		case "team", "talent", "recruiting", "recruitment", "careers", "hr", "jobs", "notifications", "recrutement", "reclutamiento", "personalabteilung":
			return true
		}
		return false
	}
	if team(f[0]) || len(f) > 1 && team(f[len(f)-1]) {
		return ""
	}
	return f[0]
}

// When formats t in loc the way a person writes an appointment, with the
// zone spelled out so nobody misreads it.
func When(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	return t.Format("Monday 2 January 2006, 15:04") + " " + zoneName(t, loc)
}

func zoneName(t time.Time, loc *time.Location) string {
	abbr, _ := t.Zone()
	if loc.String() == "UTC" || loc.String() == "Local" || loc.String() == "" {
		return abbr
	}
	return abbr + " (" + loc.String() + ")"
}

// Wrap folds text at width columns for plain-text mail (RFC 3676 suggests
// staying under 78).
func Wrap(width int, s string) string {
	var out strings.Builder
	for i, para := range strings.Split(s, "\n") {
		if i > 0 {
			out.WriteByte('\n')
		}
		col := 0
		for j, w := range strings.Fields(para) {
			if j > 0 {
				if col+1+len([]rune(w)) > width {
					out.WriteByte('\n')
					col = 0
				} else {
					out.WriteByte(' ')
					col++
				}
			}
			out.WriteString(w)
			col += len([]rune(w))
		}
	}
	return out.String()
}

// Prefix puts p before every line of s, without trailing blanks on lines
// that were empty (a quoted draft in a plain-text digest).
func Prefix(p, s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(p+l, " ")
	}
	return strings.Join(lines, "\n")
}

// Indent prefixes every line after the first with n spaces, so wrapped text
// lines up under a list item.
func Indent(n int, s string) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

// Localised names for WhenIn and SpanIn; English uses Go's own.
var (
	weekdayNames = map[string][7]string{
		"de": {"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
		"fr": {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		"es": {"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
	}
	monthNames = map[string][12]string{
		"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	}
)

// Languages the built-in drafts are written in.
var Languages = []string{"en", "de", "fr", "es"}

// WhenIn formats t in loc as a person writing lang would, with the zone
// spelled out: "Dienstag, 10. März 2026, 15:00 Uhr CET (Europe/Berlin)".
// Unknown languages get English (When).
func WhenIn(lang string, t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	zone := zoneName(t, loc)
	switch lang {
	case "de":
		return fmt.Sprintf("%s, %d. %s %d, %s Uhr %s", weekdayNames[lang][t.Weekday()], t.Day(), monthNames[lang][t.Month()-1], t.Year(), t.Format("15:04"), zone)
	case "fr":
		return fmt.Sprintf("%s %s %s %d à %s %s", weekdayNames[lang][t.Weekday()], frDay(t.Day()), monthNames[lang][t.Month()-1], t.Year(), frClock(t), zone)
	case "es":
		return fmt.Sprintf("%s %d de %s de %d, a las %s %s", weekdayNames[lang][t.Weekday()], t.Day(), monthNames[lang][t.Month()-1], t.Year(), t.Format("15:04"), zone)
	}
	return When(t, loc)
}

// SpanIn formats the day and the hours of [start, end) in loc, without
// the zone (a list of spans names it once): "Tuesday 10 March, 10:30 to
// 12:00", "mardi 10 mars, de 10 h 30 à 12 h 00".
func SpanIn(lang string, start, end time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	s, e := start.In(loc), end.In(loc)
	switch lang {
	case "de":
		return fmt.Sprintf("%s, %d. %s, %s bis %s Uhr", weekdayNames[lang][s.Weekday()], s.Day(), monthNames[lang][s.Month()-1], s.Format("15:04"), e.Format("15:04"))
	case "fr":
		return fmt.Sprintf("%s %s %s, de %s à %s", weekdayNames[lang][s.Weekday()], frDay(s.Day()), monthNames[lang][s.Month()-1], frClock(s), frClock(e))
	case "es":
		return fmt.Sprintf("%s %d de %s, de %s a %s", weekdayNames[lang][s.Weekday()], s.Day(), monthNames[lang][s.Month()-1], s.Format("15:04"), e.Format("15:04"))
	}
	return fmt.Sprintf("%s, %s to %s", s.Format("Monday 2 January"), s.Format("15:04"), e.Format("15:04"))
}

// ZoneLabel names the zone of loc at t for use inside parentheses:
// "CET, Europe/Berlin", or "UTC".
func ZoneLabel(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	abbr, _ := t.In(loc).Zone()
	if n := loc.String(); n != "UTC" && n != "Local" && n != "" {
		return abbr + ", " + n
	}
	return abbr
}

func frClock(t time.Time) string { return fmt.Sprintf("%d h %02d", t.Hour(), t.Minute()) }

func frDay(d int) string {
	if d == 1 {
		return "1er"
	}
	return fmt.Sprint(d)
}
