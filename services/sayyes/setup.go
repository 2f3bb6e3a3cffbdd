package sayyes

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/emersion/go-imap/v2"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailconn"
)

// SetupAnswers are what `sayyes init` needs to know. Whatever is set (from
// flags) is used as given; the rest is asked for, or defaulted when the
// setup must not ask.
type SetupAnswers struct {
	Address     string
	AccountName string
	Provider    string
	// IMAP and SMTP are "host[:port] [tls|starttls|none]".
	IMAP, SMTP string
	Username   string
	// Auth is password or oauth2 (Gmail and Microsoft only; the token
	// comes later from `sayyes auth login`).
	Auth string
	// Password is the mail password; with oauth2, Gmail's client secret.
	Password string
	// ClientID is the OAuth2 application's client ID.
	ClientID string
	// SMTPUsername is the login for sending: empty means the IMAP login,
	// "-" means the SMTP server takes mail without one (a local relay).
	SMTPUsername string
	SMTPPassword string
	Name         string
	Employment   string
	Timezone     string
	DataDir      string
}

// Setup is the interactive first configuration: it asks for the address,
// guesses the provider, asks to confirm the servers, reads the password,
// tests the IMAP and SMTP logins, asks for the profile basics and writes a
// config that config.Load accepts, with the password in a file of its own
// (mode 0600) next to it, never in the YAML.
type Setup struct {
	In  io.Reader
	Out io.Writer
	// ReadPassword reads a secret without echo (a terminal); nil reads a
	// line from In.
	ReadPassword func() (string, error)
	// LookupMX, if set, is asked for the MX records of a domain the
	// provider table does not know, to recognise hosted domains (Google
	// Workspace, Microsoft 365, Fastmail, iCloud, Yahoo).
	LookupMX func(ctx context.Context, domain string) ([]*net.MX, error)
	// Getenv reads TZ for the default time zone (default os.Getenv).
	Getenv func(string) string

	Answers SetupAnswers
	// NoPrompt never asks: flags and defaults only; what cannot be
	// defaulted (address, password) is an error.
	NoPrompt bool
	// SkipTest writes the config without testing the logins.
	SkipTest bool
	// Force overwrites an existing config and password file.
	Force bool
	// ConfigPath is the file to write; PasswordPath the password file
	// (default: next to it, <name>.password).
	ConfigPath, PasswordPath string
	// Timeout bounds each login test (default 20s).
	Timeout time.Duration

	in *bufio.Reader
}

// ErrSetupCancelled is returned when the input ends before the setup is
// complete; nothing has been written then.
var ErrSetupCancelled = errors.New("setup cancelled; nothing was written")

