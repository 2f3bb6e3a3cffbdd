package mailstack

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultDomain is the mail domain used when Options.Domain is empty.
const DefaultDomain = "sayyes.test"

// User is a mailbox of the stack. Its address is Name@Domain (the user's
// own Domain if set, else the stack's), and that address is also its IMAP
// and submission login.
type User struct {
	Name     string
	Password string
	// Domain puts the mailbox in another local domain: a recruiter at
	// recruiting.test writing to alex@sayyes.test is not a colleague.
	Domain string
}

// Options configure Start.
type Options struct {
	// Domain is the one mail domain the stack serves (default "sayyes.test").
	Domain string
	// Users are the mailboxes, in Domain unless they name their own.
	Users []User
	// Dir holds every config, queue, log and mailbox of the stack. Default:
	// a fresh directory under /tmp. If set it must not exist or be empty, and
	// every parent must be searchable by the mail, dovecot and postfix users.
	// Close removes it.
	Dir string
	// Logf, if set, receives progress messages.
	Logf func(format string, args ...any)
	// OAuth2IntrospectionURL, when set, makes Dovecot accept the SASL
	// mechanisms XOAUTH2 and OAUTHBEARER (IMAP, and submission through
	// Dovecot SASL) besides PLAIN and LOGIN. Dovecot checks each bearer token
	// by POSTing token=TOKEN (form-encoded) to this URL and accepts it when
	// the JSON answer has "active": true and "email" equal to the login
	// (name@domain). Passwords keep working for PLAIN and LOGIN only.
	OAuth2IntrospectionURL string
}

// Stack is a running Dovecot + Postfix pair. Its methods are safe for
// concurrent use.
type Stack struct {
	Dir    string
	Domain string
	Users  []User

	IMAPAddr       string // IMAP, plaintext LOGIN allowed, STARTTLS offered
	IMAPSAddr      string // IMAP over TLS
	SMTPAddr       string // SMTP, no auth needed from loopback, STARTTLS offered
	SubmissionAddr string // submission: STARTTLS required, then AUTH
	// CAFile is the PEM of the self-signed certificate (for 127.0.0.1, ::1
	// and localhost) that the TLS listeners present.
	CAFile string

	logf      func(string, ...any)
	certPEM   []byte
	oauth2URL string // Options.OAuth2IntrospectionURL
	lmtp      string // LMTP unix socket

	mu      sync.Mutex
	dovecot *daemon // nil while stopped
	postfix *daemon // nil while stopped
	closed  bool
}

// tmpRoot is where default stack directories go; it and its parents are
// searchable by everyone on a stock system, unlike a 0700 test temp dir.
const tmpRoot = "/tmp"

const dirPrefix = "sayyes-mailstack-"

// Start writes the configuration and starts Dovecot and Postfix, returning
// when IMAP, IMAPS, SMTP, submission and LMTP all answer. ctx bounds start-up
// only; the daemons run until Close.
func Start(ctx context.Context, opts Options) (*Stack, error) {
	if opts.Domain == "" {
		opts.Domain = DefaultDomain
	}
	if err := validate(opts); err != nil {
		return nil, err
	}
	if err := Available(); err != nil {
		return nil, err
	}
	logf := opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	sweepStale(logf)

	var lastErr error
	for attempt := 1; attempt <= 3; attempt++ {
		s, err := startOnce(ctx, opts, logf)
		if err == nil {
			return s, nil
		}
		lastErr = err
		if !errors.Is(err, errPortInUse) || ctx.Err() != nil {
			break
		}
		logf("mailstack: port clash, retrying with new ports: %v", err)
	}
	return nil, lastErr
}

var errPortInUse = errors.New("port already in use")

