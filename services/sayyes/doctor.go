package sayyes

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/nats-io/nats.go"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/pkg/natsembed"
)

// Severity of a check.
type Severity int

// Severities, worst last; the doctor's exit code is the worst one seen.
const (
	OK Severity = iota
	Warn
	Fail
)

// Check is one line of the doctor's report.
type Check struct {
	Name     string
	Severity Severity
	Info     string // what was found, or what is wrong
	Fix      string
}

func ok(name, info string) Check { return Check{Name: name, Info: info} }
func fail(name, info, fix string) Check {
	return Check{Name: name, Severity: Fail, Info: info, Fix: fix}
}

// Doctor checks the data dir, NATS and every account's IMAP and SMTP
// servers step by step (DNS, TCP, TLS, login, capabilities, folders), and
// writes one line per check. Later steps of a server are skipped once one
// fails, since their errors would only repeat it. It returns the worst
// severity.
func Doctor(ctx context.Context, cfg *config.Config, w io.Writer) Severity {
	var checks []Check
	checks = append(checks, checkDataDir(cfg))
	checks = append(checks, checkNATS(cfg))
	for _, a := range cfg.Accounts {
		checks = append(checks, checkIMAP(ctx, a)...)
		checks = append(checks, checkSMTP(ctx, a)...)
	}
	worst := OK
	for _, c := range checks {
		status := [...]string{"ok  ", "warn", "FAIL"}[c.Severity]
		fmt.Fprintf(w, "[%s] %s: %s\n", status, c.Name, c.Info)
		if c.Severity != OK && c.Fix != "" {
			fmt.Fprintf(w, "       fix: %s\n", c.Fix)
		}
		worst = max(worst, c.Severity)
	}
	return worst
}

func checkDataDir(cfg *config.Config) Check {
	name := "data dir " + cfg.DataDir
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fail(name, err.Error(), "choose a data_dir this user can create and write")
	}
	f, err := os.CreateTemp(cfg.DataDir, ".doctor-")
	if err != nil {
		return fail(name, "not writable: "+err.Error(), "fix the permissions of data_dir or choose another")
	}
	f.Close()
	os.Remove(f.Name())
	abs, _ := filepath.Abs(cfg.DataDir)
	if st, err := os.Stat(cfg.DataDir); err == nil && st.Mode().Perm()&0o077 != 0 {
		return Check{Name: name, Severity: Warn, Info: fmt.Sprintf("writable, but readable by others (mode %o)", st.Mode().Perm()), Fix: "chmod 700 " + abs + " (it holds your mail's events and the reply secret)"}
	}
	return ok(name, "writable, private ("+abs+")")
}

func checkNATS(cfg *config.Config) Check {
	if cfg.NATS.URL == "" {
		return ok("nats", "embedded server (sayyes run starts it in data_dir)")
	}
	name := "nats " + redactURL(cfg.NATS.URL)
	opts := []nats.Option{nats.RetryOnFailedConnect(false), nats.Timeout(3 * time.Second), nats.MaxReconnects(0)}
	if cfg.NATS.CredentialsFile != "" {
		opts = append(opts, nats.UserCredentials(cfg.NATS.CredentialsFile))
	}
	nc, err := natsembed.Connect(cfg.NATS.URL, "sayyes-doctor", nil, opts...)
	if err != nil {
		return fail(name, "cannot connect: "+err.Error(), "start the NATS server (nats-server -js) or correct nats.url")
	}
	defer nc.Close()
	if _, err := nc.Request("$JS.API.INFO", nil, 3*time.Second); err != nil {
		return fail(name, "connected, but JetStream does not answer: "+err.Error(), "enable JetStream on the server (nats-server -js, or jetstream {} in its config)")
	}
	return ok(name, "connected, JetStream available")
}

func redactURL(u string) string {
	if i := strings.Index(u, "@"); i > 0 {
		if j := strings.Index(u, "://"); j >= 0 && j < i {
			return u[:j+3] + "***" + u[i:]
		}
	}
	return u
}

