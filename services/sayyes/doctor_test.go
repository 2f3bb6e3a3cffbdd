package sayyes_test

// Doctor against the real mail stack (Dovecot + Postfix from internal/
// mailstack): a correct configuration passes, and each misconfiguration a
// newcomer is likely to make fails with a plain-words reason and fix.

import (
	"bytes"
	"context"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sayyes/sayyes/internal/mailstack"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/services/sayyes"
)

func TestDoctorMisconfigurations(t *testing.T) {
	st := mailstack.Require(t, mailstack.Options{Users: []mailstack.User{{Name: "alex", Password: "alex-pw"}}})
	port := func(a string) int {
		_, p, _ := net.SplitHostPort(a)
		n, _ := strconv.Atoi(p)
		return n
	}
	closed := func() int {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		p := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		return p
	}()
	base := func() *config.Config {
		c := &config.Config{DataDir: filepath.Join(t.TempDir(), "data"), Accounts: []config.Account{{
			Name: "alex", Address: st.Address("alex"),
			IMAP: config.Server{Host: "127.0.0.1", Port: port(st.IMAPSAddr), Security: config.SecurityTLS, Password: "alex-pw", CAFile: st.CAFile},
			SMTP: config.Server{Host: "127.0.0.1", Port: port(st.SubmissionAddr), Security: config.SecurityStartTLS, Username: st.Address("alex"), Password: "alex-pw", CAFile: st.CAFile},
		}}}
		c.Defaults()
		return c
	}
	cases := []struct {
		name  string
		tweak func(*config.Config)
		want  sayyes.Severity
		says  []string
	}{
		{"all good", func(*config.Config) {}, sayyes.OK, []string{"TLS 1.3", "logged in", "Drafts (special-use", "Sent (special-use", "accepted the login"}},
		{"wrong password", func(c *config.Config) { c.Accounts[0].IMAP.Password = "nope" }, sayyes.Fail, []string{"refused the username or password", "app password"}},
		{"wrong port", func(c *config.Config) { c.Accounts[0].IMAP.Port = closed }, sayyes.Fail, []string{"connection refused", "check the port"}},
		{"TLS to a plain-text port", func(c *config.Config) { c.Accounts[0].IMAP.Port = port(st.IMAPAddr) }, sayyes.Fail, []string{"speaks plain text", "security: starttls"}},
		{"plain text to the TLS port", func(c *config.Config) {
			c.Accounts[0].IMAP.Security = config.SecurityNone
			c.Accounts[0].IMAP.Port = port(st.IMAPSAddr)
		}, sayyes.Fail, []string{"use security: tls"}},
		{"no CA for a self-signed server", func(c *config.Config) { c.Accounts[0].IMAP.CAFile = "" }, sayyes.Fail, []string{"unknown authority", "set ca_file"}},
		{"missing Drafts folder", func(c *config.Config) { c.Accounts[0].DraftsMailbox = "Brouillons perdus" }, sayyes.Fail, []string{"does not exist", "set drafts_mailbox"}},
		{"NATS down", func(c *config.Config) { c.NATS.URL = "nats://127.0.0.1:" + strconv.Itoa(closed) }, sayyes.Fail, []string{"cannot connect", "start the NATS server"}},
		{"SMTP wrong password", func(c *config.Config) { c.Accounts[0].SMTP.Password = "nope" }, sayyes.Fail, []string{"[FAIL] smtp", "SMTP username and password"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			tc.tweak(c)
			var out bytes.Buffer
			got := sayyes.Doctor(context.Background(), c, &out)
			t.Logf("doctor said:\n%s", out.String())
			if got != tc.want {
				t.Errorf("severity %d, want %d", got, tc.want)
			}
			for _, s := range tc.says {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output lacks %q", s)
				}
			}
			if strings.Contains(out.String(), "alex-pw") {
				t.Error("the password was printed")
			}
		})
	}
}
