package detect

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Times in the text. A proposed time is a clock time ("3pm", "14:30",
// "14 Uhr", "10h30", "a las 4 de la tarde") bound to a date written next to
// it ("Tuesday 3 Dec", "03.12.2026", "le jeudi 5 décembre", "tomorrow",
// "pasado mañana"), with the zone written after it ("EST", "(heure de
// Paris)", "UTC+1") or, when none is written, the zone of the Date header.
// Dates without a year and weekdays are resolved against the Date header.

var monthNames = map[string]int{
	// English
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	// German
	"januar": 1, "janner": 1, "februar": 2, "marz": 3, "mai": 5, "juni": 6, "juli": 7,
	"oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
	// French
	"janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
	"juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
	// Spanish
	"enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6, "julio": 7,
	"agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12,
}

// weekdayNames: full names count anywhere; the short forms (abbrev) only
// when a date number follows ("Fri 6 Feb", "Fr., 25. Sept."), since "mon",
// "sun", "mar" and "do" are ordinary words too.
// weekdayName is a weekday and whether its name is an abbreviation.
type weekdayName struct {
	wd     time.Weekday
	abbrev bool
}

var weekdayNames = map[string]weekdayName{
	"monday": {time.Monday, false}, "tuesday": {time.Tuesday, false}, "wednesday": {time.Wednesday, false},
	"thursday": {time.Thursday, false}, "friday": {time.Friday, false}, "saturday": {time.Saturday, false}, "sunday": {time.Sunday, false},
	"mon": {time.Monday, true}, "tue": {time.Tuesday, true}, "tues": {time.Tuesday, true}, "wed": {time.Wednesday, true},
	"thu": {time.Thursday, true}, "thur": {time.Thursday, true}, "thurs": {time.Thursday, true}, "fri": {time.Friday, true},
	"sat": {time.Saturday, true}, "sun": {time.Sunday, true},
	"montag": {time.Monday, false}, "dienstag": {time.Tuesday, false}, "mittwoch": {time.Wednesday, false},
	"donnerstag": {time.Thursday, false}, "freitag": {time.Friday, false}, "samstag": {time.Saturday, false},
	"sonnabend": {time.Saturday, false}, "sonntag": {time.Sunday, false},
	"mo": {time.Monday, true}, "di": {time.Tuesday, true}, "mi": {time.Wednesday, true}, "do": {time.Thursday, true},
	"fr": {time.Friday, true}, "sa": {time.Saturday, true}, "so": {time.Sunday, true},
	"lundi": {time.Monday, false}, "mardi": {time.Tuesday, false}, "mercredi": {time.Wednesday, false},
	"jeudi": {time.Thursday, false}, "vendredi": {time.Friday, false}, "samedi": {time.Saturday, false}, "dimanche": {time.Sunday, false},
	"lun": {time.Monday, true}, "mer": {time.Wednesday, true}, "jeu": {time.Thursday, true},
	"ven": {time.Friday, true}, "sam": {time.Saturday, true}, "dim": {time.Sunday, true},
	"lunes": {time.Monday, false}, "martes": {time.Tuesday, false}, "miercoles": {time.Wednesday, false},
	"jueves": {time.Thursday, false}, "viernes": {time.Friday, false}, "sabado": {time.Saturday, false}, "domingo": {time.Sunday, false},
	"mie": {time.Wednesday, true}, "jue": {time.Thursday, true}, "vie": {time.Friday, true}, "sab": {time.Saturday, true}, "dom": {time.Sunday, true},
}

// dateMention is a date written in the text, with what it says.
type dateMention struct {
	t0, t1  int // token range, inclusive
	y, m, d int // 0 when not written
	wd      time.Weekday
	hasWD   bool
	rel     int // days after the Date header, for relative words
	hasRel  bool
	// ambiguous: a numeric date like 03/12/2026 that can be read both ways.
	ambiguous bool
	swapped   bool // m and d as in the US reading of an ambiguous date
}

// clockMention is a time of day written in the text.
type clockMention struct {
	t0, t1     int // token range, inclusive, including range end and zone
	h, m       int
	hasEnd     bool
	eh, em     int
	loc        *time.Location
	zoneText   string
	date       *dateMention
	explicitAP bool
}

func (d *doc) tok(i int) *token {
	if i < 0 || i >= len(d.toks) {
		return &token{k: tBreak}
	}
	return &d.toks[i]
}

// adjacent reports whether tokens i and i+1 touch (no space between).
func (d *doc) adjacent(i int) bool {
	return i+1 < len(d.toks) && d.toks[i].e == d.toks[i+1].s
}

func (d *doc) isPunct(i int, p string) bool {
	t := d.tok(i)
	return (t.k == tPunct || t.k == tStop) && t.w == p
}

// skipNL returns the first token from i that is not a line break: plain
// text is wrapped anywhere, even inside "11:00\nAM PT".
func (d *doc) skipNL(i int) int {
	for i < len(d.toks) && d.toks[i].k == tNL {
		i++
	}
	return i
}

// prevSkipNL returns the first token before i that is not a line break.
func (d *doc) prevSkipNL(i int) int {
	i--
	for i >= 0 && d.toks[i].k == tNL {
		i--
	}
	return i
}

func (d *doc) isWord(i int, ws ...string) bool {
	t := d.tok(i)
	if t.k != tWord {
		return false
	}
	for _, w := range ws {
		if t.w == w {
			return true
		}
	}
	return false
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// numAt returns the value of a number token.
func (d *doc) numAt(i int) (int, bool) {
	t := d.tok(i)
	if t.k != tNum || len(t.w) > 4 {
		return 0, false
	}
	return atoi(t.w), true
}

// findDates lists the date mentions of the body, merging neighbours:
// "Thursday, 3 December 2026", "tomorrow (Wednesday)", "el martes 3 de
// diciembre" are one mention each.
func (d *doc) findDates(from int, usFirst, english bool) []dateMention {
	var out []dateMention
	add := func(dm dateMention) {
		if n := len(out); n > 0 && d.joinable(out[n-1].t1, dm.t0) {
			p := &out[n-1]
			if dm.m == 0 && dm.d != 0 && p.d == 0 {
				p.d = dm.d
			}
			if dm.y != 0 || dm.m != 0 {
				if p.m == 0 || p.hasRel {
					p.y, p.m, p.d, p.ambiguous, p.swapped = dm.y, dm.m, dm.d, dm.ambiguous, dm.swapped
				} else if p.y == 0 && dm.m == 0 && dm.y != 0 {
					p.y = dm.y
				}
			}
			if dm.hasWD {
				p.wd, p.hasWD = dm.wd, true
			}
			if dm.hasRel && !p.hasRel {
				p.rel, p.hasRel = dm.rel, true
			}
			p.t1 = dm.t1
			return
		}
		out = append(out, dm)
	}
	for i := from; i < len(d.toks); i++ {
		t := &d.toks[i]
		switch t.k {
		case tNum:
			if dm, ok := d.numericDate(i, usFirst, english); ok {
				add(dm)
				i = dm.t1
				continue
			}
			if dm, ok := d.dayMonth(i); ok {
				add(dm)
				i = dm.t1
				continue
			}
		case tWord:
			if m, ok := monthOf(t.w); ok {
				// "November 27", "Nov 27, 2026", "Jun 11 2026"
				j := i + 1
				if d.isPunct(j, ".") {
					j++
				}
				if day, ok := d.numAt(j); ok && day >= 1 && day <= 31 && len(d.tok(j).w) <= 2 && !d.isPunct(j+1, ":") {
					dm := dateMention{t0: i, t1: j, m: m, d: day}
					k := j + 1
					if d.isWord(k, "st", "nd", "rd", "th") {
						k++
						dm.t1 = k - 1
					}
					if d.isPunct(k, ",") {
						k++
					}
					if y, ok := d.numAt(k); ok && len(d.tok(k).w) == 4 && y >= 2000 {
						dm.y, dm.t1 = y, k
					}
					add(dm)
					i = dm.t1
					continue
				}
			}
			if w, ok := weekdayOf(t.w); ok {
				j := i + 1
				if d.isPunct(j, ".") {
					j++
				}
				if d.isPunct(j, ",") {
					j++
				}
				// Abbreviations are written capitalised: "Do 10." is a
				// Thursday, "can do 10/19" is not.
				if w.abbrev && !d.capitalized(t) {
					continue
				}
				if w.abbrev {
					if _, ok := d.numAt(j); !ok {
						if _, ok := monthNames[d.tok(j).w]; !ok {
							continue
						}
					}
				}
				dm := dateMention{t0: i, t1: i, wd: w.wd, hasWD: true}
				// "Thursday 12", "jeudi 12", "lunes 16": a day of the month
				// with no month (not "Thursday 12:00", not "Monday 10am").
				if day, ok := d.numAt(j); ok && day >= 1 && day <= 31 && len(d.tok(j).w) <= 2 && !d.isPunct(j+1, ":") && !d.isWord(j+1, "am", "pm", "h", "uhr") && !(d.isWord(j+1, "a", "p") && d.isPunct(j+2, ".")) {
					// "viernes 21 de agosto" and "Freitag, 21. August" name
					// the month after all.
					k := d.skipOrdinal(j) + 1
					if d.isPunct(k, ".") || d.isWord(k, "de") {
						k++
					}
					if _, isMonth := monthNames[d.tok(k).w]; !isMonth && !(d.isPunct(j+1, ".") && d.tok(j+2).k == tNum) {
						dm.d, dm.t1 = day, d.skipOrdinal(j)
					}
				}
				add(dm)
				i = dm.t1
				continue
			}
			// "the 12th", "the 12th of March"
			if t.w == "the" {
				if day, ok := d.numAt(i + 1); ok && day >= 1 && day <= 31 && d.isWord(i+2, "st", "nd", "rd", "th") {
					dm := dateMention{t0: i, t1: i + 2, d: day}
					if d.isWord(i+3, "of") {
						if m, ok := monthNames[d.tok(i+4).w]; ok {
							dm.m, dm.t1 = m, i+4
						}
					}
					add(dm)
					i = dm.t1
					continue
				}
			}
			if rel, n, ok := d.relativeDay(i); ok {
				add(dateMention{t0: i, t1: i + n - 1, rel: rel, hasRel: true})
				i += n - 1
			}
		}
	}
	return out
}

// joinable reports whether the tokens between a and b (exclusive) are only
// the filler that sits inside a written date.
func (d *doc) joinable(a, b int) bool {
	if b <= a || b-a > 4 {
		return false
	}
	for i := a + 1; i < b; i++ {
		t := &d.toks[i]
		switch t.k {
		case tPunct:
			if t.w != "," && t.w != "(" && t.w != ")" && t.w != "." {
				return false
			}
		case tWord:
			switch t.w {
			case "den", "le", "el", "the", "am", "on", "de":
			default:
				return false
			}
		default:
			return false
		}
	}
	return true
}

// skipOrdinal returns the last token of a day number: "12", "12th", "1er", "12.".
func (d *doc) skipOrdinal(j int) int {
	if d.isWord(j+1, "st", "nd", "rd", "th", "er", "o") && d.adjacent(j) {
		return j + 1
	}
	return j
}

// relativeDay reads "today", "tomorrow", "the day after tomorrow" and their
// German, French and Spanish forms; n is the number of tokens used.
func (d *doc) relativeDay(i int) (rel, n int, ok bool) {
	t := d.tok(i)
	switch t.w {
	case "today", "heute", "hoy":
		return 0, 1, true
	case "tomorrow", "demain":
		return 1, 1, true
	case "ubermorgen":
		return 2, 1, true
	case "aujourd":
		if d.isPunct(i+1, "'") && d.isWord(i+2, "hui") {
			return 0, 3, true
		}
	case "apres":
		if d.isPunct(i+1, "-") && d.isWord(i+2, "demain") {
			return 2, 3, true
		}
		if d.isWord(i+1, "demain") {
			return 2, 2, true
		}
	case "day":
		if d.isWord(i+1, "after") && d.isWord(i+2, "tomorrow") {
			return 2, 3, true
		}
	case "pasado":
		if d.isWord(i+1, "manana") {
			return 2, 2, true
		}
	case "morgen":
		// Lower-case "morgen" is tomorrow; "Morgen" after "am", "guten",
		// "heute" is the morning.
		if d.src[t.s] == 'M' && i > 0 && (d.isWord(i-1, "am", "guten", "heute", "jeden", "den")) {
			return 0, 0, false
		}
		if d.isWord(i-1, "heute", "am", "guten", "jeden") {
			return 0, 0, false
		}
		return 1, 1, true
	case "manana":
		// "mañana" is tomorrow, but "de la mañana", "por la mañana", "esta
		// mañana" are the morning.
		if d.isWord(i-1, "la", "esta", "pasado", "cada") {
			return 0, 0, false
		}
		return 1, 1, true
	}
	return 0, 0, false
}

// numericDate reads 2026-12-03, 03/12/2026, 03.12.2026 and 03.12.
func (d *doc) numericDate(i int, usFirst, english bool) (dateMention, bool) {
	a, _ := d.numAt(i)
	la := len(d.tok(i).w)
	sep := d.tok(i + 1)
	if sep.k != tPunct || !d.adjacent(i) || !d.adjacent(i+1) {
		return dateMention{}, false
	}
	b, ok := d.numAt(i + 2)
	if !ok {
		return dateMention{}, false
	}
	third := func() (int, int, bool) {
		if d.isPunct(i+3, sep.w) && d.adjacent(i+2) && d.adjacent(i+3) {
			if c, ok := d.numAt(i + 4); ok {
				return c, len(d.tok(i + 4).w), true
			}
		}
		return 0, 0, false
	}
	switch sep.w {
	case "-":
		c, lc, ok := third()
		if la == 4 && ok && lc <= 2 && validDate(a, b, c) {
			return dateMention{t0: i, t1: i + 4, y: a, m: b, d: c}, true
		}
	case "/":
		c, lc, ok := third()
		if !ok || (lc != 4 && lc != 2) || la > 2 {
			return dateMention{}, false
		}
		if lc == 2 {
			c += 2000
		}
		dm := dateMention{t0: i, t1: i + 4, y: c}
		switch {
		case a > 12 && validDate(c, b, a):
			dm.m, dm.d = b, a
		case b > 12 && validDate(c, a, b):
			dm.m, dm.d = a, b
		case usFirst && validDate(c, a, b):
			dm.m, dm.d, dm.ambiguous, dm.swapped = a, b, a != b, true
		case validDate(c, b, a):
			// Day first; only English mail may mean the US reading too
			// (German, French and Spanish write 12/06 for the 12th of June).
			dm.m, dm.d, dm.ambiguous = b, a, a != b && english
		default:
			return dateMention{}, false
		}
		return dm, true
	case ".":
		if la > 2 || len(d.tok(i+2).w) > 2 || a < 1 || a > 31 || b < 1 || b > 12 {
			return dateMention{}, false
		}
		// 14.00 Uhr is a time, not the 14th of month 0.
		if c, lc, ok := third(); ok && (lc == 4 || lc == 2) {
			if lc == 2 {
				c += 2000
			}
			if validDate(c, b, a) {
				return dateMention{t0: i, t1: i + 4, y: c, m: b, d: a}, true
			}
			return dateMention{}, false
		}
		if d.isPunct(i+3, ".") && d.adjacent(i+2) {
			return dateMention{t0: i, t1: i + 3, m: b, d: a}, true
		}
	}
	return dateMention{}, false
}

// dayMonth reads "3 Dec", "3. Dezember", "3 de diciembre", "1er juin",
// "27th November 2026".
func (d *doc) dayMonth(i int) (dateMention, bool) {
	day, _ := d.numAt(i)
	if day < 1 || day > 31 || len(d.tok(i).w) > 2 {
		return dateMention{}, false
	}
	j := i + 1
	if d.isPunct(j, ".") || d.isWord(j, "st", "nd", "rd", "th", "er", "o") {
		j++
	}
	if d.isWord(j, "de", "of") {
		j++
	}
	m, ok := monthNames[d.tok(j).w]
	if !ok || d.tok(j).k != tWord {
		return dateMention{}, false
	}
	dm := dateMention{t0: i, t1: j, m: m, d: day}
	k := j + 1
	if d.isPunct(k, ".") {
		k++
	}
	if d.isWord(k, "de", "del") || d.isPunct(k, ",") {
		k++
	}
	if y, ok := d.numAt(k); ok && len(d.tok(k).w) == 4 && y >= 2000 {
		dm.y, dm.t1 = y, k
	}
	return dm, true
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

// resolve turns a date mention into a calendar day, using ref (the Date
// header) for what it does not say.
func (dm *dateMention) resolve(ref time.Time) (y int, m time.Month, day int, ok bool) {
	if ref.IsZero() || ref.Year() < 1970 || ref.Year() > 2200 {
		// Without a usable Date header only a full date means a day.
		if dm.y != 0 && dm.m != 0 && !dm.hasRel {
			return dm.y, time.Month(dm.m), dm.d, validDate(dm.y, dm.m, dm.d)
		}
		return 0, 0, 0, false
	}
	if dm.hasRel && dm.m == 0 {
		t := ref.AddDate(0, 0, dm.rel)
		return t.Year(), t.Month(), t.Day(), true
	}
	if dm.m != 0 {
		if dm.y != 0 {
			if dm.ambiguous && validDate(dm.y, dm.d, dm.m) {
				// 03/12/2026: the reading that lies ahead of the Date
				// header, nearest first; the language's order on a tie.
				today := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC)
				a := time.Date(dm.y, time.Month(dm.m), dm.d, 0, 0, 0, 0, time.UTC)
				b := time.Date(dm.y, time.Month(dm.d), dm.m, 0, 0, 0, 0, time.UTC)
				aOK, bOK := !a.Before(today), !b.Before(today)
				if bOK && (!aOK || b.Before(a) && b.Sub(today) < 60*24*time.Hour && a.Sub(today) > 60*24*time.Hour) {
					return b.Year(), b.Month(), b.Day(), true
				}
			}
			return dm.y, time.Month(dm.m), dm.d, validDate(dm.y, dm.m, dm.d)
		}
		// No year: the first matching day from a week before the Date
		// header on; a written weekday picks among candidate years.
		base := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -7)
		best := time.Time{}
		for _, yy := range []int{ref.Year() - 1, ref.Year(), ref.Year() + 1} {
			if !validDate(yy, dm.m, dm.d) {
				continue
			}
			c := time.Date(yy, time.Month(dm.m), dm.d, 0, 0, 0, 0, time.UTC)
			if c.Before(base) {
				continue
			}
			if dm.hasWD && c.Weekday() != dm.wd {
				continue
			}
			if best.IsZero() || c.Before(best) {
				best = c
			}
		}
		if best.IsZero() {
			return 0, 0, 0, false
		}
		return best.Year(), best.Month(), best.Day(), true
	}
	if dm.d != 0 {
		// A day of the month alone ("the 12th", "Thursday 12"): the next
		// such day from the Date header on, on the weekday if one is named.
		t := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC)
		today := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC)
		for n := 0; n < 14; n++ {
			c := t.AddDate(0, n, dm.d-1)
			if c.Day() != dm.d || c.Before(today) || dm.hasWD && c.Weekday() != dm.wd {
				continue
			}
			return c.Year(), c.Month(), c.Day(), true
		}
		return 0, 0, 0, false
	}
	if dm.hasWD {
		// The next such weekday after the Date header.
		t := ref
		for n := 1; n <= 7; n++ {
			t = ref.AddDate(0, 0, n)
			if t.Weekday() == dm.wd {
				break
			}
		}
		return t.Year(), t.Month(), t.Day(), true
	}
	return 0, 0, 0, false
}

