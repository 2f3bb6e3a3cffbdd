package digest_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/advice"
	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/digest"
	"github.com/sayyes/sayyes/pkg/draft"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/templates"
)

var update = flag.Bool("update", false, "rewrite golden files")

func advised(subject, company, role, fromName string) event.InvitationAdvised {
	return event.InvitationAdvised{
		V: 1, ID: "abc123", Account: "me", Recommendation: event.RecommendAccept,
		AdvisedAt: time.Date(2026, 11, 20, 10, 0, 5, 0, time.UTC),
		Reasons:   []string{"Say yes: it is practice."},
		Guidance:  []event.Guidance{{ID: "g1", Stance: "reason", Title: "Practice", Text: "Real interviews teach most.", Sources: []string{"seed:000#reason-1"}}},
		Drafts:    []event.Draft{{Kind: "accept", Subject: "Re: " + subject, To: []event.Address{{Name: fromName, Address: "kim@globex.example"}}}},
		Invitation: event.InvitationDetected{
			ID: "abc123", Account: "me", DetectedAt: time.Date(2026, 11, 20, 10, 0, 4, 0, time.UTC),
			Source:    event.Source{Mailbox: "INBOX"},
			Message:   event.Message{MessageID: "inv-1@globex.example", Subject: subject, From: event.Address{Name: fromName, Address: "kim@globex.example"}},
			Detection: event.Detection{IsInvitation: true, Company: company, Role: role, MeetingURL: "https://zoom.us/j/1", ProposedTimes: []time.Time{time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)}},
		},
	}
}

func render(t *testing.T, a event.InvitationAdvised) (digest.View, string, string) {
	t.Helper()
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	v := digest.NewView(digest.Input{Advised: a, Location: loc, Folder: "Drafts", Health: "Watching INBOX."})
	text, html, err := digest.Render(set, v)
	if err != nil {
		t.Fatal(err)
	}
	return v, text, html
}

