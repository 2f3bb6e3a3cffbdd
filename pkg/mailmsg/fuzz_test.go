package mailmsg_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// Fuzz targets. Seeds are realistic mail plus the small files of the
// hostile corpus; inputs that once failed live in testdata/fuzz/<target>.
// Run one with
//
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 60s ./pkg/mailmsg/
//
// or all of them with `make fuzz`.

const seedInvitation = "From: Dana Whitfield <dana@acme.example>\r\nTo: alex@example.com\r\nSubject: Interview invitation: Site Reliability Engineer at Acme\r\nDate: Tue, 10 Mar 2026 09:00:00 +0100\r\nMessage-ID: <inv-1@acme.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nWe would like to invite you to a video interview on Thursday at 15:00=2E\r\nhttps://meet.google.com/abc-defg-hij\r\n--b\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<p>Gr\xfc\xdfe <a href=\"https://zoom.us/j/1\">join</a><script>x</script></p>\r\n--b\r\nContent-Type: text/calendar; method=REQUEST\r\nContent-Transfer-Encoding: base64\r\n\r\nQkVHSU46VkNBTEVOREFSDQpNRVRIT0Q6UkVRVUVTVA0KQkVHSU46VkVWRU5UDQpEVFNUQVJUOjIw\r\nMjYwMzEyVDE0MDAwMFoNClNVTU1BUlk6SW50ZXJ2aWV3DQpFTkQ6VkVWRU5UDQpFTkQ6VkNBTEVO\r\nREFSDQo=\r\n--b--\r\n"

const seedReply = "From: =?UTF-8?Q?J=C3=BCrgen_Gro=C3=9F?= <j@example.de>\r\nReply-To: \"HR\" <hr@example.de>, other@example.de\r\nSubject: =?ISO-8859-1?Q?Re:_Vorstellungsgespr=E4ch?=\r\nIn-Reply-To: <a@x>\r\nReferences: <a@x> <b@y>\r\nDate: Mon, 9 Mar 2026 17:30:00 +0100 (CET)\r\n\r\nDanke!\r\n> old text\r\n"

// hostileSeeds returns the corpus files up to max bytes, for f.Add.
func hostileSeeds(f *testing.F, max int) [][]byte {
	var out [][]byte
	for _, hf := range hostileManifest(f) {
		if strings.HasSuffix(hf.name, ".gz") {
			continue
		}
		if raw := readHostile(f, hf.name); len(raw) <= max {
			out = append(out, raw)
		}
	}
	return out
}

// checkParsed holds the invariants of a successful Parse.
func checkParsed(t *testing.T, m *mailmsg.Message) {
	t.Helper()
	for k, v := range headerFields(m) {
		if r, ok := singleLine(v); !ok {
			t.Fatalf("header field %s = %q contains %U", k, v, r)
		}
	}
	for name, s := range map[string]string{"Text": m.Text, "HTML": m.HTML} {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			t.Fatalf("%s = %q is not NUL-free UTF-8", name, s)
		}
	}
	for _, c := range m.Calendars {
		if !utf8.ValidString(c) || strings.ContainsRune(c, 0) {
			t.Fatalf("calendar %q is not NUL-free UTF-8", c)
		}
	}
	if _, err := json.Marshal(m.Date); err != nil {
		t.Fatalf("Date %v cannot be published in an event: %v", m.Date, err)
	}
	if m.Hash == "" && m.MessageID == "" {
		t.Fatal("no hash for a message without Message-ID")
	}
}

