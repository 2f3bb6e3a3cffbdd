package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/services/sayyes"
	"github.com/sayyes/sayyes/services/sayyes/demo"
)

// TestClassifyJSONContract checks `sayyes classify --json` prints one JSON
// object per input file with exactly the contract's fields.
func TestClassifyJSONContract(t *testing.T) {
	mails, err := demo.Seed(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), "alex@example.com")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []string
	for name, raw := range mails {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	var out, errOut bytes.Buffer
	if code := run(append([]string{"classify", "--json"}, files...), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(files) {
		t.Fatalf("%d lines for %d files", len(lines), len(files))
	}
	want := map[string]bool{"01-invite-ics.eml": true, "02-newsletter.eml": false, "03-scheduling-link.eml": true, "04-rejection.eml": false, "05-avoid-company.eml": true}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %s", l)
		}
		for _, k := range []string{"file", "is_invitation", "score", "kind", "company", "role", "meeting_url", "proposed_times", "reasons"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line lacks %q: %s", k, l)
			}
		}
		base := filepath.Base(m["file"].(string))
		if m["is_invitation"] != want[base] {
			t.Errorf("%s: is_invitation = %v, want %v (reasons %v)", base, m["is_invitation"], want[base], m["reasons"])
		}
		if base == "01-invite-ics.eml" {
			times := m["proposed_times"].([]any)
			if len(times) != 1 || !strings.HasPrefix(times[0].(string), "2026-11-23T15:00:00") {
				t.Errorf("ICS proposed_times = %v", times)
			}
			if m["meeting_url"] != "https://zoom.us/j/9876543210" || m["company"] != "Northwind Robotics" || m["role"] != "Backend Engineer" {
				t.Errorf("extraction: %s", l)
			}
		}
	}
}

func TestClassifyUnreadableFileFails(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"classify", "--json", filepath.Join(t.TempDir(), "missing.eml")}, &out, &errOut)
	if code == 0 || !strings.Contains(out.String(), `"error"`) {
		t.Fatalf("exit %d, out %s", code, out.String())
	}
}

