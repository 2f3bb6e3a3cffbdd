package calendar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// Interval is the span [Start, End).
type Interval struct {
	Start, End time.Time
}

// Overlaps reports whether i and o share any instant.
func (i Interval) Overlaps(o Interval) bool { return i.Start.Before(o.End) && o.Start.Before(i.End) }

// maxBusyBytes bounds a busy calendar: a year of a full diary is well
// under a megabyte.
const maxBusyBytes = 8 << 20

// maxOccurrences bounds how many instances one recurring event expands to
// inside the window, so a rule like FREQ=SECONDLY cannot exhaust memory.
const maxOccurrences = 2000

// Busy returns the times the calendar in text marks as busy that overlap
// [from, to), sorted and merged: events that are not TRANSPARENT or
// CANCELLED (recurring ones expanded, moved instances honoured) and the
// busy periods of VFREEBUSY components. Date-only (all-day) events block
// whole days in loc. Events whose UID is in skipUIDs are left out: an
// interview already in the diary must not clash with itself. Problems
// with single events are returned as notes, not errors, so one odd entry
// does not hide the rest of the diary.
func Busy(text string, from, to time.Time, loc *time.Location, skipUIDs ...string) (busy []Interval, notes []string, err error) {
	if len(text) > maxBusyBytes {
		return nil, nil, fmt.Errorf("calendar: busy calendar is %d bytes, over the %d limit", len(text), maxBusyBytes)
	}
	if loc == nil {
		loc = time.UTC
	}
	defer func() {
		if p := recover(); p != nil {
			busy, notes, err = nil, nil, fmt.Errorf("calendar: decoding busy calendar: %v", p)
		}
	}()
	cal, err := ical.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		return nil, nil, fmt.Errorf("calendar: decoding busy calendar: %w", err)
	}
	zones := timezones(cal)
	window := Interval{from, to}
	// Instances moved with RECURRENCE-ID replace the occurrence they name.
	moved := map[string][]time.Time{}
	for _, c := range cal.Children {
		if c.Name == ical.CompEvent && c.Props.Get(ical.PropRecurrenceID) != nil {
			if t, err := at(c.Props.Get(ical.PropRecurrenceID), zones, loc); err == nil {
				uid := text1(c.Props, ical.PropUID)
				moved[uid] = append(moved[uid], t)
			}
		}
	}
	for _, c := range cal.Children {
		if c.Name == ical.CompEvent && slices.Contains(skipUIDs, text1(c.Props, ical.PropUID)) {
			continue
		}
		switch c.Name {
		case ical.CompEvent:
			ivs, note := eventBusy(c, zones, loc, window, moved)
			busy = append(busy, ivs...)
			if note != "" {
				notes = append(notes, note)
			}
		case ical.CompFreeBusy:
			for _, p := range c.Props.Values(ical.PropFreeBusy) {
				if t := strings.ToUpper(p.Params.Get("FBTYPE")); t == "FREE" {
					continue
				}
				for _, period := range strings.Split(p.Value, ",") {
					iv, err := parsePeriod(period)
					if err != nil {
						notes = append(notes, "FREEBUSY: "+err.Error())
						continue
					}
					if iv.Overlaps(window) {
						busy = append(busy, iv)
					}
				}
			}
		}
	}
	return Merge(busy), notes, nil
}

