package sayyes_test

// End-to-end against the real mail stack: Dovecot (IMAP, IMAPS) and Postfix
// (SMTP, submission with STARTTLS + AUTH) from Debian packages, started by
// internal/mailstack on 127.0.0.1 in a private directory. The recruiter's
// invitation travels SMTP → Postfix → LMTP → Dovecot INBOX; the watcher
// notices it over IMAPS (certificate verified against the stack's CA); the
// digest goes out through submission and lands back in the user's INBOX;
// the drafts are APPENDed to Dovecot's \Drafts folder.
//
// Skips locally when Dovecot/Postfix are not installed; fails in CI (env CI).

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/smtp"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/sayyes/sayyes/internal/mailstack"
	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/services/sayyes"
	"github.com/sayyes/sayyes/templates"
)

type realStack struct {
	st  *mailstack.Stack
	cfg *config.Config
}

func startRealStack(t testing.TB) *realStack {
	t.Helper()
	st := mailstack.Require(t, mailstack.Options{Users: []mailstack.User{
		{Name: "alex", Password: "alex-pw"}, {Name: "recruiter", Password: "rec-pw", Domain: "recruiting.test"},
	}})
	hostport := func(a string) (string, int) {
		h, p, _ := net.SplitHostPort(a)
		n, _ := strconv.Atoi(p)
		return h, n
	}
	ih, ip := hostport(st.IMAPSAddr)
	sh, sp := hostport(st.SubmissionAddr)
	user := st.Address("alex")
	cfg := &config.Config{
		DataDir: t.TempDir(),
		Profile: config.Profile{Name: "Alex Sample", Employment: "searching", Timezone: "Europe/Berlin"},
		Accounts: []config.Account{{
			Name: "alex", Address: user,
			IMAP: config.Server{Host: ih, Port: ip, Security: config.SecurityTLS, Username: user, Password: "alex-pw", CAFile: st.CAFile},
			SMTP: config.Server{Host: sh, Port: sp, Security: config.SecurityStartTLS, Username: user, Password: "alex-pw", CAFile: st.CAFile},
		}},
	}
	cfg.Defaults()
	if probs := cfg.Validate(); len(probs) > 0 {
		t.Fatalf("config: %v", probs)
	}
	return &realStack{st: st, cfg: cfg}
}

// runAll starts the all-in-one service set and returns its stop function.
func (r *realStack) runAll(t testing.TB) func() {
	t.Helper()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	node, err := app.Connect(context.Background(), r.cfg, "e2e", log, true)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sayyes.RunServices(ctx, node, set, r.cfg, log) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("services: %v", err)
		}
		node.Close()
	}
	t.Cleanup(stop)
	return stop
}

