package config

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The profile keys the advisor reads beyond who you are:
//
//	search               active | open | not-looking: how hard you are looking.
//	                     Default: active, or open when employment is employed.
//	accepted_offer_date  YYYY-MM-DD you accepted or signed an offer; implies
//	                     accepted_offer. Interviews arranged before it get a
//	                     cancellation rather than a decline.
//	availability         when you can interview, in profile.timezone:
//	                     ["mon-fri 09:00-12:00", "tue thu 14:00-18:00"].
//	busy_calendar        an .ics file (a path or file:// URL), or an http(s)
//	                     or webcal URL, whose events block interview slots.
//	                     Sayyes fetches a URL only because you set it here.
//	deal_breakers        what would make you hesitate (or refuse, with firm).
//	tone                 formal | warm: the register of the reply drafts.
//	offer_referral       true: decline drafts offer to suggest someone else.

// Search intensities.
const (
	SearchActive     = "active"
	SearchOpen       = "open"
	SearchNotLooking = "not-looking"
)

// Draft tones.
const (
	ToneFormal = "formal"
	ToneWarm   = "warm"
)

// DealBreakers are the things that would make you hesitate about a job.
// A hit makes the advisor unsure: go, but ask about it early. With Firm a
// hit means you would never accept, so the advice is to decline early.
type DealBreakers struct {
	// MinSalary is the lowest yearly pay you would move for; a lower
	// figure stated in the invitation is a hit.
	MinSalary int `yaml:"min_salary"`
	// TooFar lists places you could not commute to; an on-site interview
	// or job there is a hit.
	TooFar []string `yaml:"too_far"`
	// Keywords are any other phrases that give you pause ("relocation",
	// "night shifts"), matched as whole words, case-insensitively.
	Keywords []string `yaml:"keywords"`
	Firm     bool     `yaml:"firm"`
}

// Any reports whether any deal-breaker is set.
func (d DealBreakers) Any() bool {
	return d.MinSalary > 0 || len(d.TooFar) > 0 || len(d.Keywords) > 0
}

// Digest selects how digests are delivered.
type Digest struct {
	// Mode: each (one digest per invitation, as soon as it is advised) or
	// daily (one digest a day listing every invitation since the last,
	// skipped when there is none).
	Mode string `yaml:"mode"`
	// At is the local time (profile.timezone) of the daily digest, HH:MM.
	At string `yaml:"at"`
}

// Digest modes.
const (
	DigestEach  = "each"
	DigestDaily = "daily"
)

func (d *Digest) defaults() {
	if d.Mode == "" {
		d.Mode = DigestEach
	}
	if d.At == "" {
		d.At = "08:00"
	}
}

// Clock returns At as hour and minute (08:00 when At does not parse).
func (d Digest) Clock() (hour, minute int) {
	m, err := parseClock(d.At)
	if err != nil {
		return 8, 0
	}
	return m / 60, m % 60
}

func (d Digest) validate() []Problem {
	var ps []Problem
	switch d.Mode {
	case DigestEach, DigestDaily:
	default:
		ps = append(ps, Problem{Key: "digest.mode", Value: d.Mode, What: "unknown digest mode", Fix: "use each (one digest per invitation) or daily (one a day)"})
	}
	if m, err := parseClock(d.At); err != nil || m >= 24*60 {
		ps = append(ps, Problem{Key: "digest.at", Value: d.At, What: "not a time of day", Fix: "use HH:MM in profile.timezone, e.g. 08:00"})
	}
	return ps
}

func (p *Profile) defaults() {
	if p.Search == "" {
		p.Search = SearchActive
		if p.Employment == "employed" {
			p.Search = SearchOpen
		}
	}
	if p.Tone == "" {
		p.Tone = ToneFormal
	}
}

func (p Profile) validate() []Problem {
	var ps []Problem
	add := func(key, val, what, fix string) { ps = append(ps, Problem{Key: key, Value: val, What: what, Fix: fix}) }
	switch p.Search {
	case SearchActive, SearchOpen, SearchNotLooking:
	default:
		add("profile.search", p.Search, "unknown search intensity", "use active, open or not-looking")
	}
	if p.AcceptedOfferDate != "" {
		if _, err := time.Parse(time.DateOnly, p.AcceptedOfferDate); err != nil {
			add("profile.accepted_offer_date", p.AcceptedOfferDate, "not a date", "use YYYY-MM-DD, e.g. 2026-03-01")
		}
	}
	for i, w := range p.Availability {
		if _, err := ParseWindow(w); err != nil {
			add(fmt.Sprintf("profile.availability[%d]", i), w, err.Error(), `use days and hours like "mon-fri 09:00-17:00" or "tue thu 14:00-18:00"`)
		}
	}
	if p.BusyCalendar != "" {
		if _, _, err := BusySource(p.BusyCalendar); err != nil {
			add("profile.busy_calendar", p.BusyCalendar, err.Error(), "use a path to an .ics file, a file:// URL, or an https:// URL of your calendar's iCal export")
		}
	}
	if p.DealBreakers.MinSalary < 0 {
		add("profile.deal_breakers.min_salary", strconv.Itoa(p.DealBreakers.MinSalary), "negative", "use your lowest acceptable yearly pay, or 0 for none")
	}
	for i, s := range p.DealBreakers.TooFar {
		if strings.TrimSpace(s) == "" {
			add(fmt.Sprintf("profile.deal_breakers.too_far[%d]", i), s, "empty place", "remove it or name a city or area")
		}
	}
	for i, s := range p.DealBreakers.Keywords {
		if strings.TrimSpace(s) == "" {
			add(fmt.Sprintf("profile.deal_breakers.keywords[%d]", i), s, "empty keyword", "remove it or write a word or phrase")
		}
	}
	switch p.Tone {
	case ToneFormal, ToneWarm:
	default:
		add("profile.tone", p.Tone, "unknown tone", "use formal or warm")
	}
	return ps
}