// reach checks DNS, TCP and (for tls/starttls) nothing more: the TLS check
// needs the protocol, so the callers do it.
func reach(ctx context.Context, kind string, s config.Server) []Check {
	host := s.Host
	var out []Check
	if net.ParseIP(host) == nil {
		addrs, err := net.DefaultResolver.LookupHost(ctx, host)
		if err != nil {
			return append(out, fail(kind+" DNS "+host, err.Error(), "check the host name for typos, or your DNS"))
		}
		out = append(out, ok(kind+" DNS "+host, "resolves to "+strings.Join(addrs, ", ")))
	}
	d := net.Dialer{Timeout: 5 * time.Second}
	c, err := d.DialContext(ctx, "tcp", s.Addr())
	if err != nil {
		fix := "check the port (IMAP: 993 for tls, 143 for starttls; SMTP: 465 for tls, 587 for starttls) and any firewall"
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			fix = "the server did not answer: a firewall may drop the port, or the host is wrong"
		}
		return append(out, fail(kind+" TCP "+s.Addr(), err.Error(), fix))
	}
	c.Close()
	return append(out, ok(kind+" TCP "+s.Addr(), "port open"))
}

// explainTLS turns handshake and protocol errors into advice.
func explainTLS(kind string, s config.Server, err error) (string, string) {
	msg := err.Error()
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	var ce x509.CertificateInvalidError
	var rh tls.RecordHeaderError
	switch {
	case errors.As(err, &rh) || strings.Contains(msg, "first record does not look like a TLS handshake"):
		return "the port speaks plain text, not TLS", fmt.Sprintf("use security: starttls with this port, or the %s TLS port", map[string]string{"imap": "993", "smtp": "465"}[kind])
	case errors.As(err, &ue):
		return "certificate signed by an unknown authority", "set ca_file to the server's CA certificate (PEM); tls_skip_verify is for testing only"
	case errors.As(err, &he):
		return "certificate is not for " + s.Host + ": " + he.Error(), "use the host name the certificate names"
	case errors.As(err, &ce):
		return "certificate invalid: " + ce.Error(), "the server's certificate has expired or is not usable; tell its administrator"
	case strings.Contains(msg, "STARTTLS") || strings.Contains(msg, "starttls"):
		return msg, "the server does not offer STARTTLS here: use security: tls with the TLS port"
	case strings.Contains(strings.ToLower(msg), "eof") || strings.Contains(msg, "greeting") || strings.Contains(msg, "malformed"):
		if s.Security == config.SecurityNone {
			return msg, "the port seems to expect TLS: use security: tls"
		}
	}
	return msg, ""
}

