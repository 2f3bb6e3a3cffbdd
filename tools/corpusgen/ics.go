package main

import (
	"fmt"
	"strings"
	"time"
)

type attendee struct {
	Name, Email, Role, PartStat string
}

type event struct {
	UID, Summary, Description, Location, URL string
	Start, End                               time.Time
	OrgName, OrgEmail                        string
	Attendees                                []attendee
	TZMode                                   string // iana, windows, utc
	Sequence                                 int
	ProdID                                   string
	Stamp                                    time.Time
	Method                                   string
}

var windowsZones = map[string]string{
	"Europe/Berlin": "W. Europe Standard Time", "Europe/Vienna": "W. Europe Standard Time", "Europe/Zurich": "W. Europe Standard Time",
	"Europe/Paris": "Romance Standard Time", "Europe/Madrid": "Romance Standard Time", "Europe/Brussels": "Romance Standard Time",
	"Europe/London": "GMT Standard Time", "Europe/Dublin": "GMT Standard Time",
	"America/New_York": "Eastern Standard Time", "America/Toronto": "Eastern Standard Time",
	"America/Chicago": "Central Standard Time", "America/Denver": "Mountain Standard Time", "America/Los_Angeles": "Pacific Standard Time",
	"America/Mexico_City": "Central Standard Time (Mexico)", "America/Bogota": "SA Pacific Standard Time",
	"America/Argentina/Buenos_Aires": "Argentina Standard Time", "Asia/Singapore": "Singapore Standard Time",
	"Australia/Sydney": "AUS Eastern Standard Time",
}

func icsEscape(s string) string {
	r := strings.NewReplacer("\\", "\\\\", ";", "\\;", ",", "\\,", "\n", "\\n")
	return r.Replace(s)
}

// icsFold folds a content line at 75 octets without splitting UTF-8
// sequences (RFC 5545 section 3.1).
func icsFold(line string) string {
	if len(line) <= 75 {
		return line
	}
	var b strings.Builder
	n := 0
	limit := 75
	for _, r := range line {
		l := len(string(r))
		if n+l > limit {
			b.WriteString("\r\n ")
			n = 1
			limit = 75
		}
		b.WriteRune(r)
		n += l
	}
	return b.String()
}

func offStr(sec int) string {
	sign := "+"
	if sec < 0 {
		sign = "-"
		sec = -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, (sec%3600)/60)
}

func vtimezone(tzid, iana string) []string {
	type rule struct {
		std, dst           int // offsets in seconds
		stdName, dstName   string
		stdStart, dstStart string
		stdRule, dstRule   string
	}
	var ru rule
	switch zoneFamily(iana) {
	case "cet":
		ru = rule{3600, 7200, "CET", "CEST", "19701025T030000", "19700329T020000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"}
	case "uk", "ie":
		ru = rule{0, 3600, "GMT", "BST", "19701025T020000", "19700329T010000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"}
		if zoneFamily(iana) == "ie" {
			ru.dstName = "IST"
		}
	case "us-east", "us-central", "us-mountain", "us-pacific":
		base := map[string]int{"us-east": -5, "us-central": -6, "us-mountain": -7, "us-pacific": -8}[zoneFamily(iana)]
		l := map[string]string{"us-east": "E", "us-central": "C", "us-mountain": "M", "us-pacific": "P"}[zoneFamily(iana)]
		ru = rule{base * 3600, (base + 1) * 3600, l + "ST", l + "DT", "19701101T020000", "19700308T020000", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"}
	case "au":
		ru = rule{10 * 3600, 11 * 3600, "AEST", "AEDT", "19700405T030000", "19701004T020000", "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU", "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU"}
	default:
		loc, _ := time.LoadLocation(iana)
		name, off := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Zone()
		return []string{"BEGIN:VTIMEZONE", "TZID:" + tzid, "BEGIN:STANDARD", "DTSTART:19700101T000000",
			"TZOFFSETFROM:" + offStr(off), "TZOFFSETTO:" + offStr(off), "TZNAME:" + name, "END:STANDARD", "END:VTIMEZONE"}
	}
	return []string{"BEGIN:VTIMEZONE", "TZID:" + tzid,
		"BEGIN:STANDARD", "DTSTART:" + ru.stdStart, "RRULE:" + ru.stdRule, "TZOFFSETFROM:" + offStr(ru.dst), "TZOFFSETTO:" + offStr(ru.std), "TZNAME:" + ru.stdName, "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:" + ru.dstStart, "RRULE:" + ru.dstRule, "TZOFFSETFROM:" + offStr(ru.std), "TZOFFSETTO:" + offStr(ru.dst), "TZNAME:" + ru.dstName, "END:DAYLIGHT",
		"END:VTIMEZONE"}
}

func (e event) ics() string {
	method := e.Method
	if method == "" {
		method = "REQUEST"
	}
	ls := []string{"BEGIN:VCALENDAR", "PRODID:" + e.ProdID, "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:" + method}
	iana := e.Start.Location().String()
	var dtStart, dtEnd string
	switch e.TZMode {
	case "utc":
		dtStart = "DTSTART:" + e.Start.UTC().Format("20060102T150405Z")
		dtEnd = "DTEND:" + e.End.UTC().Format("20060102T150405Z")
	default:
		tzid := iana
		if e.TZMode == "windows" {
			tzid = windowsZones[iana]
		}
		ls = append(ls, vtimezone(tzid, iana)...)
		q := tzid
		if strings.ContainsAny(tzid, " ,;:") {
			q = "\"" + tzid + "\""
		}
		dtStart = "DTSTART;TZID=" + q + ":" + e.Start.Format("20060102T150405")
		dtEnd = "DTEND;TZID=" + q + ":" + e.End.Format("20060102T150405")
	}
	ls = append(ls, "BEGIN:VEVENT", dtStart, dtEnd, "DTSTAMP:"+e.Stamp.UTC().Format("20060102T150405Z"))
	org := "ORGANIZER"
	if e.OrgName != "" {
		org += ";CN=" + quoteParam(e.OrgName)
	}
	ls = append(ls, org+":mailto:"+e.OrgEmail, "UID:"+e.UID)
	for _, a := range e.Attendees {
		role := a.Role
		if role == "" {
			role = "REQ-PARTICIPANT"
		}
		ps := a.PartStat
		if ps == "" {
			ps = "NEEDS-ACTION"
		}
		ls = append(ls, "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE="+role+";PARTSTAT="+ps+";RSVP=TRUE;CN="+quoteParam(a.Name)+":mailto:"+a.Email)
	}
	ls = append(ls, "SUMMARY:"+icsEscape(e.Summary))
	if e.Description != "" {
		ls = append(ls, "DESCRIPTION:"+icsEscape(e.Description))
	}
	if e.Location != "" {
		ls = append(ls, "LOCATION:"+icsEscape(e.Location))
	}
	if e.URL != "" {
		ls = append(ls, "URL:"+e.URL)
	}
	ls = append(ls, fmt.Sprintf("SEQUENCE:%d", e.Sequence), "STATUS:CONFIRMED", "TRANSP:OPAQUE",
		"BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Reminder", "TRIGGER:-PT15M", "END:VALARM",
		"END:VEVENT", "END:VCALENDAR")
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(icsFold(l))
		b.WriteString("\n")
	}
	return b.String()
}

func quoteParam(s string) string {
	if strings.ContainsAny(s, ",;:") {
		return "\"" + strings.ReplaceAll(s, "\"", "") + "\""
	}
	return s
}