// Run runs the setup and returns the configuration as written (and loaded
// back).
func (s *Setup) Run(ctx context.Context) (*config.Config, error) {
	if err := s.init(); err != nil {
		return nil, err
	}
	a := &s.Answers
	s.say("Sayyes setup. Press Enter to take the value in [brackets].")
	s.say("The config goes to %s, secrets to files beside it that only you can read.", s.ConfigPath)
	s.say("")

	addr, err := s.value("Your email address", a.Address, "", checkAddress)
	if err != nil {
		return nil, err
	}
	a.Address = addr
	if a.AccountName == "" {
		a.AccountName = accountName(addr, "")
	}
	retry := false
	var acct config.Account
	for {
		acct, err = s.servers(ctx, retry)
		if err != nil {
			return nil, err
		}
		if s.SkipTest {
			break
		}
		if acct.IMAP.UsesOAuth2() {
			s.say("")
			s.say("The login is tested when you sign in with `sayyes auth login` (there is no token yet).")
			break
		}
		s.say("")
		s.say("Testing the login...")
		if s.testLogin(ctx, acct) {
			break
		}
		if s.NoPrompt {
			return nil, errors.New("the login test failed (see above); fix the settings, or pass --skip-test to write the config anyway")
		}
		again, err := s.yesNo("Change the settings and try again?", true)
		if err != nil {
			return nil, err
		}
		if !again {
			write, err := s.yesNo("Write the config anyway?", false)
			if err != nil {
				return nil, err
			}
			if !write {
				return nil, errors.New("login test failed; nothing was written")
			}
			break
		}
		retry = true
		s.say("")
	}
	if !s.NoPrompt {
		s.say("")
		s.say("About you (the advice and reply drafts use it):")
	}
	if a.Name, err = s.value("Your name, to sign the drafts", a.Name, nameFromAddress(a.Address), nonEmpty); err != nil {
		return nil, err
	}
	if a.Employment, err = s.value("Are you searching, employed or student?", a.Employment, "searching", oneOf("searching", "employed", "student")); err != nil {
		return nil, err
	}
	if a.Timezone, err = s.value("Your time zone", a.Timezone, LocalZone(s.Getenv), checkZone); err != nil {
		return nil, err
	}
	defDir := filepath.Join(filepath.Dir(s.ConfigPath), "sayyes-data")
	if a.DataDir, err = s.value("Folder for Sayyes' own data", a.DataDir, defDir, nonEmpty); err != nil {
		return nil, err
	}
	if a.DataDir, err = filepath.Abs(a.DataDir); err != nil {
		return nil, err
	}
	cfg, secrets, err := s.write(acct)
	if err != nil {
		return nil, err
	}
	s.say("")
	s.say("Wrote %s, and %s (mode 0600).", s.ConfigPath, strings.Join(secrets, " and "))
	s.say("Next:")
	if acct.IMAP.UsesOAuth2() {
		s.say("  sayyes auth login --config %s   # sign in once; stores the refresh token", s.ConfigPath)
	}
	s.say("  sayyes doctor --config %s     # check everything once more", s.ConfigPath)
	s.say("  sayyes run --config %s        # watch your mailbox", s.ConfigPath)
	s.say("  sayyes backfill --config %s --since 90d   # with run going: invitations already in your mail", s.ConfigPath)
	return cfg, nil
}

func (s *Setup) init() error {
	if s.Getenv == nil {
		s.Getenv = os.Getenv
	}
	if s.Timeout <= 0 {
		s.Timeout = 20 * time.Second
	}
	if s.ConfigPath == "" {
		s.ConfigPath = "sayyes.yaml"
	}
	var err error
	if s.ConfigPath, err = filepath.Abs(s.ConfigPath); err != nil {
		return err
	}
	if s.PasswordPath == "" {
		base := strings.TrimSuffix(filepath.Base(s.ConfigPath), filepath.Ext(s.ConfigPath))
		s.PasswordPath = filepath.Join(filepath.Dir(s.ConfigPath), base+".password")
	}
	if s.PasswordPath, err = filepath.Abs(s.PasswordPath); err != nil {
		return err
	}
	// Refuse before asking anything: answering ten questions to be told
	// the file exists is no fun.
	if !s.Force {
		for _, p := range []string{s.ConfigPath, s.PasswordPath, s.smtpPasswordPath(), s.clientSecretPath()} {
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("%s already exists; choose another --config, or pass --force to overwrite it", p)
			}
		}
	}
	if s.in == nil {
		s.in = bufio.NewReader(s.In)
	}
	return nil
}

func (s *Setup) smtpPasswordPath() string {
	return strings.TrimSuffix(s.PasswordPath, ".password") + ".smtp-password"
}

func (s *Setup) clientSecretPath() string {
	return strings.TrimSuffix(s.PasswordPath, ".password") + ".oauth2-secret"
}

// oauthProvider is the OAuth2 provider of a preset, "" where init cannot
// set OAuth2 up.
func oauthProvider(preset string) string {
	switch preset {
	case "gmail":
		return config.ProviderGmail
	case "outlook", "office365":
		return config.ProviderMicrosoft
	}
	return ""
}

