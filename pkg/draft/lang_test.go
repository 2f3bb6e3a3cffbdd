package draft

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/templates"
)

var update = flag.Bool("update", false, "rewrite golden files")

var kinds = []string{event.DraftAccept, event.DraftDecline, event.DraftCancel, event.DraftReschedule}

// plans are the situations each kind is drafted for in the golden files.
func plans(loc *time.Location) map[string][]Plan {
	slot := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	offered := []calendar.Interval{
		{Start: time.Date(2026, 3, 11, 9, 0, 0, 0, loc), End: time.Date(2026, 3, 11, 12, 0, 0, 0, loc)},
		{Start: time.Date(2026, 3, 12, 14, 30, 0, 0, loc), End: time.Date(2026, 3, 12, 16, 0, 0, 0, loc)},
		{Start: time.Date(2026, 3, 13, 10, 0, 0, 0, loc), End: time.Date(2026, 3, 13, 11, 0, 0, 0, loc)},
	}
	return map[string][]Plan{
		event.DraftAccept:     {{Slot: slot, Start: slot}, {Start: slot, Offered: offered}},
		event.DraftDecline:    {{Start: slot}, {Start: slot, Because: "accepted-offer"}, {Start: slot, Because: "not-looking"}},
		event.DraftCancel:     {{Start: slot}, {Start: slot, Because: "accepted-offer", Soon: true}},
		event.DraftReschedule: {{Start: slot, Offered: offered}, {Start: slot}},
	}
}

