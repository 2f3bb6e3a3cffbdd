package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/oauth"
)

// fakeIdP is a local OAuth2 provider for `sayyes auth login`: a device
// authorization endpoint (RFC 8628) whose code is approved after one
// "authorization_pending", and a token endpoint for the device and the
// authorization code (PKCE, RFC 7636) grants.
type fakeIdP struct {
	*httptest.Server
	mu       sync.Mutex
	polls    int
	verifier string // the PKCE verifier the code exchange carried
	requests []string
}

const (
	fakeRefresh = "rt-from-login-SECRET"
	fakeAccess  = "at-from-login-SECRET"
)

func newFakeIdP(t *testing.T) *fakeIdP {
	f := &fakeIdP{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		f.requests = append(f.requests, r.URL.Path+" "+r.PostForm.Get("grant_type"))
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("client_id") != "sayyes-cli-test" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_client"}`)
			return
		}
		switch {
		case r.URL.Path == "/device":
			json.NewEncoder(w).Encode(map[string]any{
				"device_code": "dev-123", "user_code": "WDJB-MJHT", "verification_uri": "https://idp.example/device",
				"expires_in": 600, "interval": 1,
			})
		case r.URL.Path == "/token" && r.PostForm.Get("grant_type") == "urn:ietf:params:oauth:grant-type:device_code":
			if r.PostForm.Get("device_code") != "dev-123" {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"error":"invalid_grant"}`)
				return
			}
			f.polls++
			if f.polls == 1 {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"error":"authorization_pending"}`)
				return
			}
			json.NewEncoder(w).Encode(map[string]any{"access_token": fakeAccess, "refresh_token": fakeRefresh, "token_type": "Bearer", "expires_in": 3600})
		case r.URL.Path == "/token" && r.PostForm.Get("grant_type") == "authorization_code":
			f.verifier = r.PostForm.Get("code_verifier")
			if r.PostForm.Get("code") != "code-xyz" || !strings.HasPrefix(r.PostForm.Get("redirect_uri"), "http://127.0.0.1:") {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"error":"invalid_grant"}`)
				return
			}
			json.NewEncoder(w).Encode(map[string]any{"access_token": fakeAccess, "refresh_token": fakeRefresh, "token_type": "Bearer", "expires_in": 3600})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

// authConfig writes a config whose account signs in through f.
func authConfig(t *testing.T, f *fakeIdP, extra string) (cfgPath, tokenFile string) {
	t.Helper()
	dir := t.TempDir()
	tokenFile = filepath.Join(dir, "state", "oauth2-personal.json")
	cfg := fmt.Sprintf(`data_dir: %s
accounts:
  - name: personal
    address: ada@example.com
    imap:
      host: imap.example.com
      auth: oauth2
      oauth2:
        provider: custom
        client_id: sayyes-cli-test
        token_url: %s/token
        auth_url: %s/authorize
        device_auth_url: %s/device
        token_file: %s
%s    smtp:
      host: smtp.example.com