// servers asks for the provider, servers and logins, and returns the
// account they make, validated.
func (s *Setup) servers(ctx context.Context, retry bool) (config.Account, error) {
	a := &s.Answers
	preset := func(v string) string {
		if retry {
			return "" // ask again, offering the previous answer
		}
		return v
	}
	_, domain, _ := strings.Cut(a.Address, "@")
	guess, why := a.Provider, ""
	if guess == "" {
		guess, why = GuessProvider(ctx, a.Address, s.LookupMX)
		if why != "" && !retry {
			s.say("Provider: %s (%s).", guess, why)
		}
	}
	names := config.ProviderNames()
	p, err := s.value("Provider ("+strings.Join(names, ", ")+")", preset(a.Provider), guess, oneOf(names...))
	if err != nil {
		return config.Account{}, err
	}
	if a.Provider != "" && p != a.Provider {
		// Another provider brings its own servers.
		a.IMAP, a.SMTP = "", ""
	}
	a.Provider = p
	pre, known := config.Presets()[p]
	if known && !retry {
		s.say("  %s needs: %s.", p, pre.Needs)
	}
	defIMAP, defSMTP := "imap."+domain+":993 tls", "smtp."+domain+":465 tls"
	if known {
		defIMAP = serverSpec(pre.IMAPHost, pre.IMAPPort, pre.IMAPSecurity)
		defSMTP = serverSpec(pre.SMTPHost, pre.SMTPPort, pre.SMTPSec)
	}
	if a.IMAP != "" {
		defIMAP = a.IMAP
	}
	if a.SMTP != "" {
		defSMTP = a.SMTP
	}
	for {
		if a.IMAP, err = s.value("IMAP server (host:port tls|starttls|none)", preset(a.IMAP), defIMAP, checkSpec(993, 143)); err != nil {
			return config.Account{}, err
		}
		if a.SMTP, err = s.value("SMTP server (host:port tls|starttls|none)", preset(a.SMTP), defSMTP, checkSpec(465, 587)); err != nil {
			return config.Account{}, err
		}
		if a.Username, err = s.value("Username", preset(a.Username), or(a.Username, a.Address), nonEmpty); err != nil {
			return config.Account{}, err
		}
		defAuth := config.AuthPassword
		if oauthProvider(p) == config.ProviderMicrosoft {
			defAuth = config.AuthOAuth2 // Outlook.com refuses passwords over IMAP
		}
		checkAuth := func(v string) error {
			switch {
			case v == config.AuthPassword:
				return nil
			case v == config.AuthOAuth2 && oauthProvider(p) != "":
				return nil
			case v == config.AuthOAuth2:
				return errors.New("sayyes init sets OAuth2 up for gmail, outlook and office365; for another provider use a password here and set auth: oauth2 with oauth2.token_url in the config by hand")
			}
			return errors.New("use password or oauth2")
		}
		if a.Auth, err = s.value("Log in with (password, oauth2)", preset(a.Auth), or(a.Auth, defAuth), checkAuth); err != nil {
			return config.Account{}, err
		}
		if a.Auth == config.AuthOAuth2 {
			s.say("  OAuth2 needs an application registered with %s (see the README's OAuth2 section).", oauthProvider(p))
			if a.ClientID, err = s.value("OAuth2 client ID", preset(a.ClientID), a.ClientID, nonEmpty); err != nil {
				return config.Account{}, err
			}
			if oauthProvider(p) == config.ProviderGmail && (retry || a.Password == "") {
				if a.Password, err = s.password("OAuth2 client secret (Google gives desktop apps one; not shown)", a.Password); err != nil {
					return config.Account{}, err
				}
			}
		} else if retry || a.Password == "" {
			if a.Password, err = s.password("Password for "+a.Username+" (not shown)", a.Password); err != nil {
				return config.Account{}, err
			}
		}
		if a.Auth == config.AuthPassword {
			su, err := s.value("SMTP username (Enter: the same login as IMAP; -: none)", preset(a.SMTPUsername), or(a.SMTPUsername, ""), nil)
			if err != nil {
				return config.Account{}, err
			}
			a.SMTPUsername = su
			if su != "" && su != "-" && su != a.Username && (retry || a.SMTPPassword == "") {
				if a.SMTPPassword, err = s.password("SMTP password for "+su+" (not shown)", a.SMTPPassword); err != nil {
					return config.Account{}, err
				}
			}
		}
		acct := s.account()
		cfg := &config.Config{Accounts: []config.Account{acct}}
		cfg.Defaults()
		var probs []string
		for _, pr := range cfg.Validate() {
			if strings.HasPrefix(pr.Key, "accounts[0].") {
				probs = append(probs, strings.TrimPrefix(pr.String(), "accounts[0]."))
			}
		}
		if len(probs) == 0 {
			return cfg.Accounts[0], nil
		}
		for _, p := range probs {
			s.say("  problem: %s", p)
		}
		if s.NoPrompt {
			return config.Account{}, errors.New("the settings above are not usable")
		}
		retry = true
	}
}

