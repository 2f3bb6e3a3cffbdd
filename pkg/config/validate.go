package config

import (
	"fmt"
	"net"
	"net/mail"
	"strings"
	"time"
)

// Validate returns every problem with a defaulted configuration.
func (c *Config) Validate() []Problem {
	var ps []Problem
	add := func(key, val, what, fix string) { ps = append(ps, Problem{Key: key, Value: val, What: what, Fix: fix}) }

	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level", c.Log.Level, "unknown level", "use debug, info, warn or error")
	}
	switch c.Log.Format {
	case "auto", "text", "json":
	default:
		add("log.format", c.Log.Format, "unknown format", "use auto, text or json")
	}
	if c.NATS.Replicas != 1 && c.NATS.Replicas != 3 && c.NATS.Replicas != 5 {
		add("nats.replicas", fmt.Sprint(c.NATS.Replicas), "unsupported replica count", "use 1 (single server) or 3 (cluster)")
	}
	if c.NATS.URL == "" && c.NATS.Replicas > 1 {
		add("nats.replicas", fmt.Sprint(c.NATS.Replicas), "the embedded server is a single node", "set nats.url to your cluster, or replicas to 1")
	}
	if c.Metrics.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Metrics.Listen); err != nil {
			add("metrics.listen", c.Metrics.Listen, "not a host:port", "use e.g. 127.0.0.1:9090 (or :9090 to listen on all interfaces)")
		}
	}
	if c.NATS.Listen != "" {
		if _, _, err := net.SplitHostPort(c.NATS.Listen); err != nil {
			add("nats.listen", c.NATS.Listen, "not a host:port", "use e.g. 127.0.0.1:4222")
		}
	}
	switch c.Profile.Employment {
	case "searching", "employed", "student":
	default:
		add("profile.employment", c.Profile.Employment, "unknown employment status", "use searching, employed or student")
	}
	if _, err := time.LoadLocation(c.Profile.Timezone); err != nil {
		add("profile.timezone", c.Profile.Timezone, "unknown time zone", "use an IANA name such as Europe/Berlin or America/New_York")
	}
	ps = append(ps, c.Profile.validate()...)
	ps = append(ps, c.Digest.validate()...)

	if c.Replies.Secret != "" && len(c.Replies.Secret) < 16 {
		add("replies.secret", "", "shorter than 16 characters", "use a long random string, e.g. the output of: head -c 32 /dev/urandom | base64")
	}
	if c.Replies.CodeTTL.D() < time.Hour {
		add("replies.code_ttl", c.Replies.CodeTTL.D().String(), "too short to act on a digest", "use at least 1h (default 14d)")
	}
	names := map[string]int{}
	for i, a := range c.Accounts {
		k := func(s string) string { return fmt.Sprintf("accounts[%d].%s", i, s) }
		if a.Name == "" {
			add(k("name"), "", "missing", "give the account a short name, e.g. personal")
		} else if j, dup := names[a.Name]; dup {
			add(k("name"), a.Name, fmt.Sprintf("same name as accounts[%d]", j), "account names must be unique")
		}
		names[a.Name] = i
		if a.Provider != "" && a.Provider != "generic" {
			if _, ok := Presets()[a.Provider]; !ok {
				add(k("provider"), a.Provider, "unknown provider", "use one of "+strings.Join(ProviderNames(), ", ")+", or leave it empty and set imap and smtp")
			}
		}
		if _, err := mail.ParseAddress(a.Address); err != nil {
			add(k("address"), a.Address, "not an email address", "set the mailbox owner's address, e.g. you@example.com")
		}
		if _, err := mail.ParseAddress(a.DigestTo); err != nil {
			add(k("digest_to"), a.DigestTo, "not an email address", "set where digests go (defaults to address)")
		}
		ps = append(ps, a.IMAP.validate(k("imap"))...)
		ps = append(ps, a.SMTP.validate(k("smtp"))...)
		if a.MaxFetchBytes < 16<<10 {
			add(k("max_fetch_bytes"), fmt.Sprint(a.MaxFetchBytes), "too small to hold an invitation", "use at least 16384 (default 1048576)")
		}
		if a.Keepalive.D() < 5*time.Second || a.Keepalive.D() > 25*time.Minute {
			add(k("keepalive"), a.Keepalive.D().String(), "out of range", "use between 5s and 25m (servers drop idle connections after about 29 minutes)")
		}
		if a.PollInterval.D() < time.Second {
			add(k("poll_interval"), a.PollInterval.D().String(), "too short", "use at least 1s")
		}
		for j, m := range a.Mailboxes {
			if strings.TrimSpace(m) == "" {
				add(fmt.Sprintf("accounts[%d].mailboxes[%d]", i, j), m, "empty mailbox name", "remove it or name a folder such as INBOX")
			}
		}
	}
	return ps
}

func (s Server) validate(key string) []Problem {
	var ps []Problem
	add := func(sub, val, what, fix string) {
		ps = append(ps, Problem{Key: key + "." + sub, Value: val, What: what, Fix: fix})
	}
	if s.Host == "" {
		add("host", "", "missing", "set the server's host name, e.g. imap.example.com")
	}
	if s.Port <= 0 || s.Port > 65535 {
		add("port", fmt.Sprint(s.Port), "not a port number", "use 1-65535 (IMAP: 993 tls, 143 starttls; SMTP: 465 tls, 587 starttls)")
	}
	switch s.Security {
	case SecurityTLS, SecurityStartTLS:
	case SecurityNone:
		if !s.AllowPlain && !IsLoopback(s.Host) {
			add("security", s.Security, "plain text to a non-loopback host would expose your password", "use tls or starttls, or set allow_plain: true if the network is private")
		}
	default:
		add("security", s.Security, "unknown mode", "use tls, starttls or none")
	}
	if s.TLSSkipVerify && s.CAFile != "" {
		add("tls_skip_verify", "true", "conflicts with ca_file", "keep ca_file (verification against your CA) and drop tls_skip_verify")
	}
	ps = append(ps, s.validateAuth(key)...)
	return ps
}

// IsLoopback reports whether host names the local machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
