package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Secrets used in the fixtures; no error text may ever contain them.
const (
	imapSecret = "hunter2-imap-SECRET"
	smtpSecret = "hunter2-smtp-SECRET"
)

// validYAML is a small, complete configuration every test starts from.
const validYAML = `profile:
  name: Ada Lovelace
accounts:
  - name: personal
    address: ada@example.com
    imap:
      host: imap.example.com
      password: ` + imapSecret + `
    smtp:
      host: smtp.example.com
      security: starttls
      password: ` + smtpSecret + `
`

// writeConfig writes content to a config file in a fresh directory.
func writeConfig(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sayyes.yaml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// loadErr loads content and returns the *Error it must fail with.
func loadErr(t *testing.T, content string, environ []string) *Error {
	t.Helper()
	cfg, err := Load(writeConfig(t, content), environ)
	if err == nil {
		t.Fatalf("Load succeeded (%+v), want an error", cfg)
	}
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("Load error %T %v, want *config.Error", err, err)
	}
	return ce
}

func findProblem(ps []Problem, key string) (Problem, bool) {
	for _, p := range ps {
		if p.Key == key {
			return p, true
		}
	}
	return Problem{}, false
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(writeConfig(t, validYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := cfg.Accounts[0]
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"data_dir", cfg.DataDir, "./sayyes-data"},
		{"log.level", cfg.Log.Level, "info"},
		{"log.format", cfg.Log.Format, "auto"},
		{"nats.replicas", cfg.NATS.Replicas, 1},
		{"profile.name", cfg.Profile.Name, "Ada Lovelace"},
		{"profile.employment", cfg.Profile.Employment, "searching"},
		{"profile.timezone", cfg.Profile.Timezone, "UTC"},
		{"mailboxes", a.Mailboxes, []string{"INBOX"}},
		{"digest_to", a.DigestTo, "ada@example.com"},
		{"initial_lookback", a.InitialLookback.D(), 7 * 24 * time.Hour},
		{"max_fetch_bytes", a.MaxFetchBytes, 1 << 20},
		{"keepalive", a.Keepalive.D(), 30 * time.Second},
		{"poll_interval", a.PollInterval.D(), 30 * time.Second},
		{"imap.security", a.IMAP.Security, SecurityTLS},
		{"imap.port", a.IMAP.Port, 993},
		{"imap.username", a.IMAP.Username, "ada@example.com"},
		{"imap.password", a.IMAP.Password, imapSecret},
		{"imap addr", a.IMAP.Addr(), "imap.example.com:993"},
		{"smtp.security", a.SMTP.Security, SecurityStartTLS},
		{"smtp.port", a.SMTP.Port, 587},
		{"smtp.username", a.SMTP.Username, "ada@example.com"},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestServerPortDefaults(t *testing.T) {
	tests := []struct {
		security           string
		wantIMAP, wantSMTP int
	}{
		{"", 993, 465},
		{"tls", 993, 465},
		{"starttls", 143, 587},
		{"none", 143, 587},
	}
	for _, tt := range tests {
		t.Run(tt.security, func(t *testing.T) {
			c := Config{Accounts: []Account{{
				IMAP: Server{Security: tt.security},
				SMTP: Server{Security: tt.security},
			}}}
			c.Defaults()
			if got := c.Accounts[0].IMAP.Port; got != tt.wantIMAP {
				t.Errorf("imap port = %d, want %d", got, tt.wantIMAP)
			}
			if got := c.Accounts[0].SMTP.Port; got != tt.wantSMTP {
				t.Errorf("smtp port = %d, want %d", got, tt.wantSMTP)
			}
		})
	}
}

func TestLoadEmptyFile(t *testing.T) {
	for _, content := range []string{"", "\n", "# nothing configured yet\n", "---\n"} {
		t.Run(content, func(t *testing.T) {
			cfg, err := Load(writeConfig(t, content), nil)
			if err != nil {
				t.Fatalf("Load(%q): %v", content, err)
			}
			if len(cfg.Accounts) != 0 || cfg.Log.Level != "info" {
				t.Errorf("got %+v, want an empty, defaulted config", cfg)
			}
		})
	}
}

func TestLoadWithoutFile(t *testing.T) {
	cfg, err := Load("", []string{"SAYYES_LOG_LEVEL=warn"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Log.Level != "warn" {
		t.Errorf("log.level = %q, want warn", cfg.Log.Level)
	}

	_, err = Load("", []string{"SAYYES_LOG_LEVEL=loud"})
	var ce *Error
	if !errors.As(err, &ce) || ce.Source != "(environment)" {
		t.Errorf("error %v, want a *config.Error from (environment)", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(p, nil)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), p) {
		t.Errorf("error %v, want a not-exist error naming %s", err, p)
	}
}

func TestLoadInvalidYAML(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"syntax", "log:\n  level: [debug\n", "not valid YAML"},
		{"wrong type", "accounts:\n  - imap:\n      port: nine-nine-three\n", "line 3"},
		{"top level list", "- a\n- b\n", "cannot unmarshal"},
		{"duplicate key", "log: {level: debug}\nlog: {level: info}\n", "already defined"},
		{"bad duration", "accounts:\n  - keepalive: soon\n", `"soon" is not a duration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.yaml)
			_, err := Load(p, nil)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Load error %v, want *config.Error", err)
			}
			if ce.Source != p {
				t.Errorf("Source = %q, want %q", ce.Source, p)
			}
			if msg := ce.Error(); !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not contain %q", msg, tt.want)
			}
		})
	}
}

// withAccount returns validYAML with extra lines appended to the first
// account (indented to its level).
func withAccount(lines ...string) string {
	var b strings.Builder
	b.WriteString(validYAML)
	for _, l := range lines {
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}

func TestValidationProblems(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		key     string
		value   string
		fixHint string // a word the fix must contain
	}{
		{"log level", "log: {level: loud}\n" + validYAML, "log.level", "loud", "debug"},
		{"log format", "log: {format: xml}\n" + validYAML, "log.format", "xml", "json"},
		{"replicas 2", "nats: {url: 'nats://x:4222', replicas: 2}\n" + validYAML, "nats.replicas", "2", "3"},
		{"replicas 3 embedded", "nats: {replicas: 3}\n" + validYAML, "nats.replicas", "3", "nats.url"},
		{"nats listen", "nats: {listen: '4222'}\n" + validYAML, "nats.listen", "4222", "127.0.0.1:4222"},
		{"employment", "profile: {employment: retired}\n" + strings.Replace(validYAML, "profile:\n  name: Ada Lovelace\n", "", 1), "profile.employment", "retired", "searching"},
		{"timezone", strings.Replace(validYAML, "name: Ada Lovelace", "name: Ada\n  timezone: Mars/Olympus_Mons", 1), "profile.timezone", "Mars/Olympus_Mons", "Europe/Berlin"},
		{"name missing", strings.Replace(validYAML, "name: personal", "name: ''", 1), "accounts[0].name", "", "short name"},
		{"name duplicate", validYAML + "  - name: personal\n    address: b@example.com\n    imap: {host: i.example.com}\n    smtp: {host: s.example.com}\n", "accounts[1].name", "personal", "unique"},
		{"address", strings.Replace(validYAML, "address: ada@example.com", "address: ada-at-example", 1), "accounts[0].address", "ada-at-example", "you@example.com"},
		{"digest_to", withAccount("digest_to: nowhere"), "accounts[0].digest_to", "nowhere", "digests"},
		{"imap host", strings.Replace(validYAML, "host: imap.example.com", "host: ''", 1), "accounts[0].imap.host", "", "imap.example.com"},
		{"imap port", strings.Replace(validYAML, "host: imap.example.com", "host: imap.example.com\n      port: 70000", 1), "accounts[0].imap.port", "70000", "993"},
		{"imap security", strings.Replace(validYAML, "host: imap.example.com", "host: imap.example.com\n      security: ssl", 1), "accounts[0].imap.security", "ssl", "starttls"},
		{"smtp plain", strings.Replace(validYAML, "security: starttls", "security: none", 1), "accounts[0].smtp.security", "none", "allow_plain"},
		{"skip verify and ca", strings.Replace(validYAML, "host: imap.example.com", "host: imap.example.com\n      tls_skip_verify: true\n      ca_file: /etc/ca.pem", 1), "accounts[0].imap.tls_skip_verify", "true", "ca_file"},
		{"max fetch", withAccount("max_fetch_bytes: 100"), "accounts[0].max_fetch_bytes", "100", "16384"},
		{"keepalive short", withAccount("keepalive: 1s"), "accounts[0].keepalive", "1s", "5s"},
		{"keepalive long", withAccount("keepalive: 1d"), "accounts[0].keepalive", "24h0m0s", "25m"},
		{"poll interval", withAccount("poll_interval: 500ms"), "accounts[0].poll_interval", "500ms", "1s"},
		{"empty mailbox", withAccount("mailboxes: [INBOX, ' ']"), "accounts[0].mailboxes[1]", " ", "INBOX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := loadErr(t, tt.yaml, nil)
			p, ok := findProblem(ce.Problems, tt.key)
			if !ok {
				t.Fatalf("no problem for %s in %v", tt.key, ce)
			}
			if p.Value != tt.value {
				t.Errorf("value = %q, want %q", p.Value, tt.value)
			}
			if p.What == "" || !strings.Contains(p.Fix, tt.fixHint) {
				t.Errorf("problem %+v: want a description and a fix mentioning %q", p, tt.fixHint)
			}
			msg := ce.Error()
			for _, want := range []string{tt.key, p.Fix} {
				if !strings.Contains(msg, want) {
					t.Errorf("error text %q lacks %q", msg, want)
				}
			}
			if tt.value != "" && !strings.Contains(msg, `"`+tt.value+`"`) {
				t.Errorf("error text %q does not quote the bad value %q", msg, tt.value)
			}
			for _, s := range []string{imapSecret, smtpSecret} {
				if strings.Contains(msg, s) {
					t.Errorf("error text reveals a password: %q", msg)
				}
			}
		})
	}
}

func TestAllProblemsReportedAtOnce(t *testing.T) {
	y := "log: {level: loud, format: xml}\n" + strings.Replace(validYAML, "security: starttls", "security: none", 1)
	ce := loadErr(t, y, []string{"SAYYES_NATS_REPLICAS=two"})
	for _, k := range []string{"log.level", "log.format", "accounts[0].smtp.security", "SAYYES_NATS_REPLICAS"} {
		if _, ok := findProblem(ce.Problems, k); !ok {
			t.Errorf("no problem reported for %s in %v", k, ce)
		}
	}
}

func TestPlainSecurity(t *testing.T) {
	tests := []struct {
		host       string
		allowPlain bool
		wantErr    bool
	}{
		{"localhost", false, false},
		{"LocalHost", false, false},
		{"127.0.0.1", false, false},
		{"127.0.0.53", false, false},
		{"::1", false, false},
		{"mail.example.com", false, true},
		{"10.0.0.5", false, true},
		{"localhost.example.com", false, true},
		{"mail.example.com", true, false},
		{"10.0.0.5", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			s := Server{Host: tt.host, Port: 143, Security: SecurityNone, AllowPlain: tt.allowPlain, Password: imapSecret}
			ps := s.validate("accounts[0].imap")
			p, got := findProblem(ps, "accounts[0].imap.security")
			if got != tt.wantErr {
				t.Fatalf("problem reported = %v (%v), want %v", got, ps, tt.wantErr)
			}
			if got && (p.Value != "none" || !strings.Contains(p.Fix, "allow_plain")) {
				t.Errorf("problem %+v: want value none and a fix naming allow_plain", p)
			}
		})
	}
}

func TestSecretsNeverEchoed(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		environ []string
	}{
		{"validation errors with inline passwords", "log: {level: loud}\n" + strings.Replace(validYAML, "host: imap.example.com", "host: ''", 1), nil},
		{"password from env with other errors", validYAML, []string{"SAYYES_ACCOUNTS_0_IMAP_PASSWORD=" + imapSecret + "-env", "SAYYES_ACCOUNTS_0_PORT=x"}},
		{"misspelt password variable", validYAML, []string{"SAYYES_ACCOUNTS_0_IMAP_PASWORD=" + imapSecret}},
		{"misspelt password key", strings.Replace(validYAML, "password: "+imapSecret, "pasword: "+imapSecret, 1), nil},
		{"password of the wrong YAML type", strings.Replace(validYAML, "password: "+imapSecret, "password: ["+imapSecret+"]", 1), nil},
		{"unterminated quote", strings.Replace(validYAML, "password: "+imapSecret, `password: "`+imapSecret, 1), nil},
		{"both password and file", strings.Replace(validYAML, "password: "+imapSecret, "password: "+imapSecret+"\n      password_file: /nonexistent", 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := loadErr(t, tt.yaml, tt.environ)
			msg := ce.Error()
			if strings.Contains(msg, imapSecret) || strings.Contains(msg, smtpSecret) {
				t.Errorf("error reveals a password:\n%s", msg)
			}
		})
	}
}

func TestUnknownKeys(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		key  string
		line string
		fix  string
	}{
		{"top level typo", "data_dri: /var/lib/sayyes\n", "data_dri", "line 1", `did you mean "data_dir"?`},
		{"nested typo", validYAML + "    imap_host: x\n", "accounts[0].imap_host", "line 13", "remove it"},
		{"server typo", strings.Replace(validYAML, "security: starttls", "securty: starttls", 1), "accounts[0].smtp.securty", "line 11", `did you mean "security"?`},
		{"list typo", "profile:\n  competitor: [Acme]\n", "profile.competitor", "line 2", `did you mean "competitors"?`},
		{"no near match", "log:\n  level: info\n  colour: always\n", "log.colour", "line 3", "remove it"},
		{"second account", validYAML + "  - name: work\n    adress: me@work.example\n", "accounts[1].adress", "line 14", `did you mean "address"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := loadErr(t, tt.yaml, nil)
			p, ok := findProblem(ce.Problems, tt.key)
			if !ok {
				t.Fatalf("no problem for %s in %v", tt.key, ce)
			}
			if !strings.Contains(p.What, "unknown key") || !strings.Contains(p.What, tt.line) {
				t.Errorf("what = %q, want unknown key at %s", p.What, tt.line)
			}
			if p.Fix != tt.fix {
				t.Errorf("fix = %q, want %q", p.Fix, tt.fix)
			}
		})
	}
}

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string // validYAML when empty
		environ []string
		check   func(t *testing.T, c *Config)
	}{
		{"scalars", "", []string{"SAYYES_DATA_DIR=/srv/sayyes", "SAYYES_LOG_LEVEL=debug", "SAYYES_NATS_URL=nats://bus:4222", "SAYYES_NATS_REPLICAS=3", "SAYYES_ACCOUNTS_0_IMAP_PORT=1993"}, func(t *testing.T, c *Config) {
			if c.DataDir != "/srv/sayyes" || c.Log.Level != "debug" || c.NATS.URL != "nats://bus:4222" || c.NATS.Replicas != 3 || c.Accounts[0].IMAP.Port != 1993 {
				t.Errorf("got %+v", c)
			}
		}},
		{"days duration", "", []string{"SAYYES_ACCOUNTS_0_INITIAL_LOOKBACK=7d"}, func(t *testing.T, c *Config) {
			if got := c.Accounts[0].InitialLookback.D(); got != 7*24*time.Hour {
				t.Errorf("initial_lookback = %v", got)
			}
		}},
		{"fractional days", "", []string{"SAYYES_ACCOUNTS_0_INITIAL_LOOKBACK=1.5d"}, func(t *testing.T, c *Config) {
			if got := c.Accounts[0].InitialLookback.D(); got != 36*time.Hour {
				t.Errorf("initial_lookback = %v", got)
			}
		}},
		{"go duration", "", []string{"SAYYES_ACCOUNTS_0_KEEPALIVE=2m30s"}, func(t *testing.T, c *Config) {
			if got := c.Accounts[0].Keepalive.D(); got != 150*time.Second {
				t.Errorf("keepalive = %v", got)
			}
		}},
		{"bools", "", []string{"SAYYES_PROFILE_ACCEPTED_OFFER=true", "SAYYES_ACCOUNTS_0_SMTP_SECURITY=none", "SAYYES_ACCOUNTS_0_SMTP_ALLOW_PLAIN=1"}, func(t *testing.T, c *Config) {
			if !c.Profile.AcceptedOffer || !c.Accounts[0].SMTP.AllowPlain {
				t.Errorf("accepted_offer = %v, allow_plain = %v", c.Profile.AcceptedOffer, c.Accounts[0].SMTP.AllowPlain)
			}
		}},
		{"bool false overrides file", strings.Replace(validYAML, "name: Ada Lovelace", "name: Ada Lovelace\n  accepted_offer: true", 1), []string{"SAYYES_PROFILE_ACCEPTED_OFFER=false"}, func(t *testing.T, c *Config) {
			if c.Profile.AcceptedOffer {
				t.Error("accepted_offer still true")
			}
		}},
		{"comma lists", "", []string{"SAYYES_PROFILE_AVOID_COMPANIES= Acme Corp ,Globex,, ", "SAYYES_ACCOUNTS_0_MAILBOXES=INBOX,Jobs/Recruiters"}, func(t *testing.T, c *Config) {
			if want := []string{"Acme Corp", "Globex"}; !reflect.DeepEqual(c.Profile.AvoidCompanies, want) {
				t.Errorf("avoid_companies = %q, want %q", c.Profile.AvoidCompanies, want)
			}
			if want := []string{"INBOX", "Jobs/Recruiters"}; !reflect.DeepEqual(c.Accounts[0].Mailboxes, want) {
				t.Errorf("mailboxes = %q, want %q", c.Accounts[0].Mailboxes, want)
			}
		}},
		{"password", "", []string{"SAYYES_ACCOUNTS_0_IMAP_PASSWORD=from-env"}, func(t *testing.T, c *Config) {
			if got := c.Accounts[0].IMAP.Password; got != "from-env" {
				t.Errorf("imap.password = %q", got)
			}
			if got := c.Accounts[0].SMTP.Password; got != smtpSecret {
				t.Errorf("smtp.password = %q, want the file's", got)
			}
		}},
		{"append an account", "", []string{"SAYYES_ACCOUNTS_1_NAME=work", "SAYYES_ACCOUNTS_1_ADDRESS=ada@work.example", "SAYYES_ACCOUNTS_1_IMAP_HOST=imap.work.example", "SAYYES_ACCOUNTS_1_SMTP_HOST=smtp.work.example"}, func(t *testing.T, c *Config) {
			if len(c.Accounts) != 2 {
				t.Fatalf("%d accounts, want 2", len(c.Accounts))
			}
			a := c.Accounts[1]
			if a.Name != "work" || a.Address != "ada@work.example" || a.IMAP.Host != "imap.work.example" || a.IMAP.Port != 993 || a.DigestTo != "ada@work.example" {
				t.Errorf("appended account = %+v", a)
			}
			if c.Accounts[0].Name != "personal" {
				t.Errorf("first account changed: %+v", c.Accounts[0])
			}
		}},
		{"other variables ignored", "", []string{"HOME=/root", "PATH=/bin", "NOT_SAYYES_LOG_LEVEL=x", "SAYYES_TEST_ANYTHING=1", "malformed"}, func(t *testing.T, c *Config) {
			if c.Log.Level != "info" {
				t.Errorf("log.level = %q", c.Log.Level)
			}
		}},
		{"last assignment wins", "", []string{"SAYYES_LOG_LEVEL=debug", "SAYYES_LOG_LEVEL=error"}, func(t *testing.T, c *Config) {
			if c.Log.Level != "error" {
				t.Errorf("log.level = %q", c.Log.Level)
			}
		}},
		{"value with equals sign", "", []string{"SAYYES_ACCOUNTS_0_IMAP_PASSWORD=a=b=c"}, func(t *testing.T, c *Config) {
			if got := c.Accounts[0].IMAP.Password; got != "a=b=c" {
				t.Errorf("imap.password = %q", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y := tt.yaml
			if y == "" {
				y = validYAML
			}
			cfg, err := Load(writeConfig(t, y), tt.environ)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, cfg)
		})
	}
}

func TestEnvAccountWithoutFile(t *testing.T) {
	cfg, err := Load("", []string{
		"SAYYES_ACCOUNTS_0_NAME=personal",
		"SAYYES_ACCOUNTS_0_ADDRESS=ada@example.com",
		"SAYYES_ACCOUNTS_0_IMAP_HOST=imap.example.com",
		"SAYYES_ACCOUNTS_0_IMAP_PASSWORD=" + imapSecret,
		"SAYYES_ACCOUNTS_0_SMTP_HOST=smtp.example.com",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Accounts) != 1 || cfg.Accounts[0].IMAP.Password != imapSecret {
		t.Errorf("accounts = %+v", cfg.Accounts)
	}
}

func TestEnvProblems(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		key     string
		value   string
		what    string
	}{
		{"int", []string{"SAYYES_NATS_REPLICAS=three"}, "SAYYES_NATS_REPLICAS", "three", "whole number"},
		{"bool", []string{"SAYYES_PROFILE_ACCEPTED_OFFER=maybe"}, "SAYYES_PROFILE_ACCEPTED_OFFER", "maybe", "true or false"},
		{"duration", []string{"SAYYES_ACCOUNTS_0_KEEPALIVE=soon"}, "SAYYES_ACCOUNTS_0_KEEPALIVE", "soon", "not a duration"},
		{"negative duration", []string{"SAYYES_ACCOUNTS_0_INITIAL_LOOKBACK=-1d"}, "SAYYES_ACCOUNTS_0_INITIAL_LOOKBACK", "-1d", "not a duration"},
		{"unknown variable", []string{"SAYYES_LOG_LEVLE=debug"}, "SAYYES_LOG_LEVLE", "", "matches no config key"},
		{"unknown nested variable", []string{"SAYYES_ACCOUNTS_0_IMAP_HOSTNAME=x"}, "SAYYES_ACCOUNTS_0_IMAP_HOSTNAME", "", "matches no config key"},
		{"index gap", []string{"SAYYES_ACCOUNTS_2_NAME=third"}, "SAYYES_ACCOUNTS_2_NAME", "", "matches no config key"},
		{"struct as scalar", []string{"SAYYES_ACCOUNTS_0_IMAP=imap.example.com"}, "SAYYES_ACCOUNTS_0_IMAP", "", "matches no config key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := loadErr(t, validYAML, tt.environ)
			p, ok := findProblem(ce.Problems, tt.key)
			if !ok {
				t.Fatalf("no problem for %s in %v", tt.key, ce)
			}
			if p.Value != tt.value || !strings.Contains(p.What, tt.what) || p.Fix == "" {
				t.Errorf("problem %+v, want value %q, what containing %q and a fix", p, tt.value, tt.what)
			}
		})
	}
}

func TestPasswordFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lf := write("lf", "s3cret\n")
	crlf := write("crlf", "s3cret\r\n")
	bare := write("bare", "s3cret")
	missing := filepath.Join(dir, "missing")
	noPasswords := strings.NewReplacer("password: "+imapSecret, "username: ada", "password: "+smtpSecret, "username: ada").Replace(validYAML)

	tests := []struct {
		name     string
		yaml     string
		environ  []string
		wantIMAP string
		wantSMTP string
		key      string // problem expected, or ""
		what     string
	}{
		{"newline trimmed", noPasswords, []string{"SAYYES_ACCOUNTS_0_IMAP_PASSWORD_FILE=" + lf}, "s3cret", "", "", ""},
		{"crlf trimmed", noPasswords, []string{"SAYYES_ACCOUNTS_0_IMAP_PASSWORD_FILE=" + crlf, "SAYYES_ACCOUNTS_0_SMTP_PASSWORD_FILE=" + bare}, "s3cret", "s3cret", "", ""},
		{"from yaml", strings.Replace(noPasswords, "security: starttls", "security: starttls\n      password_file: "+lf, 1), nil, "", "s3cret", "", ""},
		{"missing file", noPasswords, []string{"SAYYES_ACCOUNTS_0_IMAP_PASSWORD_FILE=" + missing}, "", "", "accounts[0].imap.password_file", "cannot read"},
		{"both set in yaml", strings.Replace(validYAML, "security: starttls", "security: starttls\n      password_file: "+lf, 1), nil, "", "", "accounts[0].smtp.password_file", "both"},
		{"both set via env", validYAML, []string{"SAYYES_ACCOUNTS_0_IMAP_PASSWORD_FILE=" + lf}, "", "", "accounts[0].imap.password_file", "both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(writeConfig(t, tt.yaml), tt.environ)
			if tt.key != "" {
				var ce *Error
				if !errors.As(err, &ce) {
					t.Fatalf("error %v, want *config.Error", err)
				}
				p, ok := findProblem(ce.Problems, tt.key)
				if !ok || !strings.Contains(p.What, tt.what) || p.Fix == "" {
					t.Fatalf("want a problem at %s about %q, got %v", tt.key, tt.what, ce)
				}
				if tt.name == "missing file" && p.Value != missing {
					t.Errorf("value = %q, want the path %q", p.Value, missing)
				}
				if strings.Contains(ce.Error(), "s3cret") || strings.Contains(ce.Error(), imapSecret) {
					t.Errorf("error reveals a secret: %v", ce)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Accounts[0].IMAP.Password; got != tt.wantIMAP {
				t.Errorf("imap.password = %q, want %q", got, tt.wantIMAP)
			}
			if got := cfg.Accounts[0].SMTP.Password; got != tt.wantSMTP {
				t.Errorf("smtp.password = %q, want %q", got, tt.wantSMTP)
			}
		})
	}
}

func TestMarshalRedacted(t *testing.T) {
	cfg, err := Load(writeConfig(t, validYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := cfg.MarshalRedacted()
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if strings.Contains(s, imapSecret) || strings.Contains(s, smtpSecret) {
		t.Errorf("redacted output reveals a password:\n%s", s)
	}
	if strings.Count(s, "(redacted)") != 2 {
		t.Errorf("want both passwords marked (redacted):\n%s", s)
	}
	if cfg.Accounts[0].IMAP.Password != imapSecret || cfg.Accounts[0].SMTP.Password != smtpSecret {
		t.Error("MarshalRedacted changed the config it was called on")
	}
	// The output is a valid configuration: every key known, every value typed.
	var back Config
	if err := Parse(out, &back); err != nil {
		t.Fatalf("redacted output does not parse back: %v\n%s", err, s)
	}
	if back.Accounts[0].Keepalive != cfg.Accounts[0].Keepalive || back.Accounts[0].IMAP.Host != "imap.example.com" {
		t.Errorf("round trip lost values: %+v", back.Accounts[0])
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"7d", 7 * 24 * time.Hour, true},
		{"1.5d", 36 * time.Hour, true},
		{"0d", 0, true},
		{" 2d ", 48 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"1h30m", 90 * time.Minute, true},
		{"0", 0, true},
		{"", 0, false},
		{"d", 0, false},
		{"7", 0, false},
		{"7days", 0, false},
		{"-1d", 0, false},
		{"-5m", 0, false},
		{"NaNd", 0, false},
		{"Infd", 0, false},
		{"+Infd", 0, false},
		{"1e300d", 0, false},
		{"200000d", 0, false}, // past time.Duration's ~292 years
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDuration(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseDuration(%q) = %v, %v; want ok=%v", tt.in, got.D(), err, tt.ok)
			}
			if tt.ok && got.D() != tt.want {
				t.Errorf("ParseDuration(%q) = %v, want %v", tt.in, got.D(), tt.want)
			}
			if !tt.ok && !strings.Contains(err.Error(), "7d") {
				t.Errorf("error %q does not show an example", err)
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"localhost", true},
		{"LOCALHOST", true},
		{"127.0.0.1", true},
		{"127.255.0.1", true},
		{"::1", true},
		{"", false},
		{"0.0.0.0", false},
		{"192.168.1.10", false},
		{"example.com", false},
		{"localhost.evil.example", false},
	}
	for _, tt := range tests {
		if got := IsLoopback(tt.host); got != tt.want {
			t.Errorf("IsLoopback(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}

func TestYAMLDurations(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"7d", 7 * 24 * time.Hour},
		{"0.5d", 12 * time.Hour},
		{"36h", 36 * time.Hour},
		{"'90m'", 90 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			cfg, err := Load(writeConfig(t, withAccount("initial_lookback: "+tt.in)), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Accounts[0].InitialLookback.D(); got != tt.want {
				t.Errorf("initial_lookback = %v, want %v", got, tt.want)
			}
		})
	}
}
