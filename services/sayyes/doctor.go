package sayyes

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/nats-io/nats.go"
	"github.com/wneessen/go-mail"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/pkg/natsembed"
)

// Check is one line of the doctor's report.
type Check struct {
	Name string
	OK   bool
	Info string // what was found, or what is wrong
	Fix  string
}

// Doctor checks the configured mailboxes, SMTP servers, NATS and the data
// dir, and writes one line per check. It returns the number of failures.
func Doctor(ctx context.Context, cfg *config.Config, w io.Writer) int {
	var checks []Check
	checks = append(checks, checkDataDir(cfg))
	checks = append(checks, checkNATS(cfg))
	for _, a := range cfg.Accounts {
		checks = append(checks, checkIMAP(ctx, a)...)
		checks = append(checks, checkSMTP(ctx, a))
	}
	failed := 0
	for _, c := range checks {
		status := "ok  "
		if !c.OK {
			status = "FAIL"
			failed++
		}
		fmt.Fprintf(w, "[%s] %s: %s\n", status, c.Name, c.Info)
		if !c.OK && c.Fix != "" {
			fmt.Fprintf(w, "       fix: %s\n", c.Fix)
		}
	}
	return failed
}

func checkDataDir(cfg *config.Config) Check {
	c := Check{Name: "data dir " + cfg.DataDir}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		c.Info, c.Fix = err.Error(), "choose a data_dir this user can create and write"
		return c
	}
	f, err := os.CreateTemp(cfg.DataDir, ".doctor-")
	if err != nil {
		c.Info, c.Fix = "not writable: "+err.Error(), "fix the permissions of data_dir or choose another"
		return c
	}
	f.Close()
	os.Remove(f.Name())
	abs, _ := filepath.Abs(cfg.DataDir)
	c.OK, c.Info = true, "writable ("+abs+")"
	return c
}

func checkNATS(cfg *config.Config) Check {
	if cfg.NATS.URL == "" {
		return Check{Name: "nats", OK: true, Info: "embedded server (sayyes run starts it in data_dir)"}
	}
	c := Check{Name: "nats " + cfg.NATS.URL}
	nc, err := natsembed.Connect(cfg.NATS.URL, "sayyes-doctor", nil, natsNoRetry()...)
	if err != nil {
		c.Info, c.Fix = err.Error(), "start the NATS server or correct nats.url"
		return c
	}
	defer nc.Close()
	if _, err := nc.Request("$JS.API.INFO", nil, 3*time.Second); err != nil {
		c.Info, c.Fix = "connected, but JetStream does not answer: "+err.Error(), "enable JetStream on the server (jetstream { store_dir: ... })"
		return c
	}
	c.OK, c.Info = true, "connected, JetStream available"
	return c
}

func checkIMAP(ctx context.Context, a config.Account) []Check {
	name := fmt.Sprintf("imap %s (%s, %s)", a.IMAP.Addr(), a.Name, a.IMAP.Security)
	c, err := mailconn.DialIMAP(ctx, a.IMAP, 10*time.Second, nil)
	if err != nil {
		return []Check{{Name: name, Info: err.Error(), Fix: imapFix(a.IMAP)}}
	}
	defer c.Close()
	defer c.Guard(10 * time.Second)()
	out := []Check{{Name: name, OK: true, Info: "logged in as " + a.IMAP.Username}}
	idle := Check{Name: "imap IDLE (" + a.Name + ")", OK: true, Info: "supported: new mail is noticed at once"}
	if !c.Caps().Has(imap.CapIdle) {
		idle.Info = fmt.Sprintf("not supported: the watcher will poll every %s", a.PollInterval.D())
	}
	out = append(out, idle)
	drafts := Check{Name: "drafts folder (" + a.Name + ")"}
	if a.DraftsMailbox != "" {
		if _, err := c.Status(a.DraftsMailbox, &imap.StatusOptions{NumMessages: true}).Wait(); err != nil {
			drafts.Info, drafts.Fix = fmt.Sprintf("%q: %v", a.DraftsMailbox, err), "set drafts_mailbox to an existing folder, or remove it to use the \\Drafts folder"
		} else {
			drafts.OK, drafts.Info = true, a.DraftsMailbox
		}
	} else if name, how, err := c.LookupFolder(imap.MailboxAttrDrafts, mailconn.DraftsNames...); err != nil {
		drafts.Info = err.Error()
	} else if name == "" {
		drafts.Info, drafts.Fix = "no \\Drafts folder; one named Drafts will be created on first use", "create a Drafts folder or set drafts_mailbox"
	} else {
		drafts.OK, drafts.Info = true, name+" ("+how+")"
	}
	out = append(out, drafts)
	for _, mb := range a.Mailboxes {
		chk := Check{Name: "mailbox " + mb + " (" + a.Name + ")"}
		if _, err := c.Status(mb, &imap.StatusOptions{NumMessages: true}).Wait(); err != nil {
			chk.Info, chk.Fix = err.Error(), "check the folder name in mailboxes"
		} else {
			chk.OK, chk.Info = true, "exists"
		}
		out = append(out, chk)
	}
	return out
}

func imapFix(s config.Server) string {
	switch s.Security {
	case config.SecurityTLS:
		return "check host and port (993 is usual for tls), the username and password, and that the server speaks TLS on this port (for port 143 use security: starttls)"
	case config.SecurityStartTLS:
		return "check host and port (143 is usual for starttls) and the credentials; if the port speaks TLS directly (993), use security: tls"
	}
	return "check host, port and credentials"
}

func checkSMTP(ctx context.Context, a config.Account) Check {
	c := Check{Name: fmt.Sprintf("smtp %s (%s, %s)", a.SMTP.Addr(), a.Name, a.SMTP.Security)}
	tc, err := mailconn.TLSConfig(a.SMTP)
	if err != nil {
		c.Info, c.Fix = err.Error(), "fix ca_file"
		return c
	}
	opts := []mail.Option{mail.WithPort(a.SMTP.Port), mail.WithTimeout(10 * time.Second), mail.WithTLSConfig(tc)}
	switch a.SMTP.Security {
	case config.SecurityTLS:
		opts = append(opts, mail.WithSSL())
	case config.SecurityStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if a.SMTP.Username != "" && a.SMTP.Password != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(a.SMTP.Username), mail.WithPassword(a.SMTP.Password))
	}
	cl, err := mail.NewClient(a.SMTP.Host, opts...)
	if err == nil {
		err = cl.DialWithContext(ctx)
	}
	if err != nil {
		c.Info, c.Fix = err.Error(), "check host and port (465 for tls, 587 for starttls) and the credentials"
		return c
	}
	_ = cl.Close()
	c.OK, c.Info = true, "connected and accepted the login"
	return c
}

func natsNoRetry() []nats.Option {
	return []nats.Option{nats.RetryOnFailedConnect(false), nats.Timeout(3 * time.Second), nats.MaxReconnects(0)}
}
