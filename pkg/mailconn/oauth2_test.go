package mailconn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/wneessen/go-mail"
	"golang.org/x/oauth2"

	"github.com/sayyes/sayyes/internal/mailstack"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/oauth"
)

// provider plays the OAuth2 provider for Dovecot and for Sayyes: a token
// endpoint that issues good-1, good-2, ... for the refresh token "rt", and
// an introspection endpoint (RFC 7662 style, which Dovecot's oauth2 passdb
// POSTs every bearer token to) that vouches for the tokens it issued, as
// belonging to owner.
type provider struct {
	owner string
	mu    sync.Mutex
	// issued tokens; refreshes counts token endpoint hits that issued one.
	issued    map[string]bool
	refreshes int
	// introspected counts introspection requests per token.
	introspected map[string]int
	token, intro *httptest.Server
}

func newProvider(t *testing.T, owner string) *provider {
	p := &provider{owner: owner, issued: map[string]bool{}, introspected: map[string]int{}}
	p.token = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.PostFormValue("grant_type") != "refresh_token" || r.PostFormValue("refresh_token") != "rt" {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
			return
		}
		p.refreshes++
		tok := "good-" + strconv.Itoa(p.refreshes)
		p.issued[tok] = true
		json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600})
	}))
	t.Cleanup(p.token.Close)
	p.intro = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		tok := r.PostFormValue("token")
		p.introspected[tok]++
		w.Header().Set("Content-Type", "application/json")
		if !p.issued[tok] {
			fmt.Fprint(w, `{"active":false}`)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"active": true, "email": p.owner})
	}))
	t.Cleanup(p.intro.Close)
	return p
}

func (p *provider) counts() (refreshes int, introspected map[string]int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := map[string]int{}
	for k, v := range p.introspected {
		m[k] = v
	}
	return p.refreshes, m
}

// server returns the IMAPS (or submission) settings for user with OAuth2
// through p, the token file seeded with tok.
func (p *provider) server(t *testing.T, s *mailstack.Stack, addr, security, user, mech string, tok *oauth2.Token) config.Server {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(port)
	file := filepath.Join(t.TempDir(), "oauth2-"+strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())+".json")
	if err := oauth.WriteToken(file, tok); err != nil {
		t.Fatal(err)
	}
	return config.Server{
		Host: host, Port: n, Security: security, CAFile: s.CAFile, Username: user, Auth: config.AuthOAuth2,
		OAuth2: config.OAuth2{Provider: config.ProviderCustom, ClientID: "sayyes-test", TokenURL: p.token.URL, TokenFile: file, Mechanism: mech},
	}
}

