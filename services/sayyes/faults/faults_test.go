package faults

// Each scenario runs with its own mail stack (Dovecot + Postfix from
// internal/mailstack, users alex and recruiter), its own data directories
// and its own child processes; scenarios run two at a time (t.Parallel,
// -parallel defaults to GOMAXPROCS). Common to all of them:
//
//   - Readiness: nats-server is ready when a JetStream request succeeds; a
//     service when its log says so ("advisor consuming", "mailer
//     consuming", and "watching" from the watcher or `sayyes run` after
//     its first catch-up).
//   - Stream: 200 invitations with distinct Message-IDs, one every 25 ms,
//     from a goroutine, retried on failure.
//   - Observation: a monitor counts the invitations with a digest in
//     alex's INBOX every 100 ms (IMAP SEARCH on a header, References of
//     new digests only) and timestamps each.
//   - Completion: all 200 invitations digested (bounded), then the advisor
//     and mailer consumers idle (nothing pending, nothing awaiting ack: no
//     redelivery can still come), then the digests and drafts are counted
//     by header FETCH: exactly one digest per invitation and one draft per
//     kind (accept, reschedule, decline), no dead letters, no "dead-lettered"
//     or panic in any log, no process that exited on its own. Two INBOX
//     copies of one submission (same Postfix queue id) are reported as an
//     MTA re-delivery, tolerated only where Postfix or Dovecot is disturbed.
//   - Cleanup (t.Cleanup, last-in first-out): the stream and the monitor
//     stop, every child process gets SIGKILL (their logs are printed when
//     the test failed), then the mail stack is closed and its directory
//     removed; t.TempDir holds configs, logs and JetStream stores.

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/sayyes/sayyes/pkg/mailconn"
)

const (
	// killAfterSent and killAfterDigests place a fault mid-stream: a third
	// of the invitations delivered and the pipeline visibly producing.
	killAfterSent    = 70
	killAfterDigests = 10
	// downtime is how long a killed process stays dead; the stream goes on.
	downtime = 1500 * time.Millisecond
	// completion bounds the wait for all digests after a fault. The longest
	// legitimate wait is the mailer's AckWait (90 s) for messages a killed
	// mailer had taken.
	completion = 3 * time.Minute
)

// consumerStates describes the advisor and mailer consumers, for failures.
func (e *env) consumerStates() string {
	var out []string
	for _, name := range []string{"advisor", "mailer"} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c, err := e.js.Consumer(ctx, "SAYYES", name)
		if err == nil {
			info, ierr := c.Info(ctx)
			if ierr == nil {
				out = append(out, fmt.Sprintf("%s: pending %d, ack pending %d, redelivered %d", name, info.NumPending, info.NumAckPending, info.NumRedelivered))
			} else {
				err = ierr
			}
		}
		cancel()
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %v", name, err))
		}
	}
	return "consumers: " + strings.Join(out, "; ")
}

// killRestart is scenarios 1-5: start the services (separate processes
// with nats-server, or the all-in-one), stream, SIGKILL the victim once 70
// invitations are delivered and 10 digests seen, keep it dead for 1.5 s
// while the stream goes on, start it again with the same command line (and
// the same JetStream store), and wait for readiness, then for completion.
func killRestart(t *testing.T, allInOne bool, victim string) {
	e := newEnv(t)
	var s *services
	if allInOne {
		s = e.startAllInOne()
	} else {
		s = e.startSeparate()
	}
	p := map[string]*proc{"watcher": s.watcher, "advisor": s.advisor, "mailer": s.mailer, "nats": s.nats, "sayyes": s.all}[victim]
	mon := e.startMonitor()
	str := e.smtpStream(victim)
	str.start(t)

	str.waitSent(t, killAfterSent, 30*time.Second)
	mon.waitCount(t, killAfterDigests, 30*time.Second, e.consumerStates)
	sentAtKill, digestsAtKill := str.sent(), mon.count()
	killAt := time.Now()
	p.kill()
	time.Sleep(downtime)

	restartAt := time.Now()
	var ready time.Duration
	if victim == "nats" {
		ready = e.startNATS(p)
	} else {
		off := p.start(t)
		ready = p.waitLog(t, off, readyMsg[victim], 60*time.Second)
		if victim == "sayyes" {
			e.connectEmbedded(s.dataDir) // a new port and token
		}
	}
	str.wait(t, 90*time.Second)
	allAt := mon.waitCount(t, streamSize, completion, e.consumerStates)
	ids, _, retries := str.snapshot()
	r := e.finish(ids)
	logRecovery(t, mon, str, killAt, restartAt, allAt)
	t.Logf("kill -9 %s at %d sent / %d digested, dead %v, ready %v after restart; stream retries %d",
		victim, sentAtKill, digestsAtKill, since(killAt, restartAt), ready.Round(time.Millisecond), retries)
	logAbsorbed(t, e)
	t.Logf("result: %v", r)
}

