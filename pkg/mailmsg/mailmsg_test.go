package mailmsg

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/event"
)

// crlf turns a readable fixture with \n line ends into wire format.
func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

// parseWithin parses raw and fails the test if Parse panics or takes
// longer than d: hostile input must neither crash nor stall a consumer.
func parseWithin(t *testing.T, raw []byte, lim Limits, d time.Duration) (*Message, error) {
	t.Helper()
	type result struct {
		m     *Message
		err   error
		panic any
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: p}
			}
		}()
		m, err := Parse(raw, lim)
		done <- result{m: m, err: err}
	}()
	select {
	case r := <-done:
		if r.panic != nil {
			t.Fatalf("Parse panicked: %v", r.panic)
		}
		return r.m, r.err
	case <-time.After(d):
		t.Fatalf("Parse did not return within %v", d)
		return nil, nil
	}
}

const calendarBody = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:abc-123@example.com
DTSTART:20260310T140000Z
DTEND:20260310T150000Z
SUMMARY:Interview
ORGANIZER:mailto:jane@acme.example
END:VEVENT
END:VCALENDAR
`

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		check func(t *testing.T, m *Message)
	}{
		{
			name: "multipart/alternative",
			raw: `From: "Jane Recruiter" <jane@acme.example>
Reply-To: Talent Team <talent@acme.example>
To: Ada <ada@example.com>, bob@example.com
Cc: hiring@acme.example
Subject: Interview invitation
Date: Tue, 03 Mar 2026 09:15:00 +0100
Message-ID: <inv-1@acme.example>
In-Reply-To: <app-7@example.com>
References: <app-1@example.com> <app-7@example.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Hello Ada, we would like to invite you.
--b1
Content-Type: text/html; charset=utf-8

<p>Hello <b>Ada</b>, we would like to invite you.</p>
--b1--
`,
			check: func(t *testing.T, m *Message) {
				want := map[string]any{
					"MessageID":  "inv-1@acme.example",
					"InReplyTo":  []string{"app-7@example.com"},
					"References": []string{"app-1@example.com", "app-7@example.com"},
					"From":       event.Address{Name: "Jane Recruiter", Address: "jane@acme.example"},
					"ReplyTo":    []event.Address{{Name: "Talent Team", Address: "talent@acme.example"}},
					"To":         []event.Address{{Name: "Ada", Address: "ada@example.com"}, {Address: "bob@example.com"}},
					"Cc":         []event.Address{{Address: "hiring@acme.example"}},
					"Subject":    "Interview invitation",
					"Date":       time.Date(2026, 3, 3, 8, 15, 0, 0, time.UTC),
					"Text":       "Hello Ada, we would like to invite you.",
					"HTML":       "<p>Hello <b>Ada</b>, we would like to invite you.</p>",
				}
				got := map[string]any{
					"MessageID": m.MessageID, "InReplyTo": m.InReplyTo, "References": m.References,
					"From": m.From, "ReplyTo": m.ReplyTo, "To": m.To, "Cc": m.Cc, "Subject": m.Subject,
					"Date": m.Date.UTC(), "Text": strings.TrimSpace(m.Text), "HTML": strings.TrimSpace(m.HTML),
				}
				for k, w := range want {
					if !reflect.DeepEqual(got[k], w) {
						t.Errorf("%s = %#v, want %#v", k, got[k], w)
					}
				}
				if len(m.Problems) != 0 {
					t.Errorf("problems on a clean message: %q", m.Problems)
				}
			},
		},
		{
			name: "quoted-printable",
			raw: `From: jane@acme.example
Subject: QP
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Wir freuen uns, Sie zu einem Gespr=C3=A4ch einzuladen. This line is soft-=
wrapped.
`,
			check: func(t *testing.T, m *Message) {
				if !strings.Contains(m.Text, "Gespräch") || !strings.Contains(m.Text, "soft-wrapped.") {
					t.Errorf("text = %q", m.Text)
				}
			},
		},
		{
			name: "base64",
			raw: `From: jane@acme.example
Subject: B64
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