func validate(opts Options) error {
	if u := opts.OAuth2IntrospectionURL; u != "" && (strings.ContainsAny(u, " \t\r\n") || !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://")) {
		return fmt.Errorf("mailstack: bad OAuth2IntrospectionURL %q", u)
	}
	if strings.ContainsAny(opts.Domain, " \t\r\n:/@,") {
		return fmt.Errorf("mailstack: bad domain %q", opts.Domain)
	}
	seen := map[string]bool{}
	for _, u := range opts.Users {
		if strings.ContainsAny(u.Domain, " \t\r\n:/@,") {
			return fmt.Errorf("mailstack: bad domain %q of user %q", u.Domain, u.Name)
		}
		if u.Name == "" || strings.ContainsAny(u.Name, " \t\r\n:/@,\\\"") || strings.HasPrefix(u.Name, ".") {
			return fmt.Errorf("mailstack: bad user name %q", u.Name)
		}
		if strings.ToLower(u.Name) != u.Name {
			return fmt.Errorf("mailstack: user name %q must be lower case", u.Name)
		}
		if u.Password == "" || strings.ContainsAny(u.Password, ":\r\n") {
			return fmt.Errorf("mailstack: password of %q must be non-empty and contain no ':' or newline", u.Name)
		}
		if seen[u.Name] {
			return fmt.Errorf("mailstack: duplicate user %q", u.Name)
		}
		seen[u.Name] = true
	}
	return nil
}

func startOnce(ctx context.Context, opts Options, logf func(string, ...any)) (_ *Stack, err error) {
	begin := time.Now()
	dir, err := makeDir(opts.Dir)
	if err != nil {
		return nil, err
	}
	s := &Stack{
		Dir:    dir,
		Domain: opts.Domain,
		Users:  append([]User(nil), opts.Users...),
		logf:   logf,
		CAFile: filepath.Join(dir, "tls", "cert.pem"),
		lmtp:   filepath.Join(dir, "dovecot", "run", "lmtp"),

		oauth2URL: opts.OAuth2IntrospectionURL,
	}
	defer func() {
		if err != nil {
			if tail := s.MaillogTail(30); tail != "" {
				err = fmt.Errorf("%w\n%s", err, tail)
			}
			s.Close()
		}
	}()

	ports, err := pickPorts(4)
	if err != nil {
		return nil, err
	}
	s.IMAPAddr = addr(ports[0])
	s.IMAPSAddr = addr(ports[1])
	s.SMTPAddr = addr(ports[2])
	s.SubmissionAddr = addr(ports[3])

	if err := s.writeTLS(); err != nil {
		return nil, err
	}
	if err := s.writeDovecotConfig(); err != nil {
		return nil, err
	}
	if err := s.writePostfixConfig(); err != nil {
		return nil, err
	}

	// The two daemons start independently (Postfix only needs the LMTP
	// socket when it delivers), so start them in parallel.
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var dErr, pErr error
	var wg sync.WaitGroup
	wg.Add(2)
	// s is not shared yet, so the two may run without s.mu.
	go func() { defer wg.Done(); dErr = s.startDovecotLocked(ctx) }()
	go func() { defer wg.Done(); pErr = s.startPostfixLocked(ctx) }()
	wg.Wait()
	if err := errors.Join(dErr, pErr); err != nil {
		return nil, err
	}
	logf("mailstack: started in %v: dir=%s imap=%s imaps=%s smtp=%s submission=%s",
		time.Since(begin).Round(time.Millisecond), s.Dir, s.IMAPAddr, s.IMAPSAddr, s.SMTPAddr, s.SubmissionAddr)
	return s, nil
}

func addr(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

// makeDir creates the stack directory (mode 0755) and checks that its
// parents are searchable by the unprivileged mail users.
func makeDir(dir string) (string, error) {
	if dir == "" {
		d, err := os.MkdirTemp(tmpRoot, dirPrefix)
		if err != nil {
			return "", fmt.Errorf("mailstack: %w", err)
		}
		dir = d
	} else {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("mailstack: %w", err)
		}
		dir = abs
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("mailstack: %w", err)
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			return "", fmt.Errorf("mailstack: %w", err)
		}
		if len(ents) > 0 {
			return "", fmt.Errorf("mailstack: Dir %s is not empty (Close would remove it)", dir)
		}
	}
	// Unix socket paths (Dovecot's base_dir) are limited to 108 bytes.
	if len(dir) > 64 {
		os.RemoveAll(dir)
		return "", fmt.Errorf("mailstack: Dir %s is too long for unix socket paths (max 64 bytes)", dir)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", fmt.Errorf("mailstack: %w", err)
	}
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return "", fmt.Errorf("mailstack: %w", err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			os.RemoveAll(dir)
			return "", fmt.Errorf("mailstack: parent directory %s of Dir is not searchable by others (mode %v); the mail, dovecot and postfix users need it", p, fi.Mode().Perm())
		}
		if p == filepath.Dir(p) {
			break
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("mailstack: %w", err)
	}
	return dir, nil
}