// logRecovery reports, from the end of the fault (restart): the first
// digest of any invitation; the first digest of an invitation that arrived
// after the fault began (it needed the restarted component); all digests.
// And the invitation → digest latency over the whole stream.
func logRecovery(t *testing.T, mon *monitor, str *stream, faultAt, restartAt, allAt time.Time) {
	t.Helper()
	after, sentAt := str.sentSince(faultAt)
	p50, worst := mon.latency(sentAt)
	anyFirst, okAny := mon.firstAfter(restartAt)
	newFirst, okNew := mon.firstOfAny(after)
	show := func(at time.Time, ok bool) string {
		if !ok {
			return "none"
		}
		return since(restartAt, at).String()
	}
	t.Logf("recovery: restart → first digest %s, → first digest of an invitation sent after the fault (%d of them) %s, → all %d digested %v; latency p50 %v, max %v",
		show(anyFirst, okAny), len(after), show(newFirst, okNew), streamSize, since(restartAt, allAt), p50, worst)
}

// logAbsorbed reports how the services absorbed the fault: redeliveries
// the once-only markers turned away, digests or drafts an interrupted
// attempt had already written (found by Message-ID), lost acks.
func logAbsorbed(t *testing.T, e *env) {
	t.Helper()
	count := func(msg string) int {
		n := 0
		for _, p := range e.procs {
			n += countLog(p, msg, "")
		}
		return n
	}
	t.Logf("absorbed: %d redeliveries of finished digests skipped, %d digests of an interrupted attempt found in INBOX, %d acks lost (redelivered after AckWait), %d handler retries",
		count("digest already sent; skipping redelivery"), count("digest from an earlier attempt found in INBOX; not sending again"),
		count("ack failed; the message will be redelivered"), count("handler failed; retrying"))
}

// TestKillWatcher: SIGKILL the watcher mid-stream and restart it. It must
// catch up from its checkpoint (saved only after JetStream acknowledged the
// publish): what it had published but not checkpointed is published again
// with the same Nats-Msg-Id and dropped as a duplicate. Readiness and
// cleanup: see killRestart and the top of this file.
func TestKillWatcher(t *testing.T) {
	t.Parallel()
	killRestart(t, false, "watcher")
}

// TestKillAdvisor: SIGKILL the advisor mid-stream and restart it. What it
// had taken and not acknowledged comes back after its AckWait (30 s); a
// re-published advice is deduplicated by its Nats-Msg-Id. Readiness and
// cleanup: see killRestart and the top of this file.
func TestKillAdvisor(t *testing.T) {
	t.Parallel()
	killRestart(t, false, "advisor")
}

// TestKillMailer: SIGKILL the mailer mid-stream (possibly between an IMAP
// APPEND or the SMTP 250 and its once-only marker) and restart it. Its
// unacknowledged messages come back after AckWait (90 s); pending markers
// make it look for the draft or digest before writing it again. Readiness
// and cleanup: see killRestart and the top of this file.
func TestKillMailer(t *testing.T) {
	t.Parallel()
	killRestart(t, false, "mailer")
}

// TestKillAllInOne: SIGKILL `sayyes run` (watcher, advisor, mailer and the
// embedded NATS server in one process; nats.url empty, JetStream in a
// persistent data_dir) mid-stream and start it again on the same data_dir.
// The test looks at the consumers through the address the embedded server
// leaves in data_dir/nats.url (a new port and token after the restart).
// Readiness ("watching" from the one process) and cleanup: see killRestart
// and the top of this file.
func TestKillAllInOne(t *testing.T) {
	t.Parallel()
	killRestart(t, true, "sayyes")
}

// TestKillNATS: SIGKILL nats-server mid-stream and start it again on the
// same port and store directory. The services are not touched: they must
// reconnect on their own (MaxReconnects(-1)), the watcher's failed
// publishes end its session and it catches up, and the consumers resume.
// Readiness after the restart: a JetStream request answers. Cleanup: see
// the top of this file; the store directory is in t.TempDir.
func TestKillNATS(t *testing.T) {
	t.Parallel()
	killRestart(t, false, "nats")
}

