package advice

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
)

func TestStatedPay(t *testing.T) {
	tests := []struct {
		text string
		want int
		ok   bool
	}{
		{"The salary is €45,000 per year.", 45000, true},
		{"Gehalt: 52.000 € brutto im Jahr", 52000, true},
		{"Salaire : 48 000 € par an", 48000, true},
		{"Salaire\u00a0: 48\u00a0000\u00a0€", 48000, true},
		{"Range: $120k-$140k", 140000, true},
		{"EUR 55k plus bonus", 55000, true},
		{"45,5k €", 45500, true},
		{"3.500 € brutto monatlich", 42000, true},
		{"Salario: 2.800 € al mes", 33600, true},
		{"£25 per hour", 0, false},
		{"a €50 travel allowance", 0, false},
		{"Call me on 0151 234 5678 on 10.03.2026", 0, false},
		{"We pay well.", 0, false},
	}
	for _, tt := range tests {
		got, ok := statedPay(tt.text)
		if got != tt.want || ok != tt.ok {
			t.Errorf("statedPay(%q) = %d, %v; want %d, %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDealBreakerHits(t *testing.T) {
	i := event.InvitationDetected{
		Message:   event.Message{Subject: "Interview: Data Engineer (night shifts)", Excerpt: "Our office is in Munich-Schwabing. Salary up to 50.000 EUR."},
		Detection: event.Detection{Location: "Leopoldstraße 1, München"},
	}
	hits := dealBreakerHits(i, config.DealBreakers{MinSalary: 60000, TooFar: []string{"Munich", "Hamburg"}, Keywords: []string{"Night Shifts", "shift"}})
	want := []string{"below your minimum of 60,000", "mentions Munich", `mentions "Night Shifts"`}
	if len(hits) != len(want) {
		t.Fatalf("hits = %q", hits)
	}
	for k, w := range want {
		if !strings.Contains(hits[k], w) {
			t.Errorf("hit %d = %q, want it to mention %q", k, hits[k], w)
		}
	}
	if hits := dealBreakerHits(i, config.DealBreakers{MinSalary: 50000}); len(hits) != 0 {
		t.Errorf("pay at the minimum is not a hit: %q", hits)
	}
	if hits := dealBreakerHits(i, config.DealBreakers{}); hits != nil {
		t.Errorf("no deal-breakers, hits %q", hits)
	}
}

func TestFreeWindows(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	friday := time.Date(2026, 3, 6, 16, 0, 0, 0, berlin)
	w, _ := config.ParseWindow("mon-fri 09:00-12:00")
	evening, _ := config.ParseWindow("tue thu 17:30-19:00")
	busy := []calendar.Interval{
		{Start: time.Date(2026, 3, 9, 8, 0, 0, 0, berlin), End: time.Date(2026, 3, 9, 12, 0, 0, 0, berlin)},     // Monday morning gone
		{Start: time.Date(2026, 3, 10, 9, 0, 0, 0, berlin), End: time.Date(2026, 3, 10, 10, 20, 0, 0, berlin)},  // Tuesday starts late
		{Start: time.Date(2026, 3, 11, 9, 30, 0, 0, berlin), End: time.Date(2026, 3, 11, 11, 45, 0, 0, berlin)}, // Wednesday: only short gaps
		{Start: time.Date(2026, 3, 12, 0, 0, 0, 0, berlin), End: time.Date(2026, 3, 13, 0, 0, 0, 0, berlin)},    // Thursday off
	}
	got := FreeWindows(friday, berlin, []config.Window{w, evening}, busy, 45*time.Minute, 3)
	want := []string{
		"Tue 10 Mar 10:30-12:00", // rounded up to the quarter hour
		"Fri 13 Mar 09:00-12:00", // Wednesday's gaps are too short, Thursday is busy, weekends are not available
		"Mon 16 Mar 09:00-12:00",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, iv := range got {
		s := fmt.Sprintf("%s-%s", iv.Start.In(berlin).Format("Mon 2 Jan 15:04"), iv.End.In(berlin).Format("15:04"))
		if s != want[k] {
			t.Errorf("window %d = %s, want %s", k, s, want[k])
		}
	}
	// Without availability: office hours, weekdays, at most three hours.
	got = FreeWindows(friday, berlin, nil, nil, time.Hour, 2)
	if len(got) != 2 || got[0].Start.In(berlin).Format("Mon 15:04") != "Mon 09:00" || got[0].End.Sub(got[0].Start) != 3*time.Hour {
		t.Errorf("default windows: %v", got)
	}
}

func TestAssessSlots(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	p := prof(config.Profile{Employment: "searching", Timezone: "Europe/Berlin", Availability: []string{"mon-fri 09:00-17:00"}})
	i := inv("Acme", "jane@acme.example", "invitation", "")
	i.Detection.ProposedTimes = []time.Time{at(-1, 10, 0), at(1, 16, 30), at(2, 10, 0), at(3, 11, 0)} // past, runs past 17:00, busy, fits
	i.Detection.Duration = 45 * time.Minute
	busy := []calendar.Interval{{Start: at(2, 9, 0), End: at(2, 10, 30)}}
	f := Assess(Input{Invitation: i, Profile: p, Busy: busy, Now: now})
	if !f.Slot.Equal(at(3, 11, 0)) || f.Conflict || len(f.Clashes) != 2 || len(f.Offered) != 3 {
		t.Errorf("facts = %+v", f)
	}
	if !f.Start.Equal(at(1, 16, 30)) || f.Soon {
		t.Errorf("start %v soon %v", f.Start.In(berlin), f.Soon)
	}
	// A scheduling link and no times: nothing to fit, nothing to offer.
	i.Detection.ProposedTimes, i.Detection.SchedulingURL = nil, "https://cal.example/acme"
	if f := Assess(Input{Invitation: i, Profile: p, Now: now}); f.Conflict || f.Offered != nil || !f.Slot.IsZero() {
		t.Errorf("scheduling link: %+v", f)
	}
	// Neither times nor a link: offer windows.
	i.Detection.SchedulingURL = ""
	if f := Assess(Input{Invitation: i, Profile: p, Now: now}); len(f.Offered) != 3 {
		t.Errorf("no times: offered %v", f.Offered)
	}
}