// account builds the account from the answers (before defaults).
func (s *Setup) account() config.Account {
	a := s.Answers
	ih, ip, isec, _ := parseSpec(a.IMAP, 993, 143)
	sh, sp, ssec, _ := parseSpec(a.SMTP, 465, 587)
	acct := config.Account{
		Name: a.AccountName, Address: a.Address,
		IMAP: config.Server{Host: ih, Port: ip, Security: isec, Username: a.Username, Password: a.Password},
		SMTP: config.Server{Host: sh, Port: sp, Security: ssec},
	}
	if a.Provider != "generic" {
		acct.Provider = a.Provider
	}
	if a.Auth == config.AuthOAuth2 {
		// SMTP shares the IMAP login's OAuth2 settings (config defaults).
		acct.IMAP.Password = ""
		acct.IMAP.Auth = config.AuthOAuth2
		acct.IMAP.OAuth2 = config.OAuth2{Provider: oauthProvider(a.Provider), ClientID: a.ClientID, ClientSecret: a.Password}
		return acct
	}
	switch a.SMTPUsername {
	case "-":
	case "", a.Username:
		acct.SMTP.Username, acct.SMTP.Password = a.Username, a.Password
	default:
		acct.SMTP.Username, acct.SMTP.Password = a.SMTPUsername, a.SMTPPassword
	}
	return acct
}

// testLogin logs in to IMAP and SMTP as the running Sayyes would, and says
// how it went in plain words.
func (s *Setup) testLogin(ctx context.Context, a config.Account) bool {
	good := true
	if info, err := TestIMAP(ctx, a, s.Timeout); err != nil {
		good = false
		s.say("  [FAIL] IMAP %s (%s): %v", a.IMAP.Addr(), a.IMAP.Security, err)
		s.say("         fix: %s", loginFix("imap", a, err))
	} else {
		s.say("  [ok  ] IMAP %s (%s): %s", a.IMAP.Addr(), a.IMAP.Security, info)
	}
	if info, err := TestSMTP(ctx, a, s.Timeout); err != nil {
		good = false
		s.say("  [FAIL] SMTP %s (%s): %v", a.SMTP.Addr(), a.SMTP.Security, err)
		s.say("         fix: %s", loginFix("smtp", a, err))
	} else {
		s.say("  [ok  ] SMTP %s (%s): %s", a.SMTP.Addr(), a.SMTP.Security, info)
	}
	return good
}