// TestDovecotRestartDuringIdle: separate services; the stream pauses after
// 100 invitations until all their digests are in and the INBOX has been
// quiet for 1.5 s, so the watcher sits in IDLE; then Dovecot is restarted
// (every IMAP connection drops) and the stream resumes at once (Postfix
// defers what it cannot deliver meanwhile). The watcher must notice the
// dropped IDLE, reconnect and catch up by UID. Readiness after the
// restart: RestartDovecot returns once IMAP, IMAPS and LMTP answer, then
// the watcher's next "watching". Cleanup: see the top of this file.
func TestDovecotRestartDuringIdle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mtaFault = true
	s := e.startSeparate()
	mon := e.startMonitor()
	str := e.smtpStream("dovecot")
	str.start(t)

	str.waitSent(t, streamSize/2, 30*time.Second)
	str.pause()
	half := str.sent()
	mon.waitCount(t, half, 60*time.Second, e.consumerStates)
	time.Sleep(1500 * time.Millisecond)
	off := logSize(s.watcher)

	restartAt := time.Now()
	str.resume()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := e.st.RestartDovecot(ctx); err != nil {
		t.Fatalf("restarting Dovecot: %v", err)
	}
	dovecotUp := time.Since(restartAt)
	reconnect := s.watcher.waitLog(t, off, "watching", 60*time.Second) + dovecotUp
	str.wait(t, 90*time.Second)
	allAt := mon.waitCount(t, streamSize, completion, e.consumerStates)
	ids, _, retries := str.snapshot()
	r := e.finish(ids)
	logRecovery(t, mon, str, restartAt, restartAt, allAt)

	var ended []string
	for _, l := range s.watcher.logLines(off) {
		if l.Msg == "mailbox session ended; reconnecting" {
			ended = append(ended, l.Err)
		}
	}
	if len(ended) == 0 {
		t.Error("the watcher did not report its IMAP session ending")
	} else if !strings.Contains(ended[0], "IDLE") {
		t.Logf("note: the first session error was not in IDLE: %s", ended[0])
	}
	t.Logf("Dovecot restarted with %d sent / %d digested (watcher idle); Dovecot back in %v; watcher watching again %v after the restart began; stream retries %d; session errors: %q",
		half, half, dovecotUp.Round(time.Millisecond), reconnect.Round(time.Millisecond), retries, ended)
	t.Logf("result: %v", r)
}

// logSize is the current length of p's log: waitLog from there sees only
// what comes next.
func logSize(p *proc) int64 {
	st, err := os.Stat(p.logPath)
	if err != nil {
		return 0
	}
	return st.Size()
}

// TestPostfixDown: separate services; once 70 invitations are delivered
// and 10 digests seen, Postfix is stopped for 30 s and started again. The
// stream's own SMTP deliveries fail meanwhile and are retried by the
// sender; the digests the mailer tries to send fail (connection refused)
// and are retried with jittered backoff (NakWithDelay). Each must arrive
// exactly once; the mailer's log must show the retries. Readiness after
// the start: StartPostfix returns once SMTP and submission answer. Cleanup:
// see the top of this file.
func TestPostfixDown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mtaFault = true
	s := e.startSeparate()
	mon := e.startMonitor()
	str := e.smtpStream("postfix")
	str.start(t)

	str.waitSent(t, killAfterSent, 30*time.Second)
	mon.waitCount(t, killAfterDigests, 30*time.Second, e.consumerStates)
	sentAtStop, digestsAtStop := str.sent(), mon.count()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stopAt := time.Now()
	if err := e.st.StopPostfix(ctx); err != nil {
		t.Fatalf("stopping Postfix: %v", err)
	}
	time.Sleep(30 * time.Second)
	digestsDuring := mon.count() - digestsAtStop
	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	startAt := time.Now()
	if err := e.st.StartPostfix(ctx); err != nil {
		t.Fatalf("starting Postfix: %v", err)
	}
	postfixUp := time.Since(startAt)
	str.wait(t, 90*time.Second)
	allAt := mon.waitCount(t, streamSize, completion, e.consumerStates)
	ids, _, retries := str.snapshot()
	r := e.finish(ids)
	logRecovery(t, mon, str, stopAt, startAt, allAt)

	digestRetries := countLog(s.mailer, "handler failed; retrying", "sending digest")
	if digestRetries == 0 {
		t.Error("no digest send was retried: the outage did not hit the mailer, so the scenario proved nothing")
	}
	t.Logf("Postfix stopped at %d sent / %d digested for %v (%d digests arrived meanwhile: already queued); up again in %v",
		sentAtStop, digestsAtStop, since(stopAt, startAt), digestsDuring, postfixUp.Round(time.Millisecond))
	t.Logf("mailer digest retries %d; stream retries %d", digestRetries, retries)
	t.Logf("result: %v", r)
}

