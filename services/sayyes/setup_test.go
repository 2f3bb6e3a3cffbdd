package sayyes_test

// `sayyes init`'s setup driven through its input and output streams
// against the sandbox IMAP and SMTP servers (the terminal itself is tested
// with tmux in cmd/sayyes).

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
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

func startSandbox(t *testing.T) (sb *sandbox.Sandbox, imapSpec, smtpSpec string) {
	t.Helper()
	sb, err := sandbox.Start(demo.User, "secret-pw", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb, sb.IMAPAddr + " none", sb.SMTPAddr + " none"
}

func lines(ls ...string) *strings.Reader { return strings.NewReader(strings.Join(ls, "\n") + "\n") }

// TestSetupAsksTestsRetriesAndWrites: a wrong password fails the login
// test with advice; the second attempt, offering the earlier answers as
// defaults, passes; the config loads and the password sits in a 0600 file.
func TestSetupAsksTestsRetriesAndWrites(t *testing.T) {
	_, imapSpec, smtpSpec := startSandbox(t)
	dir := t.TempDir()
	var out bytes.Buffer
	s := &sayyes.Setup{
		In: lines(
			demo.User,          // address
			"",                 // provider: generic
			imapSpec, smtpSpec, // servers
			"", "", "wrong-pw", "-", // username = address, log in with a password, the password, no SMTP login
			"",                 // try again: yes
			"", "", "", "", "", // provider, servers, username, login method: as before
			"secret-pw", "", // password, SMTP login as before (none)
			"", "student", "", "", // name, employment, zone, data dir
		),
		Out:        &out,
		Getenv:     func(k string) string { return map[string]string{"TZ": "America/New_York"}[k] },
		ConfigPath: filepath.Join(dir, "sayyes.yaml"),
	}
	cfg, err := s.Run(context.Background())
	t.Logf("setup said:\n%s", out.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Your email address: ", "Provider (", "[generic]", "IMAP server (host:port tls|starttls|none) [imap.sandbox.localhost:993 tls]",
		"[FAIL] IMAP", "check the username and password", "Change the settings and try again? [Y/n]",
		"IMAP server (host:port tls|starttls|none) [" + imapSpec + "]", "[ok  ] IMAP", "logged in as " + demo.User, "INBOX holds 0 messages", "drafts go to Drafts",
		"[ok  ] SMTP", "connected (no login", "Your time zone [America/New_York]", "Wrote ",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "secret-pw") || strings.Contains(out.String(), "wrong-pw") {
		t.Error("a password was printed")
	}
	loaded, err := config.Load(s.ConfigPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := loaded.Accounts[0]
	if a.Address != demo.User || a.IMAP.Password != "secret-pw" || a.IMAP.Security != config.SecurityNone || a.SMTP.Password != "" || a.Provider != "" {
		t.Errorf("account: %+v", a)
	}
	if loaded.Profile.Name != "Alex" || loaded.Profile.Employment != "student" || loaded.Profile.Timezone != "America/New_York" || loaded.DataDir != filepath.Join(dir, "sayyes-data") {
		t.Errorf("profile %+v, data dir %s", loaded.Profile, loaded.DataDir)
	}
	if cfg.Accounts[0].IMAP.Addr() != a.IMAP.Addr() {
		t.Errorf("returned config differs from the file")
	}
	yaml, _ := os.ReadFile(s.ConfigPath)
	if bytes.Contains(yaml, []byte("secret-pw")) {
		t.Error("the password is in the YAML")
	}
	st, err := os.Stat(s.PasswordPath)
	if err != nil || st.Mode().Perm() != 0o600 || s.PasswordPath != filepath.Join(dir, "sayyes.password") {
		t.Errorf("password file %s: %v, mode %v", s.PasswordPath, err, st.Mode())
	}

	// Again: refused before a single question.
	out.Reset()
	again := &sayyes.Setup{In: lines(demo.User), Out: &out, ConfigPath: s.ConfigPath}
	if _, err := again.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "already exists") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second setup: %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("asked before refusing: %q", out.String())
	}
}

// TestSetupWithoutPrompts: everything from flags; a bad value is an error,
// not a question; with a separate SMTP login it gets a file of its own.
func TestSetupWithoutPrompts(t *testing.T) {
	_, imapSpec, smtpSpec := startSandbox(t)
	dir := t.TempDir()
	base := sayyes.SetupAnswers{
		Address: demo.User, IMAP: imapSpec, SMTP: smtpSpec, Password: "secret-pw", SMTPUsername: "-",
		Name: "Alex Sample", Timezone: "Europe/Berlin",
	}
	var out bytes.Buffer
	s := &sayyes.Setup{In: strings.NewReader(""), Out: &out, NoPrompt: true, Answers: base, ConfigPath: filepath.Join(dir, "a.yaml")}
	if _, err := s.Run(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), "]: ") {
		t.Errorf("asked something:\n%s", out.String())
	}
	cfg, err := config.Load(s.ConfigPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Profile.Employment != "searching" || cfg.Accounts[0].Name != "sandbox" {
		t.Errorf("defaults: %+v %+v", cfg.Profile, cfg.Accounts[0])
	}

	cases := []struct {
		name string
		edit func(*sayyes.SetupAnswers)
		want string
	}{
		{"no password", func(a *sayyes.SetupAnswers) { a.Password = "" }, "--password-stdin"},
		{"wrong password", func(a *sayyes.SetupAnswers) { a.Password = "nope" }, "login test failed"},
		{"plain text to a remote host", func(a *sayyes.SetupAnswers) { a.IMAP = "imap.example.com:143 none" }, "not usable"},
		{"bad employment", func(a *sayyes.SetupAnswers) { a.Employment = "retired" }, "use one of"},
		{"not an address", func(a *sayyes.SetupAnswers) { a.Address = "alex" }, "not an email address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := base
			tc.edit(&a)
			var out bytes.Buffer
			p := filepath.Join(t.TempDir(), "sayyes.yaml")
			s := &sayyes.Setup{In: strings.NewReader(""), Out: &out, NoPrompt: true, Answers: a, ConfigPath: p}
			_, err := s.Run(context.Background())
			if err == nil || !strings.Contains(err.Error()+out.String(), tc.want) {
				t.Errorf("err %v, want %q; said:\n%s", err, tc.want, out.String())
			}
			if _, err := os.Stat(p); err == nil {
				t.Error("a config was written")
			}
			if _, err := os.Stat(strings.TrimSuffix(p, ".yaml") + ".password"); err == nil {
				t.Error("a password file was left behind")
			}
		})
	}

	t.Run("separate SMTP login", func(t *testing.T) {
		a := base
		a.SMTPUsername, a.SMTPPassword = "relay-user", "relay-pw"
		p := filepath.Join(t.TempDir(), "sayyes.yaml")
		s := &sayyes.Setup{In: strings.NewReader(""), Out: &out, NoPrompt: true, SkipTest: true, Answers: a, ConfigPath: p}
		if _, err := s.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		sm := cfg.Accounts[0].SMTP
		if sm.Username != "relay-user" || sm.Password != "relay-pw" || cfg.Accounts[0].IMAP.Password != "secret-pw" {
			t.Errorf("smtp %+v", sm)
		}
		if st, err := os.Stat(sm.PasswordFile); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("smtp password file: %v", err)
		}
	})
}