// findClocks lists the times of day from token from on.
func (d *doc) findClocks(from int, english bool, dates []dateMention) []clockMention {
	inDate := func(i int) bool {
		for k := range dates {
			if i >= dates[k].t0 && i <= dates[k].t1 {
				return true
			}
		}
		return false
	}
	var out []clockMention
	for i := from; i < len(d.toks); i++ {
		if d.toks[i].k != tNum || inDate(i) {
			continue
		}
		c, ok := d.clockAt(i, english)
		if !ok {
			continue
		}
		// "4–5 p.m.", "09.00 - 10.00 Uhr", "de 11.15 a 11.45 h": a start
		// that is not a clock on its own (a bare or dotted hour) before a
		// range word begins the range, in the end's half of the day.
		if s0, sh, sm, ok := d.rangeStartBefore(i); ok && !inDate(s0) {
			if c.explicitAP && c.h >= 12 && sh < 12 && sh+12 <= c.h {
				sh += 12
			}
			if sh < c.h || sh == c.h && sm < c.m {
				c.hasEnd, c.eh, c.em = true, c.h, c.m
				c.h, c.m, c.t0 = sh, sm, s0
			}
		}
		// A range: "10:30–11:30", "von 10 bis 11 Uhr", "de 10h à 10h30".
		j := d.skipNL(c.t1 + 1)
		before := c.t0 - 1
		if d.isWord(before, "las", "les", "den", "the") {
			before-- // "entre las 09:00 y las 13:00"
		}
		if d.isPunct(j, "-") || d.isWord(j, "to", "until", "till", "bis", "a", "au", "hasta") || d.isWord(j, "und", "and", "et", "y") && d.isWord(before, "zwischen", "between", "entre") {
			e0 := j + 1
			if d.isWord(e0, "las", "les", "den", "the") {
				e0++
			}
			if e, ok := d.clockAt(e0, english); ok {
				c.hasEnd, c.eh, c.em = true, e.h, e.m
				if e.explicitAP && !c.explicitAP {
					// "3:00–6:00 PM": the end's meridiem applies to the start.
					if e.eh >= 12 || e.h >= 12 {
						if c.h < 12 && c.h+12 <= e.h {
							c.h += 12
						}
					}
				}
				if !e.explicitAP && c.explicitAP && c.h >= 12 && c.eh < 12 && c.eh+12 > c.h {
					c.eh += 12
				}
				c.t1 = e.t1
			}
		}
		c.t1 = d.zoneAfter(&c, d.skipNL(c.t1+1))
		// "16:30 ET / 22:30 CEST": the second zone repeats the first time.
		if d.isPunct(c.t1+1, "/") {
			if alias, ok := d.clockAt(c.t1+2, english); ok {
				c.t1 = d.zoneAfter(&alias, alias.t1+1)
			}
		}
		// "10am Eastern (4pm for you in Berlin)", "14h (soit 8h à New
		// York)": a clock in brackets right after a time converts it.
		if end, ok := d.conversionAfter(c.t1+1, english); ok {
			c.t1 = end
		}
		out = append(out, c)
		i = c.t1
	}
	return out
}