// TestIMAP logs in and looks at the watched mailboxes and the Drafts
// folder, as the watcher and mailer will.
func TestIMAP(ctx context.Context, a config.Account, timeout time.Duration) (string, error) {
	c, err := mailconn.DialIMAP(ctx, a.IMAP, timeout, nil)
	if err != nil {
		return "", err
	}
	defer c.Close()
	defer c.Guard(timeout)()
	parts := []string{"logged in as " + a.IMAP.Username}
	for _, mb := range a.Mailboxes {
		st, err := c.Status(mb, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil {
			return "", fmt.Errorf("logged in, but mailbox %s: %w", mb, err)
		}
		parts = append(parts, fmt.Sprintf("%s holds %d messages", mb, *st.NumMessages))
	}
	if a.DraftsMailbox != "" {
		parts = append(parts, "drafts go to "+a.DraftsMailbox)
	} else if name, _, err := c.LookupFolder(imap.MailboxAttrDrafts, mailconn.DraftsNames...); err == nil && name != "" {
		parts = append(parts, "drafts go to "+name)
	} else if err == nil {
		parts = append(parts, "no Drafts folder yet: one is created on first use")
	}
	if !c.Caps().Has(imap.CapIdle) {
		parts = append(parts, fmt.Sprintf("no IDLE: new mail is polled every %s", a.PollInterval.D()))
	}
	return strings.Join(parts, "; "), nil
}

// TestSMTP connects and, when the account has an SMTP login, logs in, the
// way the mailer sends (and `sayyes doctor` checks); nothing is sent.
func TestSMTP(ctx context.Context, a config.Account, timeout time.Duration) (string, error) {
	login := a.SMTP.Username != "" && a.SMTP.Password != ""
	cl, err := mailconn.SMTPClient(a.SMTP, timeout)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := cl.DialWithContext(ctx); err != nil {
		return "", err
	}
	_ = cl.Close()
	if login {
		return "connected and accepted the login of " + a.SMTP.Username, nil
	}
	return "connected (no login: the server must accept your mail without one)", nil
}

// loginFix turns a failed login test into advice.
func loginFix(kind string, a config.Account, err error) string {
	s := a.IMAP
	if kind == "smtp" {
		s = a.SMTP
	}
	msg := strings.ToLower(err.Error())
	var needs string
	if p, ok := config.Presets()[a.Provider]; ok {
		needs = " (" + a.Provider + " needs " + p.Needs + ")"
	}
	switch {
	case errors.Is(err, mailconn.ErrAuth), strings.Contains(msg, "535"), strings.Contains(msg, "authentication failed"):
		return "check the username and password" + needs
	case strings.Contains(msg, "no such host"):
		return "the host name does not resolve: check it for typos"
	case strings.Contains(msg, "connection refused"), strings.Contains(msg, "i/o timeout"), strings.Contains(msg, "deadline exceeded"):
		return "nothing answers there: check the host and the port"
	case strings.Contains(msg, "tls") || strings.Contains(msg, "x509") || strings.Contains(msg, "certificate"):
		if s.Security == config.SecurityTLS {
			return "TLS failed: if the port speaks plain text first (143, 587), use starttls; for a self-signed certificate set ca_file in the config afterwards"
		}
		return "TLS failed: if the port speaks TLS at once (993, 465), use tls"
	case strings.Contains(msg, "auth") && kind == "smtp":
		return "the server does not offer a login this connection can use: use tls or starttls, or - for no SMTP login if it is a local relay"
	}
	return "check host, port, security and the login"
}

// write puts the password file(s) and the config in place: config last, and
// only after config.Load accepted it, so a half-written setup never looks
// like a finished one.
func (s *Setup) write(acct config.Account) (*config.Config, []string, error) {
	a := s.Answers
	if err := os.MkdirAll(filepath.Dir(s.ConfigPath), 0o700); err != nil {
		return nil, nil, err
	}
	var written []string
	cleanup := func() {
		for _, p := range written {
			os.Remove(p)
		}
	}
	var secrets []string
	put := func(path, secret string) error {
		if err := writeSecret(path, secret, s.Force); err != nil {
			cleanup()
			return err
		}
		written = append(written, path)
		secrets = append(secrets, path)
		return nil
	}
	var imapPW, smtpPW, clientSecret string
	switch {
	case a.Auth == config.AuthOAuth2:
		if a.Password != "" {
			clientSecret = s.clientSecretPath()
		}
	case a.SMTPUsername == "-":
		imapPW = s.PasswordPath
	case a.SMTPUsername == "" || a.SMTPUsername == a.Username:
		imapPW, smtpPW = s.PasswordPath, s.PasswordPath
	default:
		imapPW, smtpPW = s.PasswordPath, s.smtpPasswordPath()
	}
	for _, f := range []struct{ path, secret string }{{imapPW, a.Password}, {clientSecret, a.Password}} {
		if f.path != "" {
			if err := put(f.path, f.secret); err != nil {
				return nil, nil, err
			}
		}
	}
	if smtpPW != "" && smtpPW != imapPW {
		if err := put(smtpPW, a.SMTPPassword); err != nil {
			return nil, nil, err
		}
	}
	data := renderConfig(s.ConfigPath, a, acct, imapPW, smtpPW, clientSecret, time.Now())
	tmp, err := os.CreateTemp(filepath.Dir(s.ConfigPath), ".sayyes-init-*.yaml")
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	written = append(written, tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		cleanup()
		return nil, nil, err
	}
	if err := tmp.Close(); err != nil {
		cleanup()
		return nil, nil, err
	}
	cfg, err := config.Load(tmp.Name(), nil)
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("the config written does not load (a bug in sayyes init, please report it): %w", err)
	}
	if !s.Force {
		if _, err := os.Lstat(s.ConfigPath); err == nil {
			cleanup()
			return nil, nil, fmt.Errorf("%s appeared while the setup ran; nothing was written", s.ConfigPath)
		}
	}
	if err := os.Rename(tmp.Name(), s.ConfigPath); err != nil {
		cleanup()
		return nil, nil, err
	}
	return cfg, secrets, nil
}

