package calendar

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const busyICS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VTIMEZONE
TZID:Custom Zone
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0100
TZOFFSETTO:+0100
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:standup@example
DTSTAMP:20260301T000000Z
DTSTART;TZID=Europe/Berlin:20260302T093000
DTEND;TZID=Europe/Berlin:20260302T094500
RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR
EXDATE;TZID=Europe/Berlin:20260304T093000
SUMMARY:Stand-up
END:VEVENT
BEGIN:VEVENT
UID:standup@example
RECURRENCE-ID;TZID=Europe/Berlin:20260305T093000
DTSTAMP:20260301T000000Z
DTSTART;TZID=Europe/Berlin:20260305T110000
DTEND;TZID=Europe/Berlin:20260305T111500
SUMMARY:Stand-up (moved)
END:VEVENT
BEGIN:VEVENT
UID:review@example
DTSTAMP:20260301T000000Z
DTSTART;TZID=W. Europe Standard Time:20260303T140000
DURATION:PT2H
SUMMARY:Quarterly review
END:VEVENT
BEGIN:VEVENT
UID:custom@example
DTSTAMP:20260301T000000Z
DTSTART;TZID=Custom Zone:20260303T170000
DTEND;TZID=Custom Zone:20260303T173000
END:VEVENT
BEGIN:VEVENT
UID:holiday@example
DTSTAMP:20260301T000000Z
DTSTART;VALUE=DATE:20260306
DTEND;VALUE=DATE:20260307
SUMMARY:Day off
END:VEVENT
BEGIN:VEVENT
UID:free@example
DTSTAMP:20260301T000000Z
DTSTART:20260302T120000Z
DTEND:20260302T130000Z
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:cancelled@example
DTSTAMP:20260301T000000Z
DTSTART:20260302T150000Z
DTEND:20260302T160000Z
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:outside@example
DTSTAMP:20260301T000000Z
DTSTART:20260401T150000Z
DTEND:20260401T160000Z
END:VEVENT
END:VCALENDAR
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
END:VCALENDAR
`

func TestBusy(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, berlin)
	to := from.AddDate(0, 0, 5) // Monday to Friday inclusive, until Saturday 00:00
	busy, notes, err := Busy(busyICS, from, to, berlin)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) > 0 {
		t.Errorf("notes: %q", notes)
	}
	b := func(d, h, m int, dur time.Duration) Interval {
		s := time.Date(2026, 3, d, h, m, 0, 0, berlin)
		return Interval{s, s.Add(dur)}
	}
	want := []Interval{
		b(2, 9, 30, 15*time.Minute), // stand-up Monday; the transparent and cancelled events do not count
		b(3, 9, 30, 15*time.Minute),
		b(3, 14, 0, 2*time.Hour),    // Windows zone name resolved
		b(3, 17, 0, 30*time.Minute), // custom VTIMEZONE, +01:00
		// Wednesday's stand-up is excluded by EXDATE
		b(5, 11, 0, 15*time.Minute), // Thursday's moved to 11:00
		// Friday is a day off, which swallows its stand-up.
		{time.Date(2026, 3, 6, 0, 0, 0, 0, berlin), time.Date(2026, 3, 7, 0, 0, 0, 0, berlin)},
	}
	if utc(busy) != utc(want) {
		t.Errorf("busy =\n%v\nwant\n%v", busy, want)
	}
}

func TestBusySkipsUIDs(t *testing.T) {
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	all, _, _ := Busy(busyICS, from, from.AddDate(0, 0, 5), time.UTC)
	some, _, err := Busy(busyICS, from, from.AddDate(0, 0, 5), time.UTC, "review@example", "custom@example")
	if err != nil || len(some) != len(all)-2 {
		t.Errorf("skipping two events: %d of %d intervals left (%v)", len(some), len(all), err)
	}
}

func TestBusyFreeBusy(t *testing.T) {
	fb := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VFREEBUSY\r\nUID:fb\r\nDTSTAMP:20260301T000000Z\r\n" +
		"FREEBUSY:20260302T080000Z/20260302T090000Z,20260302T100000Z/PT30M\r\n" +
		"FREEBUSY;FBTYPE=FREE:20260302T120000Z/20260302T130000Z\r\n" +
		"FREEBUSY;FBTYPE=BUSY-TENTATIVE:20260302T083000Z/20260302T093000Z\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n"
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	busy, _, err := Busy(fb, from, from.Add(24*time.Hour), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	h := func(hh, mm int) time.Time { return time.Date(2026, 3, 2, hh, mm, 0, 0, time.UTC) }
	want := []Interval{{h(8, 0), h(9, 30)}, {h(10, 0), h(10, 30)}}
	if utc(busy) != utc(want) {
		t.Errorf("busy = %v, want %v", busy, want)
	}
}

func TestBusyBadInput(t *testing.T) {
	if _, _, err := Busy("not a calendar", time.Now(), time.Now().Add(time.Hour), nil); err == nil {
		t.Error("garbage accepted")
	}
	if _, _, err := Busy(strings.Repeat("x", maxBusyBytes+1), time.Now(), time.Now(), nil); err == nil {
		t.Error("oversized calendar accepted")
	}
	// An event with a broken start is reported, the rest still counts.
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:bad\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:yesterday\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:ok\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260302T080000Z\r\nDTEND:20260302T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	busy, notes, err := Busy(ics, from, from.Add(24*time.Hour), time.UTC)
	if err != nil || len(busy) != 1 || len(notes) != 1 || !strings.Contains(notes[0], "bad") {
		t.Errorf("busy %v, notes %q, err %v", busy, notes, err)
	}
	// A runaway rule is bounded.
	ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:spam\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260302T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	busy, notes, err = Busy(ics, from, from.Add(72*time.Hour), time.UTC)
	if err != nil || len(busy) > maxOccurrences || len(notes) != 1 {
		t.Errorf("runaway rule: %d intervals, notes %q, err %v", len(busy), notes, err)
	}
}

func TestMerge(t *testing.T) {
	h := func(hh int) time.Time { return time.Date(2026, 1, 1, hh, 0, 0, 0, time.UTC) }
	got := Merge([]Interval{{h(5), h(6)}, {h(1), h(3)}, {h(2), h(4)}, {h(4), h(5)}, {h(8), h(9)}})
	want := []Interval{{h(1), h(6)}, {h(8), h(9)}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Merge = %v, want %v", got, want)
	}
	if Merge(nil) != nil {
		t.Error("Merge(nil) != nil")
	}
}

func TestReadBusySource(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "busy.ics")
	if err := os.WriteFile(p, []byte(busyICS), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadBusySource(context.Background(), p, "", nil)
	if err != nil || got != busyICS {
		t.Fatalf("file: %v", err)
	}
	if _, err := ReadBusySource(context.Background(), filepath.Join(dir, "missing.ics"), "", nil); err == nil {
		t.Error("missing file accepted")
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok.ics":
			w.Header().Set("Content-Type", "text/calendar")
			fmt.Fprint(w, busyICS)
		case "/slow.ics":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	got, err = ReadBusySource(context.Background(), "", srv.URL+"/ok.ics", srv.Client())
	if err != nil || got != busyICS {
		t.Errorf("URL: %v", err)
	}
	if _, err := ReadBusySource(context.Background(), "", srv.URL+"/gone.ics", srv.Client()); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("404: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := ReadBusySource(ctx, "", srv.URL+"/slow.ics", srv.Client()); err == nil || time.Since(start) > 3*time.Second {
		t.Errorf("slow server: err %v after %v", err, time.Since(start))
	}
	if _, err := ReadBusySource(context.Background(), "", "ftp://example.com/x.ics", nil); err == nil {
		t.Error("ftp URL accepted")
	}
}

// utc prints intervals as instants, whatever zone they were read in.
func utc(ivs []Interval) string {
	var b strings.Builder
	for _, iv := range ivs {
		fmt.Fprintf(&b, "[%s %s] ", iv.Start.UTC().Format(time.RFC3339), iv.End.UTC().Format(time.RFC3339))
	}
	return b.String()
}