func TestTextGolden(t *testing.T) {
	_, text, _ := render(t, advised("Interview invitation", "Globex", "Data Engineer", "Kim Lee"))
	golden := filepath.Join("testdata", "digest.txt.golden")
	if *update {
		os.WriteFile(golden, []byte(text), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if text != string(want) {
		t.Errorf("text digest changed; run go test ./pkg/digest -update and review.\n--- got\n%s\n--- want\n%s", text, want)
	}
}

// Everything that comes from the email must be escaped in HTML and kept
// out of headers.
func TestHostileContentIsEscaped(t *testing.T) {
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	a := advised("Hi\r\nBcc: victim@example.com "+evil, "Evil"+evil, `"><b>role`, "Kim\r\nX-Injected: yes")
	a.Invitation.Detection.MeetingURL = "javascript:alert(3)"
	v, _, html := render(t, a)
	for _, bad := range []string{"<script>", "<img src=x", `"><b>role`, `href="javascript:`} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML contains unescaped %q", bad)
		}
	}
	msg, _, err := digest.Build(v, "text", html, event.Address{Address: "me@example.com"}, "me@example.com", a.Invitation.Message, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	parsed, err := mailmsg.Parse(buf.Bytes(), mailmsg.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Header.Has("Bcc") || parsed.Header.Has("X-Injected") {
		t.Error("email content injected a header into the digest")
	}
	for _, want := range []string{"X-Sayyes-Invitation", "X-Sayyes-Recommendation", "References", "Auto-Submitted"} {
		if !parsed.Header.Has(want) {
			t.Errorf("digest lacks %s", want)
		}
	}
	if got := parsed.References; len(got) != 1 || got[0] != "inv-1@globex.example" {
		t.Errorf("References = %v", got)
	}
}

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// advise runs the real advice engine and drafting, as the advisor does.
func advise(t *testing.T, inv event.InvitationDetected, p config.Profile, busy ...calendar.Interval) event.InvitationAdvised {
	t.Helper()
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	c := config.Config{Profile: p}
	c.Defaults()
	p = c.Profile
	a := advice.Recommend(advice.Input{Invitation: inv, Profile: p, Busy: busy, Now: now}, set.Guidance)
	out := event.InvitationAdvised{
		V: 1, ID: inv.ID, Account: inv.Account, AdvisedAt: now, Invitation: inv,
		Recommendation: a.Recommendation, Reasons: a.Texts(), ReasonGuidance: a.Citations(), Guidance: a.Guidance, Slot: a.Facts.Slot,
	}
	for _, w := range a.Facts.Offered {
		out.Offered = append(out.Offered, event.Span{Start: w.Start, End: w.End})
	}
	for _, kind := range a.DraftKinds {
		d, err := draft.Compose(set, inv, p, kind, draft.Plan{Slot: a.Facts.Slot, Start: a.Facts.Start, Offered: a.Facts.Offered, Soon: a.Facts.Soon, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		out.Drafts = append(out.Drafts, d)
	}
	return out
}

func richInvitation() event.InvitationDetected {
	return event.InvitationDetected{
		V: 1, ID: "rich1", Account: "me", DetectedAt: now.Add(-time.Minute),
		Source: event.Source{Mailbox: "INBOX"},
		Message: event.Message{
			MessageID: "inv-9@initech.example", Subject: "Second interview: Platform Engineer", Language: "en",
			From: event.Address{Name: "Sam Ortiz", Address: "sam@initech.example"},
			To:   []event.Address{{Address: "ada@example.com"}},
		},
		Detection: event.Detection{
			IsInvitation: true, Kind: "invitation", Company: "Initech", Role: "Platform Engineer", Stage: "second-round", Format: "video",
			MeetingURL:    "https://teams.example/l/meetup-join/19%3ameeting_abcdefghijklmnopqrstuvwxyz0123456789",
			ProposedTimes: []time.Time{time.Date(2026, 3, 4, 13, 0, 0, 0, time.UTC), time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)},
			Duration:      time.Hour, Interviewers: []string{"Sam Ortiz", "Priya Raman"}, RespondBy: "2026-03-03",
			Flags: []event.Flag{{Code: "free-mail", Reason: "The recruiter writes from a free mail address rather than the company's domain."}},
		},
		Thread: &event.Thread{InvitationID: "first1", Revision: 1, Changes: []event.Change{{Field: "time", Old: "Tue 3 Mar 14:00", New: "Wed 4 Mar 14:00"}}},
	}
}

func TestRichTextGolden(t *testing.T) {
	// Employed, the company is a competitor, the first proposed time
	// clashes with a meeting: say yes, with care, at the second time.
	busy := calendar.Interval{Start: time.Date(2026, 3, 4, 12, 30, 0, 0, time.UTC), End: time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)}
	a := advise(t, richInvitation(), config.Profile{Name: "Ada Lovelace", Employment: "employed", Search: "active", Competitors: []string{"Initech"}, Timezone: "Europe/Berlin"}, busy)
	a.Warnings = []string{"Your busy calendar could not be refreshed; an earlier copy was used."}
	_, text, _ := render(t, a)
	golden(t, "rich.txt.golden", text)
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Say yes, and ask your questions", "competes with your employer", "confirms Thursday 5 March 2026, 10:00 CET", "Be careful:", "free mail address", "Update: time: Tue 3 Mar 14:00 → Wed 4 Mar 14:00", "With: Sam Ortiz, Priya Raman", "Answer by: 2026-03-03", "How to prepare", "The accept reply, as it stands: | Dear Sam,"} {
		if !strings.Contains(flat, want) {
			t.Errorf("digest lacks %q", want)
		}
	}
}

func TestDailyGolden(t *testing.T) {
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	first := advise(t, richInvitation(), config.Profile{Name: "Ada Lovelace", Employment: "searching", Timezone: "Europe/Berlin"})
	second := advised("Interview invitation", "Globex", "Data Engineer", "Kim Lee")
	second.Recommendation = event.RecommendDecline
	second.Invitation.DetectedAt = now.Add(-2 * time.Hour) // arrived first
	d := digest.NewDaily(now, loc, []digest.Input{
		{Advised: first, Folder: "Drafts", Codes: map[string]string{"accept": "must-not-appear"}},
		{Advised: second, Folder: "Drafts"},
	}, "Watcher connected to INBOX (me); last check 2 Mar 09:58.")
	text, html, err := digest.RenderDaily(set, d)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "daily.txt.golden", text)
	if strings.Contains(text+html, "must-not-appear") {
		t.Error("a reply code leaked into the daily digest")
	}
	if got := digest.DailySubject(d); got != "[Sayyes] 2 invitations: 1 decline, 1 yes" {
		t.Errorf("subject = %q", got)
	}
	if !strings.Contains(text, "1. Globex: Decline politely") || !strings.Contains(text, "2. Initech: Say yes") {
		t.Errorf("summary not in arrival order:\n%s", text)
	}
	msg, id, err := digest.BuildDaily(d, text, html, event.Address{Address: "me@example.com"}, "me@example.com", "me.2026-03-02", now)
	if err != nil {
		t.Fatal(err)
	}
	if id != "sayyes.daily.me.2026-03-02@example.com" {
		t.Errorf("Message-ID = %q", id)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	parsed, err := mailmsg.Parse(buf.Bytes(), mailmsg.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Header.Get(digest.HeaderDigest) != "daily" || parsed.Header.Get("Auto-Submitted") != "auto-generated" || parsed.HTML == "" || parsed.Text == "" {
		t.Errorf("daily digest message: headers %v", parsed.Header)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s changed; run go test ./pkg/digest -update and review.\n--- got\n%s", name, got)
	}
}

func TestDailyHostileContentIsEscaped(t *testing.T) {
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	a := advised("Hi "+evil, "Evil"+evil, `"><b>role`, "Kim")
	a.Invitation.Detection.Flags = []event.Flag{{Code: "money", Reason: "asks for money " + evil}}
	a.Drafts[0].Body = "Dear Kim,\n" + evil
	d := digest.NewDaily(now, time.UTC, []digest.Input{{Advised: a, Folder: "Drafts<i>"}}, "ok")
	_, html, err := digest.RenderDaily(set, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>", "<img src=x", `"><b>role`, "Drafts<i>"} {
		if strings.Contains(html, bad) {
			t.Errorf("daily HTML contains unescaped %q", bad)
		}
	}
	if !strings.Contains(html, "asks for money") {
		t.Error("legitimacy flag not shown")
	}
}
