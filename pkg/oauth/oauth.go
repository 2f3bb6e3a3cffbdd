// Package oauth provides the OAuth2 access tokens for IMAP and SMTP logins
// with auth: oauth2. A refresh token, obtained once by `sayyes auth login`
// (DeviceLogin or LoopbackLogin), is kept in the configured token file;
// a Source turns it into access tokens, reuses each one until shortly
// before it expires (so a poll or reconnect does not refresh), and refreshes
// at most once more when a server rejects a token (Renew). Rotated refresh
// tokens are written back to the file, mode 0600.
//
// Tokens never appear in errors or logs.
package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/endpoints"
	"golang.org/x/oauth2/microsoft"

	"github.com/sayyes/sayyes/pkg/config"
)

// Scopes of the presets: full IMAP and SMTP access, and for Microsoft a
// refresh token (offline_access).
var (
	GmailScopes     = []string{"https://mail.google.com/"}
	MicrosoftScopes = []string{"https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send", "offline_access"}
)

// Preset returns the endpoints and scopes of a known provider.
func Preset(provider string) (oauth2.Endpoint, []string, bool) {
	switch provider {
	case config.ProviderGmail:
		return endpoints.Google, GmailScopes, true
	case config.ProviderMicrosoft:
		return microsoft.AzureADEndpoint("common"), MicrosoftScopes, true
	}
	return oauth2.Endpoint{}, nil, false
}

// Config builds the oauth2.Config for c: the provider's preset, with every
// URL and the scopes that c sets taking precedence.
func Config(c config.OAuth2) *oauth2.Config {
	ep, scopes, _ := Preset(c.Provider)
	if c.AuthURL != "" {
		ep.AuthURL = c.AuthURL
	}
	if c.TokenURL != "" {
		ep.TokenURL = c.TokenURL
	}
	if c.DeviceAuthURL != "" {
		ep.DeviceAuthURL = c.DeviceAuthURL
	}
	if len(c.Scopes) > 0 {
		scopes = c.Scopes
	}
	if c.ClientSecret == "" {
		// A public client (Microsoft's kind) has no secret to put in a
		// Basic header; sending client_id as a parameter spares the
		// auto-detection's failed first try.
		ep.AuthStyle = oauth2.AuthStyleInParams
	}
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint:     ep,
		Scopes:       append([]string(nil), scopes...),
	}
}

// Errors that no retry with the same token file can fix: the user has to
// run `sayyes auth login` (again).
var (
	ErrNoToken = errors.New("no OAuth2 refresh token")
	ErrRevoked = errors.New("the OAuth2 refresh token was refused (revoked, expired or for another client)")
	// ErrRejectedFresh is returned by Renew when the rejected access token
	// came from the token endpoint moments ago: another one would fare no
	// better, the cause is elsewhere (scopes, IMAP disabled, wrong user).
	ErrRejectedFresh = errors.New("the server rejected a freshly issued OAuth2 access token")
)

// Timing of a Source.
const (
	// EarlyRefresh is how long before its expiry an access token is
	// replaced, so that a login never starts with a token about to lapse.
	EarlyRefresh = 5 * time.Minute
	// MinRenewAge is how old a rejected token must be for Renew to fetch
	// another one.
	MinRenewAge = time.Minute
	// HTTPTimeout bounds one request to the token endpoint.
	HTTPTimeout = 30 * time.Second
)

// Source hands out access tokens for one token file. It is an
// oauth2.TokenSource and safe for concurrent use.
type Source struct {
	conf *oauth2.Config
	file string
	// HTTPClient talks to the token endpoint; default: a client with
	// HTTPTimeout.
	HTTPClient *http.Client
	now        func() time.Time                  // for tests
	write      func(string, *oauth2.Token) error // WriteToken; for tests

	mu      sync.Mutex
	tok     *oauth2.Token // nil until the file was read
	fetched time.Time     // when tok came from the endpoint; zero if from the file
	renewed int           // tokens fetched from the endpoint, for tests
}

// New returns a Source for c. It reads nothing until the first Token.
func New(c config.OAuth2) *Source {
	return &Source{
		conf:       Config(c),
		file:       c.TokenFile,
		HTTPClient: &http.Client{Timeout: HTTPTimeout},
		now:        time.Now,
		write:      WriteToken,
	}
}

// shared holds one Source per token file (and client) in this process.
// The file is the state they would otherwise race on, and sharing the
// Source is what lets the IMAP and SMTP logins, and every reconnect of
// every service in the process, reuse one access token until it expires.
var shared struct {
	mu sync.Mutex
	m  map[string]*Source
}

