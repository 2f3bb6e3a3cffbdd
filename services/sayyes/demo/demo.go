// Package demo shows Sayyes working end to end with no setup: a sandbox
// mailbox (in-process IMAP and SMTP servers) seeded with invitations and
// ordinary mail, an embedded NATS server, and the real watcher, advisor and
// mailer. It prints what was detected, the digests and where the drafts
// went, and writes each digest as .eml and .html to an output folder.
package demo

import (
	"context"
	"embed"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/draft"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/services/sayyes"
	"github.com/sayyes/sayyes/templates"
)

//go:embed mail/*.eml
var seedMail embed.FS

//go:embed compare/*.eml
var compareMail embed.FS

// User is the sandbox mailbox owner.
const User = "alex@sandbox.localhost"

// Options for a demo run.
type Options struct {
	Out     io.Writer
	OutDir  string // where digests are written
	DataDir string // NATS storage; a temp dir when empty
	Log     *slog.Logger
	Timeout time.Duration
	// Profile names the persona (see Personas) the live run advises:
	// searching (the default), employed, signed or avoiding.
	Profile string
}

// SeedStart is the time the demo's calendar invitation proposes: three
// days after now, at 15:00 UTC.
func SeedStart(now time.Time) time.Time {
	start := now.Add(72 * time.Hour).Truncate(time.Hour).UTC()
	return time.Date(start.Year(), start.Month(), start.Day(), 15, 0, 0, 0, time.UTC)
}

// Seed returns the demo's sample mails with their placeholders filled, as
// of now. Names starting with a digit order them; "live" ones arrive after
// the services start.
func Seed(now time.Time, user string) (map[string][]byte, error) {
	return fill(seedMail, "mail", now, user)
}

// CompareMails are the mails the four-persona comparison advises on: the
// seed mails plus a reminder for an interview already arranged for
// tomorrow and an invitation in German.
func CompareMails(now time.Time, user string) (map[string][]byte, error) {
	out, err := Seed(now, user)
	if err != nil {
		return nil, err
	}
	more, err := fill(compareMail, "compare", now, user)
	if err != nil {
		return nil, err
	}
	for k, v := range more {
		out[k] = v
	}
	return out, nil
}

func fill(fsys embed.FS, dir string, now time.Time, user string) (map[string][]byte, error) {
	entries, err := fsys.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	start := SeedStart(now)
	soon := now.Add(20 * time.Hour).Truncate(time.Hour).UTC()
	de := start.Add(18 * time.Hour) // the next day, 09:00 UTC
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ical := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	r := strings.NewReplacer(
		"{{USER}}", user,
		"{{DATE}}", now.Add(-time.Hour).Format(time.RFC1123Z),
		"{{DTSTAMP}}", ical(now),
		"{{DTSTART}}", ical(start),
		"{{DTEND}}", ical(start.Add(45*time.Minute)),
		"{{HUMAN}}", start.Format("Monday 2 January at 15:04 UTC"),
		"{{DTSTART_SOON}}", ical(soon),
		"{{DTEND_SOON}}", ical(soon.Add(time.Hour)),
		"{{HUMAN_SOON}}", soon.Format("Monday 2 January at 15:04 UTC"),
		"{{DTSTART_DE}}", ical(de),
		"{{DTEND_DE}}", ical(de.Add(45*time.Minute)),
		"{{HUMAN_DE}}", de.In(berlin).Format("02.01.2006 um 15:04 Uhr"),
	)
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := fsys.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		s := r.Replace(string(b))
		// RFC 5322 wants CRLF line endings.
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
		out[e.Name()] = []byte(s)
	}
	return out, nil
}

// Config returns a configuration for the sandbox with an employed user
// who avoids Initech (what the tests run with).
func Config(sb *sandbox.Sandbox, dataDir string) *config.Config {
	return ConfigFor(sb, dataDir, config.Profile{Name: "Alex Sample", Employment: "employed", AvoidCompanies: []string{"Initech"}, Timezone: "Europe/Berlin"})
}

// ConfigFor returns the configuration the demo runs with, for profile p.
func ConfigFor(sb *sandbox.Sandbox, dataDir string, p config.Profile) *config.Config {
	host, port := splitAddr(sb.IMAPAddr)
	shost, sport := splitAddr(sb.SMTPAddr)
	cfg := &config.Config{
		DataDir: dataDir,
		Profile: p,
		Accounts: []config.Account{{
			Name: "sandbox", Address: sb.User, DigestTo: sb.User,
			IMAP: config.Server{Host: host, Port: port, Security: config.SecurityNone, Username: sb.User, Password: sb.Password},
			SMTP: config.Server{Host: shost, Port: sport, Security: config.SecurityNone},
		}},
	}
	cfg.Defaults()
	cfg.Accounts[0].Keepalive = config.Duration(10 * time.Second)
	return cfg
}

