package detect

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// Extraction: each field is read from the strongest source available
// (calendar part, headers, fixed patterns of the text), and every value is
// recorded with the text it came from and a confidence, so a user (and
// `sayyes classify --json`) can see why the detector believes it.

func (r *Result) field(name, value, span, source string, conf float64) {
	value = oneLine(value)
	if value == "" {
		return
	}
	r.Fields = append(r.Fields, event.Evidence{
		Field: name, Value: clip(value, maxValueBytes), Span: clip(oneLine(span), maxSpanBytes), Source: source,
		Confidence: math.Round(conf*100) / 100,
	})
}

// Evidence quotes the mail; a crafted 200 KB subject must not make every
// event carrying it that big again.
const (
	maxSpanBytes  = 200
	maxValueBytes = 500 // URLs can be long; names and titles are short
)

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// oneLine makes text from the mail safe for a single-line field
// (mailmsg.CleanHeader), skipping the work when it already is.
func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return mailmsg.CleanHeader(s)
		}
	}
	return s
}

// minExtractScore: below this score a message is plainly not an invitation
// and only the times and links are extracted (a message in a known
// invitation thread may still update it with them); the rest of the
// extraction is half the detector's work and would only describe mail
// nobody will see in a digest.
const minExtractScore = 0.15

func (r *Result) extract(a *analysis) {
	r.Calendar = a.ics
	r.times(a)
	r.linksOut(a)
	if r.Score < minExtractScore {
		return
	}
	people := icsPeople(a.ics)
	r.company(a)
	r.role(a)
	r.contact(a, people)
	r.stageAndFormat(a)
	// A street address in the new text, in mail that names no phone or
	// video format, is where the interview takes place; it is preferred
	// over a cue's guess ("our office in Valencia on 24/11").
	if r.Format != "video" && r.Format != "phone" {
		r.plainAddress(a)
		if r.Location != "" && r.Format == "" {
			r.Format = "onsite"
			r.field("format", "onsite", "a street address is given: "+r.Location, "body", 0.6)
		}
	}
	r.location(a)
	r.interviewers(a, people)
	r.defaultStage(a)
	r.respondBy(a)
	r.duration(a)
	sort.SliceStable(r.Fields, func(i, j int) bool { return fieldOrder[r.Fields[i].Field] < fieldOrder[r.Fields[j].Field] })
}

var fieldOrder = map[string]int{
	"company": 0, "role": 1, "recruiter": 2, "reply_to": 3, "stage": 4, "format": 5, "proposed_time": 6,
	"duration": 7, "meeting_url": 8, "scheduling_url": 9, "location": 10, "interviewer": 11, "respond_by": 12,
}

// times fills ProposedTimes: the calendar's start when there is one (the
// text around it usually repeats it in prose), else the times the text
// proposes, without the ones being replaced and those already past.
func (r *Result) times(a *analysis) {
	seen := map[int64]bool{}
	for _, ev := range a.events {
		if ev.Method != "REQUEST" || ev.Start.IsZero() || !sane(ev.Start) {
			continue
		}
		if seen[ev.Start.Unix()] {
			continue
		}
		seen[ev.Start.Unix()] = true
		r.ProposedTimes = append(r.ProposedTimes, ev.Start)
		r.field("proposed_time", ev.Start.Format(time.RFC3339), "DTSTART of the calendar invitation", "calendar", 0.98)
		if !ev.End.IsZero() && r.Duration == 0 && ev.End.After(ev.Start) && ev.End.Sub(ev.Start) <= 12*time.Hour {
			r.Duration = ev.End.Sub(ev.Start)
			r.field("duration", fmtDuration(r.Duration), "DTSTART to DTEND of the calendar invitation", "calendar", 0.95)
		}
		if r.Location == "" && ev.Location != "" && !strings.Contains(ev.Location, "://") && looksLikeAddress(ev.Location) {
			r.Location = mailmsg.CleanHeader(ev.Location)
			r.field("location", r.Location, "LOCATION of the calendar invitation", "calendar", 0.9)
		}
	}
	if len(r.ProposedTimes) > 0 {
		return
	}
	for _, th := range a.times {
		if th.old || th.past || !sane(th.t) || seen[th.t.Unix()] {
			continue
		}
		seen[th.t.Unix()] = true
		r.ProposedTimes = append(r.ProposedTimes, th.t)
		conf := 0.85
		if !th.zone {
			conf = 0.7 // the zone is the Date header's
		}
		if th.clock.date != nil && th.clock.date.ambiguous {
			conf -= 0.2
		}
		r.field("proposed_time", th.t.Format(time.RFC3339), th.span, "body", conf)
		if r.Duration == 0 && !th.end.IsZero() {
			r.Duration = th.end.Sub(th.t)
			r.field("duration", fmtDuration(r.Duration), th.span, "body", 0.85)
		}
	}
	sort.Slice(r.ProposedTimes, func(i, j int) bool { return r.ProposedTimes[i].Before(r.ProposedTimes[j]) })
}