// TestDraftsGolden renders every kind in every language and tone, in the
// situations above, into one file per language, so the texts can be read
// and reviewed as a whole. Run with -update after changing a template.
func TestDraftsGolden(t *testing.T) {
	set := loadTemplates(t)
	loc, _ := time.LoadLocation("Europe/Berlin")
	for _, lang := range templates.Languages {
		var b strings.Builder
		for _, tone := range []string{config.ToneFormal, config.ToneWarm} {
			for _, kind := range kinds {
				for i, plan := range plans(loc)[kind] {
					inv, p := invitation(), profile()
					inv.Message.Language = lang
					p.Tone, p.OfferReferral = tone, kind == event.DraftDecline && i == 0
					d, err := Compose(set, inv, p, kind, plan)
					if err != nil {
						t.Fatal(err)
					}
					fmt.Fprintf(&b, "==== %s %s %s #%d\n%s\n", kind, lang, tone, i+1, d.Body)
					checkBody(t, lang, tone, kind, d.Body)
				}
			}
		}
		golden := filepath.Join("testdata", "drafts."+lang+".golden")
		if *update {
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if b.String() != string(want) {
			t.Errorf("%s drafts changed; run go test ./pkg/draft -update and review the diff.\n%s", lang, b.String())
		}
	}
}

// checkBody holds for every draft: fully rendered, greeted and signed in
// the right language, wrapped sensibly.
func checkBody(t *testing.T, lang, tone, kind, body string) {
	t.Helper()
	greetings := map[string][2]string{ // formal, warm
		"en": {"Dear Jane,", "Hi Jane,"},
		"de": {"Guten Tag Jane Recruiter,", "Hallo Jane,"},
		"fr": {"Bonjour Jane Recruiter,", "Bonjour Jane,"},
		"es": {"Buenos días, Jane Recruiter:", "Hola, Jane:"},
	}
	g := greetings[lang][0]
	if tone == config.ToneWarm {
		g = greetings[lang][1]
	}
	where := lang + " " + tone + " " + kind
	if !strings.HasPrefix(body, g+"\n\n") {
		t.Errorf("%s: greeting is not %q:\n%s", where, g, body)
	}
	if !strings.HasSuffix(body, "\nAda Lovelace\n") {
		t.Errorf("%s: not signed with the profile name:\n%s", where, body)
	}
	for _, bad := range []string{"<no value>", "{{", "  ", " .", " ,", "..", "\n\n\n"} {
		if strings.Contains(body, bad) {
			t.Errorf("%s: body contains %q:\n%s", where, bad, body)
		}
	}
	if kind != event.DraftCancel && !strings.Contains(body, "Acme") {
		t.Errorf("%s: company missing:\n%s", where, body)
	}
	if !strings.Contains(body, "Backend Engineer") {
		t.Errorf("%s: role missing:\n%s", where, body)
	}
}

func TestDraftLanguagesAndTones(t *testing.T) {
	set := loadTemplates(t)
	loc, _ := time.LoadLocation("Europe/Berlin")
	offered := plans(loc)[event.DraftReschedule][0]
	tests := []struct {
		lang, tone, kind string
		plan             Plan
		want             []string
	}{
		{"de", "formal", event.DraftAccept, Plan{}, []string{"Der Termin am Dienstag, 10. März 2026, 15:00 Uhr CET (Europe/Berlin) passt mir gut", "Mit freundlichen Grüßen\nAda Lovelace"}},
		{"de", "warm", event.DraftReschedule, offered, []string{"einer dieser Termine passen (CET, Europe/Berlin)?", "- Mittwoch, 11. März, 09:00 bis 12:00 Uhr", "Viele Grüße"}},
		{"fr", "formal", event.DraftAccept, Plan{}, []string{"Le créneau du mardi 10 mars 2026 à 15 h 00 CET (Europe/Berlin) me convient", "Bien cordialement,"}},
		{"fr", "warm", event.DraftReschedule, offered, []string{"- jeudi 12 mars, de 14 h 30 à 16 h 00"}},
		{"es", "formal", event.DraftCancel, Plan{Start: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC), Soon: true}, []string{"prevista para el martes 10 de marzo de 2026, a las 15:00 CET", "tan poca antelación", "Un cordial saludo,"}},
		{"es", "warm", event.DraftDecline, Plan{Because: "accepted-offer"}, []string{"Acabo de aceptar una oferta"}},
		{"en", "warm", event.DraftAccept, offered, []string{"Any of these would work nicely for me (CET, Europe/Berlin):\n\n- Wednesday 11 March, 09:00 to 12:00\n- Thursday 12 March, 14:30 to 16:00\n- Friday 13 March, 10:00 to 11:00"}},
		{"en", "formal", event.DraftReschedule, offered, []string{"Tuesday 10 March 2026, 15:00 CET (Europe/Berlin) does not work for me", "I could offer any of the following (CET, Europe/Berlin)"}},
		// A tone with no template of its own falls back to the language's default.
		{"de", "chatty", event.DraftAccept, Plan{}, []string{"Guten Tag Jane Recruiter,"}},
		// An unknown language falls back to English in the same tone.
		{"it", "warm", event.DraftAccept, Plan{}, []string{"Hi Jane,"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.tone+"/"+tt.kind, func(t *testing.T) {
			inv, p := invitation(), profile()
			inv.Message.Language, p.Tone = tt.lang, tt.tone
			d, err := Compose(set, inv, p, tt.kind, tt.plan)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(d.Body, w) {
					t.Errorf("body lacks %q:\n%s", w, d.Body)
				}
			}
		})
	}
}

func TestDraftReferralOnlyWhenOffered(t *testing.T) {
	set := loadTemplates(t)
	inv, p := invitation(), profile()
	d, _ := Compose(set, inv, p, event.DraftDecline, Plan{})
	if strings.Contains(d.Body, "my network") {
		t.Errorf("referral offered without offer_referral:\n%s", d.Body)
	}
	p.OfferReferral = true
	d, _ = Compose(set, inv, p, event.DraftDecline, Plan{})
	if !strings.Contains(d.Body, "someone from my network") {
		t.Errorf("no referral with offer_referral:\n%s", d.Body)
	}
}

const requestICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Acme//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n" +
	"UID:iv-7@acme.example\r\nSEQUENCE:1\r\nDTSTAMP:20260301T100000Z\r\n" +
	"DTSTART:20260310T140000Z\r\nDTEND:20260310T150000Z\r\nSUMMARY:Interview\r\n" +
	"ORGANIZER;CN=Jane Recruiter:mailto:jane@acme.example\r\n" +
	"ATTENDEE;CN=Ada Lovelace;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ada@example.com\r\n" +
	"ATTENDEE;CN=Boss;PARTSTAT=ACCEPTED:mailto:boss@acme.example\r\n" +
	"END:VEVENT\r\nEND:VCALENDAR\r\n"

// TestCalendarReplies: the drafts answer a METHOD:REQUEST so the
// organiser's calendar updates (RFC 5546 section 3.2.3), and the replies
// survive the trip through a MIME message.
func TestCalendarReplies(t *testing.T) {
	set := loadTemplates(t)
	slot := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		kind     string
		plan     Plan
		partstat string // "" for no reply
		phrase   string
	}{
		{event.DraftAccept, Plan{Slot: slot, Start: slot}, "ACCEPTED", "accepted the calendar invitation"},
		{event.DraftDecline, Plan{Start: slot}, "DECLINED", "declined the calendar invitation"},
		{event.DraftCancel, Plan{Start: slot}, "DECLINED", "declined the calendar invitation"},
		{event.DraftReschedule, Plan{Start: slot}, "", ""},
		// The accept confirms another proposed time: accepting the
		// calendar's time would be wrong.
		{event.DraftAccept, Plan{Slot: slot.Add(24 * time.Hour), Start: slot}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+tt.partstat, func(t *testing.T) {
			inv := invitation()
			inv.Message.To = []event.Address{{Address: "ada@example.com"}}
			inv.Detection.Calendar = requestICS
			tt.plan.Self, tt.plan.Now = []string{"ada@example.com"}, now
			d, err := Compose(set, inv, profile(), tt.kind, tt.plan)
			if err != nil {
				t.Fatal(err)
			}
			if tt.partstat == "" {
				if d.Calendar != "" || strings.Contains(d.Body, "calendar invitation") {
					t.Errorf("unexpected calendar reply:\n%s\n%s", d.Calendar, d.Body)
				}
				return
			}
			if !strings.Contains(d.Body, tt.phrase) {
				t.Errorf("body does not mention the calendar reply:\n%s", d.Body)
			}
			raw, _, err := Build(d, event.Address{Name: "Ada Lovelace", Address: "ada@example.com"}, inv.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(raw), "method=REPLY") {
				t.Fatalf("no text/calendar; method=REPLY part:\n%s", raw)
			}
			msg, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if len(msg.Calendars) != 1 {
				t.Fatalf("parsed message has %d calendar parts:\n%s", len(msg.Calendars), raw)
			}
			cal, err := ical.NewDecoder(strings.NewReader(msg.Calendars[0])).Decode()
			if err != nil {
				t.Fatalf("calendar part does not parse: %v\n%s", err, msg.Calendars[0])
			}
			if m := cal.Props.Get(ical.PropMethod); m == nil || m.Value != "REPLY" {
				t.Errorf("METHOD = %v", m)
			}
			ev := cal.Events()[0]
			if ev.Props.Get(ical.PropUID).Value != "iv-7@acme.example" || ev.Props.Get(ical.PropSequence).Value != "1" {
				t.Errorf("UID/SEQUENCE not carried over")
			}
			atts := ev.Props.Values(ical.PropAttendee)
			if len(atts) != 1 || !strings.EqualFold(atts[0].Value, "mailto:ada@example.com") || atts[0].Params.Get("PARTSTAT") != tt.partstat {
				t.Errorf("attendees = %+v, want only ada with %s", atts, tt.partstat)
			}
			if org := ev.Props.Get(ical.PropOrganizer); org == nil || !strings.EqualFold(org.Value, "mailto:jane@acme.example") {
				t.Errorf("ORGANIZER = %v", org)
			}
		})
	}
}