// rangeStartBefore reads the start of a range that ends with the clock at
// token i: "4–", "09.00 -", "11.15 a", "9 to". It returns the first token
// of the start, its hour and minute.
func (d *doc) rangeStartBefore(i int) (int, int, int, bool) {
	j := i - 1
	if !d.isPunct(j, "-") && !d.isWord(j, "to", "bis", "a", "au", "hasta") {
		return 0, 0, 0, false
	}
	k := j - 1
	m, ok := d.numAt(k)
	if !ok || len(d.tok(k).w) > 2 {
		return 0, 0, 0, false
	}
	// "09.00", "11:15", "10h30": hour, separator, minutes.
	if h, ok := d.numAt(k - 2); ok && len(d.tok(k-2).w) <= 2 && len(d.tok(k).w) == 2 && (d.isPunct(k-1, ".") || d.isPunct(k-1, ":") || d.isWord(k-1, "h")) {
		if h <= 23 && m <= 59 {
			return k - 2, h, m, true
		}
		return 0, 0, 0, false
	}
	if m > 23 {
		return 0, 0, 0, false
	}
	return k, m, 0, true
}

// conversionAfter reports a bracket at token i holding, within its first
// few words, a clock and no date of its own; it returns the closing
// bracket.
func (d *doc) conversionAfter(i int, english bool) (int, bool) {
	if !d.isPunct(i, "(") {
		return 0, false
	}
	clock := false
	for j := i + 1; j < len(d.toks) && j < i+14; j++ {
		t := &d.toks[j]
		switch {
		case t.k == tBreak || t.k == tStop:
			return 0, false
		case t.k == tPunct && t.w == ")":
			return j, clock
		case t.k == tWord && isDateWord(t.w):
			return 0, false
		case !clock && t.k == tNum && j < i+5:
			if _, ok := d.clockAt(j, english); ok {
				clock = true
			}
		}
	}
	return 0, false
}