func eventBusy(c *ical.Component, zones map[string]*time.Location, loc *time.Location, window Interval, moved map[string][]time.Time) ([]Interval, string) {
	uid := text1(c.Props, ical.PropUID)
	if strings.EqualFold(text1(c.Props, ical.PropTransparency), "TRANSPARENT") || strings.EqualFold(text1(c.Props, ical.PropStatus), "CANCELLED") {
		return nil, ""
	}
	startProp := c.Props.Get(ical.PropDateTimeStart)
	start, err := at(startProp, zones, loc)
	if err != nil {
		return nil, fmt.Sprintf("event %q: DTSTART: %v", uid, err)
	}
	allDay := isDate(startProp)
	var dur time.Duration
	switch {
	case c.Props.Get(ical.PropDateTimeEnd) != nil:
		end, err := at(c.Props.Get(ical.PropDateTimeEnd), zones, loc)
		if err != nil {
			return nil, fmt.Sprintf("event %q: DTEND: %v", uid, err)
		}
		dur = end.Sub(start)
	case c.Props.Get(ical.PropDuration) != nil:
		if dur, err = c.Props.Get(ical.PropDuration).Duration(); err != nil {
			return nil, fmt.Sprintf("event %q: DURATION: %v", uid, err)
		}
	case allDay:
		dur = 24 * time.Hour // RFC 5545 section 3.6.1: one day
	}
	if dur < 0 {
		return nil, fmt.Sprintf("event %q ends before it starts", uid)
	}
	one := func(s time.Time) Interval {
		if allDay {
			// Whole days in local time, which DST can make 23 or 25 hours.
			days := int((dur + 12*time.Hour) / (24 * time.Hour))
			return Interval{s, time.Date(s.Year(), s.Month(), s.Day()+days, 0, 0, 0, 0, s.Location())}
		}
		return Interval{s, s.Add(dur)}
	}
	if c.Props.Get(ical.PropRecurrenceRule) == nil || c.Props.Get(ical.PropRecurrenceID) != nil {
		if iv := one(start); iv.Overlaps(window) {
			return []Interval{iv}, ""
		}
		return nil, ""
	}
	set, err := recurrence(c, start, zones, loc)
	if err != nil {
		// Better to count the first instance than none.
		if iv := one(start); iv.Overlaps(window) {
			return []Interval{iv}, fmt.Sprintf("event %q: recurrence not understood (%v); only its first instance counts", uid, err)
		}
		return nil, fmt.Sprintf("event %q: recurrence not understood: %v", uid, err)
	}
	var out []Interval
	for _, s := range set.Between(window.Start.Add(-dur), window.End, true) {
		if len(out) >= maxOccurrences {
			return out, fmt.Sprintf("event %q recurs more than %d times in the window; later instances ignored", uid, maxOccurrences)
		}
		if movedAway(s, moved[uid]) {
			continue
		}
		if iv := one(s); iv.Overlaps(window) {
			out = append(out, iv)
		}
	}
	return out, ""
}

// recurrenceSet is what go-ical's RecurrenceSet returns (an rrule.Set).
type recurrenceSet interface {
	Between(after, before time.Time, inc bool) []time.Time
}

// recurrence expands RRULE/EXDATE with the start resolved by this package
// (go-ical alone cannot resolve Windows TZIDs): the component is copied
// with DTSTART rewritten to an IANA zone, or UTC for a fixed offset.
func recurrence(c *ical.Component, start time.Time, zones map[string]*time.Location, loc *time.Location) (recurrenceSet, error) {
	cp := ical.NewComponent(c.Name)
	for name, ps := range c.Props {
		if name == ical.PropExceptionDates {
			continue
		}
		cp.Props[name] = ps
	}
	dt := ical.NewProp(ical.PropDateTimeStart)
	if _, err := time.LoadLocation(start.Location().String()); err == nil && start.Location() != time.UTC {
		dt.SetDateTime(start)
	} else {
		dt.SetDateTime(start.UTC())
	}
	cp.Props.Set(dt)
	set, err := cp.RecurrenceSet(start.Location())
	if err != nil {
		return nil, err
	}
	for _, ex := range c.Props.Values(ical.PropExceptionDates) {
		for _, v := range strings.Split(ex.Value, ",") {
			p := ex
			p.Value = strings.TrimSpace(v)
			if t, err := at(&p, zones, loc); err == nil {
				set.ExDate(t)
			}
		}
	}
	return set, nil
}

func movedAway(t time.Time, moved []time.Time) bool {
	for _, m := range moved {
		if m.Equal(t) {
			return true
		}
	}
	return false
}

