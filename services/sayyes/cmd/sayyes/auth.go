package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/oauth2"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/oauth"
)

const authUsage = `usage:
  sayyes auth login --config FILE [--account NAME] [--provider gmail|microsoft] [--device | --loopback]

Signs in to your mail provider once and stores the OAuth2 refresh token in
the account's oauth2.token_file (mode 0600). Sayyes then gets access tokens
from it by itself. The account needs auth: oauth2 and oauth2.client_id (see
deploy/sayyes.example.yaml).

  --device    device code: open a URL on any device and type a code
              (default for microsoft and custom providers with a device endpoint)
  --loopback  browser on this machine, redirected back to 127.0.0.1
              (default for gmail: Google allows no mail scope with device codes)
`

// runAuth implements `sayyes auth login`.
func runAuth(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "login" {
		fmt.Fprint(stderr, authUsage)
		return 2
	}
	fs := flag.NewFlagSet("auth login", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, authUsage) }
	path := fs.String("config", "", "path to the YAML config file")
	name := fs.String("account", "", "the account to sign in (default: the only one)")
	provider := fs.String("provider", "", "gmail or microsoft (must match the config when it names one)")
	device := fs.Bool("device", false, "use the device code flow")
	loopback := fs.Bool("loopback", false, "use a browser on this machine and a redirect to 127.0.0.1")
	timeout := fs.Duration("timeout", 10*time.Minute, "how long to wait for you to approve")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *device && *loopback {
		fmt.Fprint(stderr, authUsage)
		return 2
	}
	switch *provider {
	case "", config.ProviderGmail, config.ProviderMicrosoft:
	default:
		fmt.Fprintf(stderr, "sayyes auth login: --provider %q: use gmail or microsoft (other providers: provider: custom in the config)\n", *provider)
		return 2
	}
	cfg, err := config.Load(*path, os.Environ())
	if err != nil {
		fmt.Fprintf(stderr, "sayyes auth login: %v\n", err)
		return 2
	}
	idx, err := pickAccount(cfg, *name)
	if err != nil {
		fmt.Fprintf(stderr, "sayyes auth login: %v\n", err)
		return 2
	}
	a := cfg.Accounts[idx]
	// IMAP and SMTP usually share one token file; sign in once per file.
	var logins []config.Server
	seen := map[string]bool{}
	for _, s := range []config.Server{a.IMAP, a.SMTP} {
		if s.UsesOAuth2() && !seen[s.OAuth2.TokenFile] {
			seen[s.OAuth2.TokenFile] = true
			logins = append(logins, s)
		}
	}
	if len(logins) == 0 {
		fmt.Fprintf(stderr, "sayyes auth login: accounts[%d] (%s) logs in with a password; set imap.auth: oauth2 and imap.oauth2.client_id first (see deploy/sayyes.example.yaml)\n", idx, a.Name)
		return 2
	}
	for _, s := range logins {
		if *provider != "" && s.OAuth2.Provider != *provider {
			fmt.Fprintf(stderr, "sayyes auth login: --provider %s, but the config's oauth2.provider for %s is %s; make them agree\n", *provider, s.Host, s.OAuth2.Provider)
			return 2
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	for _, s := range logins {
		o := s.OAuth2
		conf := oauth.Config(o)
		useDevice := *device || !*loopback && o.Provider != config.ProviderGmail && conf.Endpoint.DeviceAuthURL != ""
		fmt.Fprintf(stdout, "Signing in %s (%s, %s) for %s.\n\n", s.Username, o.Provider, s.Host, a.Name)
		var tok *oauth2.Token
		if useDevice {
			tok, err = oauth.DeviceLogin(ctx, conf, stdout)
		} else {
			opts := []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("login_hint", s.Username)}
			if o.Provider == config.ProviderGmail {
				// A refresh token comes only with offline access, and
				// again on a later sign-in only after a fresh consent.
				opts = append(opts, oauth2.AccessTypeOffline, oauth2.ApprovalForce)
			}
			tok, err = oauth.LoopbackLogin(ctx, conf, stdout, opts...)
		}
		if err != nil {
			fmt.Fprintf(stderr, "sayyes auth login: %v\n", err)
			return 1
		}
		if err := oauth.WriteToken(o.TokenFile, tok); err != nil {
			fmt.Fprintf(stderr, "sayyes auth login: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "\nSigned in. The refresh token is in %s (mode 0600); keep that file private.\n", o.TokenFile)
	}
	fmt.Fprintf(stdout, "Check the logins with: sayyes doctor --config %s\n", *path)
	return 0
}

// pickAccount finds the account called name, or the only one.
func pickAccount(cfg *config.Config, name string) (int, error) {
	if name == "" {
		if len(cfg.Accounts) == 1 {
			return 0, nil
		}
		return 0, fmt.Errorf("the config has %d accounts; say which with --account NAME", len(cfg.Accounts))
	}
	for i, a := range cfg.Accounts {
		if a.Name == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("no account named %q in the config", name)
}
