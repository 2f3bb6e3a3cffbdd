package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

const requestICS = "BEGIN:VCALENDAR\r\n" +
	"VERSION:2.0\r\n" +
	"PRODID:-//Acme//Recruiting//EN\r\n" +
	"METHOD:REQUEST\r\n" +
	"BEGIN:VTIMEZONE\r\n" +
	"TZID:W. Europe Standard Time\r\n" +
	"BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n" +
	"END:VTIMEZONE\r\n" +
	"BEGIN:VEVENT\r\n" +
	"UID:interview-42@acme.example\r\n" +
	"SEQUENCE:2\r\n" +
	"DTSTAMP:20260301T090000Z\r\n" +
	"DTSTART;TZID=W. Europe Standard Time:20260310T150000\r\n" +
	"DTEND;TZID=W. Europe Standard Time:20260310T154500\r\n" +
	"SUMMARY:Interview: Backend Engineer\r\n" +
	"DESCRIPTION:Internal notes the reply must not echo\r\n" +
	"LOCATION:Room 1\r\n" +
	"ORGANIZER;CN=\"Jane Recruiter, Acme\":mailto:jane@acme.example\r\n" +
	"ATTENDEE;CN=Hiring Manager;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:boss@acme.example\r\n" +
	"ATTENDEE;CN=Ada Lovelace;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:MAILTO:Ada@Example.com\r\n" +
	"END:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

func TestReply(t *testing.T) {
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for _, ps := range []string{PartStatAccepted, PartStatDeclined} {
		t.Run(ps, func(t *testing.T) {
			out, err := Reply(requestICS, []string{"ada@example.com"}, ps, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.SplitAfter(out, "\r\n") {
				if len(strings.TrimSuffix(line, "\r\n")) > 75 {
					t.Errorf("line over 75 octets: %q", line)
				}
			}
			// Parse it back, as the organiser's calendar would.
			cal, err := ical.NewDecoder(strings.NewReader(out)).Decode()
			if err != nil {
				t.Fatalf("reply does not parse: %v\n%s", err, out)
			}
			if m := cal.Props.Get(ical.PropMethod); m == nil || m.Value != "REPLY" {
				t.Errorf("METHOD = %v", m)
			}
			if p := cal.Props.Get(ical.PropProductID); p == nil || p.Value != ProductID {
				t.Errorf("PRODID = %v", p)
			}
			evs := cal.Events()
			if len(evs) != 1 {
				t.Fatalf("%d events", len(evs))
			}
			ev := evs[0]
			get := func(name string) string {
				if p := ev.Props.Get(name); p != nil {
					return p.Value
				}
				return ""
			}
			if get(ical.PropUID) != "interview-42@acme.example" || get(ical.PropSequence) != "2" {
				t.Errorf("UID %q SEQUENCE %q", get(ical.PropUID), get(ical.PropSequence))
			}
			if get(ical.PropDateTimeStamp) != "20260302T080000Z" {
				t.Errorf("DTSTAMP = %q, want the reply's creation time", get(ical.PropDateTimeStamp))
			}
			org := ev.Props.Get(ical.PropOrganizer)
			if org == nil || !strings.EqualFold(org.Value, "mailto:jane@acme.example") || org.Params.Get("CN") != "Jane Recruiter, Acme" {
				t.Errorf("ORGANIZER = %+v", org)
			}
			atts := ev.Props.Values(ical.PropAttendee)
			if len(atts) != 1 {
				t.Fatalf("REPLY has %d attendees, want only the one replying (RFC 5546 section 3.2.3)", len(atts))
			}
			a := atts[0]
			if !strings.EqualFold(mailto(a.Value), "ada@example.com") || a.Params.Get("PARTSTAT") != ps || a.Params.Get("RSVP") != "" || a.Params.Get("CN") != "Ada Lovelace" {
				t.Errorf("ATTENDEE = %+v", a)
			}
			if get(ical.PropDescription) != "" || get(ical.PropLocation) != "" {
				t.Error("reply echoes the description or location")
			}
			// The times still resolve: the VTIMEZONE came along.
			evs2, err := Parse(strings.Replace(out, "METHOD:REPLY", "METHOD:REPLY", 1))
			if err != nil {
				t.Fatal(err)
			}
			if want := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC); !evs2[0].Start.Equal(want) || len(evs2[0].Problems) > 0 {
				t.Errorf("start = %v (problems %q), want %v", evs2[0].Start, evs2[0].Problems, want)
			}
		})
	}
}

func TestReplyAttendeeChoice(t *testing.T) {
	now := time.Now()
	// Not among the attendees: no reply rather than a reply for someone else.
	if _, err := Reply(requestICS, []string{"someone@else.example"}, PartStatAccepted, now); err == nil {
		t.Error("replied for an attendee who is not the user")
	}
	single := strings.Replace(requestICS, "ATTENDEE;CN=Hiring Manager;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:boss@acme.example\r\n", "", 1)
	out, err := Reply(single, []string{"alias@example.net"}, PartStatDeclined, now)
	if err != nil {
		t.Fatalf("only attendee: %v", err)
	}
	if !strings.Contains(out, "PARTSTAT=DECLINED") {
		t.Errorf("reply:\n%s", out)
	}
}

func TestReplyRefuses(t *testing.T) {
	now := time.Now()
	publish := strings.Replace(requestICS, "METHOD:REQUEST", "METHOD:PUBLISH", 1)
	if _, err := Reply(publish, []string{"ada@example.com"}, PartStatAccepted, now); !errors.Is(err, ErrNotRequest) {
		t.Errorf("PUBLISH: %v", err)
	}
	noMethod := strings.Replace(requestICS, "METHOD:REQUEST\r\n", "", 1)
	if _, err := Reply(noMethod, []string{"ada@example.com"}, PartStatAccepted, now); !errors.Is(err, ErrNotRequest) {
		t.Errorf("no METHOD: %v", err)
	}
	noOrg := strings.Replace(requestICS, "ORGANIZER;CN=\"Jane Recruiter, Acme\":mailto:jane@acme.example\r\n", "", 1)
	if _, err := Reply(noOrg, []string{"ada@example.com"}, PartStatAccepted, now); err == nil {
		t.Error("REQUEST without ORGANIZER accepted")
	}
	if _, err := Reply(requestICS, []string{"ada@example.com"}, "TENTATIVE", now); err == nil {
		t.Error("unsupported PARTSTAT accepted")
	}
	if _, err := Reply("BEGIN:VCALENDAR\r\nBEGIN:VEVENT;X=\"a\"b:c\r\n", nil, PartStatAccepted, now); err == nil {
		t.Error("garbage accepted")
	}
}

func TestFold(t *testing.T) {
	long := "SUMMARY:" + strings.Repeat("é", 60) + "\r\n"
	got := fold(long)
	for _, l := range strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets", len(l))
		}
	}
	unfolded := strings.ReplaceAll(got, "\r\n ", "")
	if unfolded != long {
		t.Errorf("folding lost content:\n%q\n%q", unfolded, long)
	}
}
