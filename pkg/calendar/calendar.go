// Package calendar reads the iCalendar objects (RFC 5545) that interview
// invitations carry, with the scheduling semantics of iTIP (RFC 5546):
// which method the organiser used, when the meeting is, where, and who
// organises it. It tolerates the time-zone names Outlook and Exchange write.
package calendar

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-ical"
)

// Event is one VEVENT, reduced to what an invitation needs.
type Event struct {
	Method      string // REQUEST, CANCEL, PUBLISH, ... from the VCALENDAR
	UID         string
	Sequence    int
	Summary     string
	Description string
	Location    string
	URL         string
	Organizer   string // mailto: stripped
	Attendees   []string
	Start, End  time.Time
	// Problems are non-fatal parsing issues (e.g. an unknown time zone).
	Problems []string
}

// maxCalendarBytes bounds what is handed to the decoder; invitations are a
// few kilobytes.
const maxCalendarBytes = 256 << 10

// maxParamValueBytes bounds one property parameter value (RFC 5545 section
// 3.2). go-ical builds parameter values a byte at a time, which is
// quadratic: a 200 KB value took over ten seconds. Real values (CN, TZID,
// ROLE, ...) are a few dozen bytes.
const maxParamValueBytes = 1 << 10

// Parse decodes every VEVENT in text.
func Parse(text string) (evs []Event, err error) {
	if len(text) > maxCalendarBytes {
		return nil, fmt.Errorf("calendar: object is %d bytes, over the %d limit", len(text), maxCalendarBytes)
	}
	if err := checkParams(text); err != nil {
		return nil, err
	}
	// go-ical panics on some malformed content lines (a quoted parameter
	// value followed by junk). A calendar part is untrusted input: turn
	// that into an error, as for any other undecodable object.
	defer func() {
		if p := recover(); p != nil {
			evs, err = nil, fmt.Errorf("calendar: decoding: malformed content line: %v", p)
		}
	}()
	cal, err := ical.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		return nil, fmt.Errorf("calendar: decoding: %w", err)
	}
	method := ""
	if p := cal.Props.Get(ical.PropMethod); p != nil {
		method = strings.ToUpper(strings.TrimSpace(p.Value))
	}
	zones := &zoneCache{zones: timezones(cal), seen: map[string]*time.Location{}}
	var out []Event
	for _, ev := range cal.Events() {
		e := Event{Method: method}
		e.UID = text1(ev.Props, ical.PropUID)
		e.Summary = text1(ev.Props, ical.PropSummary)
		e.Description = text1(ev.Props, ical.PropDescription)
		e.Location = text1(ev.Props, ical.PropLocation)
		e.URL = text1(ev.Props, ical.PropURL)
		if p := ev.Props.Get(ical.PropSequence); p != nil {
			e.Sequence, _ = p.Int()
		}
		if p := ev.Props.Get(ical.PropOrganizer); p != nil {
			e.Organizer = mailto(p.Value)
		}
		for _, p := range ev.Props.Values(ical.PropAttendee) {
			e.Attendees = append(e.Attendees, mailto(p.Value))
		}
		var perr error
		e.Start, perr = whenIn(ev.Props.Get(ical.PropDateTimeStart), zones.resolve)
		if perr != nil {
			e.Problems = append(e.Problems, "DTSTART: "+perr.Error())
		}
		if p := ev.Props.Get(ical.PropDateTimeEnd); p != nil {
			e.End, perr = whenIn(p, zones.resolve)
			if perr != nil {
				e.Problems = append(e.Problems, "DTEND: "+perr.Error())
			}
		} else if p := ev.Props.Get(ical.PropDuration); p != nil && !e.Start.IsZero() {
			if d, err := p.Duration(); err == nil {
				e.End = e.Start.Add(d)
			}
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, errors.New("calendar: no VEVENT in object")
	}
	return out, nil
}

// checkParams refuses, before go-ical sees them, the content lines it
// would choke on: a parameter value over maxParamValueBytes, and
// parameters with no ":" and value after them (go-ical indexes past the
// end of such a line and panics). Lines are unfolded as go-ical reads
// them (RFC 5545 section 3.1), up to the END that closes the first
// component: anything after it, go-ical does not read either.
func checkParams(text string) error {
	var line strings.Builder
	n, depth := 0, 0
	check := func() (done bool, err error) {
		n++
		l := line.String()
		line.Reset()
		i := strings.IndexAny(l, ";:")
		if i < 0 {
			return false, nil // go-ical reports a missing colon itself
		}
		switch strings.ToUpper(l[:i]) {
		case "BEGIN":
			depth++
		case "END":
			depth--
			done = depth <= 0
		}
		if l[i] == ':' {
			return done, nil
		}
		run, quoted := 0, false
		for j := i + 1; j < len(l); j++ {
			c := l[j]
			switch {
			case c == '"':
				quoted, run = !quoted, 0
				continue
			case !quoted && c == ':':
				return done, nil
			case !quoted && (c == ';' || c == ',' || c == '='):
				run = 0
				continue
			}
			if run++; run > maxParamValueBytes {
				return true, fmt.Errorf("calendar: decoding: line %d: property %.40q has a parameter over %d bytes", n, l[:i], maxParamValueBytes)
			}
		}
		return true, fmt.Errorf("calendar: decoding: line %d: property %.40q has parameters but no value", n, l[:i])
	}
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSuffix(l, "\r")
		if i > 0 && l != "" && (l[0] == ' ' || l[0] == '\t') {
			line.WriteString(l[1:])
			continue
		}
		if i > 0 {
			if done, err := check(); done || err != nil {
				return err
			}
		}
		line.WriteString(l)
	}
	_, err := check()
	return err
}