// For returns this process's Source for c, creating it on first use.
func For(c config.OAuth2) *Source {
	file := c.TokenFile
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	key := file + "\x00" + c.ClientID + "\x00" + Config(c).Endpoint.TokenURL
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if s, ok := shared.m[key]; ok {
		return s
	}
	if shared.m == nil {
		shared.m = map[string]*Source{}
	}
	s := New(c)
	shared.m[key] = s
	return s
}

// File is the token file's path.
func (s *Source) File() string { return s.file }

// Token implements oauth2.TokenSource.
func (s *Source) Token() (*oauth2.Token, error) { return s.TokenContext(context.Background()) }

// TokenContext returns the cached access token while it has more than
// EarlyRefresh left, else a refreshed one.
func (s *Source) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok == nil {
		t, err := ReadToken(s.file)
		if err != nil {
			return nil, err
		}
		s.tok = t
	}
	if s.usable(s.tok) {
		return copyToken(s.tok), nil
	}
	return s.refreshLocked(ctx, "")
}

// Renew is called after a server refused rejected: unless the Source
// already holds a newer token, it fetches a new one, once. A rejected
// token that the endpoint issued less than MinRenewAge ago is not renewed
// (ErrRejectedFresh): only a stale or revoked token is fixed by renewing.
func (s *Source) Renew(ctx context.Context, rejected *oauth2.Token) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rejected == nil {
		return nil, errors.New("oauth: Renew without a token")
	}
	if s.tok != nil && s.tok.AccessToken != rejected.AccessToken && s.usable(s.tok) {
		return copyToken(s.tok), nil // renewed meanwhile by another login
	}
	if !s.fetched.IsZero() && s.now().Sub(s.fetched) < MinRenewAge {
		return nil, ErrRejectedFresh
	}
	return s.refreshLocked(ctx, rejected.AccessToken)
}

// Renewals reports how many tokens this Source fetched from the endpoint.
func (s *Source) Renewals() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renewed
}

func (s *Source) usable(t *oauth2.Token) bool {
	if t == nil || t.AccessToken == "" {
		return false
	}
	// No expiry given: valid until a server says otherwise (then Renew).
	return t.Expiry.IsZero() || s.now().Add(EarlyRefresh).Before(t.Expiry)
}

// refreshLocked gets a new access token with the refresh token. rejected
// is the access token a server refused ("" when the old one just expired).
func (s *Source) refreshLocked(ctx context.Context, rejected string) (*oauth2.Token, error) {
	rt := ""
	if s.tok != nil {
		rt = s.tok.RefreshToken
	}
	// Services running as separate processes share the file: another one
	// may have refreshed meanwhile (and the provider rotated the refresh
	// token), or `sayyes auth login` may have written a new one.
	if ft, err := ReadToken(s.file); err == nil {
		rt = ft.RefreshToken
		if s.usable(ft) && ft.AccessToken != rejected && (s.tok == nil || ft.AccessToken != s.tok.AccessToken) {
			s.tok, s.fetched = ft, time.Time{}
			return copyToken(ft), nil
		}
	}
	if rt == "" {
		return nil, fmt.Errorf("%w in %s: run sayyes auth login", ErrNoToken, s.file)
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, s.HTTPClient)
	t, err := s.conf.TokenSource(ctx, &oauth2.Token{RefreshToken: rt}).Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && (re.ErrorCode == "invalid_grant" || re.ErrorCode == "invalid_client" || re.ErrorCode == "unauthorized_client") {
			return nil, fmt.Errorf("%w: %s; run sayyes auth login again", ErrRevoked, strings.TrimSpace(re.ErrorCode+" "+re.ErrorDescription))
		}
		return nil, fmt.Errorf("oauth: refreshing the access token at %s: %w", s.conf.Endpoint.TokenURL, scrub(err))
	}
	s.renewed++
	s.tok, s.fetched = t, s.now()
	if err := s.write(s.file, t); err != nil && t.RefreshToken != rt {
		// The provider rotated the refresh token and the file still holds
		// the old one, which may stop working: a restart would then need a
		// new sign-in. Say so now. The new token is kept in memory, so the
		// next login works, and the next refresh tries the file again.
		// (With an unchanged refresh token, e.g. a read-only secret mount,
		// nothing is lost but the cached access token.)
		return nil, fmt.Errorf("oauth: the provider rotated the refresh token but it cannot be saved (token_file must be writable): %w", err)
	}
	return copyToken(t), nil
}

// scrub drops the response body that oauth2 errors may carry; it could
// hold tokens.
func scrub(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.ErrorCode != "" {
			return errors.New(strings.TrimSpace(re.ErrorCode + " " + re.ErrorDescription))
		}
		if re.Response != nil {
			return fmt.Errorf("HTTP %s", re.Response.Status)
		}
		return errors.New("token endpoint error")
	}
	return err
}

func copyToken(t *oauth2.Token) *oauth2.Token {
	c := *t
	return &c
}
