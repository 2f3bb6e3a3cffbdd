package faults

// The harness: binaries built once in TestMain, child processes with their
// logs in files, a mail stack per test, a stream of invitations, a monitor
// that timestamps every digest arriving in the INBOX, and the final count
// of digests and drafts.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sayyes/sayyes/internal/mailstack"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/mailconn"
)

// Shape of every stream: how many invitations, how fast.
const (
	streamSize  = 200
	streamEvery = 25 * time.Millisecond // 40 invitations a second
)

const alexPassword = "alex-pw"

// draftKinds are the drafts the default profile gets for a plain
// invitation (advice: accept).
var draftKinds = []string{"accept", "reschedule", "decline"}

// binDir holds watcher, advisor, mailer, sayyes and nats-server, built once
// by TestMain. Empty when the mail stack is unavailable outside CI: then
// every test skips in mailstack.Require before it needs a binary.
var binDir string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	flag.Parse()
	if err := mailstack.Available(); err != nil && os.Getenv("CI") == "" {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "sayyes-faults-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	start := time.Now()
	if err := buildBinaries(dir); err != nil {
		fmt.Fprintf(os.Stderr, "faults: building the binaries: %v\n", err)
		return 1
	}
	if testing.Verbose() {
		fmt.Printf("faults: binaries built in %v\n", time.Since(start).Round(time.Millisecond))
	}
	binDir = dir
	return m.Run()
}

// repoRoot finds the workspace root: `go env GOWORK`, else the nearest
// parent with a go.work (when the test runs with GOWORK=off).
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOWORK").Output()
	if err == nil {
		if p := strings.TrimSpace(string(out)); p != "" && p != "off" {
			return filepath.Dir(p), nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.work above the test directory")
		}
		dir = parent
	}
}