// Run runs the demo.
func Run(ctx context.Context, o Options) error {
	if o.Timeout == 0 {
		o.Timeout = 45 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	if o.DataDir == "" {
		dir, err := os.MkdirTemp("", "sayyes-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.DataDir = dir
	}
	if o.Profile == "" {
		o.Profile = "searching"
	}
	now := time.Now()
	profile, err := PersonaProfile(o.Profile, SeedStart(now))
	if err != nil {
		return err
	}
	sb, err := sandbox.Start(User, "demo-password", o.Log)
	if err != nil {
		return err
	}
	defer sb.Close()
	mails, err := Seed(now, User)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(mails))
	for n := range mails {
		names = append(names, n)
	}
	sort.Strings(names)
	// Three mails are already in the mailbox (the look-back finds them),
	// the rest arrive while the watcher is in IDLE.
	for _, n := range names[:3] {
		if err := sb.Deliver(mails[n]); err != nil {
			return err
		}
	}
	fmt.Fprintf(o.Out, "Sandbox mailbox %s: IMAP %s, SMTP %s; profile %q\n", User, sb.IMAPAddr, sb.SMTPAddr, o.Profile)
	fmt.Fprintf(o.Out, "Seeded %d mails already in INBOX; %d more will arrive live.\n\n", 3, len(names)-3)

	cfg := ConfigFor(sb, o.DataDir, profile)
	set, err := templates.Load("")
	if err != nil {
		return err
	}
	node, err := app.Connect(ctx, cfg, "sayyes-demo", o.Log, true)
	if err != nil {
		return err
	}
	defer node.Close()
	svcCtx, stopSvc := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- sayyes.RunServices(svcCtx, node, set, cfg, o.Log) }()

	time.Sleep(500 * time.Millisecond)
	for _, n := range names[3:] {
		if err := sb.Deliver(mails[n]); err != nil {
			stopSvc()
			return err
		}
	}
	// Three of the five mails are invitations.
	const wantDigests = 3
	got, err := sb.WaitReceived(ctx, wantDigests)
	stopSvc()
	if serr := <-done; serr != nil && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := report(o, sb, got); err != nil {
		return err
	}
	all, err := CompareMails(now, User)
	if err != nil {
		return err
	}
	return Compare(ctx, o.Out, o.OutDir, set, all, "01-invite-ics.eml", SeedStart(now), now)
}

func report(o Options, sb *sandbox.Sandbox, got []sandbox.Received) error {
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return err
	}
	for i, r := range got {
		msg, err := mailmsg.Parse(r.Data, mailmsg.DefaultLimits)
		if err != nil {
			return fmt.Errorf("demo: reading digest: %w", err)
		}
		base := filepath.Join(o.OutDir, fmt.Sprintf("digest-%d", i+1))
		if err := os.WriteFile(base+".eml", r.Data, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(base+".html", []byte(msg.HTML), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(o.Out, "==================== Digest %d of %d ====================\n", i+1, len(got))
		fmt.Fprintf(o.Out, "Subject: %s\nTo: %s\n%s: %s\n%s: %s\n\n%s\n", msg.Subject, strings.Join(r.To, ", "),
			draft.HeaderRecommendation, msg.Header.Get(draft.HeaderRecommendation),
			draft.HeaderInvitation, msg.Header.Get(draft.HeaderInvitation), msg.Text)
		fmt.Fprintf(o.Out, "(saved as %s.eml and %s.html)\n\n", base, base)
	}
	return listDrafts(o, sb)
}

// listDrafts reads the Drafts folder back over IMAP, as a mail client would.
func listDrafts(o Options, sb *sandbox.Sandbox) error {
	host, port := splitAddr(sb.IMAPAddr)
	c, err := mailconn.DialIMAP(context.Background(), config.Server{Host: host, Port: port, Security: config.SecurityNone, Username: sb.User, Password: sb.Password}, 10*time.Second, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.Select("Drafts", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return err
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Flags: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return err
	}
	fmt.Fprintf(o.Out, "==================== Drafts folder: %d reply drafts ====================\n", len(msgs))
	for _, m := range msgs {
		pm, err := mailmsg.Parse(m.FindBodySection(section), mailmsg.DefaultLimits)
		if err != nil {
			continue
		}
		to := ""
		if len(pm.To) > 0 {
			to = pm.To[0].Address
		}
		fmt.Fprintf(o.Out, "[%-10s] %-60s to %s, In-Reply-To <%s>\n", pm.Header.Get(draft.HeaderDraftKind), pm.Subject, to, strings.Join(pm.InReplyTo, " "))
	}
	if len(msgs) > 0 {
		pm, err := mailmsg.Parse(msgs[0].FindBodySection(section), mailmsg.DefaultLimits)
		if err == nil {
			fmt.Fprintf(o.Out, "\nFirst draft, as it sits in Drafts:\n---\n%s---\n", pm.Text)
		}
	}
	return nil
}

func splitAddr(addr string) (string, int) {
	i := strings.LastIndexByte(addr, ':')
	var port int
	fmt.Sscanf(addr[i+1:], "%d", &port)
	return addr[:i], port
}
