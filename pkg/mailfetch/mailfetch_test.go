package mailfetch_test

import (
	"bytes"
	"compress/gzip"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/sayyes/sayyes/internal/mailstack"
	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/mailfetch"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:abc@example.test\r\nDTSTAMP:20261120T090000Z\r\nDTSTART:20261201T140000Z\r\nDTEND:20261201T144500Z\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// blob is a base64 attachment body of about n bytes, wrapped at 76.
func blob(n int) string {
	raw := bytes.Repeat([]byte("%PDF-1.7 not really a pdf "), n/26*3/4+1)
	enc := base64.StdEncoding.EncodeToString(raw)
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.String()
}

func header(subject, ctype string) string {
	return "From: Recruiter <jo@fabrikam.example>\r\nTo: sam@mailbox.example\r\nSubject: " + subject +
		"\r\nDate: Fri, 20 Nov 2026 09:00:00 +0000\r\nMessage-ID: <" + strings.ReplaceAll(subject, " ", "-") + "@fabrikam.example>\r\nMIME-Version: 1.0\r\nContent-Type: " + ctype + "\r\n\r\n"
}

type testMsg struct {
	name      string
	raw       string
	wantWhole bool // fetched whole: Raw equals the original
	wantCut   bool
	wantCal   int
	wantText  string
	wantFile  string
	maxRaw    int // upper bound on fetched bytes for part fetches
}

func messages() []testMsg {
	text := "We would like to invite you to an interview on 1 December at 14:00 UTC.\r\n"
	html := "<p>We would like to invite you to an <b>interview</b> on 1 December.</p>\r\n"
	return []testMsg{
		{name: "plain", raw: header("plain", "text/plain; charset=utf-8") + text, wantWhole: true, wantText: "invite you to an interview"},
		{name: "small attachment", wantWhole: true, wantText: "invite you", wantFile: "cv.pdf",
			raw: header("small", `multipart/mixed; boundary="b1"`) + "--b1\r\nContent-Type: text/plain\r\n\r\n" + text +
				"--b1\r\nContent-Type: application/pdf; name=cv.pdf\r\nContent-Disposition: attachment; filename=cv.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" + blob(1000) + "--b1--\r\n"},
		{name: "calendar after a big attachment", wantCal: 1, wantText: "invite you", wantFile: "brochure.pdf", maxRaw: 8 << 10,
			raw: header("big before ics", `multipart/mixed; boundary="outer"`) +
				"--outer\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n" +
				"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text +
				"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "--alt--\r\n" +
				"--outer\r\nContent-Type: application/pdf; name=brochure.pdf\r\nContent-Disposition: attachment; filename=brochure.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" + blob(1500<<10) +
				"--outer\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n\r\n" + ics + "--outer--\r\n"},
		{name: "text longer than the limit", wantCut: true, wantText: "invite you", wantFile: "big.zip", maxRaw: 80 << 10,
			raw: header("long text", `multipart/mixed; boundary="m"`) + "--m\r\nContent-Type: text/plain\r\n\r\n" + text + strings.Repeat("Lorem ipsum dolor sit amet.\r\n", 4000) +
				"--m\r\nContent-Type: application/zip; name=big.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n" + blob(200<<10) + "--m--\r\n"},
	}
}

// limit is small enough that the whole-message fetch of the "calendar
// after a big attachment" case would lose the calendar part.
const limit = 64 << 10

func check(t *testing.T, c *imapclient.Client, append func(raw []byte) error) {
	t.Helper()
	cases := messages()
	for _, m := range cases {
		if err := append([]byte(m.raw)); err != nil {
			t.Fatalf("appending %s: %v", m.name, err)
		}
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	res, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	uids := res.AllUIDs()
	if len(uids) != len(cases) {
		t.Fatalf("%d messages in INBOX, want %d", len(uids), len(cases))
	}
	got, err := mailfetch.Fetch(c, uids, limit)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(cases) {
		t.Fatalf("fetched %d messages, want %d", len(got), len(cases))
	}
	for i, m := range cases {
		f := got[i]
		if m.wantCal > 0 && !m.wantWhole && strings.Index(m.raw, "BEGIN:VCALENDAR") < limit {
			t.Fatalf("%s: the calendar must start past the limit, or a whole fetch would find it too", m.name)
		}
		t.Run(m.name, func(t *testing.T) {
			if f.UID != uids[i] || f.Size != int64(len(m.raw)) {
				t.Errorf("uid %d size %d, want %d and %d", f.UID, f.Size, uids[i], len(m.raw))
			}
			if m.wantWhole != (string(f.Raw) == m.raw) {
				t.Errorf("fetched whole = %v, want %v (fetched %d of %d bytes)", string(f.Raw) == m.raw, m.wantWhole, len(f.Raw), len(m.raw))
			}
			if m.maxRaw > 0 && len(f.Raw) > m.maxRaw {
				t.Errorf("fetched %d bytes, want at most %d", len(f.Raw), m.maxRaw)
			}
			if !m.wantWhole && f.Skipped == 0 {
				t.Errorf("Skipped = 0 for a part fetch")
			}
			if f.Cut != m.wantCut {
				t.Errorf("Cut = %v, want %v", f.Cut, m.wantCut)
			}
			msg, err := mailmsg.Parse(f.Raw, mailmsg.DefaultLimits)
			if err != nil {
				t.Fatalf("parsing what was fetched: %v\n%s", err, f.Raw)
			}
			if !strings.Contains(msg.Text, m.wantText) {
				t.Errorf("text %q does not contain %q", msg.Text, m.wantText)
			}
			if len(msg.Calendars) != m.wantCal {
				t.Errorf("%d calendars, want %d", len(msg.Calendars), m.wantCal)
			}
			if m.wantFile != "" && !strings.Contains(strings.Join(msg.Attachments, " "), m.wantFile) {
				t.Errorf("attachments %q do not name %s", msg.Attachments, m.wantFile)
			}
			if msg.Subject == "" || msg.MessageID == "" {
				t.Errorf("header lost: subject %q message-id %q", msg.Subject, msg.MessageID)
			}
		})
	}
}

func TestFetchSandbox(t *testing.T) {
	sb, err := sandbox.Start("sam@mailbox.example", "pw", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	c, err := imapclient.DialInsecure(sb.IMAPAddr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(sb.User, sb.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	check(t, c, func(raw []byte) error { return sb.Append("INBOX", raw, nil) })
}

func TestFetchDovecot(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Dovecot")
	}
	st := mailstack.Require(t, mailstack.Options{Users: []mailstack.User{{Name: "sam", Password: "pw"}}})
	c, err := imapclient.DialTLS(st.IMAPSAddr, &imapclient.Options{TLSConfig: &tls.Config{RootCAs: st.CertPool()}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(st.Address("sam"), "pw").Wait(); err != nil {
		t.Fatal(err)
	}
	check(t, c, func(raw []byte) error {
		cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Time: time.Now()})
		if _, err := cmd.Write(raw); err != nil {
			return fmt.Errorf("writing: %w", err)
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		_, err := cmd.Wait()
		return err
	})
}

// TestFetchFallsBack: imapmemserver hangs up describing the structure of
// some hostile mail and answers NO to the parts of others. Neither may
// block a mailbox: a NO falls back to the whole message on the same
// connection, a hang-up is reported as a StructureError naming the batch,
// which FetchWhole then reads after reconnecting.
func TestFetchFallsBack(t *testing.T) {
	hostile := func(name string) []byte {
		raw, err := os.ReadFile(filepath.Join("../../testdata/hostile", name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if raw, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		return raw
	}
	sb, err := sandbox.Start("sam@mailbox.example", "pw", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	for _, name := range []string{"043-parts-5000-attachments.eml.gz", "001-boundary-param-missing.eml"} {
		if err := sb.Append("INBOX", hostile(name), nil); err != nil {
			t.Fatal(err)
		}
	}
	dial := func() *imapclient.Client {
		c, err := imapclient.DialInsecure(sb.IMAPAddr, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Login(sb.User, sb.Password).Wait(); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			t.Fatal(err)
		}
		return c
	}
	// What the watcher does: on a StructureError, reconnect and read the
	// batch whole.
	read := func(uid imap.UID) (structureErr bool) {
		c := dial()
		defer c.Close()
		got, err := mailfetch.Fetch(c, []imap.UID{uid}, 1<<20)
		var se *mailfetch.StructureError
		if errors.As(err, &se) {
			if len(se.UIDs) != 1 || se.UIDs[0] != uid {
				t.Fatalf("UID %d: StructureError names %v", uid, se.UIDs)
			}
			c2 := dial()
			defer c2.Close()
			got, err = mailfetch.FetchWhole(c2, se.UIDs, 1<<20)
		}
		if err != nil || len(got) != 1 || len(got[0].Raw) == 0 {
			t.Fatalf("UID %d: %d messages, err %v; want the message read whole", uid, len(got), err)
		}
		return se != nil
	}
	read(1)
	if !read(2) {
		t.Errorf("the missing boundary no longer makes imapmemserver hang up: this test no longer covers the reconnect path")
	}
}
