// Package config loads and validates the Sayyes configuration: a YAML file,
// then SAYYES_* environment variables over it, then secrets from *_file
// paths. Every problem is reported with the key, the bad value (never for
// secrets) and how to fix it; unknown keys are errors, because a misspelt key
// silently ignored is a setting the user believes in but does not have.
package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration.
type Config struct {
	DataDir      string    `yaml:"data_dir"`
	TemplatesDir string    `yaml:"templates_dir"`
	Log          Log       `yaml:"log"`
	NATS         NATS      `yaml:"nats"`
	Profile      Profile   `yaml:"profile"`
	Digest       Digest    `yaml:"digest"`
	Replies      Replies   `yaml:"replies"`
	Metrics      Metrics   `yaml:"metrics"`
	Accounts     []Account `yaml:"accounts"`
}

// Log selects the log handler.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // auto, text, json
}

// NATS says where the bus is.
type NATS struct {
	// URL of an external NATS server or cluster; empty runs one embedded.
	URL             string `yaml:"url"`
	CredentialsFile string `yaml:"credentials_file"`
	// Listen lets the embedded server accept network clients (host:port).
	Listen   string `yaml:"listen"`
	Replicas int    `yaml:"replicas"`
}

// Profile describes the job seeker; the advisor tailors advice to it.
type Profile struct {
	Name           string   `yaml:"name"`
	Employment     string   `yaml:"employment"` // searching, employed, student
	AcceptedOffer  bool     `yaml:"accepted_offer"`
	AvoidCompanies []string `yaml:"avoid_companies"`
	Competitors    []string `yaml:"competitors"`
	Timezone       string   `yaml:"timezone"`
	// The keys below are described in profile.go.
	Search            string       `yaml:"search"`
	AcceptedOfferDate string       `yaml:"accepted_offer_date"`
	Availability      []string     `yaml:"availability"`
	BusyCalendar      string       `yaml:"busy_calendar"`
	DealBreakers      DealBreakers `yaml:"deal_breakers"`
	Tone              string       `yaml:"tone"`
	OfferReferral     bool         `yaml:"offer_referral"`
}

// Metrics configures the HTTP endpoint with /metrics, /healthz, /readyz.
type Metrics struct {
	// Listen is host:port; empty turns the endpoint off.
	Listen string `yaml:"listen"`
}

// Replies configures sending prepared replies on the user's command.
type Replies struct {
	// Secret signs the reply codes in digests. Empty: a random secret is
	// created in data_dir/reply-secret; set it when services run apart.
	Secret     string `yaml:"secret" secret:"true"`
	SecretFile string `yaml:"secret_file"`
	// CodeTTL is how long a digest's reply codes stay valid.
	CodeTTL Duration `yaml:"code_ttl"`
	// ByDigestReply lets the user send a draft by replying to the digest.
	ByDigestReply *bool `yaml:"by_digest_reply"`
}

// DigestReplyEnabled reports whether replying to a digest can send a draft.
func (r Replies) DigestReplyEnabled() bool { return r.ByDigestReply == nil || *r.ByDigestReply }

// Account is one mailbox to watch and the place to send its digests.
type Account struct {
	Name string `yaml:"name"`
	// Provider fills servers and folder names for a known provider:
	// gmail, outlook, office365, fastmail, icloud, yahoo or generic.
	Provider string `yaml:"provider"`
	// Address is the owner's address; drafts are from it.
	Address  string `yaml:"address"`
	DigestTo string `yaml:"digest_to"`
	IMAP     Server `yaml:"imap"`
	SMTP     Server `yaml:"smtp"`
	// Mailboxes to watch; INBOX when empty.
	Mailboxes []string `yaml:"mailboxes"`
	// DraftsMailbox overrides the \Drafts special-use lookup.
	DraftsMailbox string `yaml:"drafts_mailbox"`
	SentMailbox   string `yaml:"sent_mailbox"`
	// AuthservID is the authserv-id your own server writes in
	// Authentication-Results. When set, a reply to a digest must carry a
	// DKIM or DMARC pass for your domain from that server.
	AuthservID string `yaml:"authserv_id"`
	// InitialLookback is how far back, by arrival date, the first start of
	// a mailbox looks for invitations.
	InitialLookback Duration `yaml:"initial_lookback"`
	// MaxFetchBytes caps how much of each message is fetched.
	MaxFetchBytes int `yaml:"max_fetch_bytes"`
	// Keepalive is how often an idle IMAP connection is proven alive.
	Keepalive Duration `yaml:"keepalive"`
	// PollInterval is used when the server has no IDLE.
	PollInterval Duration `yaml:"poll_interval"`
	// DisableIdle polls even when the server offers IDLE, for servers whose
	// IDLE is known to stall.
	DisableIdle bool `yaml:"disable_idle"`
}