// at resolves a date or date-time property; dates are midnight in loc.
func at(p *ical.Prop, zones map[string]*time.Location, loc *time.Location) (time.Time, error) {
	if p == nil {
		return time.Time{}, errors.New("missing")
	}
	if isDate(p) {
		return time.ParseInLocation("20060102", p.Value, loc)
	}
	if p.Params.Get(ical.PropTimezoneID) == "" && !strings.HasSuffix(p.Value, "Z") {
		// A floating time means the same wall-clock time wherever you are.
		return parseLocal(p.Value, loc)
	}
	t, err := when(p, zones)
	if err != nil && !t.IsZero() {
		return t, nil // an unknown zone was read as UTC: close enough for busy time
	}
	return t, err
}

func isDate(p *ical.Prop) bool {
	return p != nil && (strings.EqualFold(p.Params.Get("VALUE"), "DATE") || len(p.Value) == len("20060102"))
}

// parsePeriod reads an RFC 5545 PERIOD: start/end or start/duration, UTC.
func parsePeriod(s string) (Interval, error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Interval{}, fmt.Errorf("bad period %q", s)
	}
	start, err := time.Parse("20060102T150405Z", a)
	if err != nil {
		return Interval{}, fmt.Errorf("bad period start %q", a)
	}
	if strings.HasPrefix(b, "P") || strings.HasPrefix(b, "+P") {
		p := ical.NewProp(ical.PropDuration)
		p.Value = strings.TrimPrefix(b, "+")
		d, err := p.Duration()
		if err != nil {
			return Interval{}, fmt.Errorf("bad period duration %q", b)
		}
		return Interval{start, start.Add(d)}, nil
	}
	end, err := time.Parse("20060102T150405Z", b)
	if err != nil || end.Before(start) {
		return Interval{}, fmt.Errorf("bad period end %q", b)
	}
	return Interval{start, end}, nil
}

// Merge sorts intervals and joins the ones that overlap or touch.
func Merge(ivs []Interval) []Interval {
	if len(ivs) == 0 {
		return nil
	}
	s := append([]Interval(nil), ivs...)
	sort.Slice(s, func(i, j int) bool { return s[i].Start.Before(s[j].Start) })
	out := []Interval{s[0]}
	for _, iv := range s[1:] {
		last := &out[len(out)-1]
		if !iv.Start.After(last.End) {
			if iv.End.After(last.End) {
				last.End = iv.End
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}

// FetchTimeout bounds reading a busy calendar from a URL.
const FetchTimeout = 10 * time.Second

// ReadBusySource returns the text of a busy calendar: the file at path, or,
// when fetchURL is set, the body of an HTTP GET of that URL (only ever a
// URL the user configured; http and https only, within FetchTimeout).
func ReadBusySource(ctx context.Context, path, fetchURL string, client *http.Client) (string, error) {
	if fetchURL == "" {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("calendar: reading busy calendar: %w", err)
		}
		defer f.Close()
		return readLimited(f)
	}
	if !strings.HasPrefix(fetchURL, "https://") && !strings.HasPrefix(fetchURL, "http://") {
		return "", fmt.Errorf("calendar: busy calendar URL %q is not http or https", fetchURL)
	}
	if client == nil {
		client = &http.Client{Timeout: FetchTimeout}
	}
	ctx, cancel := context.WithTimeout(ctx, FetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fetchURL, nil)
	if err != nil {
		return "", fmt.Errorf("calendar: busy calendar URL: %w", err)
	}
	req.Header.Set("Accept", "text/calendar")
	req.Header.Set("User-Agent", "Sayyes")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("calendar: fetching busy calendar: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("calendar: fetching busy calendar: %s", resp.Status)
	}
	return readLimited(resp.Body)
}

func readLimited(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxBusyBytes+1))
	if err != nil {
		return "", fmt.Errorf("calendar: reading busy calendar: %w", err)
	}
	if len(b) > maxBusyBytes {
		return "", fmt.Errorf("calendar: busy calendar is over %d bytes", maxBusyBytes)
	}
	return string(b), nil
}
