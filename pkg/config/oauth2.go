package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
)

// Login methods (Server.Auth).
const (
	AuthPassword = "password"
	AuthOAuth2   = "oauth2"
)

// OAuth2 providers (OAuth2.Provider). The presets (endpoints and scopes)
// live in pkg/oauth.
const (
	ProviderGmail     = "gmail"
	ProviderMicrosoft = "microsoft"
	ProviderCustom    = "custom"
)

// SASL mechanisms for OAuth2 logins (OAuth2.Mechanism).
const (
	MechanismAuto        = "auto"
	MechanismOAuthBearer = "oauthbearer" // RFC 7628
	MechanismXOAuth2     = "xoauth2"     // Google's and Microsoft's older format
)

// OAuth2 says how to get access tokens for a server with auth: oauth2. The
// refresh token lives in TokenFile, written once by `sayyes auth login`;
// access tokens are refreshed from it shortly before they expire.
type OAuth2 struct {
	// Provider fills the endpoints and scopes: gmail, microsoft or custom.
	// Default: guessed from the host (gmail.com, office365.com, outlook.com),
	// or custom when token_url is set.
	Provider string `yaml:"provider"`
	// ClientID identifies the OAuth2 application you registered with the
	// provider (a "desktop" or "public client" app).
	ClientID string `yaml:"client_id"`
	// ClientSecret is needed by Google even for desktop apps; Microsoft
	// public clients have none.
	ClientSecret     string `yaml:"client_secret" secret:"true"`
	ClientSecretFile string `yaml:"client_secret_file"`
	// The URLs override the provider's (custom: token_url is required).
	AuthURL       string `yaml:"auth_url"`
	TokenURL      string `yaml:"token_url"`
	DeviceAuthURL string `yaml:"device_auth_url"`
	// Scopes override the provider's.
	Scopes []string `yaml:"scopes"`
	// TokenFile holds the refresh token (mode 0600). Default:
	// data_dir/oauth2-ACCOUNT.json.
	TokenFile string `yaml:"token_file"`
	// Mechanism picks the SASL mechanism: auto (OAUTHBEARER when the server
	// offers it, else XOAUTH2), oauthbearer or xoauth2.
	Mechanism string `yaml:"mechanism"`
}

// empty reports whether no oauth2 key has a value (the example config
// lists them all, empty).
func (o OAuth2) empty() bool {
	c := o
	c.Scopes = nil
	return len(o.Scopes) == 0 && reflect.ValueOf(c).IsZero()
}

// UsesOAuth2 reports whether the server logs in with OAuth2.
func (s Server) UsesOAuth2() bool { return s.Auth == AuthOAuth2 }

// safeName is an account name that can be part of a file name.
var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// oauth2Defaults lets SMTP share the IMAP login's OAuth2 settings (one
// token covers both at Gmail and Microsoft), guesses the provider and
// places the token file in dataDir.
func (a *Account) oauth2Defaults(dataDir string) {
	if a.SMTP.Auth == "" && a.IMAP.UsesOAuth2() && a.SMTP.Password == "" && a.SMTP.PasswordFile == "" && a.SMTP.OAuth2.empty() {
		a.SMTP.Auth = AuthOAuth2
		a.SMTP.OAuth2 = a.IMAP.OAuth2
		a.SMTP.OAuth2.Scopes = append([]string(nil), a.IMAP.OAuth2.Scopes...)
	}
	for _, s := range []*Server{&a.IMAP, &a.SMTP} {
		if s.Auth == "" {
			s.Auth = AuthPassword
		}
		if !s.UsesOAuth2() {
			continue
		}
		o := &s.OAuth2
		if o.Provider == "" {
			o.Provider = oauthProviderForHost(s.Host)
			if o.Provider == "" && o.TokenURL != "" {
				o.Provider = ProviderCustom
			}
		}
		if o.Mechanism == "" {
			o.Mechanism = MechanismAuto
		}
		if o.TokenFile == "" && safeName.MatchString(a.Name) {
			o.TokenFile = filepath.Join(dataDir, "oauth2-"+a.Name+".json")
		}
	}
}

// oauthProviderForHost names the OAuth2 provider of a well-known mail
// host, or "".
func oauthProviderForHost(host string) string {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	for _, d := range []string{"gmail.com", "googlemail.com", "google.com"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return ProviderGmail
		}
	}
	for _, d := range []string{"office365.com", "outlook.com", "hotmail.com", "live.com"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return ProviderMicrosoft
		}
	}
	return ""
}

