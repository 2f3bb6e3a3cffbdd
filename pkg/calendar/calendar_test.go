package calendar

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// ics wraps VEVENT (and any VTIMEZONE) lines in a VCALENDAR with method,
// in the CRLF line ends RFC 5545 section 3.1 requires.
func ics(method string, body ...string) string {
	lines := []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Sayyes test//EN"}
	if method != "" {
		lines = append(lines, "METHOD:"+method)
	}
	lines = append(lines, body...)
	lines = append(lines, "END:VCALENDAR")
	return strings.Join(lines, "\r\n") + "\r\n"
}

func vevent(props ...string) []string {
	return append(append([]string{"BEGIN:VEVENT", "UID:interview-1@acme.example", "DTSTAMP:20260301T120000Z"}, props...), "END:VEVENT")
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParse(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	newYork := mustLoad(t, "America/New_York")

	customZone := []string{
		"BEGIN:VTIMEZONE", "TZID:Custom Zone 1",
		"BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
		"END:VTIMEZONE",
	}
	outlookZone := []string{
		"BEGIN:VTIMEZONE", "TZID:Eastern Standard Time",
		"BEGIN:STANDARD", "DTSTART:16010101T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "END:STANDARD",
		"BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "END:DAYLIGHT",
		"END:VTIMEZONE",
	}

	tests := []struct {
		name string
		text string
		want Event
	}{
		{
			name: "request in UTC",
			text: ics("REQUEST", vevent(
				"SEQUENCE:2",
				"SUMMARY:Interview: Backend Engineer",
				`DESCRIPTION:Round one\, with the team\nBring questions.`,
				"LOCATION:Video call",
				"URL:https://meet.example/abc",
				"ORGANIZER;CN=Jane Recruiter:mailto:jane@acme.example",
				"ATTENDEE;CN=Ada;RSVP=TRUE:mailto:ada@example.com",
				"ATTENDEE:MAILTO:bob@acme.example",
				"DTSTART:20260310T140000Z",
				"DTEND:20260310T150000Z",
			)...),
			want: Event{
				Method: "REQUEST", UID: "interview-1@acme.example", Sequence: 2,
				Summary: "Interview: Backend Engineer", Description: "Round one, with the team\nBring questions.",
				Location: "Video call", URL: "https://meet.example/abc",
				Organizer: "jane@acme.example", Attendees: []string{"ada@example.com", "bob@acme.example"},
				Start: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC),
				End:   time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC),
			},
		},
		{
			name: "TZID Europe/Berlin",
			text: ics("REQUEST", vevent("DTSTART;TZID=Europe/Berlin:20260310T100000", "DTEND;TZID=Europe/Berlin:20260310T110000")...),
			want: Event{
				Method: "REQUEST", UID: "interview-1@acme.example",
				Start: time.Date(2026, 3, 10, 10, 0, 0, 0, berlin),
				End:   time.Date(2026, 3, 10, 11, 0, 0, 0, berlin),
			},
		},
		{
			name: "TZID Europe/Berlin in summer time",
			text: ics("REQUEST", vevent("DTSTART;TZID=Europe/Berlin:20260715T100000", "DTEND;TZID=Europe/Berlin:20260715T110000")...),
			want: Event{
				Method: "REQUEST", UID: "interview-1@acme.example",
				Start: time.Date(2026, 7, 15, 8, 0, 0, 0, time.UTC),
				End:   time.Date(2026, 7, 15, 9, 0, 0, 0, time.UTC),
			},
		},
		{
			name: "Windows zone name, quoted",
			text: ics("REQUEST", append(outlookZone, vevent(`DTSTART;TZID="Eastern Standard Time":20260715T090000`, `DTEND;TZID="Eastern Standard Time":20260715T100000`)...)...),
			want: Event{
				Method: "REQUEST", UID: "interview-1@acme.example",
				// July: daylight time in New York, which the Windows name maps to.
				Start: time.Date(2026, 7, 15, 9, 0, 0, 0, newYork),
				End:   time.Date(2026, 7, 15, 10, 0, 0, 0, newYork),
			},
		},
		{
			name: "Windows zone name, unquoted",
			text: ics("REQUEST", vevent("DTSTART;TZID=W. Europe Standard Time:20260310T100000", "DTEND;TZID=W. Europe Standard Time:20260310T110000")...),
			want: Event{
				Method: "REQUEST", UID: "interview-1@acme.example",
				Start: time.Date(2026, 3, 10, 10, 0, 0, 0, berlin),
				End:   time.Date(2026, 3, 10, 11, 0, 0, 0, berlin),
			},
		},
		{
			name: "custom TZID through VTIMEZONE",
			text: ics("REQUEST", append(customZone, vevent(`DTSTART;TZID=Custom Zone 1:20260310T100000`, `DTEND;TZID="Custom Zone 1":20260310T110000`)...)...),
			want: Event{
				Method: "REQUEST", UID: "interview-1@acme.example",
				Start: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC),
				End:   time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC),
			},
		},
		{
			name: "DURATION instead of DTEND",
			text: ics("REQUEST", vevent("DTSTART:20260310T140000Z", "DURATION:PT45M")...),
			want: Event{
				Method: "REQUEST", UID: "interview-1@acme.example",
				Start: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC),
				End:   time.Date(2026, 3, 10, 14, 45, 0, 0, time.UTC),
			},
		},
		{
			name: "floating time read as UTC",
			text: ics("REQUEST", vevent("DTSTART:20260310T140000")...),
			want: Event{
				Method: "REQUEST", UID: "interview-1@acme.example",
				Start: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC),
			},
		},
		{
			name: "cancel, lower-case method",
			text: ics("cancel", vevent("SEQUENCE:3", "STATUS:CANCELLED", "DTSTART:20260310T140000Z")...),
			want: Event{
				Method: "CANCEL", UID: "interview-1@acme.example", Sequence: 3,
				Start: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC),
			},
		},
		{
			name: "no method",
			text: ics("", vevent("DTSTART;VALUE=DATE:20260310")...),
			want: Event{
				UID:   "interview-1@acme.example",
				Start: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 1 {
				t.Fatalf("%d events, want 1", len(evs))
			}
			got := evs[0]
			if !got.Start.Equal(tt.want.Start) || !got.End.Equal(tt.want.End) {
				t.Errorf("start, end = %v, %v; want %v, %v", got.Start, got.End, tt.want.Start, tt.want.End)
			}
			got.Start, got.End, tt.want.Start, tt.want.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		problem string
		start   time.Time
	}{
		{"unknown zone read as UTC", ics("REQUEST", vevent("DTSTART;TZID=Atlantis/Poseidonis:20260310T100000")...), `unknown time zone "Atlantis/Poseidonis"`, time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)},
		{"path-like zone refused", ics("REQUEST", vevent("DTSTART;TZID=../../../etc/passwd:20260310T100000")...), "unknown time zone", time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)},
		{"absolute path zone refused", ics("REQUEST", vevent("DTSTART;TZID=/etc/localtime:20260310T100000")...), "unknown time zone", time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)},
		{"missing DTSTART", ics("REQUEST", vevent("SUMMARY:No time")...), "DTSTART: missing", time.Time{}},
		{"bad DTSTART", ics("REQUEST", vevent("DTSTART;TZID=Europe/Berlin:next tuesday")...), "DTSTART: bad date-time", time.Time{}},
		{"bad DTEND", ics("REQUEST", vevent("DTSTART:20260310T100000Z", "DTEND:soon")...), "DTEND", time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			e := evs[0]
			if !strings.Contains(strings.Join(e.Problems, "; "), tt.problem) {
				t.Errorf("problems = %q, want one containing %q", e.Problems, tt.problem)
			}
			if !e.Start.Equal(tt.start) {
				t.Errorf("start = %v, want %v", e.Start, tt.start)
			}
		})
	}
}

