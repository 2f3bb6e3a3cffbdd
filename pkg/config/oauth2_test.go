package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const clientSecret = "hunter2-client-SECRET"

// oauthYAML logs in to Gmail with OAuth2; SMTP has no settings of its own.
const oauthYAML = `data_dir: /var/lib/sayyes
accounts:
  - name: personal
    address: ada@gmail.com
    imap:
      host: imap.gmail.com
      auth: oauth2
      oauth2:
        client_id: 123.apps.googleusercontent.com
        client_secret: ` + clientSecret + `
    smtp:
      host: smtp.gmail.com
`

func TestOAuth2Defaults(t *testing.T) {
	cfg, err := Load(writeConfig(t, oauthYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := cfg.Accounts[0]
	if a.IMAP.OAuth2.Provider != ProviderGmail || a.IMAP.OAuth2.Mechanism != MechanismAuto {
		t.Errorf("imap oauth2 = %+v, want provider gmail guessed from the host and mechanism auto", a.IMAP.OAuth2)
	}
	if want := filepath.Join("/var/lib/sayyes", "oauth2-personal.json"); a.IMAP.OAuth2.TokenFile != want {
		t.Errorf("token_file = %q, want %q", a.IMAP.OAuth2.TokenFile, want)
	}
	// One token serves both protocols: SMTP shares the IMAP settings.
	if !a.SMTP.UsesOAuth2() || a.SMTP.OAuth2.TokenFile != a.IMAP.OAuth2.TokenFile || a.SMTP.OAuth2.ClientID != a.IMAP.OAuth2.ClientID {
		t.Errorf("smtp = %+v, want the IMAP OAuth2 settings", a.SMTP)
	}
	if a.SMTP.Username != "ada@gmail.com" {
		t.Errorf("smtp.username = %q, want the IMAP username", a.SMTP.Username)
	}

	// SMTP with its own password keeps it.
	cfg, err = Load(writeConfig(t, strings.Replace(oauthYAML, "host: smtp.gmail.com", "host: smtp.gmail.com\n      password: "+smtpSecret, 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.Accounts[0].SMTP; s.UsesOAuth2() || s.Auth != AuthPassword || s.Password != smtpSecret {
		t.Errorf("smtp with a password: auth %q", s.Auth)
	}
	// auth: password with nothing else: no login, as before.
	cfg, err = Load(writeConfig(t, strings.Replace(oauthYAML, "host: smtp.gmail.com", "host: smtp.gmail.com\n      auth: password", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.Accounts[0].SMTP; s.UsesOAuth2() || s.Username != "" {
		t.Errorf("smtp with auth: password = %+v, want no login", s)
	}
	// Password accounts are unchanged.
	cfg, err = Load(writeConfig(t, validYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	if a := cfg.Accounts[0]; a.IMAP.Auth != AuthPassword || a.SMTP.Auth != AuthPassword || a.IMAP.OAuth2.TokenFile != "" {
		t.Errorf("password account: %+v / %+v", a.IMAP, a.SMTP)
	}
}

func TestOAuth2ProviderGuess(t *testing.T) {
	for host, want := range map[string]string{
		"imap.gmail.com":        ProviderGmail,
		"smtp.googlemail.com":   ProviderGmail,
		"outlook.office365.com": ProviderMicrosoft,
		"smtp-mail.outlook.com": ProviderMicrosoft,
		"smtp.office365.com":    ProviderMicrosoft,
		"imap.example.com":      "",
		"notgmail.com":          "",
	} {
		if got := oauthProviderForHost(host); got != want {
			t.Errorf("%s: %q, want %q", host, got, want)
		}
	}
}

func TestOAuth2Validation(t *testing.T) {
	imap := func(extra string) string {
		return strings.Replace(oauthYAML, "        client_secret: "+clientSecret+"\n", "        client_secret: "+clientSecret+"\n"+extra, 1)
	}
	tests := []struct {
		name, yaml, key, value, fixHint string
	}{
		{"unknown auth", strings.Replace(oauthYAML, "auth: oauth2", "auth: kerberos", 1), "accounts[0].imap.auth", "kerberos", "oauth2"},
		{"oauth2 block without auth", strings.Replace(oauthYAML, "      auth: oauth2\n", "", 1), "accounts[0].imap.oauth2", "", "auth: oauth2"},
		{"no client id", strings.Replace(oauthYAML, "        client_id: 123.apps.googleusercontent.com\n", "", 1), "accounts[0].imap.oauth2.client_id", "", "register"},
		{"unknown provider", imap("        provider: yahoo\n"), "accounts[0].imap.oauth2.provider", "yahoo", "custom"},
		{"unknown host, no provider", strings.Replace(oauthYAML, "host: imap.gmail.com", "host: imap.example.com", 1), "accounts[0].imap.oauth2.provider", "", "custom"},
		{"custom without token url", imap("        provider: custom\n"), "accounts[0].imap.oauth2.token_url", "", "token endpoint"},
		{"http token url", imap("        token_url: http://login.example.com/token\n"), "accounts[0].imap.oauth2.token_url", "http://login.example.com/token", "https"},
		{"relative device url", imap("        device_auth_url: /device\n"), "accounts[0].imap.oauth2.device_auth_url", "/device", "https"},
		{"bad scope", imap("        scopes: ['a b']\n"), "accounts[0].imap.oauth2.scopes[0]", "a b", "one scope"},
		{"bad mechanism", imap("        mechanism: plain\n"), "accounts[0].imap.oauth2.mechanism", "plain", "oauthbearer"},
		{"password too", strings.Replace(oauthYAML, "auth: oauth2", "auth: oauth2\n      password: "+imapSecret, 1), "accounts[0].imap.password", "", "remove"},
		{"no token file", strings.Replace(oauthYAML, "name: personal", "name: 'my mail'", 1), "accounts[0].imap.oauth2.token_file", "", "sayyes auth login"},
		{"both secret and file", imap("        client_secret_file: /nonexistent\n"), "accounts[0].imap.oauth2.client_secret_file", "", "only one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := loadErr(t, tt.yaml, nil)
			p, ok := findProblem(ce.Problems, tt.key)
			if !ok {
				t.Fatalf("no problem at %s in:\n%v", tt.key, ce)
			}
			if p.Value != tt.value || !strings.Contains(p.Fix, tt.fixHint) {
				t.Errorf("problem %+v, want value %q and a fix mentioning %q", p, tt.value, tt.fixHint)
			}
			if strings.Contains(ce.Error(), clientSecret) || strings.Contains(ce.Error(), imapSecret) {
				t.Errorf("error reveals a secret:\n%v", ce)
			}
		})
	}
	// http to a loopback token endpoint is fine (tests, local proxies).
	if _, err := Load(writeConfig(t, imap("        token_url: http://127.0.0.1:8080/token\n")), nil); err != nil {
		t.Errorf("loopback http token_url: %v", err)
	}
}

func TestOAuth2ClientSecret(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "client-secret")
	if err := os.WriteFile(file, []byte(clientSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	noInline := strings.Replace(oauthYAML, "client_secret: "+clientSecret, "client_secret_file: "+file, 1)
	cfg, err := Load(writeConfig(t, noInline), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Accounts[0].IMAP.OAuth2.ClientSecret != clientSecret || cfg.Accounts[0].SMTP.OAuth2.ClientSecret != clientSecret {
		t.Errorf("client secret not read from the file (or not shared with SMTP)")
	}
	out, err := cfg.MarshalRedacted()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), clientSecret) || !strings.Contains(string(out), "(redacted)") {
		t.Errorf("redacted output:\n%s", out)
	}
	var back Config
	if err := Parse(out, &back); err != nil {
		t.Fatalf("redacted output does not parse back: %v", err)
	}

	// From the environment, with a type error elsewhere: never echoed.
	ce := loadErr(t, noInline, []string{"SAYYES_ACCOUNTS_0_IMAP_OAUTH2_CLIENT_SECRET=" + clientSecret + "-env", "SAYYES_ACCOUNTS_0_IMAP_PORT=x"})
	if strings.Contains(ce.Error(), clientSecret) {
		t.Errorf("error reveals the client secret:\n%v", ce)
	}
	// Scopes from the environment: a comma-separated list.
	cfg, err = Load(writeConfig(t, noInline), []string{"SAYYES_ACCOUNTS_0_IMAP_OAUTH2_SCOPES=https://mail.google.com/, openid"})
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Accounts[0].IMAP.OAuth2.Scopes; len(got) != 2 || got[1] != "openid" {
		t.Errorf("scopes from env = %q", got)
	}
}
