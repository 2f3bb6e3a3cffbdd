package digestreply

import (
	"strings"
	"testing"

	"github.com/sayyes/sayyes/pkg/mailmsg"
)

const owner = "alex@example.com"

func msg(t *testing.T, headers, body string) *mailmsg.Message {
	t.Helper()
	raw := strings.ReplaceAll(headers, "\n", "\r\n") + "\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n")
	m, err := mailmsg.Parse([]byte(raw), mailmsg.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const replyHeaders = "From: Alex <alex@example.com>\nSubject: Re: [Sayyes] Say yes\nIn-Reply-To: <sayyes.digest.0123456789abcdef01234567@example.com>"

func TestParseCommands(t *testing.T) {
	for _, tc := range []struct {
		body     string
		kind     string
		slot     int
		userText string
		wantErr  bool
	}{
		{"accept\n\n> quoted digest", "accept", 0, "", false},
		{"Accept 2\nSee you Tuesday!\n\nOn Fri, Sayyes wrote:\n> digest", "accept", 2, "See you Tuesday!", false},
		{"\n\n  decline.  \nThank you, but no.\n> x", "decline", 0, "Thank you, but no.", false},
		{"cancel", "cancel", 0, "", false},
		{"reschedule\nCould we do Thursday?\n-- \nAlex", "reschedule", 0, "Could we do Thursday?", false},
		{"yes please", "", 0, "", true},
		{"> accept", "", 0, "", true},
		{"accept the offer", "", 0, "", true},
	} {
		r, err := Parse(msg(t, replyHeaders, tc.body))
		if (err != nil) != tc.wantErr {
			t.Errorf("%q: err %v", tc.body, err)
			continue
		}
		if err != nil {
			continue
		}
		if r.InvitationID != "0123456789abcdef01234567" || r.Kind != tc.kind || r.Slot != tc.slot || r.Body != tc.userText {
			t.Errorf("%q: got %+v", tc.body, r)
		}
	}
}

func TestNotADigestReply(t *testing.T) {
	m := msg(t, "From: alex@example.com\nSubject: hi\nIn-Reply-To: <something@else>", "accept")
	if _, ok := InvitationOf(m); ok {
		t.Fatal("a reply to another mail taken for a digest reply")
	}
	if _, err := Parse(m); err == nil {
		t.Fatal("Parse accepted a non-digest reply")
	}
}

func TestCheckSender(t *testing.T) {
	good := "mx.example.com; dkim=pass header.d=example.com; dmarc=pass header.from=example.com"
	for _, tc := range []struct {
		name, headers, authserv, want string
	}{
		{"owner, no authserv configured", "From: Alex <alex@example.com>", "", ""},
		{"owner, address case differs", "From: Alex <Alex@Example.com>", "", ""},
		{"someone else", "From: Eve <eve@evil.example>", "", "not the account owner"},
		{"two From addresses", "From: alex@example.com, eve@evil.example", "", "exactly one address"},
		{"Sender differs", "From: alex@example.com\nSender: eve@evil.example", "", "Sender header"},
		{"CR/LF in the subject", "From: alex@example.com\nSubject: =?UTF-8?Q?Re=3A_x=0D=0ABcc=3A_v=40x?=", "", "line breaks"},
		{"our server says pass", "Authentication-Results: " + good + "\nFrom: alex@example.com", "mx.example.com", ""},
		{"only DMARC passes", "Authentication-Results: mx.example.com; dkim=none; dmarc=pass header.from=example.com\nFrom: alex@example.com", "mx.example.com", ""},
		{"pass claimed by another host", "Authentication-Results: evil.example; dkim=pass header.d=example.com\nFrom: alex@example.com", "mx.example.com", "no Authentication-Results from mx.example.com"},
		{"pass for another domain", "Authentication-Results: mx.example.com; dkim=pass header.d=evil.example\nFrom: alex@example.com", "mx.example.com", "neither DKIM nor DMARC"},
		{"fail from our server", "Authentication-Results: mx.example.com; dkim=fail header.d=example.com; dmarc=fail header.from=example.com\nFrom: alex@example.com", "mx.example.com", "neither DKIM nor DMARC"},
	} {
		err := CheckSender(msg(t, tc.headers, "accept"), owner, tc.authserv)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: refused: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestCodeForKind(t *testing.T) {
	r := Request{InvitationID: "abc", Kind: "decline", Codes: []string{"SY1.accept.abc.1.n.m", "SY1.decline.abc.1.n.m", "SY1.decline.other.1.n.m"}}
	if got := r.Code(); got != "SY1.decline.abc.1.n.m" {
		t.Fatalf("Code() = %q", got)
	}
	r.Kind = "cancel"
	if got := r.Code(); got != "" {
		t.Fatalf("no cancel code expected, got %q", got)
	}
}
