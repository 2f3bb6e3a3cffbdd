package draft

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// owner is the mailbox owner the drafts are from.
func owner() event.Address { return event.Address{Name: "Ada Lovelace", Address: "ada@example.com"} }

// date is the Date every test draft carries.
func date() time.Time { return time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC) }

// build composes kind for inv and builds it, then parses the result back.
func build(t *testing.T, inv event.InvitationDetected, kind string) (event.Draft, []byte, string, *mailmsg.Message) {
	t.Helper()
	d, err := Compose(loadTemplates(t), inv, profile(), kind, Plan{})
	if err != nil {
		t.Fatal(err)
	}
	raw, id, err := Build(d, owner(), inv.ID, date())
	if err != nil {
		t.Fatal(err)
	}
	m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
	if err != nil {
		t.Fatalf("the built draft does not parse: %v\n%s", err, raw)
	}
	return d, raw, id, m
}

func TestBuildParsesBack(t *testing.T) {
	for _, kind := range []string{event.DraftAccept, event.DraftDecline, event.DraftCancel, event.DraftReschedule} {
		t.Run(kind, func(t *testing.T) {
			inv := invitation()
			d, raw, id, m := build(t, inv, kind)

			if want := "sayyes.draft-" + kind + "." + inv.ID + "@example.com"; id != want || m.MessageID != want {
				t.Errorf("Message-ID: returned %q, header %q; want %q", id, m.MessageID, want)
			}
			checks := []struct {
				name      string
				got, want any
			}{
				{"From", m.From, owner()},
				{"To", m.To, []event.Address{{Name: "Jane Recruiter", Address: "jane@acme.example"}}},
				{"Subject", m.Subject, "Re: Interview invitation"},
				{"Date", m.Date.UTC(), date()},
				{"In-Reply-To", m.InReplyTo, []string{"inv-1@acme.example"}},
				{"References", m.References, []string{"app-1@example.com", "inv-1@acme.example"}},
				{HeaderDraftKind, m.Header.Get(HeaderDraftKind), kind},
				{HeaderInvitation, m.Header.Get(HeaderInvitation), inv.ID},
				{"Body", strings.TrimSpace(strings.ReplaceAll(m.Text, "\r\n", "\n")), strings.TrimSpace(d.Body)},
			}
			for _, c := range checks {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
				}
			}
			if len(m.Problems) != 0 {
				t.Errorf("problems parsing our own draft: %q", m.Problems)
			}

			// Deterministic: a retry writes the same Message-ID.
			raw2, id2, err := Build(d, owner(), inv.ID, date())
			if err != nil {
				t.Fatal(err)
			}
			if id2 != id {
				t.Errorf("second build has Message-ID %q, first %q", id2, id)
			}
			if !bytes.Contains(raw2, []byte("<"+id+">")) || !bytes.Contains(raw, []byte("<"+id+">")) {
				t.Error("Message-ID header not in angle brackets")
			}
		})
	}
}

func TestBuildMessageIDPerKindAndInvitation(t *testing.T) {
	ids := map[string]string{}
	for _, invID := range []string{"aaaa", "bbbb"} {
		for _, kind := range []string{event.DraftAccept, event.DraftDecline} {
			inv := invitation()
			inv.ID = invID
			_, _, id, _ := build(t, inv, kind)
			if prev, dup := ids[id]; dup {
				t.Errorf("Message-ID %q for %s/%s already used by %s", id, invID, kind, prev)
			}
			ids[id] = invID + "/" + kind
		}
	}
}

// TestBuildHeaderInjection feeds hostile header text from the invitation
// through Compose and Build and checks that the parsed draft has no header
// the draft did not intend.
func TestBuildHeaderInjection(t *testing.T) {
	tests := []struct {
		name string
		edit func(inv *event.InvitationDetected)
	}{
		{"CRLF in subject", func(inv *event.InvitationDetected) {
			inv.Message.Subject = "Interview\r\nBcc: victim@example.com\r\nX-Injected: yes"
		}},
		{"LF only in subject", func(inv *event.InvitationDetected) {
			inv.Message.Subject = "Interview\nBcc: victim@example.com\nX-Injected: yes"
		}},
		{"CR only in subject", func(inv *event.InvitationDetected) {
			inv.Message.Subject = "Interview\rBcc: victim@example.com\rX-Injected: yes"
		}},
		{"body break in subject", func(inv *event.InvitationDetected) {
			inv.Message.Subject = "Interview\r\n\r\nX-Injected: yes"
		}},
		{"CRLF in display name", func(inv *event.InvitationDetected) {
			inv.Message.From.Name = "Jane\r\nBcc: victim@example.com\r\nX-Injected: yes"
		}},
		{"CRLF in message ids", func(inv *event.InvitationDetected) {
			inv.Message.MessageID = "inv-1@acme.example>\r\nX-Injected: yes\r\nX-Tail: <x"
			inv.Message.References = []string{"a@x\r\nX-Injected: yes", "b@x> <c@x"}
		}},
		{"NUL and unicode separators", func(inv *event.InvitationDetected) {
			inv.Message.Subject = "Interview\x00Bcc: victim@example.com\u2028X-Injected: yes"
			inv.Message.From.Name = "Jane\u2029X-Injected: yes"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := invitation()
			tt.edit(&inv)
			_, raw, _, m := build(t, inv, event.DraftAccept)
			for _, h := range []string{"Bcc", "X-Injected", "X-Tail"} {
				if m.Header.Has(h) {
					t.Errorf("injected header %s: %q\n%s", h, m.Header.Get(h), raw)
				}
			}
			if got := m.Header.Get(HeaderDraftKind); got != event.DraftAccept {
				t.Errorf("%s = %q", HeaderDraftKind, got)
			}
			if len(m.To) != 1 || m.To[0].Address != "jane@acme.example" {
				t.Errorf("To = %+v", m.To)
			}
			if !strings.Contains(m.Text, "Kind regards,") {
				t.Errorf("body lost: %q", m.Text)
			}
			if irt := m.Header.Get("In-Reply-To"); strings.Count(irt, "<") > 1 || strings.Contains(irt, " ") {
				t.Errorf("In-Reply-To is not a single msg-id: %q", irt)
			}
			fields := m.Header.Fields()
			for fields.Next() {
				if strings.ContainsAny(fields.Value(), "\r\n\x00") {
					t.Errorf("header %s keeps a line break: %q", fields.Key(), fields.Value())
				}
			}
		})
	}
}