// clockAt reads one time of day starting at token i.
func (d *doc) clockAt(i int, english bool) (clockMention, bool) {
	h, ok := d.numAt(i)
	if !ok || h > 24 || len(d.tok(i).w) > 2 {
		return clockMention{}, false
	}
	// "Durée : 1 h 30", "takes about 1 h" are lengths, not times of day.
	p := i - 1
	if d.isPunct(p, ":") {
		p--
	}
	if d.isWord(p, "duree", "dauer", "duracion", "duration", "length", "takes", "lasts", "dure", "durera", "dura", "durara", "environ", "etwa", "unos", "approximately", "prevoyez", "planen") && !d.isWord(d.skipNL(i+1), "am", "pm") {
		return clockMention{}, false
	}
	c := clockMention{t0: i, t1: i, h: h}
	strong := false
	j := i + 1
	switch {
	case d.isPunct(j, ":") && d.adjacent(i) && d.adjacent(j):
		if m, ok := d.numAt(j + 1); ok && len(d.tok(j+1).w) == 2 && m < 60 {
			c.m, c.t1, strong = m, j+1, true
			j += 2
		} else {
			return c, false
		}
	case d.isPunct(j, ".") && d.adjacent(i) && d.adjacent(j):
		// 14.00 Uhr, 9.30 h, 3.30pm
		if m, ok := d.numAt(j + 1); ok && len(d.tok(j+1).w) == 2 && m < 60 && (d.isWord(j+2, "uhr", "h", "am", "pm") || d.timePrep(i-1)) {
			c.m, c.t1, strong = m, j+1, true
			j += 2
		} else {
			return c, false
		}
	case d.isWord(j, "h") && d.tok(j).s-d.tok(i).e <= 1:
		// 14h30, 10h, 10 h 30
		c.t1, strong = j, true
		if m, ok := d.numAt(j + 1); ok && len(d.tok(j+1).w) == 2 && m < 60 && d.tok(j+1).s-d.tok(j).e <= 1 {
			c.m, c.t1 = m, j+1
		}
		j = c.t1 + 1
	}
	// Meridiem and markers, also on the next line.
	if d.tok(j).k == tNL {
		if n := d.skipNL(j); d.isWord(n, "am", "pm", "uhr", "h") || d.isWord(n, "a", "p") && d.isPunct(n+1, ".") {
			j = n
		}
	}
	switch {
	case d.isWord(j, "am", "pm"):
		c.explicitAP, strong = true, true
		if d.tok(j).w == "pm" && c.h < 12 {
			c.h += 12
		} else if d.tok(j).w == "am" && c.h == 12 {
			c.h = 0
		}
		c.t1 = j
		j++
	case d.isWord(j, "a", "p") && d.isPunct(j+1, ".") && d.isWord(j+2, "m") && d.adjacent(j) && d.adjacent(j+1):
		c.explicitAP, strong = true, true
		if d.tok(j).w == "p" && c.h < 12 {
			c.h += 12
		} else if d.tok(j).w == "a" && c.h == 12 {
			c.h = 0
		}
		c.t1 = j + 2
		if d.isPunct(j+3, ".") && d.adjacent(j+2) {
			c.t1 = j + 3
		}
		j = c.t1 + 1
	case d.isWord(j, "uhr", "h", "hrs", "horas", "heures", "heure"):
		strong = true
		c.t1 = j
		j++
	}
	if !strong && d.isWord(i-1, "von", "zwischen", "from", "between", "entre", "de") && c.h > 0 {
		// The start of a range written once: "zwischen 10 und 11 Uhr",
		// "from 1 to 4pm", "de 10 a 11 h".
		k := d.skipNL(j)
		if d.isPunct(k, "-") || d.isWord(k, "bis", "und", "to", "and", "a", "et", "y", "until") {
			if e, ok := d.clockAt(k+1, false); ok && e.h > 0 {
				strong = true
			}
		}
	}
	if !strong {
		// A bare hour: "at 10", "um 14", "a las 4", "à 15".
		if !d.timePrep(i-1) || c.h == 0 {
			return c, false
		}
		if t := d.tok(j); t.k == tWord {
			switch t.w {
			case "minutes", "minute", "min", "minuten", "minutos", "hours", "hour", "stunden", "percent", "prozent":
				return c, false
			}
		}
		if _, ok := monthNames[d.tok(j).w]; ok {
			return c, false
		}
	}
	// Day periods: "de la tarde", "du soir", "in the afternoon", "nachmittags".
	switch {
	case d.isWord(j, "de", "du", "in") && d.isWord(j+1, "la", "l", "the") && d.isWord(j+2, "tarde", "noche", "afternoon", "evening", "apres"):
		if c.h < 12 {
			c.h += 12
		}
		c.explicitAP = true
		c.t1 = j + 2
	case d.isWord(j, "du", "de") && d.isWord(j+1, "soir", "apres"):
		if c.h < 12 {
			c.h += 12
		}
		c.explicitAP = true
		c.t1 = j + 1
	case d.isWord(j, "nachmittags", "abends"):
		if c.h < 12 {
			c.h += 12
		}
		c.explicitAP = true
		c.t1 = j
	case d.isWord(j, "de", "du", "in") && d.isWord(j+1, "la", "matin", "the") && (d.isWord(j+1, "matin") || d.isWord(j+2, "manana", "morning", "madrugada")):
		c.explicitAP = true
		c.t1 = j + 1
		if !d.isWord(j+1, "matin") {
			c.t1 = j + 2
		}
	case d.isWord(j, "vormittags", "morgens", "fruh"):
		c.explicitAP = true
		c.t1 = j
	}
	if c.h > 23 || c.h == 24 && c.m > 0 {
		return c, false
	}
	// English writes "at 3" for 3 pm: interviews are not held before 8.
	// "02:00", with its leading zero, is a 24-hour time and means 2 am.
	leadingZero := d.src[d.toks[i].s] == '0' && d.toks[i].e-d.toks[i].s == 2
	if english && !c.explicitAP && c.h >= 1 && c.h <= 7 && !leadingZero {
		c.h += 12
	}
	return c, true
}

