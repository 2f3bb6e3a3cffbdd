package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/sayyes/sayyes/pkg/config"
)

// tokenServer is a local OAuth2 token endpoint (RFC 6749 section 6:
// grant_type=refresh_token). It issues at-1, at-2, ... and, when rotate is
// set, a new refresh token with each, after which the old one is refused.
type tokenServer struct {
	*httptest.Server
	mu        sync.Mutex
	refreshes int    // successful refreshes
	refused   int    // refresh requests answered invalid_grant
	valid     string // the refresh token accepted now
	rotate    bool
	lifetime  time.Duration
	// clock, if set, is the Source's clock: the token's lifetime counts
	// from its now (oauth2 turns expires_in into an expiry by time.Now).
	clock *clock
}

func newTokenServer(t *testing.T, refresh string, rotate bool) *tokenServer {
	ts := &tokenServer{valid: refresh, rotate: rotate, lifetime: time.Hour}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/token" {
			http.NotFound(w, r)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ts.mu.Lock()
		defer ts.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("client_id") != "sayyes-test" || r.PostForm.Get("refresh_token") != ts.valid {
			ts.refused++
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"invalid_grant","error_description":"refresh token not valid"}`)
			return
		}
		ts.refreshes++
		lifetime := ts.lifetime
		if ts.clock != nil {
			lifetime += time.Until(ts.clock.now())
		}
		resp := map[string]any{
			"access_token": fmt.Sprintf("at-%d", ts.refreshes),
			"token_type":   "Bearer",
			"expires_in":   int(lifetime.Seconds()),
		}
		if ts.rotate {
			ts.valid = fmt.Sprintf("rt-%d", ts.refreshes)
			resp["refresh_token"] = ts.valid
		}
		json.NewEncoder(w).Encode(resp)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *tokenServer) counts() (refreshes, refused int) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.refreshes, ts.refused
}

func (ts *tokenServer) settings(file string) config.OAuth2 {
	return config.OAuth2{Provider: config.ProviderCustom, ClientID: "sayyes-test", TokenURL: ts.URL + "/token", TokenFile: file}
}

// clock is a settable now for a Source.
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}

func TestSourceRefreshes(t *testing.T) {
	ts := newTokenServer(t, "rt-0", true)
	file := filepath.Join(t.TempDir(), "state", "oauth2-personal.json")
	// What sayyes auth login leaves: a refresh token, no access token.
	if err := WriteToken(file, &oauth2.Token{RefreshToken: "rt-0"}); err != nil {
		t.Fatal(err)
	}
	src := New(ts.settings(file))
	var clk clock
	src.now = clk.now
	ts.clock = &clk
	ctx := context.Background()
	want := func(step string, tok *oauth2.Token, access string, refreshes int) {
		t.Helper()
		if got, _ := ts.counts(); got != refreshes {
			t.Fatalf("%s: %d refreshes at the endpoint, want %d", step, got, refreshes)
		}
		if tok.AccessToken != access {
			t.Fatalf("%s: access token %q, want %q", step, tok.AccessToken, access)
		}
	}

	tok, err := src.TokenContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want("first use", tok, "at-1", 1)

	for i := range 20 {
		clk.advance(2 * time.Minute) // 20 polls over 40 minutes
		tok, err = src.TokenContext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want(fmt.Sprintf("poll %d within the lifetime", i), tok, "at-1", 1)
	}

	// 40 min in, 20 left: still fine. 16 more minutes: 4 left, under EarlyRefresh.
	clk.advance(16 * time.Minute)
	tok, err = src.TokenContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want("near expiry", tok, "at-2", 2)
	checkFile(t, file, "rt-2", "at-2")

	// A server refuses at-2 (revoked early, say): one renewal, one retry.
	clk.advance(2 * time.Minute)
	fresh, err := src.Renew(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	want("after a refused login", fresh, "at-3", 3)
	// A second connection that was refused at-2 at the same time gets at-3
	// without another refresh.
	again, err := src.Renew(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	want("second report of the same refusal", again, "at-3", 3)
	// at-3 was issued a moment ago; if a server refuses it too, renewing
	// again would not help.
	if _, err := src.Renew(ctx, fresh); !errors.Is(err, ErrRejectedFresh) {
		t.Fatalf("renewing a fresh token: %v, want ErrRejectedFresh", err)
	}
	if got, _ := ts.counts(); got != 3 {
		t.Fatalf("%d refreshes, want 3", got)
	}
	checkFile(t, file, "rt-3", "at-3")

	// Another process (the mailer beside the watcher) starts from the file:
	// it reuses at-3 and the rotated refresh token.
	other := New(ts.settings(file))
	other.now = clk.now
	tok, err = other.TokenContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want("another process", tok, "at-3", 3)
	clk.advance(time.Hour)
	tok, err = other.TokenContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want("another process, an hour later", tok, "at-4", 4)
	// The first Source picks up at-4 from the file instead of refreshing
	// with rt-3, which the provider no longer accepts.
	tok, err = src.TokenContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want("first process after the other refreshed", tok, "at-4", 4)
	if _, refused := ts.counts(); refused != 0 {
		t.Fatalf("%d refresh requests refused, want 0", refused)
	}
}

func checkFile(t *testing.T, file, refresh, access string) {
	t.Helper()
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v, want 0600", fi.Mode().Perm())
	}
	tok, err := ReadToken(file)
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken != refresh || tok.AccessToken != access || tok.Expiry.IsZero() {
		t.Errorf("token file holds refresh %q access %q expiry %v, want %q, %q and an expiry", tok.RefreshToken, tok.AccessToken, tok.Expiry, refresh, access)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".token-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestSourceConcurrentUse(t *testing.T) {
	ts := newTokenServer(t, "rt-0", false)
	file := filepath.Join(t.TempDir(), "tok.json")
	if err := WriteToken(file, &oauth2.Token{RefreshToken: "rt-0"}); err != nil {
		t.Fatal(err)
	}
	src := New(ts.settings(file))
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := src.Token(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n, _ := ts.counts(); n != 1 || src.Renewals() != 1 {
		t.Fatalf("16 concurrent first uses: %d refreshes (Source says %d), want 1", n, src.Renewals())
	}
	// Without rotation the file keeps the refresh token.
	checkFile(t, file, "rt-0", "at-1")
}

func TestSourceErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("no token file", func(t *testing.T) {
		ts := newTokenServer(t, "rt-0", false)
		_, err := New(ts.settings(filepath.Join(t.TempDir(), "missing.json"))).TokenContext(ctx)
		if !errors.Is(err, ErrNoToken) || !strings.Contains(err.Error(), "sayyes auth login") {
			t.Fatalf("error %v, want ErrNoToken naming sayyes auth login", err)
		}
	})
	t.Run("revoked refresh token", func(t *testing.T) {
		ts := newTokenServer(t, "rt-current", false)
		file := filepath.Join(t.TempDir(), "tok.json")
		if err := WriteToken(file, &oauth2.Token{RefreshToken: "rt-revoked-secret"}); err != nil {
			t.Fatal(err)
		}
		_, err := New(ts.settings(file)).TokenContext(ctx)
		if !errors.Is(err, ErrRevoked) {
			t.Fatalf("error %v, want ErrRevoked", err)
		}
		if strings.Contains(err.Error(), "rt-revoked-secret") {
			t.Errorf("error reveals the refresh token: %v", err)
		}
	})
	t.Run("endpoint down", func(t *testing.T) {
		ts := newTokenServer(t, "rt-0", false)
		file := filepath.Join(t.TempDir(), "tok.json")
		if err := WriteToken(file, &oauth2.Token{RefreshToken: "rt-0"}); err != nil {
			t.Fatal(err)
		}
		src := New(ts.settings(file))
		ts.Close()
		_, err := src.TokenContext(ctx)
		if err == nil || errors.Is(err, ErrRevoked) || errors.Is(err, ErrNoToken) {
			t.Fatalf("error %v, want a transient error", err)
		}
	})
	t.Run("not a token file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "tok.json")
		if err := os.WriteFile(file, []byte("password123\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ReadToken(file)
		if err == nil || strings.Contains(err.Error(), "password123") {
			t.Fatalf("error %v, want one that does not quote the file", err)
		}
	})
}

func TestSourceUnwritableFile(t *testing.T) {
	ctx := context.Background()
	for _, rotate := range []bool{false, true} {
		t.Run(fmt.Sprintf("rotate=%v", rotate), func(t *testing.T) {
			ts := newTokenServer(t, "rt-0", rotate)
			file := filepath.Join(t.TempDir(), "tok.json")
			if err := WriteToken(file, &oauth2.Token{RefreshToken: "rt-0"}); err != nil {
				t.Fatal(err)
			}
			src := New(ts.settings(file))
			src.write = func(string, *oauth2.Token) error { return errors.New("read-only file system") }
			_, err := src.TokenContext(ctx)
			if !rotate {
				// A read-only secret mount with a refresh token that
				// never changes: nothing is lost, the login goes on.
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "writable") {
				t.Fatalf("rotated refresh token that cannot be saved: %v, want an error saying so", err)
			}
			// The rotated token is kept in memory: the next login works
			// without another refresh.
			tok, err := src.TokenContext(ctx)
			if err != nil || tok.AccessToken != "at-1" {
				t.Fatalf("after the save failure: %v %v", tok, err)
			}
			if n, _ := ts.counts(); n != 1 {
				t.Fatalf("%d refreshes, want 1", n)
			}
		})
	}
}

func TestFor(t *testing.T) {
	dir := t.TempDir()
	a := config.OAuth2{Provider: config.ProviderGmail, ClientID: "id", TokenFile: filepath.Join(dir, "a.json")}
	b := a
	b.TokenFile = filepath.Join(dir, "b.json")
	if first, again := For(a), For(a); first != again {
		t.Error("For returned two Sources for one token file")
	}
	if For(a) == For(b) {
		t.Error("For shared a Source between two token files")
	}
}

func TestConfigPresets(t *testing.T) {
	g := Config(config.OAuth2{Provider: config.ProviderGmail, ClientID: "id", ClientSecret: "s"})
	if g.Endpoint.TokenURL != "https://oauth2.googleapis.com/token" || strings.Join(g.Scopes, " ") != "https://mail.google.com/" {
		t.Errorf("gmail preset: %+v", g)
	}
	m := Config(config.OAuth2{Provider: config.ProviderMicrosoft, ClientID: "id"})
	if !strings.Contains(m.Endpoint.DeviceAuthURL, "login.microsoftonline.com/common/") || !strings.Contains(strings.Join(m.Scopes, " "), "offline_access") || m.Endpoint.AuthStyle != oauth2.AuthStyleInParams {
		t.Errorf("microsoft preset: %+v", m)
	}
	o := Config(config.OAuth2{Provider: config.ProviderMicrosoft, ClientID: "id", TokenURL: "https://login.example/t", Scopes: []string{"x"}})
	if o.Endpoint.TokenURL != "https://login.example/t" || len(o.Scopes) != 1 || o.Endpoint.AuthURL == "" {
		t.Errorf("explicit settings should override only what they set: %+v", o)
	}
}
