package mailfetch_test

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/mailfetch"
)

// BenchmarkFetchAttachment reads an invitation whose 2 MB PDF sits before
// its calendar part, the way the watcher does, from imapmemserver on
// loopback, and reports the bytes it transferred per message.
//
//	go test -run '^$' -bench FetchAttachment ./pkg/mailfetch/
func BenchmarkFetchAttachment(b *testing.B) {
	sb, err := sandbox.Start("sam@mailbox.example", "pw", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer sb.Close()
	var raw string
	for _, m := range messages() {
		if m.name == "calendar after a big attachment" {
			raw = m.raw
		}
	}
	raw = strings.Replace(raw, blob(1500<<10), blob(2<<20), 1)
	if err := sb.Append("INBOX", []byte(raw), nil); err != nil {
		b.Fatal(err)
	}
	c, err := imapclient.DialInsecure(sb.IMAPAddr, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(sb.User, sb.Password).Wait(); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		b.Fatal(err)
	}
	b.Run("parts", func(b *testing.B) {
		var n int
		for b.Loop() {
			got, err := mailfetch.Fetch(c, []imap.UID{1}, 1<<20)
			if err != nil || len(got) != 1 {
				b.Fatal(err)
			}
			n = len(got[0].Raw)
		}
		b.ReportMetric(float64(n), "bytes/msg")
		b.ReportMetric(float64(len(raw)), "msg-bytes")
	})
	b.Run("whole", func(b *testing.B) {
		var n int
		for b.Loop() {
			got, err := mailfetch.FetchWhole(c, []imap.UID{1}, 1<<20)
			if err != nil || len(got) != 1 {
				b.Fatal(err)
			}
			n = len(got[0].Raw)
		}
		b.ReportMetric(float64(n), "bytes/msg")
		b.ReportMetric(float64(len(raw)), "msg-bytes")
	})
}