func text1(props ical.Props, name string) string {
	p := props.Get(name)
	if p == nil {
		return ""
	}
	if s, err := p.Text(); err == nil {
		return s
	}
	return p.Value
}

func mailto(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	}
	return v
}

// when resolves a DTSTART/DTEND, mapping TZIDs Go does not know through the
// calendar's own VTIMEZONE offsets or the Windows zone names.
func when(p *ical.Prop, zones map[string]*time.Location) (time.Time, error) {
	return whenIn(p, func(tzid string) *time.Location { return resolveZone(tzid, zones) })
}

// whenIn is when with the TZID lookup supplied.
func whenIn(p *ical.Prop, resolve func(tzid string) *time.Location) (time.Time, error) {
	if p == nil {
		return time.Time{}, errors.New("missing")
	}
	tzid := p.Params.Get(ical.PropTimezoneID)
	if tzid == "" {
		return p.DateTime(time.UTC)
	}
	loc := resolve(tzid)
	if loc == nil {
		t, err := parseLocal(p.Value, time.UTC)
		if err != nil {
			return time.Time{}, err
		}
		return t, fmt.Errorf("unknown time zone %q; read as UTC", tzid)
	}
	return parseLocal(p.Value, loc)
}

func parseLocal(v string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"20060102T150405", "20060102"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse("20060102T150405Z", v); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("bad date-time %q", v)
}

// maxZoneLookups bounds the distinct TZIDs of one calendar looked up in the
// zone database. Each time.LoadLocation reads zoneinfo (some 40 KB
// allocated, found or not): a hostile invitation with 3,000 events, each
// naming an unknown zone, cost 125 MB. Real invitations name one or two.
const maxZoneLookups = 16

// zoneCache resolves the TZIDs of one calendar, each name once, and past
// maxZoneLookups names only through the calendar's own VTIMEZONEs.
type zoneCache struct {
	zones map[string]*time.Location // from VTIMEZONE
	seen  map[string]*time.Location // resolved so far; nil when unknown
}

func (c *zoneCache) resolve(tzid string) *time.Location {
	if loc, ok := c.seen[tzid]; ok {
		return loc
	}
	if len(c.seen) >= maxZoneLookups {
		return c.zones[tzid]
	}
	loc := resolveZone(tzid, c.zones)
	c.seen[tzid] = loc
	return loc
}

func resolveZone(tzid string, zones map[string]*time.Location) *time.Location {
	name := strings.Trim(tzid, `"`)
	if iana, ok := windowsZones[name]; ok {
		name = iana
	}
	// LoadLocation reads zoneinfo files: only hand it names that look like
	// IANA zones, never paths.
	if !strings.Contains(name, "..") && !strings.HasPrefix(name, "/") {
		if loc, ok := loadedZones.Load(name); ok {
			return loc.(*time.Location)
		}
		if loc, err := time.LoadLocation(name); err == nil {
			if zoneCount.Add(1) <= maxCachedZones {
				loadedZones.Store(name, loc)
			}
			return loc
		}
	}
	return zones[tzid]
}

// loadedZones keeps the zones time.LoadLocation found, process-wide: most
// invitations name the same few, and each load reads and parses zoneinfo
// again. Only names that exist are kept, at most maxCachedZones of them
// (the zone database has about 600).
var (
	loadedZones sync.Map // name → *time.Location
	zoneCount   atomic.Int64
)

const maxCachedZones = 1024

// timezones builds fixed-offset zones from the calendar's VTIMEZONE
// components (standard time), a fallback for TZIDs like "Custom Zone 1".
func timezones(cal *ical.Calendar) map[string]*time.Location {
	out := map[string]*time.Location{}
	for _, c := range cal.Children {
		if c.Name != ical.CompTimezone {
			continue
		}
		id := c.Props.Get(ical.PropTimezoneID)
		if id == nil {
			continue
		}
		for _, sub := range c.Children {
			if sub.Name != ical.CompTimezoneStandard {
				continue
			}
			if off := sub.Props.Get(ical.PropTimezoneOffsetTo); off != nil {
				if secs, ok := parseOffset(off.Value); ok {
					out[id.Value] = time.FixedZone(id.Value, secs)
				}
			}
		}
	}
	return out
}

func parseOffset(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 5 && len(s) != 7 {
		return 0, false
	}
	sign := 1
	switch s[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return 0, false
	}
	var h, m, sec int
	if _, err := fmt.Sscanf(s[1:5], "%02d%02d", &h, &m); err != nil {
		return 0, false
	}
	if len(s) == 7 {
		fmt.Sscanf(s[5:7], "%02d", &sec)
	}
	return sign * (h*3600 + m*60 + sec), true
}

// windowsZones maps the Windows time-zone names Outlook puts in TZID to
// IANA names (the common ones; from the Unicode CLDR windowsZones table).
var windowsZones = map[string]string{
	"Pacific Standard Time":          "America/Los_Angeles",
	"Mountain Standard Time":         "America/Denver",
	"Central Standard Time":          "America/Chicago",
	"Eastern Standard Time":          "America/New_York",
	"GMT Standard Time":              "Europe/London",
	"Greenwich Standard Time":        "Atlantic/Reykjavik",
	"W. Europe Standard Time":        "Europe/Berlin",
	"Romance Standard Time":          "Europe/Paris",
	"Central Europe Standard Time":   "Europe/Budapest",
	"Central European Standard Time": "Europe/Warsaw",
	"E. Europe Standard Time":        "Europe/Chisinau",
	"FLE Standard Time":              "Europe/Kiev",
	"India Standard Time":            "Asia/Kolkata",
	"China Standard Time":            "Asia/Shanghai",
	"Tokyo Standard Time":            "Asia/Tokyo",
	"AUS Eastern Standard Time":      "Australia/Sydney",
	"UTC":                            "UTC",
}