// timePrep reports a preposition that introduces a time of day.
func (d *doc) timePrep(i int) bool {
	switch d.tok(i).w {
	case "at", "um", "ab", "around", "las", "la", "vers", "gegen", "a":
		// "a" alone is Spanish/French "at" only before "las" or a number
		// after a date; "a las" is the common case.
		if d.tok(i).w == "a" {
			return d.tok(i).k == tWord && d.src[d.tok(i).s] != 'A' && i > 0 && (d.tok(i-1).k == tNum || d.tok(i-1).k == tWord)
		}
		return d.tok(i).k == tWord
	}
	return false
}

// zoneAfter reads a zone written after a time, from token j, and returns
// the last token used (or j-1 if none).
func (d *doc) zoneAfter(c *clockMention, j int) int {
	last := j - 1
	k := j
	paren := false
	if d.isPunct(k, "(") {
		k++
		paren = true
	}
	t := d.tok(k)
	if t.k == tWord {
		// Abbreviations must be written in capitals.
		if loc, ok := zoneAbbrevs[t.w]; ok && isUpper(d.src[t.s:t.e]) {
			c.loc, c.zoneText = loc, d.src[t.s:t.e]
			last = k
			// UTC+1, GMT-05:00
			if (t.w == "utc" || t.w == "gmt") && (d.isPunct(k+1, "+") || d.isPunct(k+1, "-")) {
				if h, ok := d.numAt(k + 2); ok {
					m := 0
					end := k + 2
					if len(d.tok(k+2).w) == 4 {
						h, m = h/100, h%100
					} else if d.isPunct(k+3, ":") {
						if mm, ok := d.numAt(k + 4); ok {
							m, end = mm, k+4
						}
					}
					off := (h*60 + m) * 60
					if d.tok(k+1).w == "-" {
						off = -off
					}
					if h <= 14 {
						c.loc = time.FixedZone(d.src[t.s:d.tok(end).e], off)
						c.zoneText = d.src[t.s:d.tok(end).e]
						last = end
					}
				}
			}
		} else {
			for _, zp := range zonePhrases {
				if d.wordsAt(k, zp.words) {
					c.loc = zp.loc
					end := k + len(zp.words) - 1
					c.zoneText = d.src[t.s:d.tok(end).e]
					last = end
					break
				}
			}
			if c.loc == nil {
				if loc, end, ok := d.cityZoneAt(k); ok {
					c.loc, c.zoneText, last = loc, d.src[t.s:d.tok(end).e], end
				}
			}
		}
	}
	if paren && last >= k {
		// Consume up to the closing parenthesis ("(Central European Time - Berlin)").
		for n := last + 1; n < last+5 && n < len(d.toks); n++ {
			if d.isPunct(n, ")") {
				return n
			}
			if d.toks[n].k == tNL || d.toks[n].k == tBreak {
				break
			}
		}
	}
	return last
}