// TestOAuth2AgainstDovecot logs in to a real Dovecot with XOAUTH2 and
// OAUTHBEARER. Setup: a mailstack whose Dovecot checks bearer tokens
// against p's introspection endpoint (Options.OAuth2IntrospectionURL), and
// Sayyes getting its tokens from p's token endpoint with a token file per
// case. Dovecot's auth cache is off, so every login reaches introspection.
func TestOAuth2AgainstDovecot(t *testing.T) {
	p := newProvider(t, "alice@sayyes.test")
	s := mailstack.Require(t, mailstack.Options{
		Users:                  []mailstack.User{{Name: "alice", Password: "alice-pw"}, {Name: "bob", Password: "bob-pw"}},
		OAuth2IntrospectionURL: p.intro.URL,
	})
	alice := s.Address("alice")
	ctx := context.Background()
	refreshOnly := func() *oauth2.Token { return &oauth2.Token{RefreshToken: "rt"} }

	t.Run("capabilities", func(t *testing.T) {
		srv := p.server(t, s, s.IMAPSAddr, config.SecurityTLS, alice, "", refreshOnly())
		c, err := DialIMAP(ctx, srv, 10*time.Second, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		// Capabilities after login no longer list AUTH=; the login went
		// through, which is what this case needs. Check the pre-login list
		// on a fresh connection.
		pre := preLoginMechs(t, s)
		for _, m := range []string{"OAUTHBEARER", "XOAUTH2", "PLAIN"} {
			if !strings.Contains(pre, m) {
				t.Errorf("pre-login AUTH= list %q lacks %s", pre, m)
			}
		}
	})

	for _, mech := range []string{config.MechanismOAuthBearer, config.MechanismXOAuth2, config.MechanismAuto} {
		t.Run("login "+mech, func(t *testing.T) {
			before, _ := p.counts()
			srv := p.server(t, s, s.IMAPSAddr, config.SecurityTLS, alice, mech, refreshOnly())
			for i := range 3 {
				c, err := DialIMAP(ctx, srv, 10*time.Second, nil)
				if err != nil {
					t.Fatalf("login %d: %v\n%s", i, err, s.MaillogTail(10))
				}
				if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
					t.Fatalf("SELECT after an OAuth2 login: %v", err)
				}
				c.Close()
			}
			after, seen := p.counts()
			if after-before != 1 {
				t.Errorf("three logins refreshed %d times, want once", after-before)
			}
			if tok := "good-" + strconv.Itoa(after); seen[tok] != 3 {
				t.Errorf("Dovecot introspected %s %d times, want 3 (one per login)", tok, seen[tok])
			}
		})
	}

	t.Run("bad token, refresh token revoked", func(t *testing.T) {
		srv := p.server(t, s, s.IMAPSAddr, config.SecurityTLS, alice, "", &oauth2.Token{AccessToken: "forged", RefreshToken: "revoked", Expiry: time.Now().Add(time.Hour)})
		before, _ := p.counts()
		_, err := DialIMAP(ctx, srv, 10*time.Second, nil)
		if !errors.Is(err, ErrAuth) || !errors.Is(err, oauth.ErrRevoked) {
			t.Fatalf("login with a bad token: %v, want ErrAuth and oauth.ErrRevoked", err)
		}
		t.Logf("refused as expected: %v", err)
		if strings.Contains(err.Error(), "forged") || strings.Contains(err.Error(), "revoked\"") {
			t.Errorf("error reveals a token: %v", err)
		}
		if after, seen := p.counts(); after != before || seen["forged"] != 1 {
			t.Errorf("refreshes %d→%d, forged introspected %d times; want no new token and one check", before, after, seen["forged"])
		}
	})

	for _, mech := range []string{config.MechanismOAuthBearer, config.MechanismXOAuth2} {
		t.Run("stale cached token renewed once "+mech, func(t *testing.T) {
			// The file holds an access token the server no longer takes,
			// though its expiry is an hour away: the login is refused, the
			// Source renews once and the second AUTHENTICATE succeeds.
			srv := p.server(t, s, s.IMAPSAddr, config.SecurityTLS, alice, mech, &oauth2.Token{AccessToken: "stale-" + mech, RefreshToken: "rt", Expiry: time.Now().Add(time.Hour)})
			before, _ := p.counts()
			c, err := DialIMAP(ctx, srv, 10*time.Second, nil)
			if err != nil {
				t.Fatalf("login: %v", err)
			}
			c.Close()
			after, seen := p.counts()
			if after-before != 1 || seen["stale-"+mech] != 1 {
				t.Fatalf("refreshes %d, stale token checked %d times; want 1 and 1", after-before, seen["stale-"+mech])
			}
			// The renewed token is kept: the next login neither refreshes
			// nor shows the stale token again.
			c, err = DialIMAP(ctx, srv, 10*time.Second, nil)
			if err != nil {
				t.Fatalf("second login: %v", err)
			}
			c.Close()
			if again, seen := p.counts(); again != after || seen["stale-"+mech] != 1 {
				t.Fatalf("second login: refreshes %d→%d, stale checked %d times", after, again, seen["stale-"+mech])
			}
			if tok, err := oauth.ReadToken(srv.OAuth2.TokenFile); err != nil || tok.AccessToken != "good-"+strconv.Itoa(after) {
				t.Fatalf("token file after renewal: %v %v", tok, err)
			}
		})
	}

	t.Run("renewed only once", func(t *testing.T) {
		// Alice's tokens logging in as bob: Dovecot refuses every one (the
		// introspected email is not the login). One renewal, then ErrAuth.
		srv := p.server(t, s, s.IMAPSAddr, config.SecurityTLS, s.Address("bob"), "", &oauth2.Token{AccessToken: "stale", RefreshToken: "rt", Expiry: time.Now().Add(time.Hour)})
		before, _ := p.counts()
		_, err := DialIMAP(ctx, srv, 10*time.Second, nil)
		if !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "renewed") {
			t.Fatalf("login as the wrong user: %v, want ErrAuth after a renewal", err)
		}
		if after, _ := p.counts(); after-before != 1 {
			t.Fatalf("%d refreshes, want exactly 1", after-before)
		}
		// Straight away again: the token in hand is the fresh one, and a
		// freshly issued token that is refused is not renewed again.
		_, err = DialIMAP(ctx, srv, 10*time.Second, nil)
		if !errors.Is(err, ErrAuth) || !errors.Is(err, oauth.ErrRejectedFresh) {
			t.Fatalf("second login as the wrong user: %v, want ErrAuth and ErrRejectedFresh", err)
		}
		if after, _ := p.counts(); after-before != 1 {
			t.Fatalf("%d refreshes after two refused logins, want still 1", after-before)
		}
		t.Logf("refused as expected: %v", err)
	})

	t.Run("password login unchanged", func(t *testing.T) {
		host, port, _ := net.SplitHostPort(s.IMAPSAddr)
		n, _ := strconv.Atoi(port)
		c, err := DialIMAP(ctx, config.Server{Host: host, Port: n, Security: config.SecurityTLS, CAFile: s.CAFile, Username: alice, Password: "alice-pw"}, 10*time.Second, nil)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
	})

	t.Run("smtp submission", func(t *testing.T) {
		for _, mech := range []string{config.MechanismOAuthBearer, config.MechanismXOAuth2} {
			subject := "oauth2 submission " + mech
			srv := p.server(t, s, s.SubmissionAddr, config.SecurityStartTLS, alice, mech, &oauth2.Token{AccessToken: "stale-smtp-" + mech, RefreshToken: "rt", Expiry: time.Now().Add(time.Hour)})
			before, _ := p.counts()
			if err := Send(ctx, srv, testMsg(t, alice, subject), 10*time.Second); err != nil {
				t.Fatalf("%s: send: %v\n%s", mech, err, s.MaillogTail(20))
			}
			after, seen := p.counts()
			if after-before != 1 || seen["stale-smtp-"+mech] != 1 {
				t.Fatalf("%s: refreshes %d, stale token checked %d times; want 1 and 1", mech, after-before, seen["stale-smtp-"+mech])
			}
			if err := Send(ctx, srv, testMsg(t, alice, subject+" again"), 10*time.Second); err != nil {
				t.Fatalf("%s: second send: %v", mech, err)
			}
			if again, _ := p.counts(); again != after {
				t.Fatalf("%s: second send refreshed (%d→%d)", mech, after, again)
			}
			imapSrv := p.server(t, s, s.IMAPSAddr, config.SecurityTLS, alice, "", refreshOnly())
			waitForSubject(t, imapSrv, subject+" again")
		}
		// Refused without a way out: a revoked refresh token.
		srv := p.server(t, s, s.SubmissionAddr, config.SecurityStartTLS, alice, "", &oauth2.Token{AccessToken: "forged", RefreshToken: "revoked", Expiry: time.Now().Add(time.Hour)})
		err := Send(ctx, srv, testMsg(t, alice, "never"), 10*time.Second)
		var se *SendError
		if !errors.As(err, &se) || se.Permanent || !errors.Is(err, ErrAuth) {
			t.Fatalf("send with a bad token: %v, want a temporary SendError wrapping ErrAuth", err)
		}
		t.Logf("refused as expected: %v", err)
	})
}

// preLoginMechs returns the AUTH= capabilities Dovecot announces before
// login, from a connection that never logs in.
func preLoginMechs(t *testing.T, s *mailstack.Stack) string {
	t.Helper()
	conn, err := imapclient.DialTLS(s.IMAPSAddr, &imapclient.Options{TLSConfig: s.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return strings.Join(conn.Caps().AuthMechanisms(), " ")
}

func testMsg(t *testing.T, to, subject string) *mail.Msg {
	t.Helper()
	m := mail.NewMsg()
	if err := m.From(to); err != nil {
		t.Fatal(err)
	}
	if err := m.To(to); err != nil {
		t.Fatal(err)
	}
	m.Subject(subject)
	m.SetBodyString(mail.TypeTextPlain, "sent with an OAuth2 login")
	return m
}

// waitForSubject logs in as srv and waits until INBOX holds subject.
func waitForSubject(t *testing.T, srv config.Server, subject string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	c, err := DialIMAP(context.Background(), srv, 10*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for {
		if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			t.Fatal(err)
		}
		res, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: subject}}}, nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		if len(res.AllUIDs()) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q not delivered within 10s", subject)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
