package mailconn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/textproto"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/wneessen/go-mail/smtp"
	"golang.org/x/oauth2"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/oauth"
)

// SASL mechanism names.
const (
	mechOAuthBearer = sasl.OAuthBearer // RFC 7628
	mechXOAuth2     = "XOAUTH2"        // https://developers.google.com/gmail/imap/xoauth2-protocol
)

// oauthToken returns the current access token for s. Failures that a
// retry cannot fix (no token file, refresh token revoked) wrap ErrAuth.
func oauthToken(ctx context.Context, s config.Server) (*oauth.Source, *oauth2.Token, error) {
	src := oauth.For(s.OAuth2)
	tok, err := src.TokenContext(ctx)
	if err != nil {
		return nil, nil, tokenErr(err)
	}
	return src, tok, nil
}

func tokenErr(err error) error {
	if errors.Is(err, oauth.ErrNoToken) || errors.Is(err, oauth.ErrRevoked) || errors.Is(err, oauth.ErrRejectedFresh) {
		return fmt.Errorf("%w: %w", ErrAuth, err)
	}
	return fmt.Errorf("getting an OAuth2 access token: %w", err)
}

// pickMech chooses the SASL mechanism for an OAuth2 login: the configured
// one, else OAUTHBEARER when offered (the standard), else XOAUTH2. ""
// means the server offers neither.
func pickMech(configured string, offered []string) string {
	has := func(m string) bool {
		return slices.ContainsFunc(offered, func(o string) bool { return strings.EqualFold(o, m) })
	}
	switch configured {
	case config.MechanismOAuthBearer:
		return mechOAuthBearer
	case config.MechanismXOAuth2:
		return mechXOAuth2
	}
	switch {
	case has(mechOAuthBearer):
		return mechOAuthBearer
	case has(mechXOAuth2):
		return mechXOAuth2
	}
	return ""
}

// bearer is a SASL client for OAUTHBEARER and XOAUTH2. When the server
// refuses the token it sends an error challenge (JSON); bearer keeps its
// status and answers as the mechanism requires (RFC 7628 section 3.2.3: a
// single %x01; XOAUTH2: an empty response), so the exchange ends with the
// server's own failure reply.
type bearer struct {
	mech, user, token, host string
	port                    int
	status                  string // from the server's error challenge
}

// Start implements sasl.Client.
func (b *bearer) Start() (string, []byte, error) {
	if b.mech == mechOAuthBearer {
		return sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: b.user, Token: b.token, Host: b.host, Port: b.port}).Start()
	}
	return mechXOAuth2, []byte("user=" + b.user + "\x01auth=Bearer " + b.token + "\x01\x01"), nil
}

// Next implements sasl.Client: the only challenge either mechanism gets
// is the error report.
func (b *bearer) Next(challenge []byte) ([]byte, error) {
	var e struct {
		Status string `json:"status"`
	}
	if json.Unmarshal(challenge, &e) == nil && e.Status != "" {
		b.status = e.Status
	} else {
		b.status = "refused"
	}
	if b.mech == mechOAuthBearer {
		return []byte{0x01}, nil
	}
	return []byte{}, nil
}

// refusal is a server's "no" to an OAuth2 access token. It is an ErrAuth.
type refusal struct {
	user, mech, status, text string
}

func (r *refusal) Error() string {
	s := fmt.Sprintf("user %s: %v: the server refused the OAuth2 token (%s", r.user, ErrAuth, r.mech)
	if r.status != "" {
		s += " " + r.status
	}
	s += ")"
	if r.text != "" {
		s += ": " + r.text
	}
	return s
}

func (r *refusal) Unwrap() error { return ErrAuth }

// imapBearer is bearer for go-imap, which cannot send the empty response
// that XOAUTH2 wants after an error challenge (it would send "=", which
// Dovecot rejects as bad base64): it ends the exchange with a refusal, and
// the connection is dropped.
type imapBearer struct{ bearer }

func (b *imapBearer) Next(challenge []byte) ([]byte, error) {
	resp, err := b.bearer.Next(challenge)
	if b.mech == mechXOAuth2 {
		return nil, &refusal{user: b.user, mech: b.mech, status: b.status}
	}
	return resp, err
}

// dialOAuth2 is DialIMAP for auth: oauth2. When the server refuses the
// token, the Source renews it (at most once, see oauth.Source.Renew) and
// one more connection tries the new one.
func dialOAuth2(ctx context.Context, s config.Server, timeout time.Duration, opts *imapclient.Options) (*IMAP, error) {
	// The token is got before connecting: a refresh talks to the token
	// endpoint, which must not eat into the IMAP deadline.
	src, tok, err := oauthToken(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("imap %s: user %s: %w", s.Addr(), s.Username, err)
	}
	c, err := dial(ctx, s, timeout, opts, func(c *imapclient.Client) error { return authenticate(c, s, tok) })
	var r *refusal
	if !errors.As(err, &r) {
		return c, err
	}
	fresh, rerr := src.Renew(ctx, tok)
	if rerr != nil {
		return nil, fmt.Errorf("%w; renewing the token: %w", err, rerr)
	}
	c, err = dial(ctx, s, timeout, opts, func(c *imapclient.Client) error { return authenticate(c, s, fresh) })
	if errors.As(err, &r) {
		return nil, fmt.Errorf("%w (a renewed token)", err)
	}
	return c, err
}

// authenticate logs in with tok by SASL (RFC 3501 section 6.2.2).
func authenticate(c *imapclient.Client, s config.Server, tok *oauth2.Token) error {
	offered := c.Caps().AuthMechanisms()
	mech := pickMech(s.OAuth2.Mechanism, offered)
	if mech == "" {
		return fmt.Errorf("user %s: %w: the server offers neither AUTH=OAUTHBEARER nor AUTH=XOAUTH2 (it offers %v); use auth: password", s.Username, ErrAuth, offered)
	}
	b := &imapBearer{bearer{mech: mech, user: s.Username, token: tok.AccessToken, host: s.Host, port: s.Port}}
	err := c.Authenticate(b)
	var r *refusal
	var ie *imap.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &r):
		return r
	case errors.As(err, &ie) && ie.Type == imap.StatusResponseTypeNo:
		return &refusal{user: s.Username, mech: mech, status: b.status, text: ie.Text}
	}
	return fmt.Errorf("authenticate %s: %w", mech, err)
}

// smtpBearer adapts bearer to go-mail's smtp.Auth, choosing the mechanism
// from the server's EHLO AUTH list.
type smtpBearer struct {
	bearer
	configured string
	failed     bool
}

// Start implements smtp.Auth.
func (a *smtpBearer) Start(info *smtp.ServerInfo) (string, []byte, error) {
	a.mech = pickMech(a.configured, info.Auth)
	if a.mech == "" {
		return "", nil, fmt.Errorf("%w: the server offers neither AUTH OAUTHBEARER nor XOAUTH2 (it offers %v)", ErrAuth, info.Auth)
	}
	return a.bearer.Start()
}

// Next implements smtp.Auth.
func (a *smtpBearer) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	a.failed = true
	return a.bearer.Next(fromServer)
}

// isSMTPAuthRefused reports whether err is the server's refusal of the
// credentials (RFC 4954 section 6: 535 5.7.8), not a network or server
// failure.
func isSMTPAuthRefused(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te) && te.Code == 535
}
