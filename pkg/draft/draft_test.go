package draft

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/templates"
)

func loadTemplates(t *testing.T) *templates.Set {
	t.Helper()
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// invitation is a typical detected invitation; tests change what they need.
func invitation() event.InvitationDetected {
	return event.InvitationDetected{
		V:  event.Version,
		ID: "0123456789abcdef01234567",
		Message: event.Message{
			MessageID:  "inv-1@acme.example",
			References: []string{"app-1@example.com"},
			From:       event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			To:         []event.Address{{Name: "Ada Lovelace", Address: "ada@example.com"}},
			Subject:    "Interview invitation",
		},
		Detection: event.Detection{
			IsInvitation:  true,
			Kind:          "invitation",
			Company:       "Acme",
			Role:          "Backend Engineer",
			ProposedTimes: []time.Time{time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)},
		},
	}
}

func profile() config.Profile {
	return config.Profile{Name: "Ada Lovelace", Employment: "searching", Timezone: "Europe/Berlin"}
}

func TestComposeKinds(t *testing.T) {
	set := loadTemplates(t)
	const slot = "Tuesday 10 March 2026, 15:00 CET (Europe/Berlin)"
	tests := []struct {
		kind string
		want []string // phrases the body must contain
	}{
		{event.DraftAccept, []string{"Dear Jane,", "interview for the Backend Engineer role at Acme", slot + " works well for me", "Kind regards,\nAda Lovelace"}},
		{event.DraftDecline, []string{"Dear Jane,", "for the Backend Engineer role at Acme", "not to go ahead", "With best wishes,\nAda Lovelace"}},
		{event.DraftCancel, []string{"Dear Jane,", "planned for " + slot, "cancel the interview", "everyone at Acme", "Kind regards,\nAda Lovelace"}},
		{event.DraftReschedule, []string{"Dear Jane,", slot + " does not work for me", "(Europe/Berlin)", "Kind regards,\nAda Lovelace"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			d, err := Compose(set, invitation(), profile(), tt.kind, Plan{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Kind != tt.kind {
				t.Errorf("kind = %q", d.Kind)
			}
			if want := []event.Address{{Name: "Jane Recruiter", Address: "jane@acme.example"}}; !reflect.DeepEqual(d.To, want) {
				t.Errorf("to = %+v, want %+v", d.To, want)
			}
			if d.Subject != "Re: Interview invitation" {
				t.Errorf("subject = %q", d.Subject)
			}
			if d.InReplyTo != "inv-1@acme.example" {
				t.Errorf("in-reply-to = %q", d.InReplyTo)
			}
			if want := []string{"app-1@example.com", "inv-1@acme.example"}; !reflect.DeepEqual(d.References, want) {
				t.Errorf("references = %q, want %q", d.References, want)
			}
			for _, w := range tt.want {
				if !strings.Contains(d.Body, w) {
					t.Errorf("body lacks %q:\n%s", w, d.Body)
				}
			}
			if strings.Contains(d.Body, "<no value>") || strings.HasPrefix(d.Body, "\n") || !strings.HasSuffix(d.Body, "Ada Lovelace\n") {
				t.Errorf("body badly rendered:\n%q", d.Body)
			}
		})
	}
}

func TestComposeVariants(t *testing.T) {
	set := loadTemplates(t)
	tests := []struct {
		name     string
		edit     func(inv *event.InvitationDetected, p *config.Profile)
		kind     string
		to       event.Address
		subject  string
		want     []string
		dontWant []string
	}{
		{
			name: "Reply-To wins over From",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Message.From = event.Address{Name: "Acme via Greenhouse", Address: "no-reply@greenhouse.example"}
				inv.Message.ReplyTo = []event.Address{{Name: "Sam Hiring", Address: "sam@acme.example"}}
			},
			kind: event.DraftAccept, to: event.Address{Name: "Sam Hiring", Address: "sam@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Dear Sam,"},
		},
		{
			name: "empty Reply-To address ignored",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Message.ReplyTo = []event.Address{{Name: "Nobody"}}
			},
			kind: event.DraftAccept, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Dear Jane,"},
		},
		{
			name: "no-reply sender not greeted by name",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Message.From = event.Address{Name: "Acme Careers", Address: "no-reply@acme.example"}
			},
			kind: event.DraftDecline, to: event.Address{Name: "Acme Careers", Address: "no-reply@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Hello,\n"}, dontWant: []string{"Dear Acme"},
		},
		{
			name: "display name that is an address",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Message.From = event.Address{Name: "jane@acme.example", Address: "jane@acme.example"}
			},
			kind: event.DraftAccept, to: event.Address{Name: "jane@acme.example", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Hello,\n"}, dontWant: []string{"Dear jane@"},
		},
		{
			name: "team sender, recruiter named in the signature",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Message.From = event.Address{Name: "Acme Talent Team", Address: "talent@acme.example"}
				inv.Detection.Recruiter = "Sam Rivera"
			},
			kind: event.DraftAccept, to: event.Address{Name: "Acme Talent Team", Address: "talent@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Dear Sam,"},
		},
		{
			name: "detected language wins over the header guess",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Message.Language, inv.Detection.Language = "en", "de"
			},
			kind: event.DraftDecline, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Guten Tag Jane Recruiter,"},
		},
		{
			name: "gender marker left out of the role",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Detection.Role = "Backend-Entwickler (m/w/d)"
			},
			kind: event.DraftAccept, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"for the Backend-Entwickler role at Acme"}, dontWant: []string{"m/w/d"},
		},
		{
			name: "Re: not doubled",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Message.Subject = "RE: Interview invitation"
			},
			kind: event.DraftAccept, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "RE: Interview invitation",
		},
		{
			name: "German AW: kept",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) { inv.Message.Subject = "AW: Einladung" },
			kind: event.DraftAccept, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "AW: Einladung",
		},
		{
			name: "no name in the profile",
			edit: func(_ *event.InvitationDetected, p *config.Profile) { p.Name = "" },
			kind: event.DraftAccept, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Kind regards,\n(your name)\n"},
		},
		{
			name: "no proposed time",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) { inv.Detection.ProposedTimes = nil },
			kind: event.DraftAccept, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"between 09:00 and 17:00 (Europe/Berlin)"}, dontWant: []string{"works well for me"},
		},
		{
			name: "scheduling link instead of a time",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Detection.ProposedTimes = nil
				inv.Detection.SchedulingURL = "https://cal.example/acme"
				inv.Detection.MeetingURL = "https://meet.example/x"
			},
			kind: event.DraftAccept, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"through the scheduling link", "join using the link"},
		},
		{
			name: "unknown time zone falls back to UTC",
			edit: func(_ *event.InvitationDetected, p *config.Profile) { p.Timezone = "Mars/Olympus" },
			kind: event.DraftAccept, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Tuesday 10 March 2026, 14:00 UTC works"},
		},
		{
			name: "unknown language falls back to English",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) { inv.Message.Language = "xx" },
			kind: event.DraftDecline, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Thank you for thinking of me"},
		},
		{
			name: "no company or role",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Detection.Company, inv.Detection.Role = "", ""
			},
			kind: event.DraftDecline, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview invitation", want: []string{"Thank you for thinking of me. After"}, dontWant: []string{" role", " at "},
		},
		{
			name: "CR/LF in subject cleaned",
			edit: func(inv *event.InvitationDetected, _ *config.Profile) {
				inv.Message.Subject = "Interview\r\nBcc: victim@example.com"
			},
			kind: event.DraftAccept, to: event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
			subject: "Re: Interview Bcc: victim@example.com",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, p := invitation(), profile()
			tt.edit(&inv, &p)
			d, err := Compose(set, inv, p, tt.kind, Plan{})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.To) != 1 || d.To[0] != tt.to {
				t.Errorf("to = %+v, want %+v", d.To, tt.to)
			}
			if d.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", d.Subject, tt.subject)
			}
			for _, w := range tt.want {
				if !strings.Contains(d.Body, w) {
					t.Errorf("body lacks %q:\n%s", w, d.Body)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(d.Body, w) {
					t.Errorf("body contains %q:\n%s", w, d.Body)
				}
			}
		})
	}
}