`, dir, f.URL, f.URL, f.URL, tokenFile, extra)
	cfgPath = filepath.Join(dir, "sayyes.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, tokenFile
}

func checkTokenFile(t *testing.T, file string) {
	t.Helper()
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatalf("token file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v, want 0600", fi.Mode().Perm())
	}
	tok, err := oauth.ReadToken(file)
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken != fakeRefresh || tok.AccessToken != fakeAccess {
		t.Errorf("token file holds %+v", tok)
	}
}

// TestAuthLoginDevice runs `sayyes auth login` with the device flow
// against a local provider that approves on the second poll.
func TestAuthLoginDevice(t *testing.T) {
	f := newFakeIdP(t)
	cfgPath, tokenFile := authConfig(t, f, "")
	var out, errOut bytes.Buffer
	begin := time.Now()
	if code := run([]string{"auth", "login", "--config", cfgPath, "--account", "personal"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	t.Logf("device login took %v:\n%s", time.Since(begin).Round(time.Millisecond), out.String())
	for _, want := range []string{"https://idp.example/device", "WDJB-MJHT", tokenFile, "sayyes doctor"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if s := out.String() + errOut.String(); strings.Contains(s, "SECRET") {
		t.Errorf("output shows a token:\n%s", s)
	}
	checkTokenFile(t, tokenFile)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.polls != 2 {
		t.Errorf("%d token polls, want 2 (pending, then approved)", f.polls)
	}
	// IMAP and SMTP share the token file: one sign-in, not two.
	if n := len(f.requests); n != 3 {
		t.Errorf("requests %v, want device + 2 polls", f.requests)
	}
}

// TestAuthLoginLoopback runs `sayyes auth login --loopback` and plays the
// browser: it follows the printed URL's redirect_uri back with a code.
func TestAuthLoginLoopback(t *testing.T) {
	f := newFakeIdP(t)
	cfgPath, tokenFile := authConfig(t, f, "")
	pr, pw := io.Pipe()
	var out bytes.Buffer
	var errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		code := run([]string{"auth", "login", "--config", cfgPath, "--loopback", "--timeout", "30s"}, io.MultiWriter(pw, &out), &errOut)
		pw.Close()
		done <- code
	}()
	// Read until the authorization URL shows up.
	var seen bytes.Buffer
	authURL := regexp.MustCompile(`http://127\.0\.0\.1:\d+/authorize\?\S+`)
	buf := make([]byte, 4096)
	var link string
	for link == "" {
		n, err := pr.Read(buf)
		seen.Write(buf[:n])
		if err != nil {
			t.Fatalf("no authorization URL in the output: %v\n%s", err, seen.String())
		}
		link = authURL.FindString(seen.String())
	}
	go io.Copy(io.Discard, pr)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("login_hint") != "ada@example.com" || q.Get("client_id") != "sayyes-cli-test" {
		t.Errorf("authorization URL lacks PKCE, login_hint or client_id: %s", link)
	}
	redirect := q.Get("redirect_uri")
	if !strings.HasPrefix(redirect, "http://127.0.0.1:") {
		t.Fatalf("redirect_uri %q is not a loopback address", redirect)
	}
	// A forged redirect (wrong state) is refused.
	resp, err := http.Get(redirect + "?code=code-xyz&state=forged")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("wrong state: HTTP %d, want 400", resp.StatusCode)
	}
	if code := <-done; code != 1 {
		t.Fatalf("a forged redirect: exit %d, want 1\n%s", code, errOut.String())
	}
	if _, err := os.Stat(tokenFile); err == nil {
		t.Fatal("token file written after a forged redirect")
	}

	// Again, as the provider would redirect.
	pr, pw = io.Pipe()
	out.Reset()
	errOut.Reset()
	go func() {
		code := run([]string{"auth", "login", "--config", cfgPath, "--loopback", "--timeout", "30s"}, io.MultiWriter(pw, &out), &errOut)
		pw.Close()
		done <- code
	}()
	seen.Reset()
	link = ""
	for link == "" {
		n, err := pr.Read(buf)
		seen.Write(buf[:n])
		if err != nil {
			t.Fatalf("no authorization URL: %v\n%s", err, seen.String())
		}
		link = authURL.FindString(seen.String())
	}
	go io.Copy(io.Discard, pr)
	u, _ = url.Parse(link)
	q = u.Query()
	resp, err = http.Get(q.Get("redirect_uri") + "?code=code-xyz&state=" + url.QueryEscape(q.Get("state")))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "close this window") {
		t.Errorf("browser got HTTP %d: %s", resp.StatusCode, body)
	}
	if code := <-done; code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	checkTokenFile(t, tokenFile)
	f.mu.Lock()
	verifier := f.verifier
	f.mu.Unlock()
	sum := sha256.Sum256([]byte(verifier))
	if verifier == "" || base64.RawURLEncoding.EncodeToString(sum[:]) != q.Get("code_challenge") {
		t.Errorf("the code exchange's verifier does not match the challenge")
	}
	if strings.Contains(out.String()+errOut.String(), "SECRET") {
		t.Errorf("output shows a token")
	}
}

func TestAuthLoginMistakes(t *testing.T) {
	f := newFakeIdP(t)
	cfgPath, _ := authConfig(t, f, "")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"auth"}, "usage"},
		{"unknown provider", []string{"auth", "login", "--config", cfgPath, "--provider", "yahoo"}, "gmail or microsoft"},
		{"provider differs from config", []string{"auth", "login", "--config", cfgPath, "--provider", "gmail"}, "make them agree"},
		{"unknown account", []string{"auth", "login", "--config", cfgPath, "--account", "work"}, `no account named "work"`},
		{"both flows", []string{"auth", "login", "--config", cfgPath, "--device", "--loopback"}, "usage"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(tt.args, &out, &errOut); code != 2 {
				t.Fatalf("exit %d, want 2\n%s", code, errOut.String())
			}
			if !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, errOut.String())
			}
		})
	}
	t.Run("password account", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "sayyes.yaml")
		os.WriteFile(p, []byte("accounts:\n  - name: personal\n    address: ada@example.com\n    imap: {host: imap.example.com, password: pw}\n    smtp: {host: smtp.example.com}\n"), 0o600)
		var out, errOut bytes.Buffer
		if code := run([]string{"auth", "login", "--config", p}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "auth: oauth2") {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
	})
}