` + wrap76(b64("Please pick a time for your interview: Tuesday 10:00 or Wednesday 14:00.")) + `
`,
			check: func(t *testing.T, m *Message) {
				if want := "Please pick a time for your interview: Tuesday 10:00 or Wednesday 14:00."; m.Text != want {
					t.Errorf("text = %q, want %q", m.Text, want)
				}
			},
		},
		{
			name: "ISO-8859-1 body and RFC 2047 subject",
			raw: "From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <jm@firma.example>\n" +
				"Subject: =?ISO-8859-1?Q?Einladung_zum_Vorstellungsgespr=E4ch?=\n" +
				"Content-Type: text/plain; charset=ISO-8859-1\n" +
				"Content-Transfer-Encoding: 8bit\n\n" +
				"Sehr geehrte Frau M\xfcller, mit freundlichen Gr\xfc\xdfen\n",
			check: func(t *testing.T, m *Message) {
				if m.Subject != "Einladung zum Vorstellungsgespräch" {
					t.Errorf("subject = %q", m.Subject)
				}
				if m.From.Name != "Jürgen Müller" {
					t.Errorf("from name = %q", m.From.Name)
				}
				if !strings.Contains(m.Text, "Frau Müller, mit freundlichen Grüßen") {
					t.Errorf("text = %q", m.Text)
				}
			},
		},
		{
			name: "text/calendar part",
			raw: `From: jane@acme.example
Subject: Invitation: Interview
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain

You are invited.
--inner
Content-Type: text/calendar; charset=utf-8; method=REQUEST

` + calendarBody + `--inner--
--outer
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"

` + calendarBody + `--outer--
`,
			check: func(t *testing.T, m *Message) {
				if len(m.Calendars) != 2 {
					t.Fatalf("%d calendars, want 2 (inline and attached)", len(m.Calendars))
				}
				for _, c := range m.Calendars {
					if !strings.Contains(c, "METHOD:REQUEST") || !strings.Contains(c, "UID:abc-123@example.com") {
						t.Errorf("calendar = %q", c)
					}
				}
				if len(m.Attachments) != 0 {
					t.Errorf("calendar listed as attachment: %q", m.Attachments)
				}
				if strings.TrimSpace(m.Text) != "You are invited." {
					t.Errorf("text = %q", m.Text)
				}
			},
		},
		{
			name: "HTML only",
			raw: `From: jane@acme.example
Subject: Book your slot
Content-Type: text/html; charset=utf-8

<html><head><title>Invite</title><style>p { color: red; }</style></head>
<body><script>alert("x")</script><p>Dear Ada,</p><p>Please <a href="https://cal.example/book/ada">book a slot</a>
or <a href="javascript:evil()">this</a> &amp; join at <a href='https://meet.example/xyz'>Join</a>.</p></body></html>
`,
			check: func(t *testing.T, m *Message) {
				if m.HTML == "" {
					t.Error("HTML not kept")
				}
				for _, want := range []string{"Dear Ada,", "book a slot", "<https://cal.example/book/ada>", "<https://meet.example/xyz>", "& join"} {
					if !strings.Contains(m.Text, want) {
						t.Errorf("text %q lacks %q", m.Text, want)
					}
				}
				for _, bad := range []string{"alert", "color", "Invite", "javascript", "<p>"} {
					if strings.Contains(m.Text, bad) {
						t.Errorf("text %q contains %q", m.Text, bad)
					}
				}
			},
		},
		{
			name: "attachment listed, not read",
			raw: `From: jane@acme.example
Subject: CV
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

See attached.
--b
Content-Type: application/pdf; name="job.pdf"
Content-Disposition: attachment; filename="job.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--b
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

secret attachment text
--b
Content-Type: image/png; name="logo.png"
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--b
Content-Type: application/zip
Content-Disposition: attachment

UEsDBA==
--b--
`,
			check: func(t *testing.T, m *Message) {
				if strings.TrimSpace(m.Text) != "See attached." || strings.Contains(m.Text, "secret") {
					t.Errorf("text = %q", m.Text)
				}
				if want := []string{"application/pdf job.pdf", "text/plain notes.txt", "image/png logo.png", "application/zip"}; !reflect.DeepEqual(m.Attachments, want) {
					t.Errorf("attachments = %q, want %q", m.Attachments, want)
				}
			},
		},
		{
			name: "no Message-ID",
			raw: `From: jane@acme.example
Subject: hi

body
`,
			check: func(t *testing.T, m *Message) {
				if m.MessageID != "" {
					t.Errorf("message id = %q", m.MessageID)
				}
			},
		},
		{
			name: "sloppy headers salvaged",
			raw: `From: Jane, Recruiter <jane@acme.example>
Message-ID: not-in-brackets@acme.example
References: <a@x.example>,<b@x.example> junk
Subject: hi