func buildBinaries(dir string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	env := append(withoutEnv(os.Environ(), "GOWORK"), "GOWORK="+filepath.Join(root, "go.work"))
	for _, args := range [][]string{
		{"build", "-o", dir + "/", "./services/watcher/cmd/watcher", "./services/advisor/cmd/advisor", "./services/mailer/cmd/mailer", "./services/sayyes/cmd/sayyes"},
		{"build", "-o", filepath.Join(dir, "nats-server"), "github.com/nats-io/nats-server/v2"},
	} {
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}

// withoutEnv drops the variables named (or, with a trailing '_', prefixed).
func withoutEnv(environ []string, names ...string) []string {
	var out []string
next:
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		for _, n := range names {
			if k == n || (strings.HasSuffix(n, "_") && strings.HasPrefix(k, n)) {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}

// ---------------------------------------------------------------------------
// Child processes

// proc is one child process that can be killed and started again with the
// same command line. Its stdout and stderr go to a log file (appended to
// across restarts); it never shares the test's.
type proc struct {
	name    string
	bin     string
	args    []string
	logPath string

	mu         sync.Mutex
	cmd        *exec.Cmd
	done       chan struct{}
	killing    bool
	unexpected []string
}

func (e *env) newProc(name, bin string, args ...string) *proc {
	p := &proc{name: name, bin: filepath.Join(binDir, bin), args: args, logPath: filepath.Join(e.dir, name+".log")}
	e.procs = append(e.procs, p)
	return p
}

// start launches the process and returns the log offset its output starts at.
func (p *proc) start(t *testing.T) int64 {
	t.Helper()
	f, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(p.bin, p.args...)
	cmd.Stdout, cmd.Stderr = f, f
	// Nothing of the test's environment may configure the services.
	cmd.Env = withoutEnv(os.Environ(), "SAYYES_")
	cmd.Dir = filepath.Dir(p.logPath)
	// Own process group (a kill reaches nothing else); killed with the
	// test binary should it die without running Cleanup.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", p.name, err)
	}
	done := make(chan struct{})
	p.mu.Lock()
	p.cmd, p.done, p.killing = cmd, done, false
	p.mu.Unlock()
	go func() {
		err := cmd.Wait()
		p.mu.Lock()
		if !p.killing {
			p.unexpected = append(p.unexpected, fmt.Sprintf("%s (pid %d) exited on its own: %v", p.name, cmd.Process.Pid, err))
		}
		p.mu.Unlock()
		close(done)
	}()
	return st.Size()
}

// kill sends SIGKILL (kill -9) and waits until the process is gone.
func (p *proc) kill() {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.killing = true
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	<-done
}

func (p *proc) exited() bool {
	p.mu.Lock()
	done := p.done
	p.mu.Unlock()
	select {
	case <-done:
		return true
	default:
		return false
	}
}

type logLine struct {
	Level string `json:"level"`
	Msg   string `json:"msg"`
	Err   string `json:"err"`
	raw   string
}

// logLines parses the JSON log lines from offset on; other lines (a Go
// panic, nats-server's text log) come back with only raw set.
func (p *proc) logLines(off int64) []logLine {
	data, err := os.ReadFile(p.logPath)
	if err != nil || off > int64(len(data)) {
		return nil
	}
	var out []logLine
	sc := bufio.NewScanner(bytes.NewReader(data[off:]))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var l logLine
		_ = json.Unmarshal(sc.Bytes(), &l)
		l.raw = sc.Text()
		out = append(out, l)
	}
	return out
}

// waitLog waits until a log line from offset on has message msg, and
// returns how long that took.
func (p *proc) waitLog(t *testing.T, off int64, msg string, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		for _, l := range p.logLines(off) {
			if l.Msg == msg {
				return time.Since(start)
			}
		}
		if p.exited() {
			t.Fatalf("%s exited before logging %q:\n%s", p.name, msg, p.tail(30))
		}
		if time.Since(start) > within {
			t.Fatalf("%s did not log %q within %v:\n%s", p.name, msg, within, p.tail(30))
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func (p *proc) tail(n int) string {
	lines := p.logLines(0)
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.raw)
		b.WriteByte('\n')
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// The environment of one scenario

type env struct {
	t       *testing.T
	st      *mailstack.Stack
	dir     string
	alex    config.Server // alex's IMAPS login, for the test's own reading
	natsURL string        // where the test inspects JetStream
	procs   []*proc
	mon     *monitor
	// mtaFault: the scenario disturbs Postfix or Dovecot, so the MTA may
	// deliver a message twice (it was saved, the confirmation was lost).
	mtaFault bool
	nc       *nats.Conn
	js       jetstream.JetStream
}

// newEnv starts a mail stack with users alex and recruiter and registers
// the cleanup that kills every child process (before the stack goes, as
// cleanups run last-in first-out) and prints their log tails on failure.
func newEnv(t *testing.T) *env {
	t.Helper()
	st := mailstack.Require(t, mailstack.Options{Users: []mailstack.User{
		{Name: "alex", Password: alexPassword}, {Name: "recruiter", Password: "rec-pw", Domain: "recruiting.test"},
	}})
	if binDir == "" {
		t.Fatal("binaries were not built")
	}
	host, port := hostPort(t, st.IMAPSAddr)
	e := &env{
		t: t, st: st, dir: t.TempDir(),
		alex: config.Server{Host: host, Port: port, Security: config.SecurityTLS, Username: st.Address("alex"), Password: alexPassword, CAFile: st.CAFile},
	}
	t.Cleanup(func() {
		for _, p := range e.procs {
			p.kill()
		}
		for _, p := range e.procs {
			p.mu.Lock()
			unexpected := p.unexpected
			p.mu.Unlock()
			for _, u := range unexpected {
				t.Errorf("%s", u)
			}
			if t.Failed() {
				t.Logf("==> %s log (last 40 lines) <==\n%s", p.name, p.tail(40))
			}
		}
	})
	return e
}

func hostPort(t *testing.T, addr string) (string, int) {
	t.Helper()
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return h, n
}

// freeAddr returns a loopback address nothing listens on right now. The
// port stays the same across restarts of the process given it.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

type cfgOpts struct {
	natsURL   string // empty: embedded server (sayyes run)
	dataDir   string
	mailboxes []string
}

// writeConfig writes a service configuration: IMAP over IMAPS and SMTP
// through submission with STARTTLS, both verified against the stack's CA,
// keepalive 5 s, JSON logs.
func (e *env) writeConfig(name string, o cfgOpts) string {
	e.t.Helper()
	q := strconv.Quote
	ih, ip := hostPort(e.t, e.st.IMAPSAddr)
	sh, sp := hostPort(e.t, e.st.SubmissionAddr)
	if o.dataDir == "" {
		o.dataDir = filepath.Join(e.dir, name+"-data")
	}
	if len(o.mailboxes) == 0 {
		o.mailboxes = []string{"INBOX"}
	}
	var mboxes []string
	for _, m := range o.mailboxes {
		mboxes = append(mboxes, q(m))
	}
	user := e.st.Address("alex")
	yaml := fmt.Sprintf(`data_dir: %s
log:
  level: info
  format: json
nats:
  url: %s
profile:
  name: Alex Sample
  employment: searching
  timezone: Europe/Berlin
accounts:
  - name: alex
    address: %s
    mailboxes: [%s]
    keepalive: 5s
    imap:
      host: %s
      port: %d
      security: tls
      username: %s
      password: %s
      ca_file: %s
    smtp:
      host: %s
      port: %d
      security: starttls
      username: %s
      password: %s
      ca_file: %s
`, q(o.dataDir), q(o.natsURL), q(user), strings.Join(mboxes, ", "),
		q(ih), ip, q(user), q(alexPassword), q(e.st.CAFile),
		q(sh), sp, q(user), q(alexPassword), q(e.st.CAFile))
	path := filepath.Join(e.dir, name+".yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		e.t.Fatal(err)
	}
	return path
}

// services is the set of processes of one scenario.
type services struct {
	nats                     *proc // nil for the all-in-one
	watcher, advisor, mailer *proc // nil for the all-in-one
	all                      *proc // sayyes run, nil for separate services
	dataDir                  string
}

// readyMsg is the log message that says a service is up.
var readyMsg = map[string]string{
	"watcher": "watching",
	"advisor": "advisor consuming",
	"mailer":  "mailer consuming",
	"sayyes":  "watching",
}

// startSeparate starts nats-server and the three services, each its own
// process, and waits until each is ready: NATS answers a JetStream request,
// the advisor and mailer say they consume, the watcher says it watches
// (after its first catch-up).
func (e *env) startSeparate(mailboxes ...string) *services {
	e.t.Helper()
	addr := freeAddr(e.t)
	_, port := hostPort(e.t, addr)
	e.natsURL = "nats://" + addr
	s := &services{}
	s.nats = e.newProc("nats-server", "nats-server", "-js", "-sd", filepath.Join(e.dir, "js"), "-a", "127.0.0.1", "-p", strconv.Itoa(port))
	e.startNATS(s.nats)
	cfg := e.writeConfig("services", cfgOpts{natsURL: e.natsURL, mailboxes: mailboxes})
	s.advisor = e.newProc("advisor", "advisor", "--config", cfg)
	s.mailer = e.newProc("mailer", "mailer", "--config", cfg)
	s.watcher = e.newProc("watcher", "watcher", "--config", cfg)
	for _, p := range []*proc{s.advisor, s.mailer, s.watcher} {
		off := p.start(e.t)
		p.waitLog(e.t, off, readyMsg[p.name], 30*time.Second)
	}
	e.connectNATS()
	return s
}

// startAllInOne starts `sayyes run` with an embedded NATS server (nats.url
// empty, JetStream in a persistent data_dir) and waits until it watches.
func (e *env) startAllInOne() *services {
	e.t.Helper()
	s := &services{dataDir: filepath.Join(e.dir, "sayyes-data")}
	cfg := e.writeConfig("sayyes", cfgOpts{dataDir: s.dataDir})
	s.all = e.newProc("sayyes", "sayyes", "run", "--config", cfg)
	off := s.all.start(e.t)
	s.all.waitLog(e.t, off, readyMsg["sayyes"], 30*time.Second)
	e.connectEmbedded(s.dataDir)
	return s
}

// connectEmbedded connects the test to the embedded server of a running
// `sayyes run`, which listens on a random loopback port behind a random
// token and leaves that URL in data_dir/nats.url (both new at every start)
// for the command-line tools.
func (e *env) connectEmbedded(dataDir string) {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "nats.url"))
	if err != nil {
		e.t.Fatalf("the embedded server's address: %v", err)
	}
	e.natsURL = strings.TrimSpace(string(b))
	e.connectNATS()
}

// startNATS starts (or restarts) nats-server and waits until JetStream
// answers; it returns how long that took.
func (e *env) startNATS(p *proc) time.Duration {
	e.t.Helper()
	start := time.Now()
	p.start(e.t)
	for {
		if err := jetStreamReady(e.natsURL); err == nil {
			return time.Since(start)
		} else if time.Since(start) > 30*time.Second {
			e.t.Fatalf("nats-server not ready after 30s: %v\n%s", err, p.tail(30))
		}
		if p.exited() {
			e.t.Fatalf("nats-server exited:\n%s", p.tail(30))
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func jetStreamReady(url string) error {
	nc, err := nats.Connect(url, nats.Timeout(time.Second))
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err = js.AccountInfo(ctx)
	return err
}

// connectNATS opens the test's own connection to natsURL (closing an
// earlier one), which reconnects forever.
func (e *env) connectNATS() {
	e.t.Helper()
	if e.nc != nil {
		e.nc.Close()
	}
	nc, err := nats.Connect(e.natsURL, nats.Name("faults-test"), nats.MaxReconnects(-1), nats.ReconnectWait(200*time.Millisecond), nats.RetryOnFailedConnect(true))
	if err != nil {
		e.t.Fatal(err)
	}
	e.nc = nc
	e.t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		e.t.Fatal(err)
	}
	e.js = js
}

// ---------------------------------------------------------------------------
// The stream of invitations

// stream delivers n invitations, one every `every`, from its own goroutine.
// A failed delivery is retried (so a stream survives Postfix being down);
// a retried message keeps its Message-ID, so a mail that was in fact
// accepted before the error arrives twice, which the pipeline must absorb.
type stream struct {
	n       int
	every   time.Duration
	tag     string
	deliver func(raw []byte) error
	close   func()

	mu       sync.Mutex
	cond     *sync.Cond
	ids      []string
	raws     [][]byte
	sentAt   map[string]time.Time
	paused   bool
	retries  int
	lastErr  error
	finished time.Time
	done     chan struct{}
}

func newStream(tag string, deliver func([]byte) error, closeFn func()) *stream {
	s := &stream{n: streamSize, every: streamEvery, tag: tag, deliver: deliver, close: closeFn, sentAt: map[string]time.Time{}, done: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// run sends until all n are delivered or ctx ends.
func (s *stream) run(ctx context.Context) {
	defer close(s.done)
	defer s.close()
	stamp := time.Now().UnixNano()
	next := time.Now()
	for i := range s.n {
		s.mu.Lock()
		for s.paused && ctx.Err() == nil {
			s.cond.Wait()
		}
		s.mu.Unlock()
		id := fmt.Sprintf("fault-%s-%03d-%d@recruiting.example", s.tag, i, stamp)
		raw := invitation(id, i)
		for {
			err := s.deliver(raw)
			if err == nil {
				break
			}
			s.mu.Lock()
			s.retries++
			s.lastErr = err
			s.mu.Unlock()
			if ctx.Err() != nil {
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
		s.mu.Lock()
		s.ids = append(s.ids, id)
		s.raws = append(s.raws, raw)
		s.sentAt[id] = time.Now()
		s.cond.Broadcast()
		s.mu.Unlock()
		next = next.Add(s.every)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		} else {
			next = time.Now()
		}
	}
	s.mu.Lock()
	s.finished = time.Now()
	s.mu.Unlock()
}

func (s *stream) start(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	go s.run(ctx)
	t.Cleanup(func() {
		cancel()
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
		<-s.done
	})
}

func (s *stream) sent() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ids)
}

func (s *stream) pause() {
	s.mu.Lock()
	s.paused = true
	s.mu.Unlock()
}

func (s *stream) resume() {
	s.mu.Lock()
	s.paused = false
	s.cond.Broadcast()
	s.mu.Unlock()
}

// waitSent waits until at least n invitations were delivered.
func (s *stream) waitSent(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for s.sent() < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d invitations delivered after %v (last error: %v)", s.sent(), n, within, s.err())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *stream) wait(t *testing.T, within time.Duration) {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(within):
		t.Fatalf("stream not finished after %v: %d of %d delivered (last error: %v)", within, s.sent(), s.n, s.err())
	}
	if s.sent() != s.n {
		t.Fatalf("stream stopped at %d of %d (last error: %v)", s.sent(), s.n, s.err())
	}
}

// sentSince returns the invitations accepted after t0, and all send times.
func (s *stream) sentSince(t0 time.Time) (ids []string, sentAt map[string]time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range s.ids {
		if s.sentAt[id].After(t0) {
			ids = append(ids, id)
		}
	}
	return ids, maps.Clone(s.sentAt)
}

func (s *stream) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

func (s *stream) snapshot() (ids []string, raws [][]byte, retries int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ids), slices.Clone(s.raws), s.retries
}

// invitation is a plain-text interview invitation from the recruiter to alex.
func invitation(id string, i int) []byte {
	return []byte(fmt.Sprintf("From: Robin Recruiter <recruiter@recruiting.test>\r\nTo: alex@sayyes.test\r\n"+
		"Subject: Interview invitation %d: Backend Engineer at Umbrella\r\n"+
		"Date: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Hello Alex,\r\n\r\nThank you for applying for the Backend Engineer position. We would like to invite you to a video interview "+
		"with our team. When are you available next week? Join link: https://zoom.us/j/1234567890\r\n\r\nRobin\r\nUmbrella Recruiting\r\n",
		i, time.Now().Format(time.RFC1123Z), id))
}

// smtpStream streams invitations to alex over SMTP to Postfix's MX port,
// as mail from outside arrives, on one connection re-opened after errors.
func (e *env) smtpStream(tag string) *stream {
	var c *smtp.Client
	var conn net.Conn
	drop := func() {
		if c != nil {
			c.Close()
			c, conn = nil, nil
		}
	}
	deliver := func(raw []byte) error {
		if c == nil {
			var err error
			conn, err = net.DialTimeout("tcp", e.st.SMTPAddr, 5*time.Second)
			if err != nil {
				return err
			}
			_ = conn.SetDeadline(time.Now().Add(15 * time.Second))
			if c, err = smtp.NewClient(conn, "127.0.0.1"); err != nil {
				conn.Close()
				c, conn = nil, nil
				return err
			}
		}
		_ = conn.SetDeadline(time.Now().Add(15 * time.Second))
		err := func() error {
			if err := c.Mail(e.st.Address("recruiter")); err != nil {
				return err
			}
			if err := c.Rcpt(e.st.Address("alex")); err != nil {
				return err
			}
			w, err := c.Data()
			if err != nil {
				return err
			}
			if _, err := w.Write(raw); err != nil {
				return err
			}
			return w.Close()
		}()
		if err != nil {
			drop()
		}
		return err
	}
	return newStream(tag, deliver, drop)
}

// appendStream streams invitations by IMAP APPEND into alex's folder.
func (e *env) appendStream(tag, folder string) *stream {
	var c *mailconn.IMAP
	drop := func() {
		if c != nil {
			c.Close()
			c = nil
		}
	}
	deliver := func(raw []byte) error {
		if c == nil {
			var err error
			if c, err = mailconn.DialIMAP(context.Background(), e.alex, 10*time.Second, nil); err != nil {
				return err
			}
		}
		stop := c.Guard(10 * time.Second)
		err := c.Append(folder, raw, nil, time.Now())
		stop()
		if err != nil {
			drop()
		}
		return err
	}
	return newStream(tag, deliver, drop)
}

// ---------------------------------------------------------------------------
// Watching the INBOX

// monitor counts the invitations with a digest in alex's INBOX every 100
// ms (NOOP + UID SEARCH on a header, then the References of the new ones
// only: no bodies) and keeps the time each was first seen, so recovery
// times can be read off afterwards. It reconnects after errors (Dovecot
// restarts under it).
type monitor struct {
	srv     config.Server
	mu      sync.Mutex
	samples []sample // when the count changed
	last    int
	seen    map[imap.UID]bool
	firstOf map[string]time.Time // invitation Message-ID → first digest seen
}

type sample struct {
	at time.Time
	n  int
}

func (e *env) startMonitor() *monitor {
	m := &monitor{srv: e.alex, seen: map[imap.UID]bool{}, firstOf: map[string]time.Time{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); m.run(ctx) }()
	e.t.Cleanup(func() { cancel(); <-done })
	e.mon = m
	return m
}

var digestSearch = &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "X-Sayyes-Invitation", Value: ""}}}

