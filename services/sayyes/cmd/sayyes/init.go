package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/sayyes/sayyes/services/sayyes"
)

const initUsage = `usage: sayyes init [--config sayyes.yaml] [flags]

Asks for your email address, guesses the provider, lets you confirm the
servers, tests the IMAP and SMTP logins and writes the config, with the
password in a file of its own (mode 0600) next to it. With OAuth2 (Gmail,
Outlook, Office 365) it writes the client ID instead, and you sign in
afterwards with sayyes auth login. Flags answer questions
in advance; with --yes nothing is asked (for scripts: the password comes
from --password-stdin).

`

// runInit runs the setup on the terminal (or on stdin/stdout for scripts).
func runInit(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, initUsage); fs.PrintDefaults() }
	var s sayyes.Setup
	a := &s.Answers
	fs.StringVar(&s.ConfigPath, "config", "sayyes.yaml", "the config file to write")
	fs.StringVar(&s.PasswordPath, "password-file", "", "where to store the password (default: next to the config, NAME.password)")
	fs.BoolVar(&s.Force, "force", false, "overwrite an existing config and password file")
	fs.BoolVar(&s.NoPrompt, "yes", false, "ask nothing: take the flags and the defaults")
	fs.BoolVar(&s.SkipTest, "skip-test", false, "write the config without testing the logins")
	pwStdin := fs.Bool("password-stdin", false, "read the password (with --auth oauth2 at Gmail: the client secret) from the first line of standard input")
	noDNS := fs.Bool("no-dns", false, "do not look up the domain's MX records to recognise hosted mail")
	fs.StringVar(&a.Address, "address", "", "your email address")
	fs.StringVar(&a.AccountName, "account-name", "", "a short name for the account (default: from the address)")
	fs.StringVar(&a.Provider, "provider", "", "gmail, outlook, office365, fastmail, icloud, yahoo or generic (default: guessed)")
	fs.StringVar(&a.IMAP, "imap", "", `IMAP server as "host:port security", e.g. "mail.example.com:993 tls"`)
	fs.StringVar(&a.SMTP, "smtp", "", `SMTP server as "host:port security", e.g. "mail.example.com:465 tls"`)
	fs.StringVar(&a.Username, "username", "", "login name (default: the address)")
	fs.StringVar(&a.SMTPUsername, "smtp-username", "", `SMTP login if not the IMAP one; "-" for none`)
	fs.StringVar(&a.Auth, "auth", "", "password, or oauth2 for gmail, outlook and office365 (default: oauth2 for Microsoft, else password)")
	fs.StringVar(&a.ClientID, "client-id", "", "with --auth oauth2: the client ID of the OAuth2 application you registered")
	fs.StringVar(&a.Name, "name", "", "your name, to sign the reply drafts")
	fs.StringVar(&a.Employment, "employment", "", "searching, employed or student")
	fs.StringVar(&a.Timezone, "timezone", "", "IANA time zone (default: $TZ or the system's)")
	fs.StringVar(&a.DataDir, "data-dir", "", "folder for Sayyes' own data (default: sayyes-data next to the config)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	s.In, s.Out = stdin, stdout
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		s.ReadPassword = func() (string, error) {
			b, err := term.ReadPassword(fd)
			return string(b), err
		}
		// A prompt blocks in a terminal read that nothing can interrupt, so
		// Ctrl-C has to end the process. Nothing is in flight, and the
		// config appears in one rename at the very end; what must not be
		// lost is the terminal's echo, which the password prompt turns off.
		if st, err := term.GetState(fd); err == nil {
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			defer signal.Stop(sig)
			go func() {
				if _, ok := <-sig; ok {
					_ = term.Restore(fd, st)
					fmt.Fprintf(stderr, "\nsayyes init: %v\n", sayyes.ErrSetupCancelled)
					os.Exit(130)
				}
			}()
		}
	}
	if !*noDNS {
		s.LookupMX = net.DefaultResolver.LookupMX
	}
	if *pwStdin {
		pw, err := s.ReadFirstLine()
		if err != nil {
			fmt.Fprintf(stderr, "sayyes init: %v\n", err)
			return 2
		}
		a.Password = pw
	}
	if _, err := s.Run(context.Background()); err != nil {
		fmt.Fprintf(stderr, "sayyes init: %v\n", err)
		return 1
	}
	return 0
}