func TestBuildNonASCII(t *testing.T) {
	inv := invitation()
	inv.Message.Subject = "Einladung zum Vorstellungsgespräch – Backend"
	inv.Message.From = event.Address{Name: "Jürgen Müller", Address: "jm@firma.example"}
	_, raw, _, m := build(t, inv, event.DraftAccept)
	if m.Subject != "Re: Einladung zum Vorstellungsgespräch – Backend" {
		t.Errorf("subject = %q", m.Subject)
	}
	if len(m.To) != 1 || m.To[0].Name != "Jürgen Müller" {
		t.Errorf("to = %+v", m.To)
	}
	for i, b := range raw[:bytes.Index(raw, []byte("\r\n\r\n"))] {
		if b >= 0x80 {
			t.Fatalf("raw 8-bit byte in header at %d:\n%s", i, raw)
		}
	}
}

func TestBuildWithCalendar(t *testing.T) {
	d := event.Draft{
		Kind: event.DraftAccept, To: []event.Address{{Address: "jane@acme.example"}},
		Subject: "Re: Interview", Body: "Yes.\n",
		Calendar: "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nEND:VCALENDAR\r\n",
	}
	raw, _, err := Build(d, owner(), "inv", date())
	if err != nil {
		t.Fatal(err)
	}
	m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Calendars) != 1 || !strings.Contains(m.Calendars[0], "METHOD:REPLY") {
		t.Errorf("calendars = %q", m.Calendars)
	}
	if strings.TrimSpace(m.Text) != "Yes." {
		t.Errorf("text = %q", m.Text)
	}
}

func TestBuildLongReferences(t *testing.T) {
	inv := invitation()
	inv.Message.References = nil
	for i := range 30 {
		inv.Message.References = append(inv.Message.References, strings.Repeat("x", 40)+"-"+string(rune('a'+i%26))+"@mail.example")
	}
	d, raw, _, m := build(t, inv, event.DraftAccept)
	if !reflect.DeepEqual(m.References, d.References) || len(m.References) != 20 {
		t.Errorf("references parsed back = %d %q, want the draft's 20", len(m.References), m.References)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line of %d octets breaks RFC 5322 section 2.1.1", len(line))
		}
	}
}

func TestBuildBadAddresses(t *testing.T) {
	tests := []struct {
		name string
		from event.Address
		to   []event.Address
	}{
		{"from without @", event.Address{Address: "ada"}, []event.Address{{Address: "jane@acme.example"}}},
		{"to without @", owner(), []event.Address{{Address: "jane"}}},
		{"to empty", owner(), []event.Address{{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := event.Draft{Kind: event.DraftAccept, To: tt.to, Subject: "Re: x", Body: "x\n"}
			if raw, _, err := Build(d, tt.from, "inv", date()); err == nil {
				t.Errorf("Build succeeded:\n%s", raw)
			}
		})
	}
}

func TestMessageID(t *testing.T) {
	tests := []struct {
		what, inv, from, want string
	}{
		{"draft-accept", "abc", "ada@example.com", "sayyes.draft-accept.abc@example.com"},
		{"digest", "abc", "ada@Example.COM", "sayyes.digest.abc@Example.COM"},
		{"digest", "abc", "no-domain", "sayyes.digest.abc@sayyes.invalid"},
		{"digest", "abc", "trailing@", "sayyes.digest.abc@sayyes.invalid"},
		{"digest", "abc", "a@evil\r\nBcc: x", "sayyes.digest.abc@evil Bcc: x"},
	}
	for _, tt := range tests {
		if got := MessageID(tt.what, tt.inv, tt.from); got != tt.want {
			t.Errorf("MessageID(%q, %q, %q) = %q, want %q", tt.what, tt.inv, tt.from, got, tt.want)
		}
	}
}

func TestAngleList(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"a@x", "b@x"}, "<a@x> <b@x>"},
		{[]string{"a@x", "", "b c@x", "<d@x>", "e@x"}, "<a@x> <e@x>"},
		{[]string{"a@x\r\nBcc: v@x"}, ""},
		{[]string{" padded@x "}, "<padded@x>"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := AngleList(tt.in); got != tt.want {
			t.Errorf("AngleList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