// sane keeps times that can be written as RFC 3339 and mean something.
func sane(t time.Time) bool {
	return t.Year() >= 1970 && t.Year() <= 2200
}

func fmtDuration(d time.Duration) string {
	return fmt.Sprintf("%d minutes", int(d.Minutes()))
}

func (r *Result) linksOut(a *analysis) {
	for _, u := range a.urls {
		if u.sched && r.SchedulingURL == "" {
			r.SchedulingURL, r.SchedulingVendor = u.url, u.vendor
			r.field("scheduling_url", u.url, u.span, u.source, 0.95)
		}
		if !u.sched && r.MeetingURL == "" {
			r.MeetingURL, r.MeetingVendor = u.url, u.vendor
			r.field("meeting_url", u.url, u.span, u.source, 0.95)
		}
	}
}

// --- Duration.

var durationUnits = map[string]int{
	"minutes": 1, "minute": 1, "min": 1, "mins": 1, "minuten": 1, "minutos": 1, "minuto": 1,
	"hour": 60, "hours": 60, "hr": 60, "hrs": 60, "stunde": 60, "stunden": 60, "heure": 60, "heures": 60, "h": 60, "hora": 60, "horas": 60, "std": 60,
}

var numberWords = map[string]float64{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "half": 0.5,
	"eine": 1, "einer": 1, "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "anderthalb": 1.5, "eineinhalb": 1.5, "halbe": 0.5,
	"une": 1, "un": 1, "deux": 2, "trois": 3, "quatre": 4,
	"una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "media": 0.5,
}

// durationStop: words after a length that make it something else ("10
// minutes early", "a 2-minute survey", "24 hours before").
var durationStop = map[string]bool{
	"early": true, "before": true, "beforehand": true, "advance": true, "late": true, "vorher": true, "fruher": true, "avance": true, "antes": true, "antelacion": true,
	"survey": true, "umfrage": true, "questionnaire": true, "encuesta": true, "ago": true, "after": true, "nach": true, "apres": true, "despues": true, "per": true,
}

// duration reads a stated length ("45 minutes", "an hour and a half",
// "1 h 30", "eine Stunde", "hora y media") when neither the calendar nor a
// time range gave one.
func (r *Result) duration(a *analysis) {
	if r.Duration != 0 {
		return
	}
	d := a.d
	for i := range d.toks {
		if int(d.toks[i].s) < d.bodyOff {
			continue
		}
		mins, s, e, ok := d.durationAt(i)
		if !ok {
			continue
		}
		// "within 24 hours", "at least", "dans les 48 heures", "en las primeras 48 horas"
		if d.isWord(s-1, "within", "innerhalb", "dans", "en", "least", "mindestens", "hasta", "jusqu", "up", "las", "les", "primeras", "ersten") || d.isWord(s-2, "within", "innerhalb", "least", "moins", "menos", "dans", "en") {
			continue
		}
		after := d.tok(d.skipNL(e + 1))
		if after.k == tWord && durationStop[after.w] || d.isPunct(e+1, "-") && durationStop[d.tok(e+2).w] {
			continue
		}
		if mins < 10 || mins > 8*60 {
			continue
		}
		r.Duration = time.Duration(mins) * time.Minute
		r.field("duration", fmtDuration(r.Duration), d.snippetAt(int(d.toks[s].s), int(d.toks[e].e)), "body", 0.75)
		return
	}
}