func (m *monitor) run(ctx context.Context) {
	var c *mailconn.IMAP
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		if err := m.poll(ctx, &c); err != nil {
			if c != nil {
				c.Close()
				c = nil
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (m *monitor) poll(ctx context.Context, cp **mailconn.IMAP) error {
	if *cp == nil {
		c, err := mailconn.DialIMAP(ctx, m.srv, 5*time.Second, nil)
		if err != nil {
			return err
		}
		*cp = c
		if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			return err
		}
		// INBOX keeps its UIDVALIDITY across reconnects and Dovecot
		// restarts, so the seen set stays valid.
	}
	c := *cp
	defer c.Guard(5 * time.Second)()
	if err := c.Noop().Wait(); err != nil {
		return err
	}
	res, err := c.UIDSearch(digestSearch, nil).Wait()
	if err != nil {
		return err
	}
	now := time.Now()
	var fresh []imap.UID
	m.mu.Lock()
	for _, u := range res.AllUIDs() {
		if !m.seen[u] {
			fresh = append(fresh, u)
		}
	}
	m.mu.Unlock()
	if len(fresh) > 0 {
		section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: []string{"References"}, Peek: true}
		msgs, err := c.Fetch(imap.UIDSetNum(fresh...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
		if err != nil {
			return err
		}
		m.mu.Lock()
		for _, msg := range msgs {
			m.seen[msg.UID] = true
			var refs string
			if h, err := mail.ReadMessage(bytes.NewReader(append(msg.FindBodySection(section), "\r\n"...))); err == nil {
				refs = h.Header.Get("References")
			}
			if ref := lastRef(refs); ref != "" {
				if _, ok := m.firstOf[ref]; !ok {
					m.firstOf[ref] = now
				}
			}
		}
		m.mu.Unlock()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	// The count is of invitations with a digest: a second copy of a digest
	// must not make up for a missing one.
	if n := len(m.firstOf); n != m.last || len(m.samples) == 0 {
		m.samples = append(m.samples, sample{now, n})
		m.last = n
	}
	return nil
}

func (m *monitor) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.last
}

// waitCount waits until at least n invitations have a digest in the INBOX
// and returns when the monitor first saw that.
func (m *monitor) waitCount(t *testing.T, n int, within time.Duration, explain func() string) time.Time {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		m.mu.Lock()
		for _, s := range m.samples {
			if s.n >= n {
				m.mu.Unlock()
				return s.at
			}
		}
		last := m.last
		m.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d digests in INBOX after %v\n%s", last, n, within, explain())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// firstAfter returns when the count first grew after t0 (beyond its value
// at t0): the first digest of any invitation after a fault.
func (m *monitor) firstAfter(t0 time.Time) (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	base := 0
	for _, s := range m.samples {
		if !s.at.After(t0) {
			base = s.n
			continue
		}
		if s.n > base {
			return s.at, true
		}
	}
	return time.Time{}, false
}

// firstOfAny returns when the first digest of any of ids was seen.
func (m *monitor) firstOfAny(ids []string) (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var first time.Time
	for _, id := range ids {
		if at, ok := m.firstOf[id]; ok && (first.IsZero() || at.Before(first)) {
			first = at
		}
	}
	return first, !first.IsZero()
}

// latency returns the median and the largest time from an invitation being
// accepted to its digest being seen.
func (m *monitor) latency(sentAt map[string]time.Time) (p50, worst time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ls []time.Duration
	for id, at := range sentAt {
		if d, ok := m.firstOf[id]; ok {
			ls = append(ls, d.Sub(at))
		}
	}
	if len(ls) == 0 {
		return 0, 0
	}
	slices.Sort(ls)
	return ls[len(ls)/2].Round(time.Millisecond), ls[len(ls)-1].Round(time.Millisecond)
}

// ---------------------------------------------------------------------------
// Quiescence and the final count

// waitQuiet waits until JetStream has nothing left for the advisor and the
// mailer: no message undelivered, none delivered and unacknowledged (a
// redelivery after AckWait, a NakWithDelay retry). Only then can a late
// duplicate be ruled out.
func (e *env) waitQuiet(within time.Duration) time.Duration {
	e.t.Helper()
	start := time.Now()
	quiet := 0
	var last string
	for {
		ok := true
		var states []string
		for _, name := range []string{"advisor", "mailer"} {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			info, err := func() (*jetstream.ConsumerInfo, error) {
				c, err := e.js.Consumer(ctx, "SAYYES", name)
				if err != nil {
					return nil, err
				}
				return c.Info(ctx)
			}()
			cancel()
			if err != nil {
				ok = false
				states = append(states, fmt.Sprintf("%s: %v", name, err))
				continue
			}
			states = append(states, fmt.Sprintf("%s: pending %d, ack pending %d, redelivered %d", name, info.NumPending, info.NumAckPending, info.NumRedelivered))
			if info.NumPending > 0 || info.NumAckPending > 0 {
				ok = false
			}
		}
		last = strings.Join(states, "; ")
		if ok {
			quiet++
			if quiet >= 2 {
				return time.Since(start)
			}
		} else {
			quiet = 0
		}
		if time.Since(start) > within {
			e.t.Fatalf("JetStream consumers not idle after %v: %s", within, last)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// deadLetters counts the records in the dead-letter stream.
func (e *env) deadLetters() uint64 {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := e.js.Stream(ctx, "SAYYES_DEADLETTER")
	if err != nil {
		e.t.Fatalf("dead-letter stream: %v", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		e.t.Fatalf("dead-letter stream: %v", err)
	}
	return info.State.Msgs
}

// headers fetches the named header fields of the messages matching crit
// (nil: all) in folder, without bodies.
func (e *env) headers(c *mailconn.IMAP, folder string, crit *imap.SearchCriteria, fields ...string) []mail.Header {
	e.t.Helper()
	sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		e.t.Fatalf("selecting %s: %v", folder, err)
	}
	var set imap.NumSet
	if crit != nil {
		res, err := c.UIDSearch(crit, nil).Wait()
		if err != nil {
			e.t.Fatalf("searching %s: %v", folder, err)
		}
		if len(res.AllUIDs()) == 0 {
			return nil
		}
		set = imap.UIDSetNum(res.AllUIDs()...)
	} else {
		if sel.NumMessages == 0 {
			return nil
		}
		set = imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}
	}
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: fields, Peek: true}
	msgs, err := c.Fetch(set, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		e.t.Fatalf("fetching %s headers: %v", folder, err)
	}
	var out []mail.Header
	for _, m := range msgs {
		raw := m.FindBodySection(section)
		if !bytes.HasSuffix(raw, []byte("\r\n\r\n")) {
			raw = append(raw, "\r\n"...)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			e.t.Fatalf("parsing %s headers %q: %v", folder, raw, err)
		}
		out = append(out, msg.Header)
	}
	return out
}

// result is the final count against the invitations sent.
type result struct {
	invitations, digests, drafts int
	lost, duplicates, stray      int
	// redelivered counts extra INBOX copies of one and the same submission
	// (same Postfix queue id): the MTA delivered a message twice because
	// it was stopped or lost Dovecot mid-delivery, after Dovecot had saved
	// it. Sayyes sent it once; see env.mtaFault.
	redelivered   int
	draftProblems []string
	duplicated    []string // X-Sayyes-Invitation of invitations with a second digest or copy
}

func (r result) String() string {
	return fmt.Sprintf("%d invitations → %d digests, %d drafts; lost %d, duplicate digests %d, MTA re-deliveries %d, stray digests %d, draft problems %d",
		r.invitations, r.digests, r.drafts, r.lost, r.duplicates, r.redelivered, r.stray, len(r.draftProblems))
}

// submissionID is the Postfix queue id from the Received header Postfix
// added when the mailer submitted the message ("... with ESMTPSA id" or,
// with SMTPUTF8, "... with UTF8SMTPSA id
// 0CD119892E0 ..."), or "" if there is none.
func submissionID(h mail.Header) string {
	for _, rcv := range h["Received"] {
		if m := esmtpsaID.FindStringSubmatch(rcv); m != nil {
			return m[1]
		}
	}
	return ""
}

var esmtpsaID = regexp.MustCompile(`with (?:UTF8)?E?SMTPS?A id ([0-9A-Za-z]+)`)

func lastRef(refs string) string {
	f := strings.Fields(refs)
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[len(f)-1], "<>")
}

// verify checks that every invitation in ids has exactly one digest in the
// INBOX (X-Sayyes-Invitation set, References ending with its Message-ID)
// and exactly one draft of each kind in Drafts, and nothing else. Copies
// of a digest are told apart by the submission's Postfix queue id: two
// ids are two sends by Sayyes, one id twice is the MTA delivering twice.
func (e *env) verify(ids []string) result {
	e.t.Helper()
	c, err := mailconn.DialIMAP(context.Background(), e.alex, 10*time.Second, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	defer c.Close()
	defer c.Guard(60 * time.Second)()

	r := result{invitations: len(ids)}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	copiesOf := map[string]int{}            // invitation Message-ID → digests in INBOX
	sendsOf := map[string]map[string]bool{} // invitation Message-ID → submission queue ids
	invIDOf := map[string]string{}          // invitation Message-ID → X-Sayyes-Invitation
	for i, h := range e.headers(c, "INBOX", digestSearch, "X-Sayyes-Invitation", "References", "Received") {
		r.digests++
		ref := lastRef(h.Get("References"))
		if !want[ref] {
			r.stray++
			continue
		}
		copiesOf[ref]++
		if sendsOf[ref] == nil {
			sendsOf[ref] = map[string]bool{}
		}
		q := submissionID(h)
		if q == "" {
			q = fmt.Sprintf("unknown-%d", i) // count it as a send of its own
		}
		sendsOf[ref][q] = true
		invIDOf[ref] = h.Get("X-Sayyes-Invitation")
	}
	for _, id := range ids {
		n, sends := copiesOf[id], len(sendsOf[id])
		if n == 0 {
			r.lost++
			continue
		}
		r.duplicates += sends - 1
		r.redelivered += n - sends
		if n > 1 {
			r.duplicated = append(r.duplicated, invIDOf[id])
		}
	}

	drafts := map[string]map[string]int{} // X-Sayyes-Invitation → kind → count
	for _, h := range e.headers(c, "Drafts", nil, "X-Sayyes-Invitation", "X-Sayyes-Draft-Kind") {
		r.drafts++
		inv := h.Get("X-Sayyes-Invitation")
		if drafts[inv] == nil {
			drafts[inv] = map[string]int{}
		}
		drafts[inv][h.Get("X-Sayyes-Draft-Kind")]++
	}
	for _, id := range ids {
		inv, ok := invIDOf[id]
		if !ok {
			continue // lost already counted
		}
		kinds := drafts[inv]
		for _, k := range draftKinds {
			if kinds[k] != 1 {
				r.draftProblems = append(r.draftProblems, fmt.Sprintf("%s: %d %s drafts", id, kinds[k], k))
			}
		}
		for k, n := range kinds {
			if !slices.Contains(draftKinds, k) {
				r.draftProblems = append(r.draftProblems, fmt.Sprintf("%s: %d unexpected %q drafts", id, n, k))
			}
		}
		delete(drafts, inv)
	}
	for inv, kinds := range drafts {
		r.draftProblems = append(r.draftProblems, fmt.Sprintf("drafts for unknown invitation %s: %v", inv, kinds))
	}
	return r
}

// finish waits for the pipeline to go idle, counts, and fails the test on
// any loss, duplicate, dead letter or service error in the logs.
func (e *env) finish(ids []string) result {
	e.t.Helper()
	e.waitQuiet(3 * time.Minute)
	// A digest handed to Postfix just before the consumers went idle needs
	// a moment to reach the INBOX.
	time.Sleep(1500 * time.Millisecond)
	r := e.verify(ids)
	if r.lost > 0 || r.duplicates > 0 || r.stray > 0 || len(r.draftProblems) > 0 || r.digests != len(ids)+r.redelivered || r.drafts != len(draftKinds)*len(ids) {
		e.t.Errorf("exactly-once violated: %v", r)
		for i, p := range r.draftProblems {
			if i == 10 {
				e.t.Errorf("… and %d more draft problems", len(r.draftProblems)-10)
				break
			}
			e.t.Errorf("  %s", p)
		}
	}
	if r.redelivered > 0 && !e.mtaFault {
		e.t.Errorf("%d digests delivered twice by the MTA although no mail server was disturbed", r.redelivered)
	}
	for i, inv := range r.duplicated {
		if i == 3 {
			break
		}
		report := e.t.Errorf
		if r.duplicates == 0 && e.mtaFault {
			report = e.t.Logf // a re-delivery by Postfix, shown for the record
		}
		report("invitation %s has more than one digest in the INBOX; its trail:\n%s", inv, e.trail(inv))
	}
	if n := e.deadLetters(); n > 0 {
		e.t.Errorf("%d dead letters", n)
	}
	for _, p := range e.procs {
		for _, l := range p.logLines(0) {
			if strings.Contains(l.Msg, "dead-lettered") || strings.HasPrefix(l.raw, "panic:") || strings.HasPrefix(l.raw, "fatal error:") {
				e.t.Errorf("%s: %s", p.name, l.raw)
			}
		}
	}
	return r
}

// trail collects what the logs say about one invitation: the Postfix
// lines of every queue entry of its digest, and the services' lines that
// name it.
func (e *env) trail(inv string) string {
	var b strings.Builder
	dovecot, _ := os.ReadFile(filepath.Join(e.st.Dir, "dovecot", "dovecot.log"))
	for _, l := range strings.Split(string(dovecot), "\n") {
		if strings.Contains(l, "sayyes.digest."+inv) {
			b.WriteString("  dovecot: " + l + "\n")
		}
	}
	data, _ := os.ReadFile(filepath.Join(e.st.Dir, "postfix", "maillog"))
	lines := strings.Split(string(data), "\n")
	queueIDs := map[string]bool{}
	for _, l := range lines {
		if strings.Contains(l, "sayyes.digest."+inv) {
			// "... postfix/cleanup[123]: 0CD119892E0: message-id=<...>"
			if f := strings.Fields(l); len(f) > 5 {
				queueIDs[strings.TrimSuffix(f[5], ":")] = true
			}
		}
	}
	for _, l := range lines {
		for q := range queueIDs {
			if strings.Contains(l, q) {
				b.WriteString("  maillog: " + l + "\n")
			}
		}
	}
	for _, p := range e.procs {
		for _, l := range p.logLines(0) {
			if strings.Contains(l.raw, inv) && !strings.Contains(l.raw, "invitation detected") {
				b.WriteString("  " + p.name + ": " + l.raw + "\n")
			}
		}
	}
	return b.String()
}

// countLog counts the log lines of p whose message is msg and whose error
// contains errPart.
func countLog(p *proc, msg, errPart string) int {
	n := 0
	for _, l := range p.logLines(0) {
		if l.Msg == msg && strings.Contains(l.Err, errPart) {
			n++
		}
	}
	return n
}

func since(t0, t1 time.Time) time.Duration { return t1.Sub(t0).Round(10 * time.Millisecond) }
