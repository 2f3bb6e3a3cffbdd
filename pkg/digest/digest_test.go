package digest_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/digest"
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
