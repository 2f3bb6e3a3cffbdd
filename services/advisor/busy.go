package advisor

import (
	"context"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
)

// busyHorizon is how far ahead busy time is read: interviews are proposed
// days, rarely weeks, ahead, and offered windows stay within two weeks.
const busyHorizon = 30 * 24 * time.Hour

// refetchAfter bounds how often a calendar URL is fetched.
const refetchAfter = 5 * time.Minute

// BusyCalendar reads profile.busy_calendar: a file whenever it changed, a
// URL (only the one the user configured) at most every refetchAfter. When
// a read fails, the last good copy is used and the failure reported.
type BusyCalendar struct {
	path, url string
	setupErr  error
	loc       *time.Location
	client    *http.Client

	mu      sync.Mutex
	text    string
	read    time.Time // when text was fetched (URL)
	modTime time.Time // of the file text came from
}

// NewBusyCalendar returns the reader for p's busy calendar; client may be
// nil (a client with calendar.FetchTimeout).
func NewBusyCalendar(p config.Profile, client *http.Client) *BusyCalendar {
	b := &BusyCalendar{loc: p.Location(), client: client}
	if p.BusyCalendar != "" {
		b.path, b.url, b.setupErr = config.BusySource(p.BusyCalendar)
	}
	if b.client == nil {
		b.client = &http.Client{Timeout: calendar.FetchTimeout}
	}
	return b
}

// Busy returns the busy intervals from now on, leaving out the
// invitation's own calendar event, and the problems met on the way (for
// the digest's warnings).
func (b *BusyCalendar) Busy(ctx context.Context, inv event.InvitationDetected, now time.Time) ([]calendar.Interval, []string) {
	if b == nil || b.path == "" && b.url == "" && b.setupErr == nil {
		return nil, nil
	}
	if b.setupErr != nil {
		return nil, []string{"Your busy calendar is not usable (" + b.setupErr.Error() + "), so proposed times were only checked against your availability."}
	}
	text, err := b.load(ctx, now)
	var warnings []string
	if err != nil {
		if text == "" {
			return nil, []string{"Your busy calendar could not be read (" + err.Error() + "), so proposed times were only checked against your availability."}
		}
		warnings = append(warnings, "Your busy calendar could not be refreshed ("+err.Error()+"); an earlier copy was used.")
	}
	var skip []string
	if inv.Detection.Calendar != "" {
		if evs, err := calendar.Parse(inv.Detection.Calendar); err == nil {
			for _, e := range evs {
				skip = append(skip, e.UID)
			}
		}
	}
	busy, notes, err := calendar.Busy(text, now, now.Add(busyHorizon), b.loc, skip...)
	if err != nil {
		return nil, append(warnings, "Your busy calendar could not be read ("+err.Error()+"), so proposed times were only checked against your availability.")
	}
	if len(notes) > 0 {
		warnings = append(warnings, "Some entries of your busy calendar were not understood; the rest was used.")
	}
	return busy, warnings
}

// load returns the calendar text, reusing what it has when it is current.
func (b *BusyCalendar) load(ctx context.Context, now time.Time) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.url == "" {
		st, err := os.Stat(b.path)
		if err != nil {
			return b.text, err
		}
		if b.text != "" && st.ModTime().Equal(b.modTime) {
			return b.text, nil
		}
		text, err := calendar.ReadBusySource(ctx, b.path, "", nil)
		if err != nil {
			return b.text, err
		}
		b.text, b.modTime = text, st.ModTime()
		return text, nil
	}
	if b.text != "" && now.Sub(b.read) < refetchAfter && now.After(b.read) {
		return b.text, nil
	}
	text, err := calendar.ReadBusySource(ctx, "", b.url, b.client)
	if err != nil {
		return b.text, err
	}
	b.text, b.read = text, now
	return text, nil
}