// wordsAt reports whether the words ws follow from token k, skipping
// hyphens and apostrophes between them ("you'll meet", "heure-de-Paris").
func (d *doc) wordsAt(k int, ws []string) bool {
	_, ok := d.wordsEnd(k, ws)
	return ok
}

// wordsEnd is wordsAt that also returns the token after the match.
func (d *doc) wordsEnd(k int, ws []string) (int, bool) {
	for n, w := range ws {
		if n > 0 {
			for d.tok(k).k == tNL || d.tok(k).k == tPunct && (d.tok(k).w == "-" || d.tok(k).w == "'") {
				k++
			}
		}
		if !d.isWord(k, w) {
			return 0, false
		}
		k++
	}
	return k, true
}

func isUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return false
		}
	}
	return true
}

// bindDates gives each clock the date written just before it ("Tuesday 3
// Dec at 3pm"), or failing that just after it ("at 3pm on Tuesday").
func (d *doc) bindDates(clocks []clockMention, dates []dateMention) {
	for ci := range clocks {
		c := &clocks[ci]
		for k := len(dates) - 1; k >= 0; k-- {
			dm := &dates[k]
			if dm.t1 >= c.t0 {
				continue
			}
			if d.nearby(dm.t1, c.t0, 7) {
				c.date = dm
			}
			break
		}
		if c.date != nil {
			continue
		}
		for k := range dates {
			dm := &dates[k]
			if dm.t0 <= c.t1 {
				continue
			}
			if d.nearby(c.t1, dm.t0, 3) {
				c.date = dm
			}
			break
		}
	}
	// A clock with no date of its own after a range or list on the same
	// line ("13/05/2026, de 16:00 a 16:30") is handled by the range; a
	// second time after "and"/"or" shares the previous clock's date.
	for ci := 1; ci < len(clocks); ci++ {
		c, p := &clocks[ci], &clocks[ci-1]
		if c.date == nil && p.date != nil && d.nearby(p.t1, c.t0, 3) {
			c.date = p.date
		}
	}
}

// nearby reports whether at most n tokens lie between a and b, none of them
// a paragraph end.
func (d *doc) nearby(a, b, n int) bool {
	if b-a-1 > n {
		return false
	}
	for i := a + 1; i < b; i++ {
		if d.toks[i].k == tBreak {
			return false
		}
		if d.toks[i].k == tNum {
			return false
		}
	}
	return true
}

// timeHit is a resolved time in the body.
type timeHit struct {
	t      time.Time
	end    time.Time // zero unless a range was written
	span   string
	zone   bool // a zone was written
	old    bool // the time being replaced or cancelled
	past   bool // before the Date header
	clock  *clockMention
	source string
}

