package advice

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
)

// Input is everything a recommendation is made from.
type Input struct {
	Invitation event.InvitationDetected
	Profile    config.Profile
	// Busy is the user's busy time from profile.busy_calendar, if read.
	Busy []calendar.Interval
	// Now is when the advice is given: it places the offer date and tells
	// how far away the interview is. Zero means the detection time.
	Now time.Time
}

func (in Input) now() time.Time {
	switch {
	case !in.Now.IsZero():
		return in.Now
	case !in.Invitation.DetectedAt.IsZero():
		return in.Invitation.DetectedAt
	}
	return in.Invitation.Message.Date
}

// Facts are what the advisor established about the invitation and the
// user before deciding; the drafts and the digest use them too.
type Facts struct {
	AcceptedOffer bool
	Avoided       string // the avoid_companies entry that matched
	Competitor    string // the competitors entry that matched
	// DealBreakers describes each deal-breaker the invitation hits.
	DealBreakers []string
	// Firm: a hit means the user would never accept.
	Firm       bool
	LaterRound bool
	// Scheduled: the interview is already arranged (a reminder or a
	// rescheduling mail, a calendar entry the user accepted, or an
	// invitation that predates the signed offer), so dropping it means
	// cancelling.
	Scheduled bool
	// Start is the first proposed (or arranged) time still ahead, if any.
	Start time.Time
	// Soon: Start is less than a day away.
	Soon bool
	// Slot is the first proposed time that fits availability and busy
	// time; zero when none does or none was proposed.
	Slot time.Time
	// Clashes explains, per proposed time that does not fit, why.
	Clashes []string
	// Conflict: times were proposed and none fits.
	Conflict bool
	// Offered are free windows to suggest instead (up to three), unless
	// the invitation only offers a scheduling link.
	Offered []calendar.Interval
	// Duration is the interview length assumed for fitting.
	Duration time.Duration
}

// defaultDuration is assumed when the invitation does not say.
const defaultDuration = time.Hour

// Assess establishes the facts.
func Assess(in Input) Facts {
	inv, p := in.Invitation, in.Profile
	d := inv.Detection
	now := in.now()
	loc := p.Location()
	f := Facts{AcceptedOffer: p.HasAcceptedOffer(), Duration: d.Duration}
	if f.Duration <= 0 || f.Duration > 12*time.Hour {
		f.Duration = defaultDuration
	}
	f.Avoided = matchCompany(d.Company, inv.Message, p.AvoidCompanies)
	f.Competitor = matchCompany(d.Company, inv.Message, p.Competitors)
	f.DealBreakers = dealBreakerHits(inv, p.DealBreakers)
	f.Firm = p.DealBreakers.Firm && len(f.DealBreakers) > 0
	switch d.Stage {
	case "second-round", "onsite", "final":
		f.LaterRound = true
	}

	var ahead []time.Time
	for _, t := range d.ProposedTimes {
		if t.After(now) {
			ahead = append(ahead, t)
		}
	}
	if len(ahead) > 0 {
		f.Start = ahead[0]
		f.Soon = f.Start.Sub(now) < 24*time.Hour
	}
	f.Scheduled = d.Kind == "reminder" || d.Kind == "reschedule" || acceptedInCalendar(d.Calendar, inv.Message)
	if od, ok := p.OfferDate(); ok && !inv.Message.Date.IsZero() && inv.Message.Date.Before(od) && len(ahead) > 0 {
		f.Scheduled = true
	}

	windows := p.Windows()
	for _, t := range ahead {
		why := fits(calendar.Interval{Start: t, End: t.Add(f.Duration)}, windows, in.Busy, loc)
		if why == "" {
			if f.Slot.IsZero() {
				f.Slot = t
			}
			continue
		}
		f.Clashes = append(f.Clashes, why)
	}
	// A reminder for an arranged interview is not a proposal to fit.
	if d.Kind != "reminder" {
		f.Conflict = len(ahead) > 0 && f.Slot.IsZero()
		// Windows to offer: in place of proposed times that do not fit, in
		// the absence of times and of a booking link, and for the
		// reschedule draft that is always prepared besides an accept.
		if len(ahead) > 0 || d.SchedulingURL == "" {
			f.Offered = FreeWindows(now, loc, windows, in.Busy, f.Duration, 3)
		}
	}
	return f
}

