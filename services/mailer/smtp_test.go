package mailer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/event"
)

func advised(id string) event.InvitationAdvised {
	return event.InvitationAdvised{V: 1, ID: id, Account: "me", Recommendation: event.RecommendAccept, AdvisedAt: time.Now(),
		Reasons: []string{"Say yes."},
		Invitation: event.InvitationDetected{V: 1, ID: id, Account: "me", DetectedAt: time.Now(),
			Message:   event.Message{MessageID: id + "@acme.example", Subject: "Interview", From: event.Address{Address: "dana@acme.example"}},
			Detection: event.Detection{IsInvitation: true, Company: "Acme"}},
	}
}

// runMailer runs the mailer's consumers until the test ends.
func runMailer(t *testing.T, e *env) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = e.m.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// A 4xx reply is temporary: the digest is retried after a jittered delay
// and arrives once.
func TestDigest4xxRetried(t *testing.T) {
	e := newEnv(t)
	e.sb.RejectNext(2, 451, "Greylisted, try again later")
	runMailer(t, e)
	start := time.Now()
	if err := e.bus.Publish(context.Background(), event.Subject(event.SubjectAdvised, "me"), "adv:t4", advised("t4")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	got, err := e.sb.WaitReceived(ctx, 1)
	if err != nil {
		t.Fatalf("digest never arrived after the 4xx: %v (attempts %d)", err, e.sb.Attempts())
	}
	if len(got) != 1 || e.sb.Attempts() != 3 {
		t.Fatalf("received %d, attempts %d; want 1 digest after 3 attempts", len(got), e.sb.Attempts())
	}
	// Two retries with base 2 s: at least 1 s + 2 s of jittered delay.
	if waited := time.Since(start); waited < 2*time.Second {
		t.Errorf("retried after %v: no backoff between attempts", waited)
	}
	t.Logf("delivered after %d attempts in %v", e.sb.Attempts(), time.Since(start).Round(time.Millisecond))
}

// A 5xx reply is permanent: dead-lettered with the server's text at once,
// never retried.
func TestDigest5xxDeadLettered(t *testing.T) {
	e := newEnv(t)
	e.sb.RejectNext(5, 550, "5.1.1 Mailbox does not exist")
	runMailer(t, e)
	if err := e.bus.Publish(context.Background(), event.Subject(event.SubjectAdvised, "me"), "adv:t5", advised("t5")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	var reason string
	for time.Now().Before(deadline) && reason == "" {
		dls, err := e.bus.DeadLetters(context.Background(), 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, dl := range dls {
			if dl.Stage == "mailer" {
				reason = dl.Reason
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(reason, "550") || !strings.Contains(reason, "Mailbox does not exist") {
		t.Fatalf("dead-letter reason %q lacks the reply", reason)
	}
	time.Sleep(3 * time.Second) // longer than the first retry delay would be
	if n := e.sb.Attempts(); n != 1 {
		t.Fatalf("%d SMTP attempts; a 5xx must not be retried", n)
	}
}
