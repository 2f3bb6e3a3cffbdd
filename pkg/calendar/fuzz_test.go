package calendar_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/calendar"
)

// FuzzCalendar feeds arbitrary text to Parse: it must return events or an
// error that says it is a calendar error, never panic, and stay fast.
// Inputs that once failed live in testdata/fuzz/FuzzCalendar.
//
//	go test -run '^$' -fuzz '^FuzzCalendar$' -fuzztime 60s ./pkg/calendar/
func FuzzCalendar(f *testing.F) {
	for _, s := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:1@x\r\nDTSTART;TZID=America/New_York:20261203T150000\r\nDTEND;TZID=America/New_York:20261203T153000\r\nSUMMARY:Interview with Acme\r\nLOCATION:https://teams.microsoft.com/l/meetup-join/abc\r\nORGANIZER;CN=\"Dana, Recruiter\":mailto:dana@acme.example\r\nATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:alex@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VTIMEZONE\r\nTZID:Custom Zone 1\r\nBEGIN:STANDARD\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Custom Zone 1:20260310T100000\r\nDURATION:PT45M\r\nSEQUENCE:2\r\nDESCRIPTION:Line one\\nline two\\, with comma\r\n  folded\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260310\nDTSTART;TZID=W. Europe Standard Time:20260310T100000\nEND:VEVENT\nEND:VCALENDAR\n",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=\"unterminated:20260310T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nATTENDEE;CN=\"Dana\"x:mailto:d@x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=../../../../etc/passwd:20260312T140000\r\nDURATION:P99999999999999999999W\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		strings.Repeat("BEGIN:VEVENT\r\n", 50),
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		start := time.Now()
		evs, err := calendar.Parse(text)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("Parse took %v on %d bytes", d, len(text))
		}
		if err != nil {
			if evs != nil || !strings.HasPrefix(err.Error(), "calendar: ") {
				t.Fatalf("Parse = %d events, %v; want no events and a calendar error", len(evs), err)
			}
			return
		}
		if len(evs) == 0 {
			t.Fatal("no events and no error")
		}
		for _, ev := range evs {
			// Start is published as a proposed time.
			if _, err := json.Marshal(ev.Start); err != nil {
				t.Fatalf("DTSTART %v cannot be published: %v", ev.Start, err)
			}
		}
	})
}

// TestParseHostileParams covers the content lines go-ical cannot take:
// it panics on two of them and is quadratic in parameter length.
func TestParseHostileParams(t *testing.T) {
	const head = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260312T140000Z\r\n"
	const tail = "END:VEVENT\r\nEND:VCALENDAR\r\n"
	tests := []struct {
		name, text, wantErr string // wantErr "" means Parse must succeed
	}{
		{"parameters without a value", head + "DTSTART;TZID=Europe/Berlin\r\n" + tail, "parameters but no value"},
		{"junk after a quoted parameter", head + "ATTENDEE;CN=\"Dana\"x:mailto:d@x\r\n" + tail, "malformed content line"},
		{"200 KB parameter", head + "X-A;X-B=" + strings.Repeat("a", 200<<10) + ":v\r\n" + tail, "over 1024 bytes"},
		{"60 KB quoted parameter, folded", head + "X-A;CN=\"" + strings.Repeat("b\r\n ", 60<<10) + "\":v\r\n" + tail, "over 1024 bytes"},
		{"huge parameter after a nested calendar", "BEGIN:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nX;P=" + strings.Repeat("c", 100<<10) + ":v\r\nEND:VCALENDAR\r\n", "over 1024 bytes"},
		{"quoted colon and commas are fine", head + "ORGANIZER;CN=\"Dana: Recruiter, Acme\";ROLE=CHAIR:mailto:d@x\r\n" + tail, ""},
		{"text after the calendar is not read", head + tail + "Regards; Dana\r\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			evs, err := calendar.Parse(tt.text)
			if d := time.Since(start); d > time.Second {
				t.Errorf("Parse took %v", d)
			}
			if tt.wantErr == "" {
				if err != nil || len(evs) != 1 {
					t.Fatalf("Parse = %d events, %v; want 1 event", len(evs), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "calendar: decoding: ") {
				t.Fatalf("Parse error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestParseHostileZones: a calendar naming thousands of unknown zones
// costs a bounded number of zone-database lookups (each allocates tens of
// kilobytes); its events still parse, read as UTC with a problem.
func TestParseHostileZones(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nDTSTART;TZID=Mars/Crater%d:20260312T140000\r\nEND:VEVENT\r\n", i)
	}
	b.WriteString("BEGIN:VEVENT\r\nDTSTART;TZID=Mars/Crater1:20260312T140000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	evs, err := calendar.Parse(b.String())
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3001 {
		t.Fatalf("%d events, want 3001", len(evs))
	}
	for _, ev := range evs {
		if len(ev.Problems) != 1 || !strings.Contains(ev.Problems[0], "unknown time zone") || ev.Start.IsZero() {
			t.Fatalf("event = %+v, want a start read as UTC and an unknown-zone problem", ev)
		}
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("Parse allocated %d MB, want under 32 MB", alloc>>20)
	}
}