// fits says why iv does not suit the user ("" when it does): outside the
// availability windows (when any are set) or overlapping busy time.
func fits(iv calendar.Interval, windows []config.Window, busy []calendar.Interval, loc *time.Location) string {
	if len(windows) > 0 && !within(iv, windows, loc) {
		return fmt.Sprintf("%s is outside the hours you set as available", shortTime(iv.Start, loc))
	}
	for _, b := range busy {
		if b.Overlaps(iv) {
			return fmt.Sprintf("%s clashes with your calendar (busy %s to %s)", shortTime(iv.Start, loc), b.Start.In(loc).Format("15:04"), b.End.In(loc).Format("15:04"))
		}
	}
	return ""
}

// within reports whether iv lies inside one availability window on its
// local day.
func within(iv calendar.Interval, windows []config.Window, loc *time.Location) bool {
	s, e := iv.Start.In(loc), iv.End.In(loc)
	day := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)
	for _, w := range windows {
		from := day.Add(time.Duration(w.From) * time.Minute)
		to := day.Add(time.Duration(w.To) * time.Minute)
		if w.Days[s.Weekday()] && !s.Before(from) && !e.After(to) {
			return true
		}
	}
	return false
}

func shortTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2 Jan 15:04")
}

// defaultWindows stand in when the user set no availability: office hours.
var defaultWindows = []config.Window{{Days: [7]bool{false, true, true, true, true, true, false}, From: 9 * 60, To: 17 * 60}}

// FreeWindows proposes up to n free spans of at least d within the
// availability windows (office hours when none are set), one per day,
// from the next day on and within two weeks, avoiding busy time. Each span
// is as long as the free time allows, up to three hours.
func FreeWindows(now time.Time, loc *time.Location, windows []config.Window, busy []calendar.Interval, d time.Duration, n int) []calendar.Interval {
	if len(windows) == 0 {
		windows = defaultWindows
	}
	const maxSpan = 3 * time.Hour
	local := now.In(loc)
	var out []calendar.Interval
	for i := 1; i <= 14 && len(out) < n; i++ {
		day := time.Date(local.Year(), local.Month(), local.Day()+i, 0, 0, 0, 0, loc)
		var best *calendar.Interval
		for _, w := range windows {
			if !w.Days[day.Weekday()] {
				continue
			}
			from := day.Add(time.Duration(w.From) * time.Minute)
			to := day.Add(time.Duration(w.To) * time.Minute)
			for _, free := range subtract(calendar.Interval{Start: from, End: to}, busy) {
				free.Start = roundUp(free.Start, 15*time.Minute)
				if free.End.Sub(free.Start) < d {
					continue
				}
				if free.End.Sub(free.Start) > maxSpan {
					free.End = free.Start.Add(maxSpan)
				}
				if best == nil || free.Start.Before(best.Start) {
					f := free
					best = &f
				}
				break
			}
		}
		if best != nil {
			out = append(out, *best)
		}
	}
	return out
}

// subtract returns the parts of iv not covered by busy (busy sorted).
func subtract(iv calendar.Interval, busy []calendar.Interval) []calendar.Interval {
	out := []calendar.Interval{iv}
	for _, b := range busy {
		var next []calendar.Interval
		for _, f := range out {
			if !b.Overlaps(f) {
				next = append(next, f)
				continue
			}
			if f.Start.Before(b.Start) {
				next = append(next, calendar.Interval{Start: f.Start, End: b.Start})
			}
			if b.End.Before(f.End) {
				next = append(next, calendar.Interval{Start: b.End, End: f.End})
			}
		}
		out = next
	}
	return out
}

func roundUp(t time.Time, step time.Duration) time.Time {
	r := t.Truncate(step)
	if r.Before(t) {
		r = r.Add(step)
	}
	return r
}

// acceptedInCalendar reports whether the invitation's calendar object
// already shows the user (an addressee of the mail) as ACCEPTED: the
// organiser is sending an update for an interview the user agreed to.
func acceptedInCalendar(ics string, m event.Message) bool {
	if ics == "" {
		return false
	}
	var self []string
	for _, a := range append(append([]event.Address{}, m.To...), m.Cc...) {
		self = append(self, strings.ToLower(a.Address))
	}
	for _, line := range strings.Split(strings.ReplaceAll(ics, "\r\n ", ""), "\n") {
		line = strings.TrimRight(line, "\r")
		up := strings.ToUpper(line)
		if !strings.HasPrefix(up, "ATTENDEE") || !strings.Contains(up, "PARTSTAT=ACCEPTED") {
			continue
		}
		i := strings.LastIndex(strings.ToLower(line), "mailto:")
		if i < 0 {
			continue
		}
		addr := strings.ToLower(strings.TrimSpace(line[i+len("mailto:"):]))
		for _, s := range self {
			if s != "" && s == addr {
				return true
			}
		}
	}
	return false
}

