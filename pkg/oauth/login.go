package oauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// DeviceLogin runs the device authorization grant (RFC 8628): it asks the
// provider for a code, tells the user on w where to enter it, and polls
// until they approved (or ctx ends). The token has a refresh token or the
// call fails.
func DeviceLogin(ctx context.Context, conf *oauth2.Config, w io.Writer) (*oauth2.Token, error) {
	if conf.Endpoint.DeviceAuthURL == "" {
		return nil, errors.New("oauth: the provider has no device authorization endpoint (set oauth2.device_auth_url, or use --loopback)")
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Timeout: HTTPTimeout})
	da, err := conf.DeviceAuth(ctx)
	if err != nil {
		return nil, fmt.Errorf("oauth: asking for a device code: %w", scrub(err))
	}
	fmt.Fprintf(w, "To allow Sayyes to read and send your mail, open\n\n    %s\n\nand enter the code\n\n    %s\n\n", da.VerificationURI, da.UserCode)
	if da.VerificationURIComplete != "" {
		fmt.Fprintf(w, "(or open %s, which has the code in it)\n\n", da.VerificationURIComplete)
	}
	fmt.Fprintln(w, "Waiting for your approval...")
	t, err := conf.DeviceAccessToken(ctx, da)
	if err != nil {
		return nil, fmt.Errorf("oauth: waiting for the approval: %w", scrub(err))
	}
	return checkRefresh(t)
}

// LoopbackLogin runs the authorization code grant with PKCE (RFC 7636) and
// a redirect to a listener on 127.0.0.1 (RFC 8252 section 7.3). It prints
// the URL to open on w (nothing is opened automatically) and waits for the
// browser to come back, or ctx to end. opts go into the authorization URL.
func LoopbackLogin(ctx context.Context, conf *oauth2.Config, w io.Writer, opts ...oauth2.AuthCodeOption) (*oauth2.Token, error) {
	if conf.Endpoint.AuthURL == "" {
		return nil, errors.New("oauth: the provider has no authorization endpoint (set oauth2.auth_url)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("oauth: listening for the redirect: %w", err)
	}
	defer ln.Close()
	c := *conf
	c.RedirectURL = fmt.Sprintf("http://127.0.0.1:%d/", ln.Addr().(*net.TCPAddr).Port)
	verifier := oauth2.GenerateVerifier()
	state := randomString()

	type result struct {
		code string
		err  error
	}
	done := make(chan result, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/" || (q.Get("code") == "" && q.Get("error") == "") {
			http.NotFound(rw, r)
			return
		}
		var res result
		switch {
		case q.Get("state") != state:
			res.err = errors.New("oauth: the redirect carried the wrong state (a stale or forged request); try again")
		case q.Get("error") != "":
			res.err = fmt.Errorf("oauth: the provider refused: %s %s", q.Get("error"), q.Get("error_description"))
		default:
			res.code = q.Get("code")
		}
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		if res.err != nil {
			rw.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(rw, "<p>Sayyes could not sign in: %s</p>", html.EscapeString(res.err.Error()))
		} else {
			fmt.Fprint(rw, "<p>Sayyes is signed in. You can close this window.</p>")
		}
		select {
		case done <- res:
		default:
		}
	})}
	go srv.Serve(ln)
	// Shutdown, not Close: the handler hands over the code before its
	// response has left, and Close would cut the browser off mid-page
	// (the test saw EOF under -race).
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	opts = append([]oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}, opts...)
	fmt.Fprintf(w, "To allow Sayyes to read and send your mail, open this address in a browser on this machine:\n\n    %s\n\nWaiting for the browser to come back to %s ...\n", c.AuthCodeURL(state, opts...), c.RedirectURL)
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		return nil, fmt.Errorf("oauth: waiting for the browser: %w", ctx.Err())
	}
	if res.err != nil {
		return nil, res.err
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Timeout: HTTPTimeout})
	t, err := c.Exchange(ctx, res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("oauth: exchanging the code for a token: %w", scrub(err))
	}
	return checkRefresh(t)
}

func checkRefresh(t *oauth2.Token) (*oauth2.Token, error) {
	if t.RefreshToken == "" {
		return nil, errors.New("oauth: the provider issued no refresh token (Microsoft needs the offline_access scope; Google gives one with access_type=offline, which sayyes asks for)")
	}
	return t, nil
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}