body
`,
			check: func(t *testing.T, m *Message) {
				if m.From.Address != "jane@acme.example" {
					t.Errorf("from = %+v", m.From)
				}
				if m.MessageID != "not-in-brackets@acme.example" {
					t.Errorf("message id = %q", m.MessageID)
				}
				if len(m.Problems) == 0 {
					t.Error("no problems recorded for a broken From")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := crlf(tt.raw)
			m, err := parseWithin(t, raw, DefaultLimits, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(raw)
			if want := hex.EncodeToString(sum[:]); m.MessageID == "" && m.Hash != want {
				t.Errorf("hash = %s, want the SHA-256 of the input (%s) for a message without Message-ID", m.Hash, want)
			} else if m.MessageID != "" && m.Hash != "" {
				t.Errorf("hash %s computed although Message-ID is %q", m.Hash, m.MessageID)
			}
			tt.check(t, m)
		})
	}
}

// nested builds a message with depth multipart levels around one text part.
func nested(depth int) []byte {
	var b strings.Builder
	b.WriteString("From: a@example.com\r\nSubject: deep\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n")
	for i := 1; i < depth; i++ {
		fmt.Fprintf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n", i-1, i)
	}
	fmt.Fprintf(&b, "--b%d\r\nContent-Type: text/plain\r\n\r\ndeepest text\r\n", depth-1)
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return []byte(b.String())
}

// manyParts builds a multipart/mixed message with n text parts.
func manyParts(n int) []byte {
	var b strings.Builder
	b.WriteString("From: a@example.com\r\nSubject: many\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n")
	for i := range n {
		fmt.Fprintf(&b, "--b\r\nContent-Type: text/plain\r\n\r\npart %d\r\n", i)
	}
	b.WriteString("--b--\r\n")
	return []byte(b.String())
}

func hasProblem(m *Message, substr string) bool {
	for _, p := range m.Problems {
		if strings.Contains(p, substr) {
			return true
		}
	}
	return false
}

func TestParseHostile(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	tests := []struct {
		name    string
		raw     []byte
		notMail bool // Parse must fail with ErrNotMail
		check   func(t *testing.T, m *Message)
	}{
		{name: "empty", raw: nil, notMail: true},
		{name: "no header at all", raw: []byte("Hello, this is just text.\r\nNo header here.\r\n"), notMail: true},
		{name: "body only", raw: []byte("\r\n\r\nbody without header\r\n"), notMail: true},
		{name: "binary junk", raw: []byte{0x00, 0xff, 0xfe, 0x01, '\n', 0x80, ':', 0x00}, notMail: true},
		{name: "header line of 1 MB", raw: []byte("From: a@example.com\r\nX-Junk: " + huge + "\r\nSubject: s\r\n\r\nbody\r\n"), notMail: true},
		{
			name: "subject of 1 MB within a raised header limit",
			raw:  []byte("From: a@example.com\r\nSubject: " + huge + "\r\n\r\nbody\r\n"),
			check: func(t *testing.T, m *Message) {
				if strings.TrimSpace(m.Text) != "body" {
					t.Errorf("text = %.40q", m.Text)
				}
			},
		},
		{
			name: "header line of 1 MB in a part",
			raw:  crlf("From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nX-Junk: " + huge + "\nContent-Type: text/plain\n\npart text\n--b--\n"),
			check: func(t *testing.T, m *Message) {
				if m.From.Address != "a@example.com" {
					t.Errorf("from = %+v", m.From)
				}
			},
		},
		{
			name: "boundary never used",
			raw:  crlf("From: a@example.com\nContent-Type: multipart/mixed; boundary=abc\n\n--xyz\nContent-Type: text/plain\n\nhello\n--xyz--\n"),
			check: func(t *testing.T, m *Message) {
				if m.Text != "" || !hasProblem(m, "multipart") {
					t.Errorf("text = %q, problems = %q; want no text and a multipart problem", m.Text, m.Problems)
				}
			},
		},
		{
			name: "closing boundary missing",
			raw:  crlf("From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nfirst part\n--b\nContent-Type: text/plain\n\ntruncated"),
			check: func(t *testing.T, m *Message) {
				if !strings.Contains(m.Text, "first part") {
					t.Errorf("text = %q, want the first part kept", m.Text)
				}
				if !hasProblem(m, "unexpected EOF") {
					t.Errorf("problems = %q, want the truncation", m.Problems)
				}
			},
		},
		{
			name: "multipart without boundary",
			raw:  crlf("From: a@example.com\nContent-Type: multipart/mixed\n\n--\nContent-Type: text/plain\n\nhello\n----\n"),
			check: func(t *testing.T, m *Message) {
				if !hasProblem(m, "boundary is empty") {
					t.Errorf("problems = %q, want the missing boundary", m.Problems)
				}
			},
		},
		{
			name: "bad base64",
			raw:  crlf("From: a@example.com\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n" + b64("Recovered before the junk.") + "\n!!!not base64***\n"),
			check: func(t *testing.T, m *Message) {
				if !strings.Contains(m.Text, "Recovered") {
					t.Errorf("text = %q, want the decoded prefix", m.Text)
				}
				if !hasProblem(m, "text/plain part") {
					t.Errorf("problems = %q, want the decoding error", m.Problems)
				}
			},
		},
		{
			name: "unknown transfer encoding",
			raw:  crlf("From: a@example.com\nContent-Type: text/plain\nContent-Transfer-Encoding: x-rot13\n\nraw text\n"),
			check: func(t *testing.T, m *Message) {
				if !strings.Contains(m.Text, "raw text") || !hasProblem(m, "x-rot13") {
					t.Errorf("text = %q, problems = %q", m.Text, m.Problems)
				}
			},
		},
		{
			name: "unknown charset",
			raw:  crlf("From: a@example.com\nSubject: =?x-klingon?Q?Qapla=27?=\nContent-Type: text/plain; charset=x-klingon\n\nplain ascii text\n"),
			check: func(t *testing.T, m *Message) {
				if !strings.Contains(m.Text, "plain ascii text") {
					t.Errorf("text = %q", m.Text)
				}
				if !hasProblem(m, "x-klingon") {
					t.Errorf("problems = %q, want the unknown charset", m.Problems)
				}
				if m.Subject == "" {
					t.Error("subject dropped")
				}
			},
		},
		{
			name: "unknown charset in a part",
			raw:  crlf("From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=x-klingon\n\npart text\n--b--\n"),
			check: func(t *testing.T, m *Message) {
				if !strings.Contains(m.Text, "part text") {
					t.Errorf("text = %q", m.Text)
				}
				if !hasProblem(m, "x-klingon") {
					t.Errorf("problems = %q, want the unknown charset", m.Problems)
				}
			},
		},
		{
			name: "NUL bytes and invalid UTF-8",
			raw:  []byte("From: a@example.com\r\nSubject: in\x00vite\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nnul\x00here and \xff\xfe bad\r\n"),
			check: func(t *testing.T, m *Message) {
				for _, s := range []string{m.Subject, m.Text} {
					if strings.ContainsRune(s, 0) || !isValid(s) {
						t.Errorf("%q contains NUL or invalid UTF-8", s)
					}
				}
				if !strings.Contains(m.Text, "nulhere") || !strings.Contains(m.Text, "\uFFFD") {
					t.Errorf("text = %q", m.Text)
				}
			},
		},
		{
			name: "5000 parts",
			raw:  manyParts(5000),
			check: func(t *testing.T, m *Message) {
				if !hasProblem(m, fmt.Sprintf("more than %d parts", DefaultLimits.MaxParts)) {
					t.Errorf("problems = %q, want the part cap", m.Problems)
				}
				if strings.TrimSpace(m.Text) != "part 0" {
					t.Errorf("text = %q", m.Text)
				}
			},
		},
		{
			name: "nesting 100 deep",
			raw:  nested(100),
			check: func(t *testing.T, m *Message) {
				if !hasProblem(m, "nesting deeper than") {
					t.Errorf("problems = %q, want the depth cap", m.Problems)
				}
				if m.Text != "" {
					t.Errorf("text = %q, want nothing from below the cap", m.Text)
				}
			},
		},
		{
			name: "nesting within the cap",
			raw:  nested(DefaultLimits.MaxDepth),
			check: func(t *testing.T, m *Message) {
				if strings.TrimSpace(m.Text) != "deepest text" || len(m.Problems) != 0 {
					t.Errorf("text = %q, problems = %q", m.Text, m.Problems)
				}
			},
		},
		{
			name: "huge text part truncated",
			raw:  []byte("From: a@example.com\r\nContent-Type: text/plain\r\n\r\n" + huge),
			check: func(t *testing.T, m *Message) {
				if int64(len(m.Text)) != DefaultLimits.MaxTextBytes {
					t.Errorf("text is %d bytes, want the %d cap", len(m.Text), DefaultLimits.MaxTextBytes)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lim := DefaultLimits
			if strings.Contains(tt.name, "raised header limit") {
				lim.MaxHeader = 2 << 20
			}
			m, err := parseWithin(t, tt.raw, lim, 10*time.Second)
			if tt.notMail {
				if !errors.Is(err, ErrNotMail) {
					t.Fatalf("Parse = %v, %v; want ErrNotMail", m, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if tt.check != nil {
				tt.check(t, m)
			}
		})
	}
}

func isValid(s string) bool { return ValidUTF8(s) == s }

// TestHeaderInjection checks that no decoded header value can carry a line
// break or NUL into a reply's header, however it was encoded.
func TestHeaderInjection(t *testing.T) {
	tests := []struct {
		name string
		raw  string
	}{
		{"encoded CRLF in subject", "From: a@example.com\nSubject: =?UTF-8?Q?Hello=0D=0ABcc:_victim@example.com?=\n\nx\n"},
		{"base64 LF in subject", "From: a@example.com\nSubject: =?UTF-8?B?" + b64("Hi\nBcc: victim@example.com\r\n\r\nbody") + "?=\n\nx\n"},
		{"NUL in subject", "From: a@example.com\nSubject: =?UTF-8?Q?Hi=00Bcc:_victim@example.com?=\n\nx\n"},
		{"CRLF in display name", "From: =?UTF-8?Q?Jane=0D=0ABcc:_victim@example.com?= <jane@acme.example>\nReply-To: =?UTF-8?B?" + b64("Evil\r\nX-Injected: 1") + "?= <r@acme.example>\n\nx\n"},
		{"unicode line separators", "From: =?UTF-8?B?" + b64("A\u2028B\u2029C\u0085D") + "?= <a@example.com>\nSubject: =?UTF-8?B?" + b64("X\u2028Bcc: v@example.com") + "?=\n\nx\n"},
		{"encoded CRLF in message ids", "From: a@example.com\nMessage-ID: <=?UTF-8?Q?a=0D=0Ab?=@x>\nReferences: <a@x> <b\u0000c@x>\n\nx\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(crlf(tt.raw), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			fields := []string{m.Subject, m.MessageID, m.From.Name, m.From.Address}
			fields = append(fields, m.References...)
			fields = append(fields, m.InReplyTo...)
			for _, a := range m.ReplyTo {
				fields = append(fields, a.Name, a.Address)
			}
			for _, f := range fields {
				if strings.ContainsAny(f, "\r\n\x00\u2028\u2029") {
					t.Errorf("field %q keeps a line break or NUL", f)
				}
			}
		})
	}
}

func TestCleanHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Interview invitation", "Interview invitation"},
		{"Hello\r\nBcc: victim@example.com", "Hello Bcc: victim@example.com"},
		{"a\rb\nc\x00d", "a b cd"},
		{"tab\there", "tab here"},
		{"  many   spaces  ", "many spaces"},
		{"\x7fdel", "del"},
		{"line\u2028sep\u2029para", "line sep para"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"\r\n\r\n", ""},
		{"Grüße", "Grüße"},
	}
	for _, tt := range tests {
		if got := CleanHeader(tt.in); got != tt.want {
			t.Errorf("CleanHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidUTF8(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"Grüße ✓", "Grüße ✓"},
		{"a\x00b", "ab"},
		{"a\xffb", "a\uFFFDb"},
		{"\xc3", "\uFFFD"},         // truncated sequence
		{"\xed\xa0\x80", "\uFFFD"}, // surrogate
		{"line\nbreaks\r\nkept", "line\nbreaks\r\nkept"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ValidUTF8(tt.in); got != tt.want {
			t.Errorf("ValidUTF8(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecodeWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"=?UTF-8?Q?Gespr=C3=A4ch?=", "Gespräch"},
		{"=?ISO-8859-1?Q?Gr=FC=DFe?=", "Grüße"},
		{"=?windows-1252?Q?=80uro?=", "€uro"},
		{"=?UTF-8?B?SGFsbG8=?= Welt", "Hallo Welt"},
		{"=?x-unknown?Q?abc?=", "=?x-unknown?Q?abc?="},
	}
	for _, tt := range tests {
		if got := DecodeWord(tt.in); got != tt.want {
			t.Errorf("DecodeWord(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// wrap76 breaks base64 into the 76-column lines RFC 2045 section 6.8 asks for.
func wrap76(s string) string {
	var lines []string
	for len(s) > 76 {
		lines = append(lines, s[:76])
		s = s[76:]
	}
	return strings.Join(append(lines, s), "\n")
}
