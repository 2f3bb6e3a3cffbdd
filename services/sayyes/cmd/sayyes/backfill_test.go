package main

// `sayyes backfill` as a command: it needs the bus of a running sayyes and
// says so plainly when there is none; with one it prints plain progress
// lines when its output is not a terminal, and a summary.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/services/sayyes/demo"
)

// sandboxConfig writes a config for the sandbox with data_dir in dir.
func sandboxConfig(t *testing.T, sb *sandbox.Sandbox, dir string) string {
	t.Helper()
	host, port, _ := strings.Cut(sb.IMAPAddr, ":")
	shost, sport, _ := strings.Cut(sb.SMTPAddr, ":")
	y := fmt.Sprintf(`data_dir: %q
accounts:
  - name: sandbox
    address: %s
    imap: {host: %q, port: %s, security: none, password: %q}
    smtp: {host: %q, port: %s, security: none}
`, filepath.Join(dir, "data"), sb.User, host, port, sb.Password, shost, sport)
	p := filepath.Join(dir, "sayyes.yaml")
	if err := os.WriteFile(p, []byte(y), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBackfillCommandNeedsTheBus(t *testing.T) {
	sb, err := sandbox.Start(demo.User, "secret-pw", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	dir := t.TempDir()
	p := sandboxConfig(t, sb, dir)

	var out, errOut bytes.Buffer
	if code := run([]string{"backfill", "--config", p}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "start `sayyes run --config ...` first") {
		t.Errorf("no sayyes running: exit %d, %s", code, errOut.String())
	}

	// A nats.url left behind by a sayyes that is gone.
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "nats.url"), []byte("nats://tok@127.0.0.1:1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	errOut.Reset()
	code := run([]string{"backfill", "--config", p, "--connect-timeout", "1s"}, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "did not answer within 1s") || strings.Contains(errOut.String(), "tok@") {
		t.Errorf("stale nats.url: exit %d, %s", code, errOut.String())
	}

	errOut.Reset()
	if code := run([]string{"backfill", "--config", p, "--since", "ninety days"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "--since") {
		t.Errorf("bad --since: exit %d, %s", code, errOut.String())
	}
}

func TestBackfillCommand(t *testing.T) {
	sb, err := sandbox.Start(demo.User, "secret-pw", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	dir := t.TempDir()
	p := sandboxConfig(t, sb, dir)
	now := time.Now()
	// The demo's five mails, 20 days old: three invitations, one of them
	// with a time that has passed by now.
	mails, err := demo.Seed(now.Add(-20*24*time.Hour), demo.User)
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range mails {
		if err := sb.AppendAt("INBOX", raw, now.Add(-20*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	fresh := fmt.Sprintf("From: Dana <dana@acme.example>\r\nTo: %s\r\nSubject: Interview invitation: Site Reliability Engineer at Acme\r\nDate: %s\r\nMessage-ID: <cli-1@acme.example>\r\n\r\n"+
		"Hi Alex,\r\n\r\nWe would like to invite you to a video interview for the Site Reliability Engineer position on %s. Link: https://meet.google.com/abc-defg-hij\r\n\r\nPlease let us know your availability.\r\n\r\nDana\r\n",
		demo.User, now.Add(-5*24*time.Hour).Format(time.RFC1123Z), now.Add(72*time.Hour).UTC().Format("Monday 2 January 2006 at 15:00 MST"))
	if err := sb.AppendAt("INBOX", []byte(fresh), now.Add(-5*24*time.Hour)); err != nil {
		t.Fatal(err)
	}

	// The bus of a "running sayyes": an embedded server that leaves its
	// address in data_dir/nats.url.
	cfg, err := config.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	node, err := app.Connect(context.Background(), cfg, "test", slog.New(slog.DiscardHandler), true)
	if err != nil {
		t.Fatal(err)
	}
	defer node.Close()

	var out, errOut bytes.Buffer
	if code := run([]string{"backfill", "--config", p, "--since", "30d", "-v"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	t.Logf("stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	if strings.Contains(errOut.String(), "\r") {
		t.Error("a progress bar on a non-terminal")
	}
	for _, re := range []string{
		`(?m)^backfill: 1/6 messages \(16%\)`, `(?m)^backfill: 6/6 messages \(100%\), .* msg/s, ETA 0s, 4 invitations found, sandbox INBOX$`,
		`(?m)^published +\d{4}-\d\d-\d\d  dana@acme.example  "Interview invitation: Site Reliability Engineer at Acme"$`,
		`(?m)^past `,
	} {
		if !regexp.MustCompile(re).MatchString(errOut.String()) {
			t.Errorf("stderr lacks %s", re)
		}
	}
	for _, re := range []string{
		`Backfill of the last 30 days \(since \d{4}-\d\d-\d\d\), 1 mailbox\(es\)`, `messages in the window +6\n`, `scanned +6\n`,
		`invitations found +4\n`, `not open any more +1 `, `published +3 `, `dead-lettered +0 `,
	} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("summary lacks %s", re)
		}
	}

	// Again: the invitations are still waiting for their digests (no
	// mailer runs here), so JetStream drops the repeats.
	out.Reset()
	errOut.Reset()
	if code := run([]string{"backfill", "--config", p, "--since", "30d"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !regexp.MustCompile(`already queued +3 `).MatchString(out.String()) || !regexp.MustCompile(`published +0 `).MatchString(out.String()) {
		t.Errorf("second run:\n%s", out.String())
	}
}
