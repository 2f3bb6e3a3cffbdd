package calendar

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

// Participation statuses a reply can carry (RFC 5545 section 3.2.12).
const (
	PartStatAccepted = "ACCEPTED"
	PartStatDeclined = "DECLINED"
)

// ErrNotRequest means the calendar object is not a METHOD:REQUEST, so
// there is nothing to reply to.
var ErrNotRequest = errors.New("calendar: not a METHOD:REQUEST object")

// ProductID names Sayyes in the calendar objects it writes.
const ProductID = "-//Sayyes//Sayyes interview assistant//EN"

// Reply builds the iTIP REPLY (RFC 5546 section 3.2.3) that answers the
// REQUEST in request with partstat, so the organiser's calendar records
// the answer. The reply carries the event's UID, SEQUENCE, RECURRENCE-ID
// (when the request was for one instance), ORGANIZER and times, and
// exactly one ATTENDEE: the user, found among the request's attendees by
// one of self's addresses (or the only attendee, if there is just one).
// DTSTAMP is now: in an object with a METHOD it is when that object was
// created (RFC 5545 section 3.8.7.2), which is how an organiser tells a
// later reply from an earlier one with the same SEQUENCE.
func Reply(request string, self []string, partstat string, now time.Time) (string, error) {
	if partstat != PartStatAccepted && partstat != PartStatDeclined {
		return "", fmt.Errorf("calendar: unsupported PARTSTAT %q", partstat)
	}
	if len(request) > maxCalendarBytes {
		return "", fmt.Errorf("calendar: object is %d bytes, over the %d limit", len(request), maxCalendarBytes)
	}
	cal, err := decodeSafely(request)
	if err != nil {
		return "", err
	}
	if p := cal.Props.Get(ical.PropMethod); p == nil || !strings.EqualFold(strings.TrimSpace(p.Value), "REQUEST") {
		return "", ErrNotRequest
	}
	ev := master(cal)
	if ev == nil {
		return "", errors.New("calendar: REQUEST has no VEVENT")
	}
	uid := ev.Props.Get(ical.PropUID)
	org := ev.Props.Get(ical.PropOrganizer)
	if uid == nil || strings.TrimSpace(uid.Value) == "" || org == nil {
		return "", errors.New("calendar: REQUEST lacks UID or ORGANIZER (RFC 5546 section 3.2.2)")
	}
	me, err := findAttendee(ev.Props.Values(ical.PropAttendee), self)
	if err != nil {
		return "", err
	}

	out := ical.NewEvent()
	out.Props.Set(clean(uid))
	stamp := ical.NewProp(ical.PropDateTimeStamp)
	stamp.SetDateTime(now.UTC())
	out.Props.Set(stamp)
	out.Props.Set(clean(org))
	att := clean(&me)
	att.Params.Set("PARTSTAT", partstat)
	att.Params.Del("RSVP")
	out.Props.Set(att)
	for _, name := range []string{ical.PropSequence, ical.PropRecurrenceID, ical.PropDateTimeStart, ical.PropDateTimeEnd, ical.PropDuration, ical.PropSummary} {
		if p := ev.Props.Get(name); p != nil {
			out.Props.Set(clean(p))
		}
	}

	reply := ical.NewCalendar()
	reply.Props.SetText(ical.PropProductID, ProductID)
	reply.Props.SetText(ical.PropVersion, "2.0")
	reply.Props.SetText(ical.PropMethod, "REPLY")
	// Times with a TZID need their VTIMEZONE in the same object.
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			reply.Children = append(reply.Children, c)
		}
	}
	reply.Children = append(reply.Children, out.Component)
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(reply); err != nil {
		return "", fmt.Errorf("calendar: encoding REPLY: %w", err)
	}
	return fold(buf.String()), nil
}

func decodeSafely(text string) (cal *ical.Calendar, err error) {
	defer func() {
		if p := recover(); p != nil {
			cal, err = nil, fmt.Errorf("calendar: decoding: malformed content line: %v", p)
		}
	}()
	cal, err = ical.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		return nil, fmt.Errorf("calendar: decoding: %w", err)
	}
	return cal, nil
}

// master is the VEVENT a reply answers: the one without RECURRENCE-ID
// (the series), else the first.
func master(cal *ical.Calendar) *ical.Component {
	var first *ical.Component
	for _, c := range cal.Children {
		if c.Name != ical.CompEvent {
			continue
		}
		if c.Props.Get(ical.PropRecurrenceID) == nil {
			return c
		}
		if first == nil {
			first = c
		}
	}
	return first
}

func findAttendee(atts []ical.Prop, self []string) (ical.Prop, error) {
	for _, a := range atts {
		addr := mailto(a.Value)
		for _, s := range self {
			if s != "" && strings.EqualFold(addr, strings.TrimSpace(s)) {
				return a, nil
			}
		}
	}
	if len(atts) == 1 {
		return atts[0], nil
	}
	return ical.Prop{}, fmt.Errorf("calendar: none of the %d attendees is you (%s)", len(atts), strings.Join(self, ", "))
}

// clean copies p without parameter values go-ical cannot encode (a double
// quote is not allowed inside a parameter value, RFC 5545 section 3.1).
func clean(p *ical.Prop) *ical.Prop {
	cp := &ical.Prop{Name: p.Name, Value: strings.NewReplacer("\r", "", "\n", "").Replace(p.Value), Params: ical.Params{}}
	for k, vs := range p.Params {
		for _, v := range vs {
			cp.Params.Add(k, strings.ReplaceAll(v, `"`, ""))
		}
	}
	return cp
}

// fold breaks content lines longer than 75 octets (RFC 5545 section 3.1)
// with CRLF and a space, never inside a UTF-8 sequence.
func fold(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\r\n") {
		body := strings.TrimSuffix(line, "\r\n")
		limit := 75
		for len(body) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
			b.WriteString(body[:cut])
			b.WriteString("\r\n ")
			body = body[cut:]
			limit = 74 // the leading space counts
		}
		b.WriteString(body)
		if strings.HasSuffix(line, "\r\n") {
			b.WriteString("\r\n")
		}
	}
	return b.String()
}
