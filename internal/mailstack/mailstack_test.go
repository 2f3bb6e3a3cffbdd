package mailstack

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

var (
	alice = User{Name: "alice", Password: "alice-secret"}
	bob   = User{Name: "bob", Password: "bob-secret"}
)

// caConfig builds a client TLS config from the stack's CAFile, as a test of
// another package would.
func caConfig(t testing.TB, s *Stack) *tls.Config {
	t.Helper()
	pem, err := os.ReadFile(s.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("no certificate in %s", s.CAFile)
	}
	return &tls.Config{RootCAs: pool}
}

func message(from, to, subject string) string {
	return strings.Join([]string{
		"From: " + from,
		"To: " + to,
		"Subject: " + subject,
		"Date: " + time.Now().Format(time.RFC1123Z),
		fmt.Sprintf("Message-ID: <%d.%s>", time.Now().UnixNano(), from),
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"",
		"Hello from the mailstack test.",
		"",
	}, "\r\n")
}

// sendSMTP delivers over plain SMTP, explicitly without STARTTLS (unlike
// net/smtp.SendMail and go-smtp's SendMail, which upgrade on their own).
func sendSMTP(addr, from, to, subject string) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return sendOn(c, from, to, subject)
}

func sendOn(c *smtp.Client, from, to, subject string) error {
	if err := c.Mail(from, nil); err != nil {
		return fmt.Errorf("MAIL: %w", err)
	}
	if err := c.Rcpt(to, nil); err != nil {
		return fmt.Errorf("RCPT: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write([]byte(message(from, to, subject))); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("end of DATA: %w", err)
	}
	return c.Quit()
}

func loginIMAPS(t testing.TB, s *Stack, u User, opts *imapclient.Options) *imapclient.Client {
	t.Helper()
	if opts == nil {
		opts = &imapclient.Options{}
	}
	opts.TLSConfig = caConfig(t, s)
	c, err := imapclient.DialTLS(s.IMAPSAddr, opts)
	if err != nil {
		t.Fatalf("IMAPS dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(s.Address(u.Name), u.Password).Wait(); err != nil {
		t.Fatalf("IMAPS login: %v", err)
	}
	return c
}

// waitSubject waits until the selected INBOX holds a message with subject.
func waitSubject(t testing.TB, c *imapclient.Client, subject string, timeout time.Duration) time.Duration {
	t.Helper()
	begin := time.Now()
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatalf("SELECT INBOX: %v", err)
	}
	crit := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: subject}}}
	for {
		data, err := c.UIDSearch(crit, nil).Wait()
		if err != nil {
			t.Fatalf("SEARCH: %v", err)
		}
		if len(data.AllUIDs()) > 0 {
			return time.Since(begin)
		}
		if time.Since(begin) > timeout {
			t.Fatalf("message %q not in INBOX after %v", subject, timeout)
		}
		time.Sleep(5 * time.Millisecond)
		if err := c.Noop().Wait(); err != nil {
			t.Fatalf("NOOP: %v", err)
		}
	}
}