// Server is an IMAP or SMTP endpoint and its credentials.
type Server struct {
	Host         string `yaml:"host"`
	Port         int    `yaml:"port"`
	Security     string `yaml:"security"` // tls, starttls, none
	Username     string `yaml:"username"`
	Password     string `yaml:"password" secret:"true"`
	PasswordFile string `yaml:"password_file"`
	CAFile       string `yaml:"ca_file"`
	// TLSSkipVerify turns off certificate checks. Only for testing.
	TLSSkipVerify bool `yaml:"tls_skip_verify"`
	// AllowPlain permits security "none" to a host that is not loopback.
	AllowPlain bool `yaml:"allow_plain"`
	// Auth is how to log in: password (the default) or oauth2 (SASL
	// OAUTHBEARER or XOAUTH2 with a token from OAuth2; see oauth2.go).
	Auth   string `yaml:"auth"`
	OAuth2 OAuth2 `yaml:"oauth2,omitempty"`
}

// Security modes.
const (
	SecurityTLS      = "tls"
	SecurityStartTLS = "starttls"
	SecurityNone     = "none"
)

// Duration is a time.Duration that also accepts a day suffix ("7d").
type Duration time.Duration

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// maxDays is the longest day count a time.Duration holds (about 292 years).
const maxDays = float64(math.MaxInt64) / float64(24*time.Hour)

// ParseDuration accepts Go durations and whole or fractional days ("90d").
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		f, err := strconv.ParseFloat(days, 64)
		// Written as a range check so NaN fails it too; beyond the range
		// the conversion below overflows into a negative duration.
		if err != nil || !(f >= 0 && f < maxDays) {
			return 0, fmt.Errorf("%q is not a duration like 7d, 36h or 90m", s)
		}
		return Duration(f * float64(24*time.Hour)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration like 7d, 36h or 90m", s)
	}
	return Duration(d), nil
}

// UnmarshalText implements encoding.TextUnmarshaler (used by YAML and env).
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// Defaults fills what the user left out.
func (c *Config) Defaults() {
	if c.DataDir == "" {
		c.DataDir = "./sayyes-data"
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	if c.Log.Format == "" {
		c.Log.Format = "auto"
	}
	if c.NATS.Replicas == 0 {
		c.NATS.Replicas = 1
	}
	if c.Replies.CodeTTL == 0 {
		c.Replies.CodeTTL = Duration(14 * 24 * time.Hour)
	}
	if c.Profile.Employment == "" {
		c.Profile.Employment = "searching"
	}
	if c.Profile.Timezone == "" {
		c.Profile.Timezone = "UTC"
	}
	c.Profile.defaults()
	c.Digest.defaults()
	for i := range c.Accounts {
		a := &c.Accounts[i]
		if len(a.Mailboxes) == 0 {
			a.Mailboxes = []string{"INBOX"}
		}
		if a.DigestTo == "" {
			a.DigestTo = a.Address
		}
		if a.InitialLookback == 0 {
			a.InitialLookback = Duration(7 * 24 * time.Hour)
		}
		if a.MaxFetchBytes == 0 {
			a.MaxFetchBytes = 1 << 20
		}
		if a.Keepalive == 0 {
			a.Keepalive = Duration(30 * time.Second)
		}
		if a.PollInterval == 0 {
			a.PollInterval = Duration(30 * time.Second)
		}
		a.applyPreset()
		a.IMAP.defaults(993, 143)
		a.SMTP.defaults(465, 587)
		if a.IMAP.Username == "" {
			a.IMAP.Username = a.Address
		}
		a.oauth2Defaults(c.DataDir)
		if a.SMTP.Username == "" && (a.SMTP.Password != "" || a.SMTP.Auth == AuthOAuth2) {
			a.SMTP.Username = a.IMAP.Username
		}
	}
}

func (s *Server) defaults(tlsPort, plainPort int) {
	if s.Security == "" {
		s.Security = SecurityTLS
	}
	if s.Port == 0 {
		if s.Security == SecurityTLS {
			s.Port = tlsPort
		} else {
			s.Port = plainPort
		}
	}
}

// Addr is host:port.
func (s Server) Addr() string { return joinHostPort(s.Host, s.Port) }