// TestSetupInputEndsEarly: closing the input cancels without writing.
func TestSetupInputEndsEarly(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sayyes.yaml")
	var out bytes.Buffer
	s := &sayyes.Setup{In: lines(demo.User, ""), Out: &out, ConfigPath: p}
	if _, err := s.Run(context.Background()); !errors.Is(err, sayyes.ErrSetupCancelled) {
		t.Errorf("err = %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(p)); len(entries) != 0 {
		t.Errorf("files left: %v", entries)
	}
}

func TestSetupPresetServers(t *testing.T) {
	var out bytes.Buffer
	p := filepath.Join(t.TempDir(), "sayyes.yaml")
	s := &sayyes.Setup{
		In: lines(""), Out: &out, NoPrompt: true, SkipTest: true, ConfigPath: p,
		Answers: sayyes.SetupAnswers{Address: "alex.sample@gmail.com", Password: "app-pw", Timezone: "UTC"},
	}
	if _, err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := cfg.Accounts[0]
	if a.Provider != "gmail" || a.IMAP.Addr() != "imap.gmail.com:993" || a.SMTP.Addr() != "smtp.gmail.com:465" || a.SMTP.Password != "app-pw" || a.DraftsMailbox != "[Gmail]/Drafts" || a.Name != "gmail" {
		t.Errorf("account %+v", a)
	}
	if cfg.Profile.Name != "Alex Sample" {
		t.Errorf("name %q", cfg.Profile.Name)
	}
	if !strings.Contains(out.String(), "gmail needs: 2-step verification") {
		t.Errorf("no word on what Gmail needs:\n%s", out.String())
	}
}

func TestGuessProviderByMX(t *testing.T) {
	called := 0
	lookup := func(_ context.Context, domain string) ([]*net.MX, error) {
		called++
		switch domain {
		case "acme.io":
			return []*net.MX{{Host: "aspmx.l.google.com.", Pref: 1}}, nil
		case "globex.de":
			return []*net.MX{{Host: "globex-de.mail.protection.outlook.com.", Pref: 0}}, nil
		}
		return nil, errors.New("no such host")
	}
	for addr, want := range map[string]string{
		"a@gmail.com": "gmail", "a@acme.io": "gmail", "a@globex.de": "office365", "a@nowhere.org": "generic", "a@sandbox.localhost": "generic", "a@mail.example.com": "generic",
	} {
		if got, _ := sayyes.GuessProvider(context.Background(), addr, lookup); got != want {
			t.Errorf("%s: %s, want %s", addr, got, want)
		}
	}
	if called != 3 {
		t.Errorf("%d lookups; the known and the reserved domains need none", called)
	}
	if got, _ := sayyes.GuessProvider(context.Background(), "a@acme.io", nil); got != "generic" {
		t.Errorf("without lookup: %s", got)
	}
}

func TestLocalZone(t *testing.T) {
	env := func(tz string) func(string) string { return func(string) string { return tz } }
	if z := sayyes.LocalZone(env(":Asia/Tokyo")); z != "Asia/Tokyo" {
		t.Errorf("TZ=:Asia/Tokyo gave %s", z)
	}
	z := sayyes.LocalZone(env("Not/AZone"))
	if _, err := time.LoadLocation(z); err != nil || z == "Local" || z == "" {
		t.Errorf("fallback zone %q does not load", z)
	}
}

// TestSetupOAuth2: Outlook defaults to OAuth2 (it refuses passwords); the
// config names the client, no password is written, SMTP shares the login,
// and the next step is sayyes auth login. Gmail's client secret gets a
// 0600 file.
func TestSetupOAuth2(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	p := filepath.Join(dir, "ms.yaml")
	s := &sayyes.Setup{
		In: strings.NewReader(""), Out: &out, NoPrompt: true, ConfigPath: p,
		Answers: sayyes.SetupAnswers{Address: "alex@outlook.com", ClientID: "0000-client", Name: "Alex", Timezone: "UTC"},
	}
	if _, err := s.Run(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	cfg, err := config.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := cfg.Accounts[0]
	if !a.IMAP.UsesOAuth2() || !a.SMTP.UsesOAuth2() || a.IMAP.OAuth2.Provider != config.ProviderMicrosoft || a.IMAP.OAuth2.ClientID != "0000-client" || a.IMAP.Password != "" {
		t.Errorf("account %+v", a)
	}
	if _, err := os.Stat(s.PasswordPath); err == nil {
		t.Error("a password file for an OAuth2 login")
	}
	for _, want := range []string{"tested when you sign in", "sayyes auth login --config " + p} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	p = filepath.Join(dir, "g.yaml")
	s = &sayyes.Setup{
		In: strings.NewReader(""), Out: &out, NoPrompt: true, ConfigPath: p,
		Answers: sayyes.SetupAnswers{Address: "alex@gmail.com", Auth: "oauth2", ClientID: "g-client", Password: "g-secret", Name: "Alex", Timezone: "UTC"},
	}
	if _, err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg, err = config.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.Accounts[0].IMAP.OAuth2
	if o.Provider != config.ProviderGmail || o.ClientSecret != "g-secret" {
		t.Errorf("oauth2 %+v", o)
	}
	if st, err := os.Stat(o.ClientSecretFile); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("client secret file: %v", err)
	}
	if raw, _ := os.ReadFile(p); bytes.Contains(raw, []byte("g-secret")) {
		t.Error("the client secret is in the YAML")
	}

	// OAuth2 elsewhere is for the config file, not for init.
	s = &sayyes.Setup{
		In: strings.NewReader(""), Out: &out, NoPrompt: true, ConfigPath: filepath.Join(dir, "x.yaml"),
		Answers: sayyes.SetupAnswers{Address: "alex@example.org", Auth: "oauth2", ClientID: "x"},
	}
	if _, err := s.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "for gmail, outlook and office365") {
		t.Errorf("generic oauth2: %v", err)
	}
}