// writeSecret writes a one-line secret readable only by its owner. Without
// force an existing file is an error; with it, the file is replaced and its
// mode reset.
func writeSecret(path, secret string, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return fmt.Errorf("writing the password file: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.WriteString(secret + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// renderConfig writes the YAML by hand, so it carries comments and only the
// keys the user chose; every string is JSON-quoted, which YAML reads as a
// double-quoted scalar.
func renderConfig(path string, a SetupAnswers, acct config.Account, imapPW, smtpPW, clientSecret string, now time.Time) []byte {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("# Sayyes configuration, written by `sayyes init` on %s.", now.Format(time.DateOnly))
	w("# Every key is explained in deploy/sayyes.example.yaml. Check it with:")
	w("#   sayyes doctor --config %s", path)
	w("# Secrets live in the files named here, never in this one.")
	w("")
	w("data_dir: %s", q(a.DataDir))
	w("")
	w("profile:")
	w("  name: %s", q(a.Name))
	w("  employment: %s    # searching | employed | student", a.Employment)
	w("  timezone: %s", q(a.Timezone))
	w("")
	w("accounts:")
	w("  - name: %s", q(acct.Name))
	if acct.Provider != "" {
		w("    provider: %s", acct.Provider)
	}
	w("    address: %s", q(a.Address))
	w("    mailboxes: [INBOX]    # folders to watch")
	server := func(key string, s config.Server, pw string, writeUser bool) {
		w("    %s:", key)
		w("      host: %s", q(s.Host))
		w("      port: %d", s.Port)
		w("      security: %s", s.Security)
		if writeUser && s.Username != "" {
			w("      username: %s", q(s.Username))
		}
		if pw != "" {
			w("      password_file: %s", q(pw))
		}
		if s.UsesOAuth2() && key == "imap" {
			w("      auth: oauth2                 # the token: sayyes auth login; smtp uses the same")
			w("      oauth2:")
			w("        provider: %s", s.OAuth2.Provider)
			w("        client_id: %s", q(s.OAuth2.ClientID))
			if clientSecret != "" {
				w("        client_secret_file: %s", q(clientSecret))
			}
		}
	}
	server("imap", acct.IMAP, imapPW, acct.IMAP.Username != a.Address)
	server("smtp", acct.SMTP, smtpPW, smtpPW != "" && acct.SMTP.Username != acct.IMAP.Username)
	return b.Bytes()
}

func q(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSpace(b.String())
}

// GuessProvider names the preset for an address: from its domain, else,
// with lookup, from the domain's MX hosts. why says how it was found ("" for
// nothing better than generic).
func GuessProvider(ctx context.Context, address string, lookup func(context.Context, string) ([]*net.MX, error)) (provider, why string) {
	if p := config.GuessProvider(address); p != "generic" {
		return p, "from the address"
	}
	_, domain, _ := strings.Cut(strings.ToLower(address), "@")
	if lookup == nil || reservedDomain(domain) {
		return "generic", ""
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	mxs, err := lookup(ctx, domain)
	if err != nil {
		return "generic", ""
	}
	for _, mx := range mxs {
		host := strings.TrimSuffix(strings.ToLower(mx.Host), ".")
		for _, h := range mxHosts {
			if host == h.suffix || strings.HasSuffix(host, "."+h.suffix) {
				return h.provider, "the domain's mail is handled by " + host
			}
		}
	}
	return "generic", ""
}

// mxHosts maps the MX hosts of hosted mail to the provider whose servers
// serve IMAP for such domains.
var mxHosts = []struct{ suffix, provider string }{
	{"google.com", "gmail"}, // Google Workspace
	{"googlemail.com", "gmail"},
	{"protection.outlook.com", "office365"},
	{"messagingengine.com", "fastmail"},
	{"mail.icloud.com", "icloud"},
	{"yahoodns.net", "yahoo"},
}

// reservedDomain reports names that never have real MX records (RFC 2606,
// RFC 6761), so there is nothing to look up.
func reservedDomain(d string) bool {
	for _, s := range []string{"localhost", "test", "example", "invalid", "local", "example.com", "example.net", "example.org"} {
		if d == s || strings.HasSuffix(d, "."+s) {
			return true
		}
	}
	return false
}

// LocalZone returns the IANA name of the local time zone: $TZ, else
// /etc/timezone, else the target of /etc/localtime, else UTC.
func LocalZone(getenv func(string) string) string {
	valid := func(z string) bool {
		z = strings.TrimSpace(z)
		if z == "" || z == "Local" {
			return false
		}
		_, err := time.LoadLocation(z)
		return err == nil
	}
	if getenv != nil {
		if tz := strings.TrimPrefix(getenv("TZ"), ":"); valid(tz) {
			return strings.TrimSpace(tz)
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil && valid(string(b)) {
		return strings.TrimSpace(string(b))
	}
	if l, err := os.Readlink("/etc/localtime"); err == nil {
		if _, z, ok := strings.Cut(l, "zoneinfo/"); ok && valid(z) {
			return z
		}
	}
	return "UTC"
}

// nameFromAddress guesses a display name: alex.sample@ → Alex Sample.
func nameFromAddress(addr string) string {
	local, _, _ := strings.Cut(addr, "@")
	local, _, _ = strings.Cut(local, "+")
	words := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	for i, w := range words {
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			return "" // alex42: better ask than guess
		}
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// accountName derives a short account name: the provider, else the
// domain's first label.
func accountName(addr, provider string) string {
	if provider != "" && provider != "generic" {
		return provider
	}
	_, domain, _ := strings.Cut(strings.ToLower(addr), "@")
	label, _, _ := strings.Cut(domain, ".")
	if event.AccountToken(label) != label || label == "" {
		return "personal"
	}
	return label
}

// serverSpec renders a server as the prompt shows it.
func serverSpec(host string, port int, security string) string {
	return net.JoinHostPort(host, strconv.Itoa(port)) + " " + security
}

// parseSpec reads "host[:port] [security]". Without a security the port
// decides (the plain-text-first ports 143, 587 and 25 mean starttls); without
// a port the security does.
func parseSpec(spec string, tlsPort, plainPort int) (host string, port int, security string, err error) {
	f := strings.Fields(spec)
	if len(f) == 0 || len(f) > 2 {
		return "", 0, "", errors.New(`write it as host:port and a security, e.g. "mail.example.com:993 tls"`)
	}
	if len(f) == 2 {
		security = strings.ToLower(f[1])
		switch security {
		case config.SecurityTLS, config.SecurityStartTLS, config.SecurityNone:
		default:
			return "", 0, "", fmt.Errorf("security %q: use tls, starttls or none", f[1])
		}
	}
	host = f[0]
	if h, p, e := net.SplitHostPort(f[0]); e == nil {
		host = h
		port, err = strconv.Atoi(p)
		if err != nil || port <= 0 || port > 65535 {
			return "", 0, "", fmt.Errorf("port %q is not a port number", p)
		}
	}
	if host == "" || strings.ContainsAny(host, "/@ ") {
		return "", 0, "", fmt.Errorf("%q is not a host name", host)
	}
	if security == "" {
		security = config.SecurityTLS
		if port == 143 || port == 587 || port == 25 {
			security = config.SecurityStartTLS
		}
	}
	if port == 0 {
		port = tlsPort
		if security != config.SecurityTLS {
			port = plainPort
		}
	}
	return host, port, security, nil
}

func checkSpec(tlsPort, plainPort int) func(string) error {
	return func(s string) error { _, _, _, err := parseSpec(s, tlsPort, plainPort); return err }
}

func checkAddress(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s, "@") {
		return errors.New("that is not an email address; write it like alex@example.com")
	}
	return nil
}

func checkZone(s string) error {
	if _, err := time.LoadLocation(s); err != nil || s == "" || s == "Local" {
		return errors.New("unknown time zone; use an IANA name such as Europe/Berlin or America/New_York")
	}
	return nil
}

func nonEmpty(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("this cannot be empty")
	}
	return nil
}

func oneOf(vals ...string) func(string) error {
	return func(s string) error {
		if slices.Contains(vals, s) {
			return nil
		}
		return fmt.Errorf("use one of: %s", strings.Join(vals, ", "))
	}
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *Setup) say(format string, args ...any) {
	fmt.Fprintf(s.Out, format+"\n", args...)
}

// value returns given if it is set and passes check; otherwise it asks,
// offering def, until the answer passes check. Without prompting, def is
// taken (and must pass).
func (s *Setup) value(label, given, def string, check func(string) error) (string, error) {
	if check == nil {
		check = func(string) error { return nil }
	}
	if given != "" {
		err := check(given)
		if err == nil {
			return given, nil
		}
		if s.NoPrompt {
			return "", fmt.Errorf("%s: %q: %v", label, given, err)
		}
		s.say("  %q: %v", given, err)
		def = given
	}
	if s.NoPrompt {
		if err := check(def); err != nil {
			return "", fmt.Errorf("%s: not given (and no default): %v", label, err)
		}
		return def, nil
	}
	for {
		if def != "" {
			fmt.Fprintf(s.Out, "%s [%s]: ", label, def)
		} else {
			fmt.Fprintf(s.Out, "%s: ", label)
		}
		line, err := s.line()
		if err != nil {
			return "", err
		}
		if line == "" {
			line = def
		}
		if err := check(line); err != nil {
			s.say("  %v", err)
			continue
		}
		return line, nil
	}
}

func (s *Setup) password(label, def string) (string, error) {
	if s.NoPrompt {
		if def == "" {
			return "", errors.New("no password given: pass it on standard input with --password-stdin")
		}
		return def, nil
	}
	for {
		if def != "" {
			fmt.Fprintf(s.Out, "%s [Enter: keep the one typed before]: ", label)
		} else {
			fmt.Fprintf(s.Out, "%s: ", label)
		}
		var pw string
		var err error
		if s.ReadPassword != nil {
			pw, err = s.ReadPassword()
			fmt.Fprintln(s.Out) // the user's Enter was not echoed
			if errors.Is(err, io.EOF) {
				err = ErrSetupCancelled
			}
		} else {
			pw, err = s.rawLine()
		}
		if err != nil {
			return "", err
		}
		pw = strings.TrimRight(pw, "\r\n")
		if pw == "" {
			pw = def
		}
		if pw != "" {
			return pw, nil
		}
		s.say("  the password cannot be empty")
	}
}

func (s *Setup) yesNo(label string, def bool) (bool, error) {
	hint := "Y/n"
	if !def {
		hint = "y/N"
	}
	for {
		fmt.Fprintf(s.Out, "%s [%s]: ", label, hint)
		line, err := s.line()
		if err != nil {
			return false, err
		}
		switch strings.ToLower(line) {
		case "":
			return def, nil
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
	}
}

// line reads one answer, trimmed.
func (s *Setup) line() (string, error) {
	l, err := s.rawLine()
	return strings.TrimSpace(l), err
}

// rawLine reads one line without its end; the input ending first cancels
// the setup.
func (s *Setup) rawLine() (string, error) {
	l, err := s.in.ReadString('\n')
	if err != nil {
		if !errors.Is(err, io.EOF) {
			return "", err
		}
		if l == "" {
			fmt.Fprintln(s.Out)
			return "", ErrSetupCancelled
		}
	}
	return strings.TrimRight(l, "\r\n"), nil
}

// ReadFirstLine reads the password for --password-stdin: the first line of
// the input, the rest staying for the prompts.
func (s *Setup) ReadFirstLine() (string, error) {
	if s.in == nil {
		s.in = bufio.NewReader(s.In)
	}
	l, err := s.rawLine()
	if errors.Is(err, ErrSetupCancelled) {
		return "", errors.New("--password-stdin: standard input is empty")
	}
	return l, err
}
