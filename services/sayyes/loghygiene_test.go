package sayyes_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestLogsHoldNoSecretsOrBodies runs the whole pipeline, replies included,
// with logs captured, and greps them: the IMAP password, the reply secret,
// the reply codes and the mail's body text must never appear.
func TestLogsHoldNoSecretsOrBodies(t *testing.T) {
	logs := &syncBuffer{}
	h := newHarnessWith(t, nil, logs)
	h.startAll()
	raw, invID := invitation(7)
	if err := h.sb.Deliver(raw); err != nil {
		t.Fatal(err)
	}
	d := digestFor(t, h, invID)
	if err := h.sb.Deliver(reply(replyOpts{digest: d, firstLine: "accept", text: "Looking forward to our conversation"})); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for len(toRecruiter(h.sb.Received(), recruiter)) == 0 {
		if ctx.Err() != nil {
			t.Fatal("the reply was not sent")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The mailer logs a send after the server has taken the message: the
	// recruiter can hold the reply a moment before the line is written.
	out := logs.String()
	for !strings.Contains(out, "digest sent") || !strings.Contains(out, "reply sent to the recruiter") {
		if ctx.Err() != nil {
			t.Fatalf("the logs did not capture the run:\n%s", out)
		}
		time.Sleep(20 * time.Millisecond)
		out = logs.String()
	}
	for _, secret := range []string{
		"secret-pw",              // IMAP password
		h.cfg.Replies.Secret,     // reply secret
		"SY1.",                   // reply codes
		"Thanks for applying",    // invitation body
		"meet.google.com/abc",    // link from the body
		"Looking forward to our", // the user's reply text
	} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}