// findTimes resolves the body's clock times against their dates.
func (a *analysis) findTimes() {
	d := a.d
	from := 0
	for from < len(d.toks) && int(d.toks[from].s) < d.bodyOff {
		from++
	}
	usFirst := a.lang == "en" && !a.ref.IsZero() && offsetOf(a.ref) < -2*3600
	a.dates = d.findDates(from, usFirst, a.lang == "en" || a.lang == "")
	a.clocks = d.findClocks(from, a.lang == "en", a.dates)
	d.bindDates(a.clocks, a.dates)
	ref := a.ref
	loc := senderZone(ref, a.lang)
	for ci := range a.clocks {
		c := &a.clocks[ci]
		if c.date == nil {
			continue
		}
		y, mo, day, ok := c.date.resolve(ref)
		if !ok {
			continue
		}
		l := loc
		if c.loc != nil {
			l = c.loc
		}
		h, mi := c.h, c.m
		dayShift := 0
		if h == 24 {
			h, dayShift = 0, 1
		}
		t := time.Date(y, mo, day+dayShift, h, mi, 0, 0, l)
		th := timeHit{t: t, zone: c.loc != nil, clock: c, source: "body"}
		if c.hasEnd {
			e := time.Date(y, mo, day, c.eh, c.em, 0, 0, l)
			if e.Before(t) {
				e = e.AddDate(0, 0, 1)
			}
			if e.Sub(t) <= 12*time.Hour {
				th.end = e
			}
		}
		s0 := min(int(d.toks[c.date.t0].s), int(d.toks[c.t0].s))
		s1 := max(int(d.toks[c.date.t1].e), int(d.toks[c.t1].e))
		th.span = cleanLine(d.src[s0:s1])
		th.old = a.oldTime(min(c.date.t0, c.t0))
		if !ref.IsZero() && t.Before(ref.Add(-12*time.Hour)) {
			th.past = true
		}
		a.times = append(a.times, th)
	}
	future, old, past := 0, 0, 0
	for _, th := range a.times {
		switch {
		case th.past:
			past++
		case th.old:
			old++
		default:
			future++
		}
	}
	if future > 0 {
		first := a.times[0]
		for _, th := range a.times {
			if !th.past && !th.old {
				first = th
				break
			}
		}
		// A time only suggests an interview in mail about a job.
		if a.isJob {
			a.fs.add("x:time", fmt.Sprintf("a date and time is proposed: %q", first.span))
			if future > 1 {
				a.fs.add("x:times", fmt.Sprintf("%d dates and times are offered", future))
			}
		} else {
			a.fs.add("x:time-nojob", fmt.Sprintf("a date and time, in mail not about a job: %q", first.span))
		}
	}
	if future > 0 {
		weekend := true
		for _, th := range a.times {
			if !th.past && !th.old {
				wd := th.t.Weekday()
				weekend = weekend && (wd == time.Saturday || wd == time.Sunday)
			}
		}
		// Interviews are held on working days; parties and brunches are not.
		if weekend {
			a.fs.add("x:weekend", "every proposed time is on a weekend")
		}
	}
	if past > 0 && future == 0 {
		a.fs.add("x:time-past", "the only dates mentioned are in the past")
	}
	if old > 0 {
		a.fs.add("x:time-replaced", "a time is being replaced")
	}
}

// senderZone is the zone a time without a written zone is in: the Date
// header's. The header only carries an offset, so the first common zone
// with that offset at that moment stands in for it; that way an interview
// after a daylight-saving change gets the offset it will really have.
func senderZone(ref time.Time, lang string) *time.Location {
	if ref.IsZero() {
		return time.UTC
	}
	off := offsetOf(ref)
	first := map[string]*time.Location{"de": zBerlin, "fr": zParis, "es": zMadrid}[lang]
	for _, z := range []*time.Location{first, zLondon, zBerlin, zNewYork, zChicago, zDenver, zLosAngeles, zHelsinki, zKolkata, zSingapore, zTokyo, zSydney, zSaoPaulo} {
		if z == nil {
			continue
		}
		if offsetOf(ref.In(z)) == off {
			return z
		}
	}
	return ref.Location()
}

func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}

// oldCues mark the sentence about a time being replaced: "can no longer
// make your interview on ...", "Previous time:", "ist am ... verhindert".
var oldCues = map[string]bool{
	"previous": true, "previously": true, "originally": true, "original": true, "longer": true, "conflict": true,
	"bisherige": true, "bisheriger": true, "ursprunglich": true, "ursprunglichen": true, "verhindert": true, "alter": true, "alte": true, "wahrnehmen": true,
	"empechement": true, "initialement": true, "ancien": true, "ancienne": true,
	"imprevisto": true, "podra": true, "inicialmente": true, "anterior": true,
}

// oldCuesInReschedule mark the old time only in mail that moves an
// interview: elsewhere "booked" or "geplant" introduce the time itself.
var oldCuesInReschedule = map[string]bool{
	"booked": true, "planned": true, "off": true, "able": true, "unable": true, "cancel": true, "cancelled": true, "canceled": true, "push": true, "released": true, "freed": true,
	"freigegeben": true, "libere": true, "liberado": true, "liberada": true,
	"maintenir": true, "mantener": true, "annule": true, "annulee": true,
	"geplant": true, "geplanten": true, "vereinbart": true, "vereinbarten": true, "absagen": true,
	"prevu": true, "prevue": true, "annuler": true,
	"prevista": true, "previsto": true, "teniamos": true, "cancelar": true,
}

// cancelWords, after a time in mail that moves an interview, cancel it.
var cancelWords = map[string]bool{
	"cancel": true, "cancelled": true, "canceled": true, "absagen": true, "abgesagt": true, "entfallen": true, "entfallt": true,
	"annuler": true, "annule": true, "annulee": true, "maintenu": true, "storniert": true, "gestrichen": true, "halten": true, "anulo": true, "anulada": true, "anulado": true, "anular": true, "maintenir": true, "cancelar": true, "cancelada": true, "cancelado": true, "mantener": true,
}

// fromWords start the old time of a move: "from Tue 6 Oct at 2pm to ...".
var fromWords = map[string]bool{"from": true, "von": true, "du": true, "del": true}

// movedWords say a time was moved, in a sentence.
var movedWords = []string{"moved", "changed", "verschoben", "verlegt", "geandert", "deplace", "decale", "modifie", "movido", "cambiado", "pasado"}

