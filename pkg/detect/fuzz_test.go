package detect_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

const fuzzInvitation = "From: Dana Whitfield <dana@acme.example>\r\nTo: alex@example.com\r\nSubject: Interview invitation: Site Reliability Engineer at Acme\r\nDate: Tue, 10 Mar 2026 09:00:00 +0100\r\nMessage-ID: <inv-1@acme.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHi Alex,\r\n\r\nThanks for applying for the Site Reliability Engineer position. We would like to invite you to a video interview on Thursday at 15:00. Here is the link: https://meet.google.com/abc-defg-hij or book a slot at https://calendly.com/acme/interview\r\n\r\nDana\r\nAcme Talent Team\r\n"

const fuzzCalendarInvitation = "From: recruiting@greenhouse.io\r\nReply-To: dana@acme.example\r\nSubject: =?UTF-8?Q?Einladung_zum_Vorstellungsgespr=C3=A4ch?=\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>Wir m&ouml;chten Sie zum Interview einladen.</p><a href=\"https://zoom.us/j/123\">Zoom</a>\r\n--b\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Interview with Acme - Platform Engineer\r\nDTSTART;TZID=W. Europe Standard Time:20261203T150000\r\nDTEND;TZID=W. Europe Standard Time:20261203T153000\r\nLOCATION:Room 1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n--b--\r\n"

const fuzzRejection = "From: Acme Careers <careers@acme.example>\r\nSubject: Your application\r\n\r\nThank you for your interview last week. Unfortunately we have decided to move forward with other candidates.\r\n> On Monday, Dana wrote:\r\n> We would like to invite you to an interview\r\n"

// FuzzClassify parses and classifies arbitrary mail: no panic, a score in
// [0,1], single-line extracted fields and a result that can be published
// as JSON. Inputs that once failed live in testdata/fuzz/FuzzClassify.
//
//	go test -run '^$' -fuzz '^FuzzClassify$' -fuzztime 60s ./pkg/detect/
func FuzzClassify(f *testing.F) {
	for _, s := range []string{fuzzInvitation, fuzzCalendarInvitation, fuzzRejection} {
		f.Add([]byte(s))
	}
	// The small files of the hostile corpus (see tools/hostilegen).
	paths, _ := filepath.Glob("../../testdata/hostile/*.eml")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil && len(b) <= 8<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
		if err != nil {
			return
		}
		r := detect.Classify(m)
		if r.Score < 0 || r.Score > 1 {
			t.Fatalf("score %v outside [0,1]", r.Score)
		}
		for k, v := range map[string]string{
			"Kind": r.Kind, "Company": r.Company, "Role": r.Role, "Stage": r.Stage, "Format": r.Format,
			"MeetingURL": r.MeetingURL, "SchedulingURL": r.SchedulingURL, "SchedulingVendor": r.SchedulingVendor,
			"Location": r.Location, "Language": r.Language,
		} {
			if !utf8.ValidString(v) {
				t.Fatalf("%s = %q is not UTF-8", k, v)
			}
			for _, c := range v {
				if unicode.IsControl(c) || c == '\u2028' || c == '\u2029' {
					t.Fatalf("%s = %q contains %U", k, v, c)
				}
			}
		}
		if r.IsInvitation && r.Kind == "" {
			t.Fatal("an invitation without a kind")
		}
		if len(r.Reasons) == 0 {
			t.Fatal("a decision without a reason")
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("result cannot be published: %v", err)
		}
		if strings.Contains(r.MeetingURL, " ") || strings.Contains(r.SchedulingURL, " ") {
			t.Fatalf("URL with a space: %q %q", r.MeetingURL, r.SchedulingURL)
		}
	})
}

// FuzzProposedTimes fuzzes the time extraction through Classify: a body
// full of dates, clock times and zones in four languages, resolved against
// a fuzzed Date header. Every proposed time must be publishable as JSON
// and the list sorted.
//
//	go test -run '^$' -fuzz '^FuzzProposedTimes$' -fuzztime 60s ./pkg/detect/
func FuzzProposedTimes(f *testing.F) {
	for _, s := range []struct{ date, body string }{
		{"Tue, 10 Mar 2026 09:00:00 +0100", "Would Thursday 12 March at 3pm EST or Friday 13/03/2026 14:30 (heure de Paris) work for an interview?"},
		{"Mon, 9 Mar 2026 17:30:00 +0100", "Wir laden Sie zum Vorstellungsgespräch am Dienstag, 10.03. um 14 Uhr ein, alternativ morgen 10:00-11:00 Uhr MEZ."},
		{"Fri, 31 Dec 9999 23:59:59 -1200", "Entretien le jeudi 5 décembre à 10h30, ou demain à 9h UTC+14."},
		{"Sat, 1 Jan 0000 00:00:00 +1400", "Entrevista pasado mañana a las 4 de la tarde, o el 29 de febrero a las 25:61."},
		{"", "Interview on 12/31/9999 at 11:59 pm UTC-12 or 01/01/0000 at 12:00 am UTC+14"},
		{"garbage", "next Monday at 99:99, tomorrow 3pm PST, 2026-02-30 10am"},
	} {
		f.Add(s.date, s.body)
	}
	f.Fuzz(func(t *testing.T, date, body string) {
		raw := "From: Dana <dana@acme.example>\r\nSubject: Interview invitation\r\nDate: " + date + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
		m, err := mailmsg.Parse([]byte(raw), mailmsg.DefaultLimits)
		if err != nil {
			return
		}
		r := detect.Classify(m)
		for i, pt := range r.ProposedTimes {
			if pt.IsZero() {
				t.Fatalf("proposed time %d is zero", i)
			}
			if _, err := json.Marshal(pt); err != nil {
				t.Fatalf("proposed time %v cannot be published: %v", pt, err)
			}
			if i > 0 && pt.Before(r.ProposedTimes[i-1]) {
				t.Fatalf("proposed times not sorted: %v", r.ProposedTimes)
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("result cannot be published: %v", err)
		}
	})
}
