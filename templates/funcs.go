package templates

import (
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

// Indent prefixes every line after the first with n spaces, so wrapped text
// lines up under a list item.
func Indent(n int, s string) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}