// pickPorts is freePorts, replaceable by tests.
var pickPorts = freePorts

// freePorts reserves n distinct loopback ports by listening on port 0, then
// releases them for the daemons to bind.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("mailstack: picking a port: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// Address returns the address of the user called name: name@Domain, or
// name@ the user's own domain.
func (s *Stack) Address(name string) string { return name + "@" + s.domainOf(name) }

func (s *Stack) domainOf(name string) string {
	for _, u := range s.Users {
		if u.Name == name && u.Domain != "" {
			return u.Domain
		}
	}
	return s.Domain
}

// Domains lists the local domains: the stack's first, then users' own.
func (s *Stack) Domains() []string {
	out := []string{s.Domain}
	for _, u := range s.Users {
		if u.Domain != "" && !slices.Contains(out, u.Domain) {
			out = append(out, u.Domain)
		}
	}
	return out
}

// CertPool returns a pool holding the stack's certificate.
func (s *Stack) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AppendCertsFromPEM(s.certPEM)
	return p
}

// TLSConfig returns a client config that trusts the stack's certificate.
func (s *Stack) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.CertPool(), ServerName: "127.0.0.1"}
}

// Close kills both daemons (SIGKILL: nothing is kept, so nothing needs a
// graceful stop; leftovers are found through the pid files) and removes Dir.
// It may be called more than once.
func (s *Stack) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var errs []error
	var wg sync.WaitGroup
	var pErr, dErr error
	wg.Add(2)
	go func() { defer wg.Done(); pErr = s.stopPostfixLocked(ctx, true) }()
	go func() { defer wg.Done(); dErr = s.stopDovecotLocked(ctx, true) }()
	wg.Wait()
	errs = append(errs, pErr, dErr)
	// Anything still running from the pid files (e.g. a daemon that did
	// not come up fully) is killed before the tree goes.
	killByPidFiles(s.Dir)
	if err := os.RemoveAll(s.Dir); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// StartDovecot starts Dovecot if it is stopped and waits until IMAP, IMAPS
// and LMTP answer.
func (s *Stack) StartDovecot(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("mailstack: stack is closed")
	}
	return s.startDovecotLocked(ctx)
}

// StopDovecot stops Dovecot and waits until its ports refuse connections.
func (s *Stack) StopDovecot(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopDovecotLocked(ctx, false)
}

// RestartDovecot stops Dovecot and starts it again on the same ports with
// the same mail; open IMAP connections are dropped.
func (s *Stack) RestartDovecot(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("mailstack: stack is closed")
	}
	if err := s.stopDovecotLocked(ctx, false); err != nil {
		return err
	}
	return s.startDovecotLocked(ctx)
}

// StartPostfix starts Postfix if it is stopped and waits until SMTP and
// submission answer. Mail queued while Dovecot was down is retried within
// about a second.
func (s *Stack) StartPostfix(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("mailstack: stack is closed")
	}
	return s.startPostfixLocked(ctx)
}

// StopPostfix stops Postfix and waits until SMTP and submission refuse
// connections. Queued mail stays queued.
func (s *Stack) StopPostfix(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopPostfixLocked(ctx, false)
}

// MaillogTail returns the last n lines of Postfix's maillog and of
// Dovecot's log, for a failing test to print.
func (s *Stack) MaillogTail(n int) string {
	var b strings.Builder
	for _, f := range []struct{ title, path string }{
		{"postfix maillog", filepath.Join(s.Dir, "postfix", "maillog")},
		{"postfix start output", filepath.Join(s.Dir, "postfix", "stdio.log")},
		{"dovecot log", filepath.Join(s.Dir, "dovecot", "dovecot.log")},
		{"dovecot stdio", filepath.Join(s.Dir, "dovecot", "stdio.log")},
	} {
		data, err := os.ReadFile(f.path)
		if err != nil || len(strings.TrimSpace(string(data))) == 0 {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
		if len(lines) > n {
			lines = lines[len(lines)-n:]
		}
		fmt.Fprintf(&b, "==> %s (%s) <==\n%s\n", f.title, f.path, strings.Join(lines, "\n"))
	}
	return b.String()
}
