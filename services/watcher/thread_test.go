package watcher_test

import (
	"fmt"
	"testing"
	"time"
)

// threadMail is a message from the recruiter of invitation() in the same
// thread: it answers inReplyTo and lists refs.
func threadMail(id, inReplyTo, refs, subject, body string, date time.Time) []byte {
	return []byte(fmt.Sprintf("From: Kim <kim@globex.example>\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n"+
		"In-Reply-To: <%s>\r\nReferences: %s\r\n\r\n%s\r\n", user, subject, date.Format(time.RFC1123Z), id, inReplyTo, refs, body))
}

// A reschedule and a reminder sent in the invitation's thread update the
// same invitation: their events name it in Thread, count revisions and
// say what changed; a rejection in the thread is not published.
func TestThreadUpdatesSameInvitation(t *testing.T) {
	e := newEnv(t)
	e.run(t, e.acct, nil)
	now := time.Now().UTC().Truncate(time.Minute)
	first := time.Date(now.Year(), now.Month(), now.Day()+7, 15, 0, 0, 0, time.UTC)
	second := first.AddDate(0, 0, 2).Add(-5 * time.Hour)
	when := func(t time.Time) string { return t.Format("Monday, January 2, 2006 at 15:04 MST") }

	// Not a reply: no In-Reply-To/References headers.
	inv := []byte(fmt.Sprintf("From: Kim <kim@globex.example>\r\nTo: %s\r\nSubject: Interview invitation for the Data Engineer role\r\nDate: %s\r\nMessage-ID: <inv@globex.example>\r\n\r\n"+
		"Hello, we would like to invite you to a video interview for the Data Engineer position on %s. Please confirm your attendance.\r\n", user, now.Format(time.RFC1123Z), when(first)))
	if err := e.sb.Deliver(inv); err != nil {
		t.Fatal(err)
	}
	orig := e.expect(t, 1, 10*time.Second)[0]
	if orig.Thread != nil || orig.Detection.Kind != "invitation" {
		t.Fatalf("first invitation: kind %q, thread %+v", orig.Detection.Kind, orig.Thread)
	}

	if err := e.sb.Deliver(threadMail("resched@globex.example", "inv@globex.example", "<inv@globex.example>",
		"Re: Interview invitation for the Data Engineer role",
		"Hi, I am sorry, we need to reschedule your interview. Could we move it to "+when(second)+" instead? Let me know if the new time works.", now)); err != nil {
		t.Fatal(err)
	}
	upd := e.expect(t, 1, 10*time.Second)[0]
	if upd.ID == orig.ID {
		t.Fatal("the update reuses the event id; it would be deduplicated away")
	}
	if upd.Thread == nil || upd.Thread.InvitationID != orig.ID || upd.Thread.Revision != 1 {
		t.Fatalf("reschedule thread = %+v, want invitation %s revision 1", upd.Thread, orig.ID)
	}
	if upd.Detection.Kind != "reschedule" {
		t.Errorf("reschedule kind = %q", upd.Detection.Kind)
	}
	changed := false
	for _, c := range upd.Thread.Changes {
		if c.Field == "time" && c.Old == first.Format(time.RFC3339) && c.New == second.Format(time.RFC3339) {
			changed = true
		}
	}
	if !changed {
		t.Errorf("changes = %+v, want the time %s -> %s", upd.Thread.Changes, first.Format(time.RFC3339), second.Format(time.RFC3339))
	}

	// A reminder answering the reschedule still belongs to the first invitation.
	if err := e.sb.Deliver(threadMail("remind@globex.example", "resched@globex.example", "<inv@globex.example> <resched@globex.example>",
		"Reminder: your interview", "Just a friendly reminder of your video interview on "+when(second)+". Talk soon!", now)); err != nil {
		t.Fatal(err)
	}
	rem := e.expect(t, 1, 10*time.Second)[0]
	if rem.Thread == nil || rem.Thread.InvitationID != orig.ID || rem.Thread.Revision != 2 {
		t.Fatalf("reminder thread = %+v, want invitation %s revision 2", rem.Thread, orig.ID)
	}
	if len(rem.Thread.Changes) != 0 {
		t.Errorf("a reminder of the same time changed %+v", rem.Thread.Changes)
	}

	// A rejection in the thread is not an update.
	if err := e.sb.Deliver(threadMail("reject@globex.example", "remind@globex.example", "<inv@globex.example>",
		"Re: Reminder: your interview", "Unfortunately we have decided to move forward with other candidates.", now)); err != nil {
		t.Fatal(err)
	}
	e.expectNone(t, 1500*time.Millisecond)
}