func TestParseMultipleEvents(t *testing.T) {
	text := ics("REQUEST",
		"BEGIN:VEVENT", "UID:a@x", "DTSTAMP:20260301T120000Z", "DTSTART:20260310T090000Z", "END:VEVENT",
		"BEGIN:VEVENT", "UID:b@x", "DTSTAMP:20260301T120000Z", "DTSTART:20260311T090000Z", "END:VEVENT",
	)
	evs, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].UID != "a@x" || evs[1].UID != "b@x" || evs[1].Method != "REQUEST" {
		t.Errorf("events = %+v", evs)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "decoding"},
		{"no VEVENT", ics("REQUEST", "BEGIN:VTODO", "UID:t@x", "DTSTAMP:20260301T120000Z", "END:VTODO"), "no VEVENT"},
		{"oversized", ics("REQUEST", vevent("DESCRIPTION:"+strings.Repeat("x", 300<<10))...), "over the"},
		{"garbage", "this is not a calendar\r\nat all\r\n", "decoding"},
		{"binary", "\x00\xff\xfe\x01BEGIN:\x00", "decoding"},
		{"unterminated", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", "decoding"},
		{"mismatched END", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n", "decoding"},
		{"not a calendar", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n", "decoding"},
		{"bad param quoting", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=\"unterminated:20260310T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "decoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				evs []Event
				err error
			)
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("Parse panicked: %v", p)
					}
				}()
				evs, err = Parse(tt.text)
			}()
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", evs)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestParseOffset(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"+0100", 3600, true},
		{"-0500", -5 * 3600, true},
		{"+0530", 5*3600 + 30*60, true},
		{"+013015", 3600 + 30*60 + 15, true},
		{" -0000 ", 0, true},
		{"0100", 0, false},
		{"+1", 0, false},
		{"+ab00", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseOffset(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseOffset(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