func tlsInfo(kind string, s config.Server) Check {
	name := kind + " TLS " + s.Addr()
	tc, err := mailconn.TLSConfig(s)
	if err != nil {
		return fail(name, err.Error(), "fix ca_file")
	}
	d := &net.Dialer{Timeout: 5 * time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", s.Addr(), tc)
	if err != nil {
		info, fix := explainTLS(kind, s, err)
		return fail(name, info, fix)
	}
	defer conn.Close()
	st := conn.ConnectionState()
	cert := st.PeerCertificates[0]
	info := fmt.Sprintf("%s, certificate for %s valid until %s", tls.VersionName(st.Version), cert.Subject.CommonName, cert.NotAfter.Format(time.DateOnly))
	if s.TLSSkipVerify {
		return Check{Name: name, Severity: Warn, Info: info + " (NOT verified: tls_skip_verify)", Fix: "set ca_file instead of tls_skip_verify"}
	}
	if time.Until(cert.NotAfter) < 14*24*time.Hour {
		return Check{Name: name, Severity: Warn, Info: info, Fix: "the certificate expires soon; tell the server's administrator"}
	}
	return ok(name, info)
}

func checkIMAP(ctx context.Context, a config.Account) []Check {
	out := reach(ctx, "imap", a.IMAP)
	if worstOf(out) == Fail {
		return out
	}
	if a.IMAP.Security == config.SecurityTLS {
		c := tlsInfo("imap", a.IMAP)
		if out = append(out, c); c.Severity == Fail {
			return out
		}
	}
	name := fmt.Sprintf("imap login %s (%s)", a.IMAP.Username, a.Name)
	c, err := mailconn.DialIMAP(ctx, a.IMAP, 10*time.Second, nil)
	if err != nil {
		if errors.Is(err, mailconn.ErrAuth) {
			if a.IMAP.Auth == "oauth2" {
				return append(out, fail(name, "the server refused the OAuth2 token: "+err.Error(), "sign in again with `sayyes auth login --config FILE --account "+a.Name+"`"))
			}
			return append(out, fail(name, "the server refused the username or password", "check username and password (many providers need an app password; see the README's provider table)"))
		}
		info, fix := explainTLS("imap", a.IMAP, err)
		if fix == "" {
			fix = "check security (tls for 993, starttls for 143) and the credentials"
		}
		return append(out, fail(name, info, fix))
	}
	defer c.Close()
	defer c.Guard(15 * time.Second)()
	out = append(out, ok(name, "logged in"))
	if c.Caps().Has(imap.CapIdle) {
		out = append(out, ok("imap IDLE ("+a.Name+")", "supported: new mail is noticed at once"))
	} else {
		out = append(out, Check{Name: "imap IDLE (" + a.Name + ")", Severity: Warn, Info: fmt.Sprintf("not supported: the watcher polls every %s", a.PollInterval.D()), Fix: "lower poll_interval if you want faster notice"})
	}
	special := c.Caps().Has(imap.CapSpecialUse) || c.Caps().Has(imap.CapIMAP4rev2)
	for _, f := range []struct {
		label, configured string
		use               imap.MailboxAttr
		names             []string
		key               string
	}{
		{"drafts folder", a.DraftsMailbox, imap.MailboxAttrDrafts, mailconn.DraftsNames, "drafts_mailbox"},
		{"sent folder", a.SentMailbox, imap.MailboxAttrSent, mailconn.SentNames, "sent_mailbox"},
	} {
		name := f.label + " (" + a.Name + ")"
		if f.configured != "" {
			if _, err := c.Status(f.configured, &imap.StatusOptions{NumMessages: true}).Wait(); err != nil {
				out = append(out, fail(name, fmt.Sprintf("%q does not exist: %v", f.configured, err), "set "+f.key+" to an existing folder, or remove it to use the special-use folder"))
			} else {
				out = append(out, ok(name, f.configured))
			}
			continue
		}
		folder, how, err := c.LookupFolder(f.use, f.names...)
		switch {
		case err != nil:
			out = append(out, fail(name, err.Error(), ""))
		case folder == "":
			out = append(out, Check{Name: name, Severity: Warn, Info: fmt.Sprintf("no %s folder found; one named %s will be created on first use", f.use, f.names[0]), Fix: "create it in your mail program, or set " + f.key})
		default:
			out = append(out, ok(name, folder+" ("+how+")"))
		}
	}
	if !special {
		out = append(out, Check{Name: "imap SPECIAL-USE (" + a.Name + ")", Severity: Warn, Info: "not supported: folders are found by name", Fix: "set drafts_mailbox and sent_mailbox if the names differ"})
	}
	for _, mb := range a.Mailboxes {
		name := "mailbox " + mb + " (" + a.Name + ")"
		if _, err := c.Status(mb, &imap.StatusOptions{NumMessages: true}).Wait(); err != nil {
			out = append(out, fail(name, err.Error(), "check the folder name in mailboxes"))
		} else {
			out = append(out, ok(name, "exists"))
		}
	}
	return out
}

func checkSMTP(ctx context.Context, a config.Account) []Check {
	out := reach(ctx, "smtp", a.SMTP)
	if worstOf(out) == Fail {
		return out
	}
	if a.SMTP.Security == config.SecurityTLS {
		c := tlsInfo("smtp", a.SMTP)
		if out = append(out, c); c.Severity == Fail {
			return out
		}
	}
	name := fmt.Sprintf("smtp %s (%s, %s)", a.SMTP.Addr(), a.Name, a.SMTP.Security)
	if _, err := mailconn.TLSConfig(a.SMTP); err != nil {
		return append(out, fail(name, err.Error(), "fix ca_file"))
	}
	cl, err := mailconn.SMTPClient(a.SMTP, 10*time.Second)
	if err == nil {
		err = cl.DialWithContext(ctx)
	}
	if err != nil {
		info, fix := explainTLS("smtp", a.SMTP, err)
		if strings.Contains(info, "535") || strings.Contains(strings.ToLower(info), "authentication failed") {
			fix = "check the SMTP username and password (often the same app password as IMAP)"
		}
		if fix == "" {
			fix = "check host and port (465 for tls, 587 for starttls) and the credentials"
		}
		return append(out, fail(name, info, fix))
	}
	_ = cl.Close()
	login := "connected"
	if a.SMTP.Username != "" && a.SMTP.Password != "" {
		login = "connected and accepted the login"
	}
	return append(out, ok(name, login))
}

func worstOf(cs []Check) Severity {
	w := OK
	for _, c := range cs {
		w = max(w, c.Severity)
	}
	return w
}