func TestComposeUnknownKind(t *testing.T) {
	if d, err := Compose(loadTemplates(t), invitation(), profile(), "shrug", Plan{}); err == nil {
		t.Errorf("Compose(shrug) = %+v, want an error", d)
	}
}

func TestReplySubject(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Interview invitation", "Re: Interview invitation"},
		{"Re: Interview", "Re: Interview"},
		{"RE: Interview", "RE: Interview"},
		{"re:Interview", "re:Interview"},
		{"AW: Einladung", "AW: Einladung"},
		{"Aw: Einladung", "Aw: Einladung"},
		{"RÉF: Entretien", "RÉF: Entretien"},
		{"RV: Entrevista", "RV: Entrevista"},
		{"Fwd: Interview", "Re: Fwd: Interview"},
		{"Regarding your application", "Re: Regarding your application"},
		{"Awesome role", "Re: Awesome role"},
		{"  Re: padded ", "Re: padded"},
		{"Line\r\nBcc: x@example.com", "Re: Line Bcc: x@example.com"},
		{"", "Re: "},
	}
	for _, tt := range tests {
		if got := ReplySubject(tt.in); got != tt.want {
			t.Errorf("ReplySubject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReferences(t *testing.T) {
	long := make([]string, 25)
	for i := range long {
		long[i] = fmt.Sprintf("r%d@x", i)
	}
	tests := []struct {
		name string
		m    event.Message
		want []string
	}{
		{"references then message id", event.Message{MessageID: "c@x", References: []string{"a@x", "b@x"}, InReplyTo: []string{"b@x"}}, []string{"a@x", "b@x", "c@x"}},
		{"in-reply-to when no references", event.Message{MessageID: "c@x", InReplyTo: []string{"b@x"}}, []string{"b@x", "c@x"}},
		{"ambiguous in-reply-to ignored", event.Message{MessageID: "c@x", InReplyTo: []string{"a@x", "b@x"}}, []string{"c@x"}},
		{"first message of a thread", event.Message{MessageID: "c@x"}, []string{"c@x"}},
		{"no message id", event.Message{References: []string{"a@x"}}, []string{"a@x"}},
		{"nothing", event.Message{}, []string{}},
		{"long chain keeps first and latest", event.Message{MessageID: "new@x", References: long}, append([]string{"r0@x"}, append(long[7:], "new@x")...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := append([]string(nil), tt.m.References...)
			got := References(tt.m)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("References = %q, want %q", got, tt.want)
			}
			if !reflect.DeepEqual(tt.m.References, parent) && !(len(parent) == 0 && len(tt.m.References) == 0) {
				t.Errorf("parent's References changed to %q", tt.m.References)
			}
		})
	}
}

func TestIsNoReply(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"noreply@acme.example", true},
		{"no-reply@acme.example", true},
		{"No_Reply@acme.example", true},
		{"noreply+jobs@acme.example", true},
		{"do-not-reply@acme.example", true},
		{"donotreply@acme.example", true},
		{"notifications@github.example", true},
		{"mailer-daemon@acme.example", true},
		{"jane@acme.example", false},
		{"reply@acme.example", false},
		{"nora@acme.example", false},
		{"notification-settings@acme.example", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsNoReply(tt.addr); got != tt.want {
			t.Errorf("IsNoReply(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}
