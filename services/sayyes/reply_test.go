package sayyes_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/pkg/replytoken"
	"github.com/sayyes/sayyes/services/sayyes/demo"
)

// syncBuffer collects logs from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// digestFor waits for the digest of invitation messageID and returns it.
func digestFor(t *testing.T, h *harness, messageID string) *mailmsg.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for {
		for _, ms := range digests(t, h.sb.Received()) {
			for _, m := range ms {
				if n := len(m.References); n > 0 && m.References[n-1] == messageID {
					return m
				}
			}
		}
		if _, err := h.sb.WaitReceived(ctx, len(h.sb.Received())+1); err != nil {
			t.Fatalf("no digest for %s: %v", messageID, err)
		}
	}
}

type replyOpts struct {
	from, subject, firstLine, text, authResults, extraHeaders string
	digest                                                    *mailmsg.Message
}

// reply builds the user's answer to a digest, quoting it as mail clients do.
func reply(o replyOpts) []byte {
	if o.from == "" {
		o.from = "Alex Sample <" + demo.User + ">"
	}
	if o.subject == "" {
		o.subject = "Re: " + o.digest.Subject
	}
	var b strings.Builder
	if o.authResults != "" {
		fmt.Fprintf(&b, "Authentication-Results: %s\r\n", o.authResults)
	}
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <reply-%d@sandbox.localhost>\r\nIn-Reply-To: <%s>\r\nReferences: <%s>\r\n%sMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
		o.from, demo.User, o.subject, time.Now().Format(time.RFC1123Z), time.Now().UnixNano(), o.digest.MessageID, o.digest.MessageID, o.extraHeaders)
	b.WriteString(o.firstLine + "\r\n")
	if o.text != "" {
		b.WriteString("\r\n" + o.text + "\r\n")
	}
	b.WriteString("\r\nOn Fri, 20 Nov 2026, Sayyes wrote:\r\n")
	for _, l := range strings.Split(o.digest.Text, "\n") {
		b.WriteString("> " + l + "\r\n")
	}
	return []byte(b.String())
}