// durationAt reads a length starting at token i.
func (d *doc) durationAt(i int) (mins, s, e int, ok bool) {
	t := d.tok(i)
	var n float64
	switch t.k {
	case tNum:
		v, _ := d.numAt(i)
		n = float64(v)
		// 1,5 Stunden
		if d.isPunct(i+1, ",") && d.adjacent(i) {
			if f, ok := d.numAt(i + 2); ok && len(d.tok(i+2).w) == 1 {
				n += float64(f) / 10
				i += 2
			}
		}
	case tWord:
		v, ok := numberWords[t.w]
		if !ok {
			// "hora y media", "hour and a half" with no number before.
			if u, ok := durationUnits[t.w]; ok && u == 60 && t.w != "h" && d.isWord(d.skipNL(i+1), "and", "y", "et", "und") {
				i--
				n = 1
				s, j := i+1, i+1
				mins = 60
				e = j
				if k := d.skipNL(j + 1); d.isWord(d.skipNL(k+1), "a", "half", "media", "demie", "halb") {
					mins, e = 90, d.skipNL(k+1)
					if d.isWord(d.skipNL(e+1), "half") {
						e = d.skipNL(e + 1)
					}
					return mins, s, e, true
				}
			}
			return 0, 0, 0, false
		}
		n = v
	default:
		return 0, 0, 0, false
	}
	s = i
	j := d.skipNL(i + 1)
	if d.isPunct(j, "-") {
		j++ // 45-minute, one-hour
	}
	if t.w == "half" || t.w == "media" {
		// "half an hour", "media hora"
		if d.isWord(j, "an", "a") {
			j++
		}
	}
	unit, ok := durationUnits[d.tok(j).w]
	if !ok || d.tok(j).k != tWord {
		return 0, 0, 0, false
	}
	if d.tok(j).w == "h" && t.k != tNum {
		return 0, 0, 0, false
	}
	// "1 h" must not be "10 h 30" of a clock: a clock has a date nearby,
	// durations do not care; "h" counts only with a cue before.
	mins = int(n * float64(unit))
	e = j
	// "an hour and a half", "hora y media", "une heure et demie", "1 h 30"
	j1, j2 := d.skipNL(j+1), 0
	j2 = d.skipNL(j1 + 1)
	switch {
	case d.isWord(j1, "and", "y", "et", "und") && d.isWord(j2, "a", "half", "media", "demie", "halb") && unit == 60:
		mins += 30
		e = j2
		if d.isWord(d.skipNL(j2+1), "half") {
			e = d.skipNL(j2 + 1)
		}
	case unit == 60 && d.tok(j+1).k == tNum && d.tok(j+1).s-d.tok(j).e <= 1:
		if m, ok := d.numAt(j + 1); ok && m < 60 && len(d.tok(j+1).w) == 2 {
			mins += m
			e = j + 1
		}
	}
	if d.isWord(s-1, "half") && d.isWord(s-2, "a") {
		mins += 30 // "one and a half hours" is rare; "an hour and a half" handled above
	}
	return mins, s, e, true
}

// --- Respond-by.

// respondBy finds "confirm by Friday 3 Dec", "bitte bis 01.04.2026",
// "avant le 11/05/2026", "antes del 3 de diciembre".
func (r *Result) respondBy(a *analysis) {
	d := a.d
	for k := range a.dates {
		dm := &a.dates[k]
		// A date that carries a proposed time is not a deadline.
		bound := false
		for ci := range a.clocks {
			if a.clocks[ci].date == dm {
				bound = true
				break
			}
		}
		if bound {
			continue
		}
		i := dm.t0
		p1 := d.prevSkipNL(i)
		p2 := d.prevSkipNL(p1)
		cue := false
		switch {
		case d.isWord(p1, "by", "bis", "before", "until", "spatestens"):
			cue = true
		case d.isWord(p1, "le", "el", "dem", "den", "zum", "the") && d.isWord(p2, "avant", "antes", "bis", "by", "before", "until", "jusqu", "hasta"):
			cue = true
		case d.isWord(p1, "del") && d.isWord(p2, "antes"):
			cue = true
		case d.isWord(p1, "than") && d.isWord(p2, "later"):
			cue = true
		case d.isWord(p1, "au") && d.isWord(p2, "jusqu"):
			cue = true
		case d.isWord(p1, "le") && d.isWord(p2, "tard"):
			cue = true
		}
		if !cue {
			continue
		}
		y, m, day, ok := dm.resolve(a.ref)
		if !ok || y < 1970 || y > 2200 {
			continue
		}
		loc := time.UTC
		if len(r.ProposedTimes) > 0 {
			loc = r.ProposedTimes[0].Location()
		} else if !a.ref.IsZero() {
			loc = a.ref.Location()
		}
		r.RespondBy = time.Date(y, m, day, 0, 0, 0, 0, loc)
		s, e := int(d.toks[max(p2, 0)].s), int(d.toks[dm.t1].e)
		r.field("respond_by", r.RespondBy.Format(time.DateOnly), d.snippetAt(s, e), "body", 0.8)
		return
	}
}
