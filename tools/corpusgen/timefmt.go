package main

import (
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// Relative-date kinds. A date style with rel >= 0 is resolved against the
// message's Date header in the interview's time zone.
const (
	relNone     = -1
	relToday    = 0
	relTomorrow = 1
	relDayAfter = 2
	relWeekday  = 7 // a bare weekday later in the same week ("this Thursday")
)

type dateStyle struct {
	split string
	rel   int
	f     func(t time.Time, prep bool) string
}

type timeStyle struct {
	split  string
	single func(t time.Time) string
	rng    func(s, e time.Time) string
}

type langFmt struct {
	dates  []dateStyle
	times  []timeStyle
	single func(date, tm string) string
}

// timeRender is a chosen way of writing times in one message.
type timeRender struct {
	lang string
	date dateStyle
	tm   timeStyle
	tz   string // zone label appended after the time, "" if unstated
	// second, when set, writes the time again in the candidate's zone
	// ("/ 3:00 PM CET"), for each time rendered.
	second func(t time.Time) string
}

var (
	enDays   = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	enMonths = []string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	deDays   = []string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}
	deDaysA  = []string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."}
	deMonths = []string{"", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
	deMonA   = []string{"", "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."}
	frDays   = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonths = []string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	frMonA   = []string{"", "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
	esDays   = []string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}
	esMonths = []string{"", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
	esMonA   = []string{"", "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."}
)

func ordEn(d int) string {
	if d >= 11 && d <= 13 {
		return fmt.Sprintf("%dth", d)
	}
	switch d % 10 {
	case 1:
		return fmt.Sprintf("%dst", d)
	case 2:
		return fmt.Sprintf("%dnd", d)
	case 3:
		return fmt.Sprintf("%drd", d)
	}
	return fmt.Sprintf("%dth", d)
}

func h12(t time.Time) (int, string) {
	h := t.Hour() % 12
	if h == 0 {
		h = 12
	}
	if t.Hour() < 12 {
		return h, "AM"
	}
	return h, "PM"
}

func pre(prep bool, p, s string) string {
	if prep {
		return p + s
	}
	return s
}

func enClock(t time.Time, full bool, sep string) string {
	h, _ := h12(t)
	if t.Minute() == 0 && !full {
		return fmt.Sprint(h)
	}
	return fmt.Sprintf("%d%s%02d", h, sep, t.Minute())
}

var fmts = map[string]langFmt{
	"en": {
		dates: []dateStyle{
			{"train", relNone, func(t time.Time, p bool) string {
				return pre(p, "on ", fmt.Sprintf("%s, %s %d", enDays[t.Weekday()], enMonths[t.Month()], t.Day()))
			}},
			{"train", relNone, func(t time.Time, p bool) string {
				return pre(p, "on ", fmt.Sprintf("%s %d %s", enDays[t.Weekday()][:3], t.Day(), enMonths[t.Month()][:3]))
			}},
			{"train", relNone, func(t time.Time, p bool) string {
				return pre(p, "on ", fmt.Sprintf("%s %d, %d", enMonths[t.Month()], t.Day(), t.Year()))
			}},
			{"train", relNone, func(t time.Time, p bool) string { return pre(p, "on ", t.Format("2006-01-02")) }},
			{"train", relTomorrow, func(t time.Time, p bool) string { return "tomorrow" }},
			{"train", relTomorrow, func(t time.Time, p bool) string { return "tomorrow (" + enDays[t.Weekday()] + ")" }},
			{"holdout", relNone, func(t time.Time, p bool) string { return pre(p, "on ", t.Format("01/02/2006")) }},
			{"holdout", relNone, func(t time.Time, p bool) string {
				return pre(p, "on ", fmt.Sprintf("%s %s %s", enDays[t.Weekday()], ordEn(t.Day()), enMonths[t.Month()]))
			}},
			{"holdout", relToday, func(t time.Time, p bool) string { return "today" }},
			{"holdout", relWeekday, func(t time.Time, p bool) string { return pre(p, "this ", enDays[t.Weekday()]) }},
			{"holdout", relNone, func(t time.Time, p bool) string {
				return pre(p, "on ", fmt.Sprintf("%s, %s %d, %d", enDays[t.Weekday()][:3], enMonths[t.Month()][:3], t.Day(), t.Year()))
			}},
		},
		times: []timeStyle{
			{"train", func(t time.Time) string { h, ap := h12(t); return fmt.Sprintf("%d:%02d %s", h, t.Minute(), ap) },
				func(s, e time.Time) string {
					_, a1 := h12(s)
					h2, a2 := h12(e)
					if a1 == a2 {
						return fmt.Sprintf("%s–%d:%02d %s", enClock(s, true, ":"), h2, e.Minute(), a2)
					}
					h1, _ := h12(s)
					return fmt.Sprintf("%d:%02d %s–%d:%02d %s", h1, s.Minute(), a1, h2, e.Minute(), a2)
				}},
			{"train", func(t time.Time) string { _, ap := h12(t); return enClock(t, false, ":") + strings.ToLower(ap) },
				func(s, e time.Time) string {
					_, a1 := h12(s)
					_, a2 := h12(e)
					return enClock(s, false, ":") + strings.ToLower(a1) + "–" + enClock(e, false, ":") + strings.ToLower(a2)
				}},
			{"train", func(t time.Time) string { return t.Format("15:04") },
				func(s, e time.Time) string { return s.Format("15:04") + "–" + e.Format("15:04") }},
			{"holdout", func(t time.Time) string {
				if t.Hour() == 12 && t.Minute() == 0 {
					return "noon"
				}
				_, ap := h12(t)
				return enClock(t, false, ":") + " " + map[string]string{"AM": "a.m.", "PM": "p.m."}[ap]
			},
				func(s, e time.Time) string {
					_, a1 := h12(s)
					_, a2 := h12(e)
					m := map[string]string{"AM": "a.m.", "PM": "p.m."}
					if a1 == a2 {
						return enClock(s, false, ":") + "–" + enClock(e, false, ":") + " " + m[a2]
					}
					return enClock(s, false, ":") + " " + m[a1] + "–" + enClock(e, false, ":") + " " + m[a2]
				}},
			{"holdout", func(t time.Time) string { _, ap := h12(t); return enClock(t, false, ".") + strings.ToLower(ap) },
				func(s, e time.Time) string {
					_, a2 := h12(e)
					return enClock(s, false, ".") + "-" + enClock(e, false, ".") + strings.ToLower(a2)
				}},
			{"holdout", func(t time.Time) string { _, ap := h12(t); return enClock(t, true, ":") + strings.ToLower(ap) },
				func(s, e time.Time) string {
					_, a1 := h12(s)
					_, a2 := h12(e)
					return enClock(s, true, ":") + strings.ToLower(a1) + " - " + enClock(e, true, ":") + strings.ToLower(a2)
				}},
		},
		single: func(d, t string) string { return d + " at " + t },
	},
	"de": {
		dates: []dateStyle{
			{"train", relNone, func(t time.Time, p bool) string {
				return pre(p, "am ", fmt.Sprintf("%s, %d. %s", deDays[t.Weekday()], t.Day(), deMonths[t.Month()]))
			}},
			{"train", relNone, func(t time.Time, p bool) string { return pre(p, "am ", t.Format("02.01.2006")) }},
			{"train", relNone, func(t time.Time, p bool) string {
				return pre(p, "am ", fmt.Sprintf("%s, den %s", deDays[t.Weekday()], t.Format("02.01.")))
			}},
			{"train", relTomorrow, func(t time.Time, p bool) string { return "morgen" }},
			{"train", relTomorrow, func(t time.Time, p bool) string { return "morgen (" + deDays[t.Weekday()] + ")" }},
			{"holdout", relNone, func(t time.Time, p bool) string {
				return pre(p, "am ", fmt.Sprintf("%s, %d. %s %d", deDaysA[t.Weekday()], t.Day(), deMonA[t.Month()], t.Year()))
			}},
			{"holdout", relDayAfter, func(t time.Time, p bool) string { return "übermorgen" }},
			{"holdout", relWeekday, func(t time.Time, p bool) string { return pre(p, "diesen ", deDays[t.Weekday()]) }},
			{"holdout", relNone, func(t time.Time, p bool) string { return pre(p, "am ", t.Format("2006-01-02")) }},
			{"holdout", relToday, func(t time.Time, p bool) string { return "heute" }},
		},
		times: []timeStyle{
			{"train", func(t time.Time) string { return t.Format("15:04") + " Uhr" },
				func(s, e time.Time) string { return s.Format("15:04") + "–" + e.Format("15:04") + " Uhr" }},
			{"train", func(t time.Time) string {
				if t.Minute() == 0 {
					return fmt.Sprintf("%d Uhr", t.Hour())
				}
				return t.Format("15:04") + " Uhr"
			}, func(s, e time.Time) string {
				a := s.Format("15:04")
				if s.Minute() == 0 {
					a = fmt.Sprint(s.Hour())
				}
				return "von " + a + " bis " + e.Format("15:04") + " Uhr"
			}},
			{"holdout", func(t time.Time) string { return t.Format("15.04") + " Uhr" },
				func(s, e time.Time) string { return s.Format("15.04") + " - " + e.Format("15.04") + " Uhr" }},
			{"holdout", func(t time.Time) string { return t.Format("15:04") + "h" },
				func(s, e time.Time) string { return s.Format("15:04") + "h bis " + e.Format("15:04") + "h" }},
		},
		single: func(d, t string) string { return d + " um " + t },
	},
	"fr": {
		dates: []dateStyle{
			{"train", relNone, func(t time.Time, p bool) string {
				return pre(p, "le ", fmt.Sprintf("%s %s %s", frDays[t.Weekday()], frDay(t.Day()), frMonths[t.Month()]))
			}},
			{"train", relNone, func(t time.Time, p bool) string { return pre(p, "le ", t.Format("02/01/2006")) }},
			{"train", relTomorrow, func(t time.Time, p bool) string { return "demain" }},
			{"train", relTomorrow, func(t time.Time, p bool) string { return "demain (" + frDays[t.Weekday()] + ")" }},
			{"holdout", relNone, func(t time.Time, p bool) string {
				return pre(p, "le ", fmt.Sprintf("%s %s %s %d", frDays[t.Weekday()], frDay(t.Day()), frMonA[t.Month()], t.Year()))
			}},
			{"holdout", relDayAfter, func(t time.Time, p bool) string { return "après-demain" }},
			{"holdout", relWeekday, func(t time.Time, p bool) string { return pre(p, "ce ", frDays[t.Weekday()]) }},
			{"holdout", relNone, func(t time.Time, p bool) string {
				return pre(p, "le ", fmt.Sprintf("%s %s %d", frDay(t.Day()), frMonths[t.Month()], t.Year()))
			}},
			{"holdout", relToday, func(t time.Time, p bool) string { return "aujourd'hui" }},
		},
		times: []timeStyle{
			{"train", func(t time.Time) string { return frClock(t, "h") },
				func(s, e time.Time) string { return "de " + frClock(s, "h") + " à " + frClock(e, "h") }},
			{"train", func(t time.Time) string { return t.Format("15:04") },
				func(s, e time.Time) string { return s.Format("15:04") + "–" + e.Format("15:04") }},
			{"holdout", func(t time.Time) string { return frClock(t, " h ") },
				func(s, e time.Time) string { return "de " + frClock(s, " h ") + " à " + frClock(e, " h ") }},
			{"holdout", func(t time.Time) string { return fmt.Sprintf("%dh%02d", t.Hour(), t.Minute()) },
				func(s, e time.Time) string {
					return fmt.Sprintf("%dh%02d-%dh%02d", s.Hour(), s.Minute(), e.Hour(), e.Minute())
				}},
		},
		single: func(d, t string) string { return d + " à " + t },
	},
	"es": {
		dates: []dateStyle{
			{"train", relNone, func(t time.Time, p bool) string {
				return pre(p, "el ", fmt.Sprintf("%s %d de %s", esDays[t.Weekday()], t.Day(), esMonths[t.Month()]))
			}},
			{"train", relNone, func(t time.Time, p bool) string { return pre(p, "el ", t.Format("02/01/2006")) }},
			{"train", relTomorrow, func(t time.Time, p bool) string { return "mañana" }},
			{"train", relTomorrow, func(t time.Time, p bool) string { return "mañana (" + esDays[t.Weekday()] + ")" }},
			{"holdout", relNone, func(t time.Time, p bool) string {
				return pre(p, "el ", fmt.Sprintf("%s, %d de %s", esDays[t.Weekday()], t.Day(), esMonA[t.Month()]))
			}},
			{"holdout", relDayAfter, func(t time.Time, p bool) string { return "pasado mañana" }},
			{"holdout", relWeekday, func(t time.Time, p bool) string { return pre(p, "este ", esDays[t.Weekday()]) }},
			{"holdout", relNone, func(t time.Time, p bool) string {
				return pre(p, "el día ", fmt.Sprintf("%d de %s de %d", t.Day(), esMonths[t.Month()], t.Year()))
			}},
			{"holdout", relToday, func(t time.Time, p bool) string { return "hoy" }},
		},
		times: []timeStyle{
			{"train", func(t time.Time) string { return "a las " + t.Format("15:04") },
				func(s, e time.Time) string { return "de " + s.Format("15:04") + " a " + e.Format("15:04") }},
			{"train", func(t time.Time) string { return "a las " + t.Format("15:04") + " h" },
				func(s, e time.Time) string { return "de " + s.Format("15:04") + " a " + e.Format("15:04") + " h" }},
			{"holdout", esSpoken, func(s, e time.Time) string {
				return "entre las " + s.Format("15:04") + " y las " + e.Format("15:04")
			}},
			{"holdout", func(t time.Time) string { return "a las " + t.Format("15.04") + " h" },
				func(s, e time.Time) string { return "de " + s.Format("15.04") + " a " + e.Format("15.04") + " h" }},
		},
		single: func(d, t string) string { return d + " " + t },
	},
}

func frDay(d int) string {
	if d == 1 {
		return "1er"
	}
	return fmt.Sprint(d)
}

func frClock(t time.Time, sep string) string {
	if t.Minute() == 0 {
		return fmt.Sprintf("%d%s", t.Hour(), strings.TrimRight(sep, " "))
	}
	return fmt.Sprintf("%d%s%02d", t.Hour(), sep, t.Minute())
}

func esSpoken(t time.Time) string {
	h := t.Hour() % 12
	if h == 0 {
		h = 12
	}
	part := "de la mañana"
	switch {
	case t.Hour() == 12:
		part = "del mediodía"
	case t.Hour() > 12 && t.Hour() < 20:
		part = "de la tarde"
	case t.Hour() >= 20:
		part = "de la noche"
	}
	art := "a las"
	if h == 1 {
		art = "a la"
	}
	if t.Minute() == 0 {
		return fmt.Sprintf("%s %d %s", art, h, part)
	}
	return fmt.Sprintf("%s %d:%02d %s", art, h, t.Minute(), part)
}

// zoneFamily groups IANA zones that are labelled the same way in text.
func zoneFamily(name string) string {
	switch name {
	case "America/New_York", "America/Toronto":
		return "us-east"
	case "America/Chicago":
		return "us-central"
	case "America/Denver":
		return "us-mountain"
	case "America/Los_Angeles":
		return "us-pacific"
	case "Europe/London":
		return "uk"
	case "Europe/Dublin":
		return "ie"
	case "Asia/Singapore":
		return "sg"
	case "Australia/Sydney":
		return "au"
	case "America/Mexico_City":
		return "mx"
	case "America/Bogota":
		return "co"
	case "America/Argentina/Buenos_Aires":
		return "ar"
	case "UTC":
		return "utc"
	}
	return "cet"
}

func zoneAbbr(lang string, t time.Time) string {
	name, _ := t.Zone()
	switch zoneFamily(t.Location().String()) {
	case "cet":
		if lang == "de" {
			return map[bool]string{true: "MESZ", false: "MEZ"}[t.IsDST()]
		}
		return map[bool]string{true: "CEST", false: "CET"}[t.IsDST()]
	case "us-east":
		if lang == "fr" {
			return map[bool]string{true: "HAE", false: "HNE"}[t.IsDST()]
		}
	case "ie":
		return map[bool]string{true: "IST", false: "GMT"}[t.IsDST()]
	case "sg":
		return "SGT"
	case "mx":
		return "CST"
	case "co":
		return "COT"
	case "ar":
		return "ART"
	}
	return name
}

func utcOffsetLabel(t time.Time) string {
	_, off := t.Zone()
	sign := "+"
	if off < 0 {
		sign = "-"
		off = -off
	}
	if off%3600 == 0 {
		return fmt.Sprintf("UTC%s%d", sign, off/3600)
	}
	return fmt.Sprintf("UTC%s%d:%02d", sign, off/3600, (off%3600)/60)
}

var zoneLabels = map[string]map[string][2][]string{
	"en": {
		"us-east":     {{"{abbr}", "ET"}, {"Eastern", "Eastern Time", "(New York time)"}},
		"us-central":  {{"{abbr}", "CT"}, {"Central", "(Chicago time)"}},
		"us-mountain": {{"{abbr}", "MT"}, {"Mountain Time", "(Denver time)"}},
		"us-pacific":  {{"{abbr}", "PT"}, {"Pacific", "Pacific Time", "(California time)"}},
		"uk":          {{"{abbr}", "UK time"}, {"London time", "(UK time)"}},
		"ie":          {{"Irish time", "(Dublin time)"}, {"Dublin time"}},
		"cet":         {{"{abbr}", "Berlin time"}, {"({off})", "(Central European time)"}},
		"sg":          {{"SGT", "Singapore time"}, {"SGT", "Singapore time"}},
		"au":          {{"{abbr}", "Sydney time"}, {"{abbr}", "Sydney time"}},
		"utc":         {{"UTC"}, {"UTC"}},
	},
	"de": {
		"cet": {{"{abbr}", "({abbr})", "(deutsche Zeit)"}, {"(mitteleuropäische Zeit)", "({off})", "(Ortszeit {city})"}},
		"utc": {{"UTC"}, {"UTC"}},
	},
	"fr": {
		"cet":     {{"(heure de Paris)", "(heure française)"}, {"(heure d'Europe centrale)", "({off})", "(heure de {city})"}},
		"us-east": {{"(heure de l'Est)", "{abbr}"}, {"(heure de l'Est)", "(heure de Montréal)", "{abbr}"}},
		"utc":     {{"UTC"}, {"UTC"}},
	},
	"es": {
		"cet": {{"({abbr})", "(hora peninsular)", "(hora de Madrid)"}, {"(hora española)", "({off})", "(horario de Europa central)"}},
		"mx":  {{"(hora del centro de México)", "(hora de la CDMX)"}, {"(hora del centro de México)", "(hora de la CDMX)", "(CST)"}},
		"co":  {{"(hora de Colombia)", "(hora de Bogotá)"}, {"(hora de Colombia)", "(hora de Bogotá)", "(COT)"}},
		"ar":  {{"(hora argentina)", "(hora de Buenos Aires)"}, {"(hora argentina)", "(hora de Buenos Aires)", "(ART)"}},
		"utc": {{"UTC"}, {"UTC"}},
	},
}

// pickZoneLabel returns the text used to name the zone of t.
func pickZoneLabel(r *rand.Rand, lang, split, city string, t time.Time) string {
	fam := zoneFamily(t.Location().String())
	opts, ok := zoneLabels[lang][fam]
	if !ok {
		opts = zoneLabels["en"][fam]
	}
	idx := 0
	if split == "holdout" {
		idx = 1
	}
	l := opts[idx][r.Intn(len(opts[idx]))]
	l = strings.ReplaceAll(l, "{abbr}", zoneAbbr(lang, t))
	l = strings.ReplaceAll(l, "{off}", utcOffsetLabel(t))
	// French and Spanish city names for the "(heure de X)" style.
	if fam == "cet" && lang == "fr" && strings.Contains(l, "{city}") && city == "Bruxelles" {
		l = "(heure belge)"
	}
	l = strings.ReplaceAll(l, "{city}", city)
	if lang == "fr" && fam == "cet" && city == "Bruxelles" && l == "(heure de Paris)" {
		l = "(heure de Bruxelles)"
	}
	if lang == "de" && l == "(deutsche Zeit)" && !germanCity(city) {
		l = "(" + zoneAbbr(lang, t) + ")"
	}
	return l
}

func germanCity(c string) bool {
	return c != "Wien" && c != "Zürich"
}

func (tr timeRender) suffix(t time.Time) string {
	s := ""
	if tr.tz != "" {
		s = " " + tr.tz
	}
	if tr.second != nil {
		s += tr.second(t)
	}
	return s
}

func (tr timeRender) render(t time.Time, prep bool) string {
	lf := fmts[tr.lang]
	return lf.single(tr.date.f(t, prep), tr.tm.single(t)) + tr.suffix(t)
}

func (tr timeRender) renderRange(s, e time.Time, prep bool) string {
	return tr.date.f(s, prep) + ", " + tr.tm.rng(s, e) + tr.suffix(s)
}

func stylesFor(lang, split string, wantRel func(int) bool) ([]dateStyle, []timeStyle) {
	var ds []dateStyle
	var ts []timeStyle
	for _, d := range fmts[lang].dates {
		if d.split == split && wantRel(d.rel) {
			ds = append(ds, d)
		}
	}
	for _, t := range fmts[lang].times {
		if t.split == split {
			ts = append(ts, t)
		}
	}
	return ds, ts
}

// Date-only and day renderings used for respond-by deadlines and offers.
func renderDay(lang string, t time.Time, variant int) string {
	switch lang {
	case "de":
		if variant%2 == 0 {
			return fmt.Sprintf("%s, %d. %s", deDays[t.Weekday()], t.Day(), deMonths[t.Month()])
		}
		return t.Format("02.01.2006")
	case "fr":
		if variant%2 == 0 {
			return fmt.Sprintf("%s %s %s", frDays[t.Weekday()], frDay(t.Day()), frMonths[t.Month()])
		}
		return t.Format("02/01/2006")
	case "es":
		if variant%2 == 0 {
			return fmt.Sprintf("%s %d de %s", esDays[t.Weekday()], t.Day(), esMonths[t.Month()])
		}
		return t.Format("02/01/2006")
	}
	if variant%2 == 0 {
		return fmt.Sprintf("%s, %s %d", enDays[t.Weekday()], enMonths[t.Month()], t.Day())
	}
	return fmt.Sprintf("%s %d, %d", enMonths[t.Month()], t.Day(), t.Year())
}