// TestMailboxRecreated: separate services, the watcher watching the folder
// "Jobs" (created before it starts); the invitations arrive by IMAP APPEND.
// After 100 appends the stream pauses until 60 digests are in, then Jobs is
// deleted (the watcher's selected mailbox vanishes under it), created again
// (a new UIDVALIDITY) and the same 100 messages are appended again before
// the stream resumes. The watcher looks back over the renumbered folder and
// re-publishes; nothing may produce a second digest, and the 40 not yet
// handled must not be lost. Readiness after the reset: the watcher's next
// "watching" (after its look-back). Cleanup: see the top of this file; the
// test's own IMAP connection is closed by t.Cleanup.
func TestMailboxRecreated(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c, err := mailconn.DialIMAP(context.Background(), e.alex, 10*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Create("Jobs", nil).Wait(); err != nil {
		t.Fatalf("creating Jobs: %v", err)
	}
	uidValidity := func() uint32 {
		st, err := c.Status("Jobs", &imap.StatusOptions{UIDValidity: true}).Wait()
		if err != nil {
			t.Fatalf("STATUS Jobs: %v", err)
		}
		return st.UIDValidity
	}
	s := e.startSeparate("Jobs")
	mon := e.startMonitor()
	str := e.appendStream("jobs", "Jobs")
	str.start(t)

	str.waitSent(t, streamSize/2, 30*time.Second)
	str.pause()
	mon.waitCount(t, 60, 60*time.Second, e.consumerStates)
	_, raws, _ := str.snapshot()
	digestsAtDelete := mon.count()
	before := uidValidity()
	off := logSize(s.watcher)
	recreateAt := time.Now()
	if err := c.Delete("Jobs").Wait(); err != nil {
		t.Fatalf("deleting Jobs: %v", err)
	}
	if err := c.Create("Jobs", nil).Wait(); err != nil {
		t.Fatalf("creating Jobs again: %v", err)
	}
	for _, raw := range raws {
		c = appendRetrying(t, e, c, "Jobs", raw)
	}
	refilled := time.Since(recreateAt)
	after := uidValidity()
	if after == before {
		t.Fatalf("UIDVALIDITY of the recreated Jobs is unchanged (%d): the scenario needs a reset", after)
	}
	str.resume()
	reconnect := s.watcher.waitLog(t, off, "watching", 60*time.Second) + refilled
	str.wait(t, 90*time.Second)
	allAt := mon.waitCount(t, streamSize, completion, e.consumerStates)
	ids, _, _ := str.snapshot()
	r := e.finish(ids)
	logRecovery(t, mon, str, recreateAt, recreateAt.Add(refilled), allAt)

	lookedBack := false
	var ended []string
	for _, l := range s.watcher.logLines(off) {
		if l.Msg == "looking back" && strings.Contains(l.raw, `"uidvalidity_changed":true`) {
			lookedBack = true
		}
		if l.Msg == "mailbox session ended; reconnecting" {
			ended = append(ended, l.Err)
		}
	}
	if !lookedBack {
		t.Error("the watcher did not log a look-back after the UIDVALIDITY change")
	}
	t.Logf("Jobs deleted and recreated at %d appended / %d digested: UIDVALIDITY %d → %d, %d messages appended again in %v; watcher watching again %v after the delete; session errors: %q",
		len(raws), digestsAtDelete, before, after, len(raws), refilled.Round(time.Millisecond), reconnect.Round(time.Millisecond), ended)
	t.Logf("result: %v", r)
}

// appendRetrying appends raw to folder, on a new connection after a
// failure. Right after DELETE and CREATE, Dovecot can refuse an APPEND with
// "NO Mailbox was deleted under us" while another session (the watcher's)
// still has the old folder's index open; a NO means nothing was stored.
func appendRetrying(t *testing.T, e *env, c *mailconn.IMAP, folder string, raw []byte) *mailconn.IMAP {
	t.Helper()
	var err error
	for attempt := 1; attempt <= 10; attempt++ {
		if c != nil {
			if err = c.Append(folder, raw, nil, time.Now()); err == nil {
				return c
			}
			c.Close()
			c = nil
		}
		time.Sleep(100 * time.Millisecond)
		c, err = mailconn.DialIMAP(context.Background(), e.alex, 10*time.Second, nil)
		if err != nil {
			c = nil
		}
	}
	t.Fatalf("appending to %s: %v", folder, err)
	return nil
}