func TestStack(t *testing.T) {
	begin := time.Now()
	s := Require(t, Options{Users: []User{alice, bob}})
	t.Logf("stack up in %v", time.Since(begin))
	aliceAddr, bobAddr := s.Address("alice"), s.Address("bob")

	for name, addr := range map[string]string{"IMAP": s.IMAPAddr, "IMAPS": s.IMAPSAddr, "SMTP": s.SMTPAddr, "submission": s.SubmissionAddr} {
		if !strings.HasPrefix(addr, "127.0.0.1:") {
			t.Errorf("%s address %q is not on 127.0.0.1", name, addr)
		}
	}

	sent := time.Now()
	if err := sendSMTP(s.SMTPAddr, bobAddr, aliceAddr, "hello over smtp"); err != nil {
		t.Fatalf("SMTP send: %v\n%s", err, s.MaillogTail(20))
	}
	c := loginIMAPS(t, s, alice, nil)
	waitSubject(t, c, "hello over smtp", 10*time.Second)
	t.Logf("SMTP → INBOX in %v", time.Since(sent))

	t.Run("special-use", func(t *testing.T) {
		if !c.Caps().Has(imap.CapSpecialUse) || !c.Caps().Has(imap.CapListStatus) {
			t.Fatalf("caps lack SPECIAL-USE or LIST-STATUS: %v", c.Caps())
		}
		list, err := c.List("", "*", &imap.ListOptions{
			ReturnSubscribed: true,
			ReturnSpecialUse: true,
			ReturnStatus:     &imap.StatusOptions{NumMessages: true},
		}).Collect()
		if err != nil {
			t.Fatalf("LIST: %v", err)
		}
		got := map[string]*imap.ListData{}
		for _, l := range list {
			got[l.Mailbox] = l
			t.Logf("LIST %q %v", l.Mailbox, l.Attrs)
		}
		for mbox, attr := range map[string]imap.MailboxAttr{
			"Drafts": imap.MailboxAttrDrafts, "Sent": imap.MailboxAttrSent,
			"Trash": imap.MailboxAttrTrash, "Junk": imap.MailboxAttrJunk,
		} {
			l := got[mbox]
			if l == nil {
				t.Errorf("no mailbox %s", mbox)
				continue
			}
			if !hasAttr(l.Attrs, attr) || !hasAttr(l.Attrs, imap.MailboxAttrSubscribed) {
				t.Errorf("%s attrs %v lack %s or \\Subscribed", mbox, l.Attrs, attr)
			}
		}
		if in := got["INBOX"]; in == nil || in.Status == nil || in.Status.NumMessages == nil || *in.Status.NumMessages != 1 {
			t.Errorf("INBOX LIST-STATUS: %+v", in)
		}
	})

	t.Run("append-drafts", func(t *testing.T) {
		msg := message(aliceAddr, bobAddr, "a draft")
		start := time.Now()
		cmd := c.Append("Drafts", int64(len(msg)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagDraft}})
		if _, err := cmd.Write([]byte(msg)); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		data, err := cmd.Wait()
		if err != nil {
			t.Fatalf("APPEND: %v", err)
		}
		t.Logf("APPEND took %v (uid %v)", time.Since(start), data.UID)
		st, err := c.Status("Drafts", &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil || st.NumMessages == nil || *st.NumMessages != 1 {
			t.Fatalf("STATUS Drafts: %+v %v", st, err)
		}
	})

	t.Run("wrong-password-fast", func(t *testing.T) {
		cl, err := imapclient.DialTLS(s.IMAPSAddr, &imapclient.Options{TLSConfig: caConfig(t, s)})
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		start := time.Now()
		if err := cl.Login(aliceAddr, "wrong").Wait(); err == nil {
			t.Fatal("login with a wrong password succeeded")
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("failed login took %v; auth_failure_delay not 0?", d)
		}
	})

	t.Run("imap-plain-and-starttls", func(t *testing.T) {
		plain, err := imapclient.DialInsecure(s.IMAPAddr, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer plain.Close()
		if err := plain.Login(bobAddr, bob.Password).Wait(); err != nil {
			t.Fatalf("plaintext LOGIN: %v", err)
		}
		tlsc, err := imapclient.DialStartTLS(s.IMAPAddr, &imapclient.Options{TLSConfig: caConfig(t, s)})
		if err != nil {
			t.Fatalf("STARTTLS: %v", err)
		}
		defer tlsc.Close()
		if err := tlsc.Login(bobAddr, bob.Password).Wait(); err != nil {
			t.Fatalf("LOGIN after STARTTLS: %v", err)
		}
	})

	t.Run("smtp-accepts-outside-sender", func(t *testing.T) {
		// Senders from other domains need no DNS (there is none here).
		if err := sendSMTP(s.SMTPAddr, "hr@recruiter.example", aliceAddr, "from outside"); err != nil {
			t.Fatal(err)
		}
		waitSubject(t, c, "from outside", 10*time.Second)
	})

	t.Run("smtp-rejects-unknown-and-foreign", func(t *testing.T) {
		err := sendSMTP(s.SMTPAddr, bobAddr, s.Address("nobody"), "x")
		var se *smtp.SMTPError
		if !errors.As(err, &se) || se.Code != 550 {
			t.Errorf("unknown local user: got %v, want 550", err)
		}
		// There is no outbound transport: other domains are refused at
		// RCPT rather than queued for ever.
		err = sendSMTP(s.SMTPAddr, bobAddr, "someone@elsewhere.test", "x")
		if !errors.As(err, &se) || se.Code/100 != 5 {
			t.Errorf("foreign recipient: got %v, want 5xx", err)
		}
	})

	t.Run("submission", func(t *testing.T) {
		// Without TLS no AUTH is offered and relaying is refused.
		pc, err := smtp.Dial(s.SubmissionAddr)
		if err != nil {
			t.Fatal(err)
		}
		if err := pc.Hello("localhost"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := pc.Extension("AUTH"); ok {
			t.Error("submission offers AUTH before STARTTLS")
		}
		if err := sendOn(pc, bobAddr, aliceAddr, "x"); err == nil {
			t.Error("unauthenticated submission accepted")
		}
		pc.Close()

		sc, err := smtp.DialStartTLS(s.SubmissionAddr, caConfig(t, s))
		if err != nil {
			t.Fatalf("submission STARTTLS: %v", err)
		}
		defer sc.Close()
		if err := sc.Auth(sasl.NewPlainClient("", bobAddr, bob.Password)); err != nil {
			t.Fatalf("AUTH PLAIN: %v", err)
		}
		if err := sendOn(sc, bobAddr, aliceAddr, "hello over submission"); err != nil {
			t.Fatalf("submission send: %v", err)
		}
		waitSubject(t, c, "hello over submission", 10*time.Second)
	})

	t.Run("idle", func(t *testing.T) {
		exists := make(chan uint32, 16)
		ic := loginIMAPS(t, s, alice, &imapclient.Options{
			UnilateralDataHandler: &imapclient.UnilateralDataHandler{
				Mailbox: func(d *imapclient.UnilateralDataMailbox) {
					if d.NumMessages != nil {
						exists <- *d.NumMessages
					}
				},
			},
		})
		sel, err := ic.Select("INBOX", nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		idle, err := ic.Idle()
		if err != nil {
			t.Fatalf("IDLE: %v", err)
		}
		start := time.Now()
		if err := sendSMTP(s.SMTPAddr, bobAddr, aliceAddr, "wake up"); err != nil {
			t.Fatal(err)
		}
		select {
		case n := <-exists:
			if n <= sel.NumMessages {
				t.Errorf("EXISTS %d, had %d", n, sel.NumMessages)
			}
			t.Logf("IDLE saw the new message after %v", time.Since(start))
		case <-time.After(10 * time.Second):
			t.Error("no EXISTS during IDLE")
		}
		if err := idle.Close(); err != nil {
			t.Fatal(err)
		}
		if err := idle.Wait(); err != nil {
			t.Fatal(err)
		}
	})

	ctx := context.Background()

	t.Run("restart-dovecot", func(t *testing.T) {
		start := time.Now()
		if err := s.RestartDovecot(ctx); err != nil {
			t.Fatal(err)
		}
		t.Logf("RestartDovecot took %v", time.Since(start))
		c2 := loginIMAPS(t, s, alice, nil)
		waitSubject(t, c2, "hello over smtp", time.Second)
	})

	t.Run("mail-queued-while-dovecot-down", func(t *testing.T) {
		if err := s.StopDovecot(ctx); err != nil {
			t.Fatal(err)
		}
		if err := sendSMTP(s.SMTPAddr, bobAddr, aliceAddr, "queued while down"); err != nil {
			t.Fatalf("Postfix should queue while Dovecot is down: %v", err)
		}
		if err := s.StartDovecot(ctx); err != nil {
			t.Fatal(err)
		}
		c3 := loginIMAPS(t, s, alice, nil)
		d := waitSubject(t, c3, "queued while down", 15*time.Second)
		t.Logf("deferred message delivered %v after Dovecot came back", d)
	})

	t.Run("stop-start-postfix", func(t *testing.T) {
		start := time.Now()
		if err := s.StopPostfix(ctx); err != nil {
			t.Fatal(err)
		}
		t.Logf("StopPostfix took %v", time.Since(start))
		err := sendSMTP(s.SMTPAddr, bobAddr, aliceAddr, "x")
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("SMTP with Postfix stopped: got %v, want connection refused", err)
		}
		start = time.Now()
		if err := s.StartPostfix(ctx); err != nil {
			t.Fatal(err)
		}
		t.Logf("StartPostfix took %v", time.Since(start))
		if err := sendSMTP(s.SMTPAddr, bobAddr, aliceAddr, "after postfix restart"); err != nil {
			t.Fatal(err)
		}
		c4 := loginIMAPS(t, s, alice, nil)
		waitSubject(t, c4, "after postfix restart", 10*time.Second)
	})
}

func hasAttr(attrs []imap.MailboxAttr, want imap.MailboxAttr) bool {
	for _, a := range attrs {
		if strings.EqualFold(string(a), string(want)) {
			return true
		}
	}
	return false
}

// Two stacks at once: distinct dirs, ports, Postfix queues and Dovecot
// instances, no cross-talk.
func TestConcurrentStacks(t *testing.T) {
	if err := Available(); err != nil && os.Getenv("CI") == "" {
		t.Skip(err)
	}
	var wg sync.WaitGroup
	stacks := make([]*Stack, 3)
	errs := make([]error, len(stacks))
	start := time.Now()
	for i := range stacks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stacks[i], errs[i] = Start(context.Background(), Options{Users: []User{alice, bob}})
		}()
	}
	wg.Wait()
	t.Logf("%d stacks started concurrently in %v", len(stacks), time.Since(start))
	for i, s := range stacks {
		if errs[i] != nil {
			t.Fatalf("stack %d: %v", i, errs[i])
		}
		t.Cleanup(func() { s.Close() })
	}
	for i, s := range stacks {
		if err := sendSMTP(s.SMTPAddr, s.Address("bob"), s.Address("alice"), fmt.Sprintf("stack %d", i)); err != nil {
			t.Fatalf("stack %d: %v", i, err)
		}
	}
	for i, s := range stacks {
		c := loginIMAPS(t, s, alice, nil)
		waitSubject(t, c, fmt.Sprintf("stack %d", i), 10*time.Second)
		st, err := c.Status("INBOX", &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil || *st.NumMessages != 1 {
			t.Errorf("stack %d INBOX: %+v %v", i, st, err)
		}
	}
}

// Close must stop the daemons even when the Stack has lost track of them,
// using the pid files, and must remove Dir.
func TestCloseKillsByPidFiles(t *testing.T) {
	if err := Available(); err != nil && os.Getenv("CI") == "" {
		t.Skip(err)
	}
	s, err := Start(context.Background(), Options{Users: []User{alice}})
	if err != nil {
		t.Fatal(err)
	}
	dPid, pPid := readPidFile(dovecotPidFile(s.Dir)), readPidFile(postfixPidFile(s.Dir))
	if !ownedBy(dPid, s.Dir) || !ownedBy(pPid, s.Dir) {
		t.Fatalf("pid files do not name live masters in %s: dovecot %d, postfix %d", s.Dir, dPid, pPid)
	}
	s.mu.Lock()
	s.dovecot, s.postfix = nil, nil // forget them
	s.mu.Unlock()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if !waitUntil(ctx, func() bool { return !procAlive(dPid) && !procAlive(pPid) }) {
		t.Errorf("masters still alive after Close: dovecot %v, postfix %v", procAlive(dPid), procAlive(pPid))
	}
	for _, a := range []string{s.IMAPAddr, s.SMTPAddr} {
		if err := waitRefused(ctx, a); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(s.Dir); !os.IsNotExist(err) {
		t.Errorf("Dir %s still exists: %v", s.Dir, err)
	}
}

// A test process that dies without Close (say, killed by go test -timeout)
// leaves its daemons running; the next Start in any process sweeps them up.
// The helper also proves the daemons do not hold the starting process's
// stdout: cmd.Output would hang otherwise.
func TestSweepStale(t *testing.T) {
	if os.Getenv("MAILSTACK_CRASH_HELPER") == "1" {
		s, err := Start(context.Background(), Options{Users: []User{alice}})
		if err != nil {
			fmt.Println("ERR", err)
			os.Exit(1)
		}
		fmt.Println(s.Dir, s.dovecot.pid, s.postfix.pid, s.SMTPAddr)
		os.Exit(0) // no Close
	}
	if err := Available(); err != nil && os.Getenv("CI") == "" {
		t.Skip(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSweepStale$", "-test.count=1")
	cmd.Env = append(os.Environ(), "MAILSTACK_CRASH_HELPER=1")
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.Output(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("helper's output never closed: a daemon inherited its stdout")
	}
	if err != nil {
		t.Fatalf("helper: %v: %s", err, out)
	}
	var dir, smtpAddr string
	var dPid, pPid int
	if _, err := fmt.Sscan(string(out), &dir, &dPid, &pPid, &smtpAddr); err != nil {
		t.Fatalf("helper output %q: %v", out, err)
	}
	if !ownedBy(dPid, dir) || !ownedBy(pPid, dir) {
		t.Fatalf("helper's daemons not running from %s", dir)
	}
	sweepStaleNow(t.Logf)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if !waitUntil(ctx, func() bool { return !procAlive(dPid) && !procAlive(pPid) }) {
		t.Errorf("stale daemons still alive")
	}
	if err := waitRefused(ctx, smtpAddr); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("stale dir %s still there", dir)
	}
}

// Ports are picked by binding port 0 and releasing it, so another process
// may grab one before a daemon binds it: Start then retries with new ports.
func TestPortClashRetry(t *testing.T) {
	if err := Available(); err != nil && os.Getenv("CI") == "" {
		t.Skip(err)
	}
	for i, name := range []string{"IMAP (dovecot)", "SMTP (postfix)"} {
		t.Run(name, func(t *testing.T) {
			busy, err := net.Listen("tcp4", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer busy.Close()
			busyPort := busy.Addr().(*net.TCPAddr).Port
			calls := 0
			pickPorts = func(n int) ([]int, error) {
				calls++
				ports, err := freePorts(n)
				if calls == 1 && err == nil {
					ports[i*2] = busyPort // 0: IMAP, 2: SMTP
				}
				return ports, err
			}
			defer func() { pickPorts = freePorts }()
			var logs []string
			var mu sync.Mutex
			s, err := Start(context.Background(), Options{Users: []User{alice}, Logf: func(f string, a ...any) {
				mu.Lock()
				logs = append(logs, time.Now().Format("15:04:05.000 ")+fmt.Sprintf(f, a...))
				mu.Unlock()
			}})
			if err != nil {
				t.Fatalf("Start did not recover from a port clash: %v", err)
			}
			defer s.Close()
			if calls != 2 {
				t.Errorf("picked ports %d times, want 2; logs:\n%s", calls, strings.Join(logs, "\n"))
			}
			if err := sendSMTP(s.SMTPAddr, s.Address("alice"), s.Address("alice"), "after clash"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestOptionsValidation(t *testing.T) {
	for _, u := range []User{{Name: "", Password: "pw"}, {Name: "a:b", Password: "pw"}, {Name: "Alice", Password: "pw"}, {Name: "x@y", Password: "pw"}, {Name: "carol", Password: "p:w"}, {Name: "dave", Password: ""}, {Name: "erin", Password: "pw", Domain: "bad domain"}} {
		if err := validate(Options{Domain: DefaultDomain, Users: []User{u}}); err == nil {
			t.Errorf("user %+v accepted", u)
		}
	}
	for _, u := range []string{"127.0.0.1:80/introspect", "http://x/\nintrospection_mode = get", "ftp://127.0.0.1/"} {
		if err := validate(Options{Domain: DefaultDomain, OAuth2IntrospectionURL: u}); err == nil {
			t.Errorf("OAuth2IntrospectionURL %q accepted", u)
		}
	}
}