// sendInvitation submits an invitation from the recruiter to alex over
// plain SMTP on the MX port (as mail from outside arrives).
func (r *realStack) sendInvitation(t testing.TB, i int) string {
	t.Helper()
	id := fmt.Sprintf("e2e-%d-%d@sayyes.test", i, time.Now().UnixNano())
	body := fmt.Sprintf("From: Robin Recruiter <%s>\r\nTo: %s\r\nSubject: Interview invitation %d: Backend Engineer at Umbrella\r\n"+
		"Date: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Hello Alex,\r\n\r\nThank you for applying for the Backend Engineer position. We would like to invite you to a video interview "+
		"with our team. When are you available next week? Join link: https://zoom.us/j/1234567890\r\n\r\nRobin\r\nUmbrella Recruiting\r\n",
		r.st.Address("recruiter"), r.st.Address("alex"), i, time.Now().Format(time.RFC1123Z), id)
	c, err := smtp.Dial(r.st.SMTPAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, step := range []func() error{
		func() error { return c.Mail(r.st.Address("recruiter")) },
		func() error { return c.Rcpt(r.st.Address("alex")) },
		func() error {
			w, err := c.Data()
			if err != nil {
				return err
			}
			if _, err := w.Write([]byte(body)); err != nil {
				return err
			}
			return w.Close()
		},
		c.Quit,
	} {
		if err := step(); err != nil {
			t.Fatalf("sending the invitation: %v\n%s", err, r.st.MaillogTail(20))
		}
	}
	return id
}

type stored struct {
	msg   *mailmsg.Message
	flags []imap.Flag
}

// folder reads every message of alex's folder over IMAPS.
func (r *realStack) folder(t testing.TB, name string) []stored {
	t.Helper()
	c, err := mailconn.DialIMAP(context.Background(), r.cfg.Accounts[0].IMAP, 10*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sel, err := c.Select(name, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if sel.NumMessages == 0 {
		return nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Flags: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out []stored
	for _, m := range msgs {
		pm, err := mailmsg.Parse(m.FindBodySection(section), mailmsg.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, stored{pm, m.Flags})
	}
	return out
}

// waitDigests polls alex's INBOX until n digests are there.
func (r *realStack) waitDigests(t testing.TB, n int, within time.Duration) map[string][]*mailmsg.Message {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		by := map[string][]*mailmsg.Message{}
		count := 0
		for _, s := range r.folder(t, "INBOX") {
			if s.msg.Header.Get("X-Sayyes-Invitation") != "" && len(s.msg.References) > 0 {
				ref := s.msg.References[len(s.msg.References)-1]
				by[ref] = append(by[ref], s.msg)
				count++
			}
		}
		if count >= n {
			return by
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d digests in INBOX after %v\n%s", count, n, within, r.st.MaillogTail(30))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestEndToEndDovecotPostfix(t *testing.T) {
	r := startRealStack(t)
	r.runAll(t)
	id := r.sendInvitation(t, 1)
	by := r.waitDigests(t, 1, 30*time.Second)
	if len(by[id]) != 1 {
		t.Fatalf("digests for the invitation: %d, want 1", len(by[id]))
	}
	d := by[id][0]
	if d.Header.Get("X-Sayyes-Recommendation") != "accept" || !strings.Contains(d.Text, "Umbrella") {
		t.Errorf("digest content: recommendation %q, text mentions Umbrella: %v", d.Header.Get("X-Sayyes-Recommendation"), strings.Contains(d.Text, "Umbrella"))
	}
	invID := d.Header.Get("X-Sayyes-Invitation")

	kinds := map[string]int{}
	for _, s := range r.folder(t, "Drafts") {
		if s.msg.Header.Get("X-Sayyes-Invitation") != invID {
			continue
		}
		kinds[s.msg.Header.Get("X-Sayyes-Draft-Kind")]++
		if !slices.Contains(s.msg.InReplyTo, id) || !strings.HasPrefix(s.msg.Subject, "Re: ") || s.msg.To[0].Address != r.st.Address("recruiter") {
			t.Errorf("draft not threaded/addressed: in-reply-to %v, subject %q, to %v", s.msg.InReplyTo, s.msg.Subject, s.msg.To)
		}
		if !hasFlag(s.flags, imap.FlagDraft) {
			t.Errorf("draft lacks \\Draft: %v", s.flags)
		}
	}
	if kinds["accept"] != 1 || kinds["decline"] != 1 {
		t.Errorf("drafts by kind: %v, want one accept and one decline", kinds)
	}
	for _, s := range r.folder(t, "INBOX") {
		if s.msg.MessageID == id && hasFlag(s.flags, imap.FlagSeen) {
			t.Error("the invitation was marked read")
		}
	}
}

// BenchmarkEndToEndLatencyDovecot: SMTP DATA accepted by Postfix for the
// invitation → the digest visible in the user's Dovecot INBOX. Includes two
// Postfix→LMTP deliveries and Dovecot's IDLE notification delay (~0.5 s).
//
//	go test -run '^$' -bench EndToEndLatencyDovecot -benchtime=100x ./services/sayyes/
func BenchmarkEndToEndLatencyDovecot(b *testing.B) {
	r := startRealStack(b)
	r.runAll(b)
	r.sendInvitation(b, -1)
	r.waitDigests(b, 1, 30*time.Second)
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		r.sendInvitation(b, i)
		r.waitDigestsFast(b, i+2, 30*time.Second)
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// waitDigestsFast counts digests by header search instead of fetching all.
func (r *realStack) waitDigestsFast(t testing.TB, n int, within time.Duration) {
	t.Helper()
	c, err := mailconn.DialIMAP(context.Background(), r.cfg.Accounts[0].IMAP, 10*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	deadline := time.Now().Add(within)
	for {
		if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			t.Fatal(err)
		}
		res, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "X-Sayyes-Invitation", Value: ""}}}, nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		if len(res.AllUIDs()) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d digests after %v", len(res.AllUIDs()), n, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// folderOf reads a folder of any stack user over IMAPS.
func (r *realStack) folderOf(t testing.TB, user, password, name string) []stored {
	t.Helper()
	srv := r.cfg.Accounts[0].IMAP
	srv.Username, srv.Password = r.st.Address(user), password
	saved := r.cfg.Accounts[0].IMAP
	r.cfg.Accounts[0].IMAP = srv
	defer func() { r.cfg.Accounts[0].IMAP = saved }()
	return r.folder(t, name)
}

// sendAs submits raw from one stack user to another over the MX port.
func (r *realStack) sendAs(t testing.TB, from, to string, raw []byte) {
	t.Helper()
	c, err := smtp.Dial(r.st.SMTPAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail(from); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt(to); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_ = c.Quit()
}

// TestReplyToDigestDovecotPostfix: the user answers the digest with
// "accept" from their mail program; the recruiter's mailbox receives
// exactly one acceptance threaded to the invitation and the user's Sent
// folder holds a copy. A forged reply and a replayed one send nothing.
func TestReplyToDigestDovecotPostfix(t *testing.T) {
	r := startRealStack(t)
	r.cfg.Replies.Secret = "e2e-secret-0123456789abcdef"
	r.runAll(t)
	invID := r.sendInvitation(t, 1)
	by := r.waitDigests(t, 1, 30*time.Second)
	d := by[invID][0]
	user := r.st.Address("alex")
	build := func(from, firstLine string) []byte {
		var b strings.Builder
		fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: Re: %s\r\nDate: %s\r\nMessage-ID: <r-%d@sayyes.test>\r\nIn-Reply-To: <%s>\r\nReferences: <%s>\r\n\r\n%s\r\n\r\nOn Friday, Sayyes wrote:\r\n",
			from, user, d.Subject, time.Now().Format(time.RFC1123Z), time.Now().UnixNano(), d.MessageID, d.MessageID, firstLine)
		for _, l := range strings.Split(d.Text, "\n") {
			b.WriteString("> " + l + "\r\n")
		}
		return []byte(b.String())
	}
	// Forged: the recruiter pretending to be the user.
	r.sendAs(t, r.st.Address("recruiter"), user, build("Robin <"+r.st.Address("recruiter")+">", "accept"))
	// Legitimate, then replayed.
	r.sendAs(t, user, user, build("Alex Sample <"+user+">", "accept"))
	r.sendAs(t, user, user, build("Alex Sample <"+user+">", "accept"))

	var got []stored
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		got = nil
		for _, s := range r.folderOf(t, "recruiter", "rec-pw", "INBOX") {
			if s.msg.Header.Get("X-Sayyes-Draft-Kind") == "accept" {
				got = append(got, s)
			}
		}
		if len(got) > 0 && len(r.folder(t, "Sent")) > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(got) != 1 {
		t.Fatalf("the recruiter received %d acceptances, want 1\n%s", len(got), r.st.MaillogTail(30))
	}
	acc := got[0].msg
	if len(acc.InReplyTo) != 1 || acc.InReplyTo[0] != invID || acc.From.Address != user {
		t.Errorf("acceptance not threaded or not from the user: In-Reply-To %v From %s", acc.InReplyTo, acc.From.Address)
	}
	sent := r.folder(t, "Sent")
	if len(sent) != 1 || sent[0].msg.MessageID != acc.MessageID {
		t.Errorf("Sent holds %d messages; want the acceptance", len(sent))
	}
	// Give the replay time to be judged, then count again.
	time.Sleep(2 * time.Second)
	n := 0
	for _, s := range r.folderOf(t, "recruiter", "rec-pw", "INBOX") {
		if s.msg.Header.Get("X-Sayyes-Draft-Kind") != "" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("after the replay the recruiter holds %d replies, want 1", n)
	}
}