// toRecruiter returns what the SMTP server got for addr.
func toRecruiter(got []sandbox.Received, addr string) []*mailmsg.Message {
	var out []*mailmsg.Message
	for _, r := range got {
		for _, to := range r.To {
			if strings.EqualFold(to, addr) {
				m, err := mailmsg.Parse(r.Data, mailmsg.DefaultLimits)
				if err == nil {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

const recruiter = "dana@acme.example"

// TestReplyToDigestSendsOnce: answering the digest with "accept" and a
// personal line sends exactly one threaded acceptance with that text to
// the recruiter, files it in Sent, removes the drafts and confirms in the
// digest thread; replaying the reply sends nothing more.
func TestReplyToDigestSendsOnce(t *testing.T) {
	h := newHarness(t)
	h.startAll()
	raw, invID := invitation(1)
	if err := h.sb.Deliver(raw); err != nil {
		t.Fatal(err)
	}
	d := digestFor(t, h, invID)
	if !strings.Contains(d.Text, "SY1.accept.") {
		t.Fatalf("digest carries no reply codes:\n%s", d.Text)
	}
	r := reply(replyOpts{digest: d, firstLine: "accept", text: "Thursday is perfect, see you then!"})
	if err := h.sb.Deliver(r); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the acceptance and the confirmation", func() bool {
		return len(toRecruiter(h.sb.Received(), recruiter)) >= 1 && confirmations(h) >= 1
	})
	sent := toRecruiter(h.sb.Received(), recruiter)[0]
	if !strings.Contains(sent.Text, "Thursday is perfect") || strings.Contains(sent.Text, "SY1.") {
		t.Errorf("sent text should be the user's, without codes:\n%s", sent.Text)
	}
	if len(sent.InReplyTo) != 1 || sent.InReplyTo[0] != invID || !strings.HasPrefix(sent.Subject, "Re: ") {
		t.Errorf("not threaded to the invitation: In-Reply-To %v, subject %q", sent.InReplyTo, sent.Subject)
	}
	if sent.From.Address != demo.User || sent.Header.Get("X-Sayyes-Draft-Kind") != "accept" {
		t.Errorf("From %s kind %s", sent.From.Address, sent.Header.Get("X-Sayyes-Draft-Kind"))
	}
	sentFolder, _ := h.folder("Sent")
	if len(sentFolder) != 1 || sentFolder[0].MessageID != sent.MessageID {
		t.Errorf("Sent folder holds %d messages, want the one sent", len(sentFolder))
	}
	drafts, _ := h.folder("Drafts")
	for _, m := range drafts {
		if m.Header.Get("X-Sayyes-Invitation") == d.Header.Get("X-Sayyes-Invitation") {
			t.Errorf("draft %s not removed after sending", m.Header.Get("X-Sayyes-Draft-Kind"))
		}
	}
	// The same reply again (a client resending it), and a second "accept".
	if err := h.sb.Deliver(r); err != nil {
		t.Fatal(err)
	}
	if err := h.sb.Deliver(reply(replyOpts{digest: d, firstLine: "accept"})); err != nil {
		t.Fatal(err)
	}
	// Sentinel: a second invitation's digest means both replies were seen.
	raw2, inv2 := invitation(2)
	if err := h.sb.Deliver(raw2); err != nil {
		t.Fatal(err)
	}
	digestFor(t, h, inv2)
	time.Sleep(300 * time.Millisecond) // the mailer handles replies on its own consumer
	if n := len(toRecruiter(h.sb.Received(), recruiter)); n != 1 {
		t.Fatalf("%d messages to the recruiter, want exactly 1", n)
	}
}

func confirmations(h *harness) int {
	n := 0
	for _, r := range h.sb.Received() {
		if bytes.Contains(r.Data, []byte("[Sayyes] Your ")) {
			n++
		}
	}
	return n
}

// TestForgedRepliesSendNothing: every forged or invalid way of asking is
// refused with a log line saying why, and nothing reaches the recruiter.
func TestForgedRepliesSendNothing(t *testing.T) {
	logs := &syncBuffer{}
	h := newHarnessWith(t, func(c *config.Config) { c.Accounts[0].AuthservID = "mx.sandbox.localhost" }, logs)
	h.startAll()
	rawA, invA := invitation(1)
	rawB, invB := invitation(2)
	for _, raw := range [][]byte{rawA, rawB} {
		if err := h.sb.Deliver(raw); err != nil {
			t.Fatal(err)
		}
	}
	dA, dB := digestFor(t, h, invA), digestFor(t, h, invB)
	good := "mx.sandbox.localhost; dkim=pass header.d=sandbox.localhost"
	idA := dA.Header.Get("X-Sayyes-Invitation")
	codeOf := func(d *mailmsg.Message, kind string) string {
		for _, c := range replytoken.Find(d.Text) {
			if strings.HasPrefix(c, "SY1."+kind+".") {
				return c
			}
		}
		t.Fatalf("no %s code in digest", kind)
		return ""
	}
	cases := []struct {
		name string
		mail []byte
		why  string
	}{
		{"forged From", reply(replyOpts{digest: dA, firstLine: "accept", authResults: good, from: "Mallory <mallory@evil.example>"}), "is not the account owner"},
		{"From of the recruiter", reply(replyOpts{digest: dA, firstLine: "accept", authResults: good, from: "Dana <" + recruiter + ">"}), "is not the account owner"},
		{"Authentication-Results forged by the sender", reply(replyOpts{digest: dA, firstLine: "accept", authResults: "evil.example; dkim=pass header.d=sandbox.localhost"}), "no Authentication-Results from mx.sandbox.localhost"},
		{"DKIM failing at the user's server", reply(replyOpts{digest: dA, firstLine: "accept", authResults: "mx.sandbox.localhost; dkim=fail header.d=sandbox.localhost"}), "reports neither DKIM nor DMARC passing"},
		{"CR/LF in the subject", reply(replyOpts{digest: dA, firstLine: "accept", authResults: good, subject: "=?UTF-8?Q?Re=3A_x=0D=0ABcc=3A_victim=40example=2Ecom?="}), "line breaks"},
		{"CR/LF in the From name", reply(replyOpts{digest: dA, firstLine: "accept", authResults: good, from: "=?UTF-8?Q?Alex=0D=0AX-Evil=3A_1?= <" + demo.User + ">"}), "line breaks"},
		{"kind without its code", reply(replyOpts{digest: &mailmsg.Message{MessageID: dA.MessageID, Subject: dA.Subject, Text: "code " + codeOf(dA, "accept")}, firstLine: "decline", authResults: good}), "carries no reply code for decline"},
		{"code of another invitation", reply(replyOpts{digest: &mailmsg.Message{MessageID: dA.MessageID, Subject: dA.Subject, Text: "code " + codeOf(dB, "accept")}, firstLine: "accept", authResults: good}), "carries no reply code for accept"},
		{"no command", reply(replyOpts{digest: dA, firstLine: "sounds good", authResults: good}), "first line of the reply is not"},
	}
	for _, c := range cases {
		if err := h.sb.Deliver(c.mail); err != nil {
			t.Fatal(err)
		}
	}
	// Requests that reach the mailer directly (anyone able to publish on
	// the bus): code for another kind, another invitation, expired, reused.
	secret := []byte(h.cfg.Replies.Secret)
	expired, _ := replytoken.Mint(secret, idA, "accept", time.Now().Add(-time.Minute))
	ctx := context.Background()
	direct := []struct {
		name, kind, proof, why string
	}{
		{"code for another kind", "decline", codeOf(dA, "accept"), "another invitation or reply kind"},
		{"code of another invitation", "accept", codeOf(dB, "accept"), "another invitation or reply kind"},
		{"expired code", "accept", expired, "expired"},
		{"forged code", "accept", "SY1.accept." + idA + ".9999999999.abc.def", "signature does not match"},
	}
	for i, c := range direct {
		req := event.ReplyRequested{V: 1, ID: fmt.Sprintf("direct-%d", i), Account: event.AccountToken("sandbox"), InvitationID: idA, Kind: c.kind, Via: "test", Proof: c.proof}
		if err := h.node.Bus.Publish(ctx, event.Subject(event.SubjectReplyRequested, req.Account), "req:"+req.ID, req); err != nil {
			t.Fatal(err)
		}
	}
	// The legitimate reply goes last; once it is sent, everything before
	// it has been judged.
	if err := h.sb.Deliver(reply(replyOpts{digest: dA, firstLine: "accept", authResults: good})); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the legitimate reply", func() bool { return len(toRecruiter(h.sb.Received(), recruiter)) >= 1 })
	// A reused code: the same legitimate reply, with a new Message-ID.
	if err := h.sb.Deliver(reply(replyOpts{digest: dA, firstLine: "accept", authResults: good})); err != nil {
		t.Fatal(err)
	}
	reused := event.ReplyRequested{V: 1, ID: "reuse", Account: event.AccountToken("sandbox"), InvitationID: idA, Kind: "accept", Via: "test", Proof: codeOf(dA, "accept")}
	if err := h.node.Bus.Publish(ctx, event.Subject(event.SubjectReplyRequested, reused.Account), "req:reuse", reused); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the reused code to be refused", func() bool {
		return strings.Contains(logs.String(), "already used") || strings.Contains(logs.String(), "reply already sent")
	})
	time.Sleep(300 * time.Millisecond)
	if n := len(toRecruiter(h.sb.Received(), recruiter)); n != 1 {
		t.Fatalf("%d messages reached the recruiter, want only the legitimate one", n)
	}
	out := logs.String()
	for _, c := range cases {
		if !strings.Contains(out, c.why) {
			t.Errorf("%s: no log line saying %q", c.name, c.why)
		}
	}
	for _, c := range direct {
		if !strings.Contains(out, c.why) {
			t.Errorf("%s: no log line saying %q", c.name, c.why)
		}
	}
	if strings.Contains(out, h.cfg.Replies.Secret) || strings.Contains(out, "secret-pw") {
		t.Error("a secret reached the logs")
	}
}
