package sayyes_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/services/advisor"
	"github.com/sayyes/sayyes/services/mailer"
	"github.com/sayyes/sayyes/services/sayyes/demo"
	"github.com/sayyes/sayyes/services/watcher"
	"github.com/sayyes/sayyes/templates"
)

// harness runs the three services on an embedded NATS server against a
// sandbox mailbox, each service startable and stoppable on its own so tests
// can restart one mid-run.
type harness struct {
	t    testing.TB
	sb   *sandbox.Sandbox
	node *app.Node
	set  *templates.Set
	cfg  *config.Config
	log  *slog.Logger

	mu      sync.Mutex
	running map[string]func()
}

func newHarness(t testing.TB) *harness { return newHarnessWith(t, nil, nil) }

// newHarnessWith lets a test adjust the config and capture the logs.
func newHarnessWith(t testing.TB, tune func(*config.Config), logs io.Writer) *harness {
	t.Helper()
	var w io.Writer = os.Stderr
	level := slog.LevelWarn
	if testing.Verbose() {
		level = slog.LevelInfo
	}
	if logs != nil {
		w, level = io.MultiWriter(logs, os.Stderr), slog.LevelDebug
		if !testing.Verbose() {
			w = logs
		}
	}
	log := slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
	sb, err := sandbox.Start(demo.User, "secret-pw", log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	cfg := demo.Config(sb, t.TempDir())
	cfg.Replies.Secret = "test-secret-0123456789abcdef"
	if tune != nil {
		tune(cfg)
	}
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	node, err := app.Connect(context.Background(), cfg, "test", log, true)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, sb: sb, node: node, set: set, cfg: cfg, log: log, running: map[string]func(){}}
	t.Cleanup(func() {
		for _, name := range []string{"watcher", "advisor", "mailer"} {
			h.stop(name)
		}
		node.Close()
	})
	return h
}

// start runs one service; stop cancels it and waits until it returned.
func (h *harness) start(name string) {
	var run func(context.Context) error
	switch name {
	case "watcher":
		w := watcher.New(h.node.Bus, h.cfg.Accounts, h.log.With("service", name))
		w.DigestReplies = h.cfg.Replies.DigestReplyEnabled()
		run = w.Run
	case "advisor":
		run = advisor.New(h.node.Bus, h.set, h.cfg.Profile, h.log.With("service", name)).Run
	case "mailer":
		m := mailer.New(h.node.Bus, h.set, h.cfg.Accounts, h.cfg.Profile, h.log.With("service", name))
		m.EnableReplies([]byte(h.cfg.Replies.Secret), h.cfg.Replies.CodeTTL.D(), h.cfg.Replies.DigestReplyEnabled())
		run = m.Run
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := run(ctx); err != nil {
			h.t.Errorf("%s: %v", name, err)
		}
	}()
	h.mu.Lock()
	h.running[name] = func() { cancel(); <-done }
	h.mu.Unlock()
}

func (h *harness) stop(name string) {
	h.mu.Lock()
	stop := h.running[name]
	delete(h.running, name)
	h.mu.Unlock()
	if stop != nil {
		stop()
	}
}

func (h *harness) startAll() {
	for _, s := range []string{"advisor", "mailer", "watcher"} {
		h.start(s)
	}
}

// invitation returns a distinct interview invitation.
func invitation(i int) (raw []byte, messageID string) {
	messageID = fmt.Sprintf("inv-%d-%d@acme.example", i, time.Now().UnixNano())
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	s := fmt.Sprintf("From: Dana Whitfield <dana@acme.example>\r\n"+
		"To: %s\r\n"+
		"Subject: Interview invitation %d: Site Reliability Engineer at Acme\r\n"+
		"Date: %s\r\n"+
		"Message-ID: <%s>\r\n"+
		"MIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Hi Alex,\r\n\r\nThanks for applying for the Site Reliability Engineer position. We would like to invite you to a video interview "+
		"on %s. Here is the link: https://meet.google.com/abc-defg-hij\r\n\r\nPlease let us know your availability if that does not work.\r\n\r\nDana\r\nAcme Talent Team\r\n",
		demo.User, i, time.Now().Format(time.RFC1123Z), messageID, start.Format("Monday 2 January at 15:04 MST"))
	return []byte(s), messageID
}

// nonInvitation returns ordinary job-related mail that must not produce a digest.
func nonInvitation(i int) (raw []byte, messageID string) {
	messageID = fmt.Sprintf("reject-%d-%d@acme.example", i, time.Now().UnixNano())
	s := fmt.Sprintf("From: Acme Careers <careers@acme.example>\r\nTo: %s\r\nSubject: Your application\r\nDate: %s\r\nMessage-ID: <%s>\r\n\r\n"+
		"Thank you for your interview last week. Unfortunately we have decided to move forward with other candidates.\r\n",
		demo.User, time.Now().Format(time.RFC1123Z), messageID)
	return []byte(s), messageID
}

// digests indexes received digests by the invitation Message-ID in their
// References header (its last entry).
func digests(t testing.TB, got []sandbox.Received) map[string][]*mailmsg.Message {
	t.Helper()
	out := map[string][]*mailmsg.Message{}
	for _, r := range got {
		m, err := mailmsg.Parse(r.Data, mailmsg.DefaultLimits)
		if err != nil {
			t.Fatalf("digest does not parse: %v", err)
		}
		if m.Header.Get("X-Sayyes-Invitation") == "" {
			continue
		}
		if n := len(m.References); n > 0 {
			out[m.References[n-1]] = append(out[m.References[n-1]], m)
		}
	}
	return out
}

// folder reads every message of a sandbox folder with its flags.
func (h *harness) folder(name string) ([]*mailmsg.Message, [][]imap.Flag) {
	h.t.Helper()
	a := h.cfg.Accounts[0]
	c, err := mailconn.DialIMAP(context.Background(), a.IMAP, 10*time.Second, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	defer c.Close()
	sel, err := c.Select(name, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		h.t.Fatal(err)
	}
	if sel.NumMessages == 0 {
		return nil, nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Flags: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		h.t.Fatal(err)
	}
	var out []*mailmsg.Message
	var flags [][]imap.Flag
	for _, m := range msgs {
		pm, err := mailmsg.Parse(m.FindBodySection(section), mailmsg.DefaultLimits)
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, pm)
		flags = append(flags, m.Flags)
	}
	return out, flags
}

func hasFlag(flags []imap.Flag, f imap.Flag) bool {
	for _, x := range flags {
		if strings.EqualFold(string(x), string(f)) {
			return true
		}
	}
	return false
}