func checkParseError(t *testing.T, m *mailmsg.Message, err error) {
	t.Helper()
	if m != nil {
		t.Fatalf("Parse returned a message with error %v", err)
	}
	if !errors.Is(err, mailmsg.ErrNotMail) || !strings.HasPrefix(err.Error(), "mailmsg: ") {
		t.Fatalf("error without a clear reason: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(seedInvitation))
	f.Add([]byte(seedReply))
	f.Add([]byte("From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\n--x--\r\n"))
	f.Add([]byte{})
	for _, raw := range hostileSeeds(f, 8<<10) {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
		if err != nil {
			checkParseError(t, m, err)
			return
		}
		checkParsed(t, m)
	})
}

// FuzzDate fuzzes the Date header as Parse reads it (the detector has no
// date extraction of its own): whatever is accepted must be publishable,
// and what is refused must be a recorded problem, not an error.
func FuzzDate(f *testing.F) {
	for _, d := range []string{
		"Tue, 10 Mar 2026 09:00:00 +0100",
		"Mon, 9 Mar 2026 17:30:00 +0100 (CET)",
		"10 Mar 26 09:00 EST",
		"Fri, 31 Dec 9999 23:59:59 -1200",
		"Sat, 1 Jan 0000 00:00:00 +1400",
		"Tue, 31 Feb 2026 25:61:61 +0100",
		"Tue, 10 Mar 2026 09:00:00 +9999",
		"=?UTF-8?Q?Tue,_10_Mar_2026?=",
		"",
	} {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, date string) {
		raw := "From: a@example.com\r\nSubject: date\r\nDate: " + date + "\r\n\r\nbody\r\n"
		m, err := mailmsg.Parse([]byte(raw), mailmsg.DefaultLimits)
		if err != nil {
			checkParseError(t, m, err)
			return
		}
		checkParsed(t, m) // includes: the date can be published as JSON
		if strings.ContainsAny(date, "\r\n") {
			return // the field may have ended early; no more to say
		}
		if m.Date.IsZero() && strings.TrimSpace(date) != "" {
			found := false
			for _, p := range m.Problems {
				found = found || strings.HasPrefix(p, "Date: ")
			}
			if !found && !strings.Contains(date, "0001") {
				t.Fatalf("Date %q was dropped without a problem recorded (problems %q)", date, m.Problems)
			}
		}
	})
}

func FuzzCleanHeader(f *testing.F) {
	for _, s := range []string{
		"Interview invitation", "Hello\r\nBcc: victim@example.com", "a\rb\nc\x00d", "\u2028\u2029\u0085",
		"  many   spaces  ", "bad \xff utf8", "\xc3", "Grüße ✓", "\t\v\f", "\u00a0x\u00a0", "\u202egpj.exe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := mailmsg.CleanHeader(s)
		if r, ok := singleLine(out); !ok {
			t.Fatalf("CleanHeader(%q) = %q contains %U", s, out, r)
		}
		if strings.Contains(out, "  ") || out != strings.TrimSpace(out) {
			t.Fatalf("CleanHeader(%q) = %q keeps runs of space or outer space", s, out)
		}
		if again := mailmsg.CleanHeader(out); again != out {
			t.Fatalf("CleanHeader is not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

func FuzzDecodeWord(f *testing.F) {
	for _, s := range []string{
		"plain", "=?UTF-8?Q?Gespr=C3=A4ch?=", "=?ISO-8859-1?Q?Gr=FC=DFe?=", "=?windows-1252?Q?=80uro?=",
		"=?UTF-8?B?SGFsbG8=?= Welt", "=?x-unknown?Q?abc?=", "=?UTF-8?Q?a=0D=0Ab?=", "=?UTF-8?B?!!!?=",
		"=?UTF-16?B?aABpAAA=?=", "=?UTF-8?Q?never_closed", "=?iso-2022-jp?B?GyRCJUYlOSVIGyhC?=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		out := mailmsg.DecodeWord(s)
		if !strings.Contains(s, "=?") && out != s {
			t.Fatalf("DecodeWord(%q) = %q changed text without encoded-words", s, out)
		}
		clean := mailmsg.CleanHeader(out)
		if r, ok := singleLine(clean); !ok {
			t.Fatalf("CleanHeader(DecodeWord(%q)) = %q contains %U", s, clean, r)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("DecodeWord took %v on %d bytes", d, len(s))
		}
	})
}