// newWords introduce the new time: a cue before them is about another time.
var newWords = map[string]bool{
	"instead": true, "propose": true, "offer": true, "suggest": true, "would": true, "could": true, "how": true, "new": true, "now": true,
	"stattdessen": true, "ersatzweise": true, "ersatz": true, "vorschlagen": true, "anbieten": true, "neuer": true, "neuen": true, "neu": true,
	"place": true, "proposer": true, "nouveau": true, "nouvelle": true,
	"cambio": true, "propongo": true, "proponemos": true, "nueva": true, "nuevo": true,
}

// toWords lead to the new time right before it: "move it to Friday",
// "auf Freitag", "au vendredi", "al viernes". Further back they are just
// words ("won't be able to run your interview on Thursday").
var toWords = map[string]bool{"to": true, "auf": true, "au": true, "al": true, "para": true}

// oldTime reports whether token i sits in a sentence about a time being
// replaced.
func (a *analysis) oldTime(i int) bool {
	d := a.d
	// Back to the start of the sentence (or line, for "Previous time:").
	s := i
	for s > 0 {
		t := &d.toks[s-1]
		if t.k == tBreak || t.k == tStop || t.k == tNL && s < i && d.lineStartsLabel(s) {
			break
		}
		s--
	}
	e := i
	for e < len(d.toks) {
		t := &d.toks[e]
		if t.k == tBreak || t.k == tStop {
			break
		}
		if t.k == tNL && e+1 < len(d.toks) && d.lineStartsLabel(e+1) {
			break
		}
		e++
	}
	if len(a.cues[cueResched]) > 0 || a.hit("reschedule wording") || sentenceHas(d, s, e, movedWords...) || sentenceHasSet(d, s, e, cancelWords) {
		// "from <old> to <new>".
		for k := max(s, i-3); k < i; k++ {
			if d.toks[k].k == tWord && fromWords[d.toks[k].w] {
				return true
			}
		}
		// "unser Gespräch am <old> absagen", "notre entretien du <old> ne
		// pourra pas être maintenu": a cancelling word after the time, in
		// the same clause.
		for k := i + 1; k < e; k++ {
			w := d.toks[k].w
			if d.toks[k].k != tWord {
				continue
			}
			if newWords[w] {
				break
			}
			if cancelWords[w] {
				return true
			}
		}
		// "the slot booked for <old>, and I propose <new> instead": the
		// nearest cue before the time decides.
		for k := i - 1; k >= s; k-- {
			w := d.toks[k].w
			if d.toks[k].k != tWord {
				continue
			}
			if newWords[w] || toWords[w] && k >= i-2 {
				break
			}
			if oldCuesInReschedule[w] || w == "due" && d.isWord(k-1, "was", "were") {
				return true
			}
		}
	}
	for k := s; k < e; k++ {
		t := &d.toks[k]
		if t.k == tWord && oldCues[t.w] {
			// "instead of" is old; "no longer", "can't make".
			return true
		}
		if t.k == tWord && (t.w == "make" || t.w == "assurer") && k > 0 && (d.toks[k-1].w == "t" || d.toks[k-1].w == "longer" || d.toks[k-1].w == "pas") {
			return true
		}
		// "instead of <old>": only a time after the cue is the old one;
		// "Friday 10am instead of Thursday" proposes Friday.
		if t.k == tWord && t.w == "of" && k > 0 && d.toks[k-1].w == "instead" && k < i {
			return true
		}
		if t.k == tWord && (t.w == "anstatt" || t.w == "anstelle") && k < i {
			return true
		}
		// "statt" is "instead of" before a noun, but the particle of
		// "stattfinden" at the end of a clause: "findet morgen um 9 statt".
		if t.k == tWord && t.w == "statt" && k < i && k+1 < len(d.toks) && d.toks[k+1].k == tWord && !sentenceHas(d, s, e, "findet", "finden", "fand", "fanden") {
			return true
		}
		if t.k == tWord && t.w == "lieu" && k > 0 && d.toks[k-1].w == "au" && k < i {
			return true
		}
		if t.k == tWord && (t.w == "lugar" || t.w == "vez") && k > 0 && d.toks[k-1].w == "en" && k < i {
			return true
		}
	}
	return false
}

// lineStartsLabel: the line at token s starts with a label ("New time:").
func (d *doc) lineStartsLabel(s int) bool {
	for k := s; k < s+4 && k < len(d.toks); k++ {
		if d.toks[k].k == tPunct && d.toks[k].w == ":" {
			return true
		}
		if d.toks[k].k != tWord {
			return false
		}
	}
	return false
}

// sentenceHasSet reports whether a word of set occurs in tokens s..e-1.
func sentenceHasSet(d *doc, s, e int, set map[string]bool) bool {
	for k := s; k < e; k++ {
		if d.toks[k].k == tWord && set[d.toks[k].w] {
			return true
		}
	}
	return false
}

// sentenceHas reports whether one of words occurs in tokens s..e-1.
func sentenceHas(d *doc, s, e int, words ...string) bool {
	for k := s; k < e; k++ {
		if d.toks[k].k == tWord && slices.Contains(words, d.toks[k].w) {
			return true
		}
	}
	return false
}

// isDateWord: a month or weekday name.
func isDateWord(w string) bool {
	if _, ok := monthNames[w]; ok {
		return true
	}
	_, ok := weekdayNames[w]
	return ok
}

// dateInitials are the first letters of month and weekday names, and
// dateWordMax the longest: most words are ruled out before a map lookup,
// which was the largest cost of finding dates.
var dateInitials, dateWordMax = func() ([256]bool, int) {
	var in [256]bool
	longest := 0
	for w := range monthNames {
		in[w[0]] = true
		longest = max(longest, len(w))
	}
	for w := range weekdayNames {
		in[w[0]] = true
		longest = max(longest, len(w))
	}
	return in, longest
}()

func maybeDateWord(w string) bool {
	return len(w) >= 2 && len(w) <= dateWordMax && dateInitials[w[0]]
}

func monthOf(w string) (int, bool) {
	if !maybeDateWord(w) {
		return 0, false
	}
	m, ok := monthNames[w]
	return m, ok
}

func weekdayOf(w string) (weekdayName, bool) {
	if !maybeDateWord(w) {
		return weekdayName{}, false
	}
	v, ok := weekdayNames[w]
	return v, ok
}