// Location returns the profile's time zone, UTC if it does not load.
func (p Profile) Location() *time.Location {
	loc, err := time.LoadLocation(p.Timezone)
	if err != nil || p.Timezone == "" {
		return time.UTC
	}
	return loc
}

// HasAcceptedOffer reports whether the user has committed to another job.
func (p Profile) HasAcceptedOffer() bool { return p.AcceptedOffer || p.AcceptedOfferDate != "" }

// OfferDate returns the start of the day the offer was accepted, in the
// profile's time zone, if the date is set.
func (p Profile) OfferDate() (time.Time, bool) {
	if p.AcceptedOfferDate == "" {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(time.DateOnly, p.AcceptedOfferDate, p.Location())
	return t, err == nil
}

// Windows parses the availability; entries that do not parse are skipped
// (Validate reports them).
func (p Profile) Windows() []Window {
	var out []Window
	for _, s := range p.Availability {
		if w, err := ParseWindow(s); err == nil {
			out = append(out, w)
		}
	}
	return out
}

// Window is a weekly time window in the profile's time zone.
type Window struct {
	Days [7]bool // indexed by time.Weekday
	// From and To are minutes after midnight, From < To.
	From, To int
}

// Contains reports whether the local time t's day and clock fall in w.
func (w Window) Contains(t time.Time) bool {
	m := t.Hour()*60 + t.Minute()
	return w.Days[t.Weekday()] && m >= w.From && m < w.To
}

// ParseWindow reads "mon-fri 09:00-17:00", "tue thu 14:00-18:00",
// "weekdays 08:00-09:30" or "daily 18:00-20:00". Days are English names or
// their first three letters, single or as a range; without days the window
// holds Monday to Friday.
func ParseWindow(s string) (Window, error) {
	var w Window
	f := strings.Fields(strings.ToLower(strings.ReplaceAll(s, "/", " ")))
	if len(f) == 0 {
		return w, fmt.Errorf("empty window")
	}
	from, to, ok := strings.Cut(f[len(f)-1], "-")
	if !ok {
		return w, fmt.Errorf("no time range at the end")
	}
	var err error
	if w.From, err = parseClock(from); err != nil {
		return w, err
	}
	if w.To, err = parseClock(to); err != nil {
		return w, err
	}
	if w.To <= w.From || w.To > 24*60 {
		return w, fmt.Errorf("the range must end after it starts, on the same day")
	}
	days := f[:len(f)-1]
	if len(days) == 0 {
		days = []string{"weekdays"}
	}
	for _, d := range days {
		switch d {
		case "weekdays":
			d = "mon-fri"
		case "weekends", "weekend":
			d = "sat-sun"
		case "daily", "every", "all":
			d = "mon-sun"
		}
		a, b, isRange := strings.Cut(d, "-")
		da, ok := dayOf(a)
		if !ok {
			return w, fmt.Errorf("unknown day %q", a)
		}
		db := da
		if isRange {
			if db, ok = dayOf(b); !ok {
				return w, fmt.Errorf("unknown day %q", b)
			}
		}
		for x := da; ; x = (x + 1) % 7 {
			w.Days[x] = true
			if x == db {
				break
			}
		}
	}
	return w, nil
}

// dayOf accepts an English day name or any prefix of it from three letters
// on: mon, tues, thurs, friday.
func dayOf(s string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if len(s) >= 3 && strings.HasPrefix(strings.ToLower(d.String()), s) {
			return d, true
		}
	}
	return 0, false
}

// parseClock reads HH:MM (or H:MM, or 24:00) as minutes after midnight.
func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 24 || mm < 0 || mm > 59 || hh == 24 && mm != 0 {
		return 0, fmt.Errorf("%q is not a time like 09:30", s)
	}
	return hh*60 + mm, nil
}

// BusySource classifies a busy_calendar value: a local file (returned as a
// path) or a URL to fetch (webcal:// becomes https://).
func BusySource(s string) (path, fetchURL string, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", fmt.Errorf("empty")
	}
	scheme, rest, hasScheme := strings.Cut(s, "://")
	if !hasScheme {
		return s, "", nil
	}
	switch strings.ToLower(scheme) {
	case "file":
		u, err := url.Parse(s)
		if err != nil || u.Path == "" || u.Host != "" && u.Host != "localhost" {
			return "", "", fmt.Errorf("not a local file URL")
		}
		return u.Path, "", nil
	case "http", "https":
	case "webcal", "webcals":
		s = "https://" + rest
	default:
		return "", "", fmt.Errorf("unsupported scheme %q", scheme)
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", "", fmt.Errorf("not a valid URL")
	}
	return "", s, nil
}
