package mailstack

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"testing"
	"time"
)

func lookBin(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return "/usr/sbin/" + name // CI's PATH may lack the sbin directories
}

func dovecotBin() string { return lookBin("dovecot") }
func postfixBin() string { return lookBin("postfix") }

// daemonEnv is the environment of the daemons: a fixed PATH with the sbin
// directories and the C locale; nothing of the test's.
func daemonEnv() []string {
	return []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C", "LC_ALL=C"}
}

// Available reports why a stack cannot start here, or nil if it can: the
// Dovecot and Postfix binaries and their system users must be installed
// (.ci/install-mailstack.sh) and the process must run as root.
func Available() error {
	var missing []error
	for _, f := range []string{
		dovecotBin(), postfixBin(),
		"/usr/lib/dovecot/imap", "/usr/lib/dovecot/imap-login", "/usr/lib/dovecot/lmtp",
		"/usr/lib/postfix/sbin/master", "/usr/lib/postfix/sbin/smtpd", "/usr/lib/postfix/sbin/lmtp",
	} {
		if _, err := os.Stat(f); err != nil {
			missing = append(missing, fmt.Errorf("%s not found", f))
		}
	}
	for _, u := range []string{"mail", "dovecot", "dovenull", "postfix"} {
		if _, err := user.Lookup(u); err != nil {
			missing = append(missing, fmt.Errorf("system user %s: %w", u, err))
		}
	}
	if _, err := user.LookupGroup("postdrop"); err != nil {
		missing = append(missing, fmt.Errorf("system group postdrop: %w", err))
	}
	if len(missing) > 0 {
		return fmt.Errorf("mailstack: Dovecot/Postfix not installed (run .ci/install-mailstack.sh): %w", errors.Join(missing...))
	}
	if os.Geteuid() != 0 {
		return errors.New("mailstack: the mail stack must be started as root")
	}
	return nil
}

// Require starts a stack for the test and closes it in t.Cleanup, printing
// the daemons' log tails first if the test failed. If the stack is not
// available it skips the test, unless env CI is set: CI must not skip, so
// there it fails the test. opts.Logf defaults to t.Logf.
func Require(t testing.TB, opts Options) *Stack {
	t.Helper()
	if err := Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("mailstack unavailable under CI: %v", err)
		}
		t.Skipf("mailstack unavailable: %v", err)
	}
	if opts.Logf == nil {
		opts.Logf = t.Logf
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	s, err := Start(ctx, opts)
	if err != nil {
		t.Fatalf("mailstack: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("mail stack logs:\n%s", s.MaillogTail(40))
		}
		if err := s.Close(); err != nil {
			t.Errorf("mailstack close: %v", err)
		}
	})
	return s
}
