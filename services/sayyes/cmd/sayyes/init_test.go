package main

// TestInitThroughATerminal runs the real sayyes binary's `init` in a tmux
// pane, a real terminal, and answers its prompts with `tmux send-keys` the
// way a newcomer types them, reading the screen with `tmux capture-pane`.
//
// Setup: the sandbox IMAP and SMTP servers on 127.0.0.1 (security none);
// the binary built from this package into a temporary folder; a tmux server
// of the test's own (-S socket in the temporary folder, 200x50 pane) with
// TZ set so the time zone default is known.
// Readiness: every answer waits until its question is on the screen.
// Cleanup: the tmux server is killed through its socket, which ends the
// pane and the binary; the sandbox closes.
//
// Skipped when tmux is missing, except in CI (.ci/run installs it), where
// that fails.

import (
	"bytes"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/services/sayyes/demo"
)

type pane struct {
	t          *testing.T
	tmux, sock string
}

func (p *pane) cmd(args ...string) string {
	p.t.Helper()
	out, err := exec.Command(p.tmux, append([]string{"-S", p.sock}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen is the pane's whole history, wrapped lines joined.
func (p *pane) screen() string {
	return p.cmd("capture-pane", "-p", "-J", "-t", "init", "-S", "-500")
}

// waitFor waits until s is on the screen n times.
func (p *pane) waitFor(s string, n int) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		scr := p.screen()
		if strings.Count(scr, s) >= n {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("waited for %q (%d times); the screen shows:\n%s", s, n, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// answer waits for the n-th showing of the prompt, then types text and
// Enter (text "" is a bare Enter).
func (p *pane) answer(prompt string, n int, text string) {
	p.t.Helper()
	p.waitFor(prompt, n)
	if text != "" {
		p.cmd("send-keys", "-t", "init", "-l", text)
	}
	p.cmd("send-keys", "-t", "init", "Enter")
}

func TestInitThroughATerminal(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is missing: .ci/run installs it, and CI must run this test")
		}
		t.Skip("tmux is not installed (CI installs it)")
	}
	sb, err := sandbox.Start(demo.User, "secret-pw", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()

	dir := t.TempDir()
	bin := filepath.Join(dir, "sayyes")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building sayyes: %v\n%s", err, out)
	}
	cfgPath := filepath.Join(dir, "home", "sayyes.yaml")
	p := &pane{t: t, tmux: tmux, sock: filepath.Join(dir, "tmux.sock")}
	shell := "TZ=Europe/Berlin " + quote(bin) + " init --no-dns --config " + quote(cfgPath) + "; echo EXIT=$?; sleep 600"
	start := exec.Command(tmux, "-S", p.sock, "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50", "-s", "init", shell)
	start.Env = append(os.Environ(), "TERM=xterm-256color")
	if out, err := start.CombinedOutput(); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command(tmux, "-S", p.sock, "kill-server").Run() })

	p.answer("Your email address: ", 1, demo.User)
	p.answer("[generic]: ", 1, "")
	p.answer("IMAP server (host:port tls|starttls|none) [imap.sandbox.localhost:993 tls]: ", 1, sb.IMAPAddr+" none")
	p.answer("SMTP server (host:port tls|starttls|none) [smtp.sandbox.localhost:465 tls]: ", 1, sb.SMTPAddr+" none")
	p.answer("Username [alex@sandbox.localhost]: ", 1, "")
	p.answer("Log in with (password, oauth2) [password]: ", 1, "")
	p.answer("Password for alex@sandbox.localhost (not shown): ", 1, "wrong-pw")
	p.answer("SMTP username (Enter: the same login as IMAP; -: none): ", 1, "-")
	p.waitFor("[FAIL] IMAP", 1)
	p.answer("Change the settings and try again? [Y/n]: ", 1, "")
	// Second round: every earlier answer is the default.
	p.answer("[generic]: ", 2, "")
	p.answer("["+sb.IMAPAddr+" none]: ", 1, "")
	p.answer("["+sb.SMTPAddr+" none]: ", 1, "")
	p.answer("Username [alex@sandbox.localhost]: ", 2, "")
	p.answer("Log in with (password, oauth2) [password]: ", 2, "")
	p.answer("[Enter: keep the one typed before]: ", 1, "secret-pw")
	p.answer("SMTP username (Enter: the same login as IMAP; -: none) [-]: ", 1, "")
	p.waitFor("[ok  ] IMAP", 1)
	p.answer("Your name, to sign the drafts [Alex]: ", 1, "Alex Sample")
	p.answer("Are you searching, employed or student? [searching]: ", 1, "employed")
	p.answer("Your time zone [Europe/Berlin]: ", 1, "")
	p.answer("Folder for Sayyes' own data ["+filepath.Join(dir, "home", "sayyes-data")+"]: ", 1, "")
	p.waitFor("EXIT=", 1)
	scr := p.screen()
	t.Logf("the terminal showed:\n%s", scr)
	for _, want := range []string{"check the username and password", "[ok  ] SMTP", "Wrote " + cfgPath, "EXIT=0"} {
		if !strings.Contains(scr, want) {
			t.Errorf("screen lacks %q", want)
		}
	}
	if strings.Contains(scr, "secret-pw") || strings.Contains(scr, "wrong-pw") {
		t.Error("a password was echoed")
	}

	cfg, err := config.Load(cfgPath, nil)
	if err != nil {
		t.Fatalf("the written config does not load: %v", err)
	}
	a := cfg.Accounts[0]
	if a.Address != demo.User || a.IMAP.Addr() != sb.IMAPAddr || a.SMTP.Addr() != sb.SMTPAddr || a.IMAP.Password != "secret-pw" ||
		cfg.Profile.Name != "Alex Sample" || cfg.Profile.Employment != "employed" || cfg.Profile.Timezone != "Europe/Berlin" {
		t.Errorf("config: %+v, %+v", cfg.Profile, a)
	}
	st, err := os.Stat(a.IMAP.PasswordFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("password file %s: %v (mode %v), want mode 0600", a.IMAP.PasswordFile, err, st.Mode().Perm())
	}
	if raw, _ := os.ReadFile(cfgPath); bytes.Contains(raw, []byte("secret-pw")) {
		t.Error("the password is in the YAML")
	}

	// A second init does not touch the file.
	before, _ := os.ReadFile(cfgPath)
	again := exec.Command(bin, "init", "--config", cfgPath)
	again.Stdin = strings.NewReader(demo.User + "\n")
	out, err := again.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "already exists") {
		t.Errorf("second init: %v: %s", err, out)
	}
	if after, _ := os.ReadFile(cfgPath); !bytes.Equal(before, after) {
		t.Error("the config changed")
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
