package advisor

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/advice"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/templates"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // Monday

func set(t *testing.T) *templates.Set {
	t.Helper()
	s, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func profile(edit func(*config.Profile)) config.Profile {
	c := config.Config{Profile: config.Profile{Name: "Ada Lovelace", Employment: "searching", Timezone: "Europe/Berlin"}}
	if edit != nil {
		edit(&c.Profile)
	}
	c.Defaults()
	return c.Profile
}

const request = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Acme//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n" +
	"UID:iv-1@acme.example\r\nDTSTAMP:20260301T100000Z\r\nDTSTART:20260303T140000Z\r\nDTEND:20260303T150000Z\r\n" +
	"ORGANIZER:mailto:jane@acme.example\r\nATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ada@example.com\r\n" +
	"END:VEVENT\r\nEND:VCALENDAR\r\n"

func invitation() event.InvitationDetected {
	return event.InvitationDetected{
		V: 1, ID: "inv1", Account: "personal", DetectedAt: now,
		Message: event.Message{
			MessageID: "m1@acme.example", Subject: "Interview", Language: "en",
			From: event.Address{Name: "Jane Roe", Address: "jane@acme.example"},
			To:   []event.Address{{Name: "Ada", Address: "ada@example.com"}},
		},
		Detection: event.Detection{
			IsInvitation: true, Kind: "invitation", Company: "Acme", Role: "Backend Engineer",
			ProposedTimes: []time.Time{time.Date(2026, 3, 3, 14, 0, 0, 0, time.UTC)},
			Calendar:      request,
		},
	}
}

func TestAdvise(t *testing.T) {
	s := set(t)
	out, err := Advise(s, advice.Input{Invitation: invitation(), Profile: profile(nil), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if out.Recommendation != event.RecommendAccept || len(out.Reasons) == 0 || len(out.ReasonGuidance) != len(out.Reasons) {
		t.Fatalf("advice: %s, %d reasons, %d citations", out.Recommendation, len(out.Reasons), len(out.ReasonGuidance))
	}
	if !out.Slot.Equal(invitation().Detection.ProposedTimes[0]) || !out.AdvisedAt.Equal(now) {
		t.Errorf("slot %v advised %v", out.Slot, out.AdvisedAt)
	}
	acc := out.Drafts[0]
	if acc.Kind != event.DraftAccept || !strings.Contains(acc.Calendar, "PARTSTAT=ACCEPTED") || !strings.Contains(acc.Body, "accepted the calendar invitation") {
		t.Errorf("accept draft:\n%s\n%s", acc.Body, acc.Calendar)
	}
	again, _ := Advise(s, advice.Input{Invitation: invitation(), Profile: profile(nil), Now: now})
	if !reflect.DeepEqual(out, again) {
		t.Error("Advise is not deterministic")
	}

	// Signed elsewhere: the decline answers the calendar request too.
	out, err = Advise(s, advice.Input{Invitation: invitation(), Profile: profile(func(p *config.Profile) { p.AcceptedOffer = true }), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if out.Recommendation != event.RecommendDecline || !strings.Contains(out.Drafts[0].Calendar, "PARTSTAT=DECLINED") || !strings.Contains(out.Drafts[0].Body, "accepted a position elsewhere") {
		t.Errorf("decline: %s\n%s", out.Recommendation, out.Drafts[0].Body)
	}
}

func TestAdviseWithBusyFile(t *testing.T) {
	dir := t.TempDir()
	ics := filepath.Join(dir, "busy.ics")
	busy := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" +
		// The interview itself is already in the diary: it must not clash with itself.
		"BEGIN:VEVENT\r\nUID:iv-1@acme.example\r\nDTSTAMP:20260301T100000Z\r\nDTSTART:20260303T140000Z\r\nDTEND:20260303T150000Z\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	if err := os.WriteFile(ics, []byte(busy), 0o600); err != nil {
		t.Fatal(err)
	}
	p := profile(func(p *config.Profile) { p.BusyCalendar = ics; p.Employment = "employed" })
	b := NewBusyCalendar(p, nil)
	iv, warnings := b.Busy(context.Background(), invitation(), now)
	if len(warnings) > 0 || len(iv) != 0 {
		t.Fatalf("own event counted as busy: %v %q", iv, warnings)
	}
	// A team meeting is added at the proposed time: now it clashes.
	meeting := strings.Replace(busy, "END:VCALENDAR", "BEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20260301T100000Z\r\nDTSTART:20260303T133000Z\r\nDTEND:20260303T143000Z\r\nEND:VEVENT\r\nEND:VCALENDAR", 1)
	if err := os.WriteFile(ics, []byte(meeting), 0o600); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Second)
	os.Chtimes(ics, later, later) // make sure the change is seen
	iv, warnings = b.Busy(context.Background(), invitation(), now)
	if len(warnings) > 0 || len(iv) != 1 {
		t.Fatalf("busy = %v %q", iv, warnings)
	}
	out, err := Advise(set(t), advice.Input{Invitation: invitation(), Profile: p, Busy: iv, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if out.Recommendation != event.RecommendReschedule || len(out.Offered) < 2 || out.Drafts[0].Kind != event.DraftReschedule {
		t.Fatalf("recommendation %s, offered %v", out.Recommendation, out.Offered)
	}
	if !strings.Contains(out.Drafts[0].Body, "I could offer any of the following (CET, Europe/Berlin)") || out.Drafts[0].Calendar != "" {
		t.Errorf("reschedule draft:\n%s", out.Drafts[0].Body)
	}
	// The file disappears: advice goes on, with a warning.
	os.Remove(ics)
	if _, warnings := NewBusyCalendar(p, nil).Busy(context.Background(), invitation(), now); len(warnings) != 1 || !strings.Contains(warnings[0], "could not be read") {
		t.Errorf("missing file: %q", warnings)
	}
}

func TestBusyCalendarURL(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		if n == 2 {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:m\r\nDTSTAMP:20260301T100000Z\r\nDTSTART:20260303T133000Z\r\nDTEND:20260303T143000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	}))
	defer srv.Close()
	p := profile(func(p *config.Profile) { p.BusyCalendar = srv.URL + "/cal.ics" })
	b := NewBusyCalendar(p, srv.Client())
	for i, at := range []time.Time{now, now.Add(time.Minute), now.Add(6 * time.Minute), now.Add(12 * time.Minute)} {
		iv, warnings := b.Busy(context.Background(), invitation(), at)
		if len(iv) != 1 {
			t.Fatalf("call %d: busy %v %q", i, iv, warnings)
		}
		if (i == 2) != (len(warnings) == 1) {
			t.Errorf("call %d: warnings %q", i, warnings)
		}
	}
	if n := hits.Load(); n != 3 {
		t.Errorf("%d fetches for 4 calls within 12 minutes, want a refetch only every 5 minutes", n)
	}
	// Nothing configured: nothing fetched, nothing read.
	if iv, w := NewBusyCalendar(profile(nil), nil).Busy(context.Background(), invitation(), now); iv != nil || w != nil {
		t.Errorf("unconfigured: %v %q", iv, w)
	}
}