// dealBreakerHits describes what in the invitation hits the user's
// deal-breakers: pay below the minimum, a place too far away, a keyword.
func dealBreakerHits(inv event.InvitationDetected, db config.DealBreakers) []string {
	if !db.Any() {
		return nil
	}
	d := inv.Detection
	text := strings.Join([]string{inv.Message.Subject, d.Role, d.Location, inv.Message.Excerpt}, "\n")
	lower := strings.ToLower(normalizeSpaces(text))
	var hits []string
	if db.MinSalary > 0 {
		if top, ok := statedPay(text); ok && top < db.MinSalary {
			hits = append(hits, fmt.Sprintf("the pay it states (up to %s a year) is below your minimum of %s", thousands(top), thousands(db.MinSalary)))
		}
	}
	for _, place := range db.TooFar {
		p := strings.ToLower(strings.TrimSpace(place))
		if p != "" && containsWord(lower, p) {
			hits = append(hits, fmt.Sprintf("it mentions %s, which you marked as too far to commute", strings.TrimSpace(place)))
		}
	}
	for _, kw := range db.Keywords {
		k := strings.ToLower(strings.TrimSpace(kw))
		if k != "" && containsWord(lower, k) {
			hits = append(hits, fmt.Sprintf("it mentions %q, one of your deal-breakers", strings.TrimSpace(kw)))
		}
	}
	return hits
}

func normalizeSpaces(s string) string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2009", " ").Replace(s)
}

// payRE finds amounts next to a currency: "€45,000", "45.000 €", "EUR 50k",
// "$120k", "50 000 €". Group 1/4 is the currency before/after, 2 the
// number, 3 a k suffix.
var payRE = regexp.MustCompile(`(?i)(€|\$|£|\b(?:eur|euro|usd|gbp|chf)\b)?\s?(\d{1,3}(?:[.,' ]\d{3})+|\d+(?:[.,]\d+)?)\s?(k\b)?\s?(€|\$|£|\b(?:eur|euros?|usd|gbp|chf)\b)?`)

var perMonthRE = regexp.MustCompile(`(?i)^[^.\n]{0,30}(per month|a month|monthly|pro monat|im monat|monatlich|par mois|mensuel|al mes|mensual)`)
var perHourRE = regexp.MustCompile(`(?i)^[^.\n]{0,30}(per hour|an hour|hourly|pro stunde|de l'heure|par heure|por hora)`)

// statedPay returns the highest yearly amount of money the text states,
// reading monthly amounts times twelve and ignoring hourly rates.
func statedPay(text string) (int, bool) {
	text = normalizeSpaces(text)
	best, found := 0, false
	for _, m := range payRE.FindAllStringSubmatchIndex(text, -1) {
		cur := m[2] >= 0 || m[8] >= 0
		if !cur {
			continue
		}
		v, ok := amount(text[m[4]:m[5]], m[6] >= 0)
		if !ok {
			continue
		}
		after := text[m[1]:]
		switch {
		case perHourRE.MatchString(after):
			continue
		case perMonthRE.MatchString(after):
			v *= 12
		case v < 1000:
			continue // "€50 travel allowance"
		}
		if v > best {
			best, found = v, true
		}
	}
	return best, found
}

var groupSepRE = regexp.MustCompile(`[.,' ]`)

// amount reads "45,000", "45.000", "45 000", "45k", "45,5k".
func amount(s string, k bool) (int, bool) {
	groups := groupSepRE.Split(s, -1)
	thousandsSep := len(groups) > 1
	for _, g := range groups[1:] {
		if len(g) != 3 {
			thousandsSep = false
		}
	}
	if thousandsSep && !(k && len(groups) == 2) {
		n, err := strconv.Atoi(strings.Join(groups, ""))
		if err != nil {
			return 0, false
		}
		if k {
			n *= 1000
		}
		return n, true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil {
		return 0, false
	}
	if k {
		f *= 1000
	}
	return int(f), true
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