// validateAuth checks auth and oauth2 of the server at key.
func (s Server) validateAuth(key string) []Problem {
	var ps []Problem
	add := func(sub, val, what, fix string) {
		ps = append(ps, Problem{Key: key + "." + sub, Value: val, What: what, Fix: fix})
	}
	switch s.Auth {
	case "", AuthPassword:
		if !s.OAuth2.empty() {
			add("oauth2", "", "set, but auth is password", "set auth: oauth2 to log in with OAuth2, or remove the oauth2 block")
		}
		return ps
	case AuthOAuth2:
	default:
		add("auth", s.Auth, "unknown login method", "use password or oauth2")
		return ps
	}
	if s.Password != "" || s.PasswordFile != "" {
		add("password", "", "set, but auth is oauth2", "remove password and password_file (OAuth2 logins use the token in oauth2.token_file)")
	}
	o := s.OAuth2
	switch o.Provider {
	case ProviderGmail, ProviderMicrosoft:
	case ProviderCustom:
		if o.TokenURL == "" {
			add("oauth2.token_url", "", "missing for provider custom", "set your provider's token endpoint, e.g. https://login.example.com/oauth2/token")
		}
	case "":
		add("oauth2.provider", "", "missing, and the host is not a known provider's", "set gmail or microsoft, or custom with token_url")
	default:
		add("oauth2.provider", o.Provider, "unknown provider", "use gmail, microsoft or custom")
	}
	if o.ClientID == "" {
		add("oauth2.client_id", "", "missing", "register an OAuth2 application with your provider (Google: a Desktop app; Microsoft: a public client with IMAP.AccessAsUser.All and SMTP.Send) and set its client ID")
	}
	for _, u := range []struct{ key, val string }{{"auth_url", o.AuthURL}, {"token_url", o.TokenURL}, {"device_auth_url", o.DeviceAuthURL}} {
		if u.val == "" {
			continue
		}
		if what := checkEndpointURL(u.val); what != "" {
			add("oauth2."+u.key, u.val, what, "use an https:// URL (http:// only to a loopback host)")
		}
	}
	for i, sc := range o.Scopes {
		if strings.TrimSpace(sc) == "" || strings.ContainsAny(sc, " \t\r\n") {
			add(fmt.Sprintf("oauth2.scopes[%d]", i), sc, "not a single scope", "give one scope per list item, e.g. https://mail.google.com/")
		}
	}
	if o.TokenFile == "" {
		add("oauth2.token_file", "", "missing (the account name cannot be part of a file name)", "set a path such as /var/lib/sayyes/oauth2-personal.json; sayyes auth login writes it")
	}
	switch o.Mechanism {
	case "", MechanismAuto, MechanismOAuthBearer, MechanismXOAuth2:
	default:
		add("oauth2.mechanism", o.Mechanism, "unknown SASL mechanism", "use auto, oauthbearer or xoauth2")
	}
	return ps
}

// checkEndpointURL says what is wrong with an OAuth2 endpoint URL, or "".
func checkEndpointURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "not an absolute URL"
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return "plain http would expose your tokens"
		}
	default:
		return "not an http(s) URL"
	}
	return ""
}

// readClientSecretFiles loads oauth2.client_secret_file like password_file.
func readClientSecretFiles(c *Config) []Problem {
	var probs []Problem
	for i := range c.Accounts {
		for _, s := range []struct {
			key string
			o   *OAuth2
		}{{"imap", &c.Accounts[i].IMAP.OAuth2}, {"smtp", &c.Accounts[i].SMTP.OAuth2}} {
			if s.o.ClientSecretFile == "" {
				continue
			}
			key := fmt.Sprintf("accounts[%d].%s.oauth2.client_secret_file", i, s.key)
			if s.o.ClientSecret != "" {
				probs = append(probs, Problem{Key: key, What: "both client_secret and client_secret_file are set", Fix: "keep only one of them"})
				continue
			}
			data, err := os.ReadFile(s.o.ClientSecretFile)
			if err != nil {
				probs = append(probs, Problem{Key: key, Value: s.o.ClientSecretFile, What: "cannot read the file: " + errors.Unwrap(err).Error(), Fix: "point it at a readable file holding only the client secret"})
				continue
			}
			s.o.ClientSecret = strings.TrimSpace(string(data))
		}
	}
	return probs
}