// TestBadConfigNamesTheKey: `sayyes run` with a bad config stops before
// starting anything and names the key and the fix.
func TestBadConfigNamesTheKey(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(p, []byte("data_dir: /tmp/x\naccounts:\n  - name: me\n    address: me@example.com\n    imap: {host: imap.example.com, security: plaintext}\n    smtp: {host: smtp.example.com}\n    mailbox: [INBOX]\n"), 0o644)
	var out, errOut bytes.Buffer
	code := run([]string{"run", "--config", p}, &out, &errOut)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	msg := errOut.String()
	for _, want := range []string{"accounts[0].mailbox", `did you mean "mailboxes"`, "line 7"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	os.WriteFile(p, []byte("accounts:\n  - name: me\n    address: me@example.com\n    imap: {host: imap.example.com, security: plaintext, password: hunter2}\n    smtp: {host: smtp.example.com}\n"), 0o644)
	errOut.Reset()
	run([]string{"run", "--config", p}, &out, &errOut)
	if msg := errOut.String(); !strings.Contains(msg, "accounts[0].imap.security") || !strings.Contains(msg, "use tls, starttls or none") || strings.Contains(msg, "hunter2") {
		t.Errorf("validation error should name key and fix, never the password:\n%s", msg)
	}
}

// TestDoctor runs doctor against the sandbox: all checks pass with the
// right password; the wrong one gives a FAIL line with a fix and exit 1.
func TestDoctor(t *testing.T) {
	sb, err := sandbox.Start("alex@sandbox.localhost", "right", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	write := func(pw string) string {
		p := filepath.Join(t.TempDir(), "c.yaml")
		ih, ip := split(sb.IMAPAddr)
		sh, sp := split(sb.SMTPAddr)
		os.WriteFile(p, []byte(fmt.Sprintf("data_dir: %s/data\naccounts:\n  - name: me\n    address: alex@sandbox.localhost\n    imap: {host: %s, port: %s, security: none, password: %s}\n    smtp: {host: %s, port: %s, security: none}\n",
			t.TempDir(), ih, ip, pw, sh, sp)), 0o644)
		return p
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"doctor", "--config", write("right")}, &out, &errOut); code != 0 {
		t.Fatalf("doctor failed with the right password:\n%s%s", out.String(), errOut.String())
	}
	for _, want := range []string{"logged in", "Drafts (by name", "smtp 127.0.0.1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run([]string{"doctor", "--config", write("wrong")}, &out, &errOut); code != 2 {
		t.Fatalf("doctor with a wrong password: exit %d\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "[FAIL] imap") || !strings.Contains(out.String(), "fix:") || strings.Contains(out.String(), "wrong") && strings.Contains(out.String(), "password: wrong") {
		t.Errorf("doctor should explain the failed login:\n%s", out.String())
	}
}

func split(a string) (string, string) {
	i := strings.LastIndexByte(a, ':')
	return a[:i], a[i+1:]
}

// TestDraftsCommands drives `sayyes drafts` against a running `sayyes run`
// on the sandbox: list shows the invitation, show prints the drafts, send
// asks first, sends once with --yes, and a second send sends nothing.
func TestDraftsCommands(t *testing.T) {
	sb, err := sandbox.Start("alex@sandbox.localhost", "pw", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ih, ip := split(sb.IMAPAddr)
	sh, sp := split(sb.SMTPAddr)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf("data_dir: %s\nlog: {level: warn}\nprofile: {name: Alex Sample}\naccounts:\n  - name: me\n    address: alex@sandbox.localhost\n    imap: {host: %s, port: %s, security: none, password: pw}\n    smtp: {host: %s, port: %s, security: none}\n",
		filepath.Join(dir, "data"), ih, ip, sh, sp)), 0o644)
	runDone := make(chan int, 1)
	var runErr bytes.Buffer
	stop := make(chan struct{})
	go func() {
		runDone <- runUntil(stop, []string{"run", "--config", cfgPath}, &runErr)
	}()
	defer func() { close(stop); <-runDone }()

	mails, _ := demo.Seed(time.Now(), "alex@sandbox.localhost")
	if err := sb.Deliver(mails["05-avoid-company.eml"]); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	deadline := time.Now().Add(20 * time.Second)
	for {
		out.Reset()
		errOut.Reset()
		if run([]string{"drafts", "list", "--config", cfgPath}, &out, &errOut) == 0 && strings.Contains(out.String(), "Initech") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("drafts list never showed the invitation:\n%s%s\nrun: %s", out.String(), errOut.String(), runErr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	id := strings.Fields(out.String())[0]
	out.Reset()
	if code := run([]string{"drafts", "show", id, "--config", cfgPath}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "--- decline, to sam.ortiz@initech.example") {
		t.Fatalf("drafts show: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := runDraftsWithInput("n\n", []string{"send", id, "--kind", "decline", "--config", cfgPath}, &out, &errOut); code == 0 || !strings.Contains(out.String(), "Not sent") {
		t.Fatalf("answering no must not send: exit %d\n%s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"drafts", "send", id, "--kind", "decline", "--yes", "--config", cfgPath}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "Sent the decline reply") {
		t.Fatalf("drafts send: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	out.Reset()
	if code := run([]string{"drafts", "send", id, "--kind", "decline", "--yes", "--config", cfgPath}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "already sent") {
		t.Fatalf("second send: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	n := 0
	for _, r := range sb.Received() {
		if r.To[0] == "sam.ortiz@initech.example" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d messages reached the recruiter, want 1", n)
	}
}

func runDraftsWithInput(input string, args []string, stdout, stderr *bytes.Buffer) int {
	return runDrafts(args, strings.NewReader(input), stdout, stderr)
}

// runUntil runs what `sayyes run --config FILE` runs, in-process, until
// stop is closed (the command itself stops on SIGINT/SIGTERM).
func runUntil(stop chan struct{}, args []string, stderr *bytes.Buffer) int {
	cfg, err := config.Load(args[2], nil)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-stop; cancel() }()
	if err := sayyes.Run(ctx, cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
