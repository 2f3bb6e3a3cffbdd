package mailconn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/wneessen/go-mail"
	"golang.org/x/oauth2"

	"github.com/sayyes/sayyes/pkg/config"
)

// SendError is an SMTP failure classified for retrying.
type SendError struct {
	// Permanent is true for 5xx replies: the same message will be refused
	// again, so it must not be retried.
	Permanent bool
	Code      int
	Err       error
}

func (e *SendError) Error() string {
	kind := "temporary"
	if e.Permanent {
		kind = "permanent"
	}
	return fmt.Sprintf("smtp %s failure: %v", kind, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Send delivers msg through s. Network errors and 4xx replies come back as
// a temporary SendError; 5xx replies as a permanent one. (go-mail's
// IsTemp only looks at 4xx replies, so network failures are classified here.)
func Send(ctx context.Context, s config.Server, msg *mail.Msg, timeout time.Duration) error {
	if s.UsesOAuth2() {
		return sendOAuth2(ctx, s, msg, timeout)
	}
	return send(ctx, s, msg, timeout, nil)
}

// sendOAuth2 sends with an OAuth2 token, and once more with a renewed one
// if the server refuses it (535). Nothing was sent then: AUTH comes before
// MAIL FROM. A refusal is a temporary SendError wrapping ErrAuth: the
// message is fine, the login has to be fixed.
func sendOAuth2(ctx context.Context, s config.Server, msg *mail.Msg, timeout time.Duration) error {
	src, tok, err := oauthToken(ctx, s)
	if err != nil {
		return &SendError{Err: fmt.Errorf("smtp %s: user %s: %w", s.Addr(), s.Username, err)}
	}
	try := func(t *oauth2.Token) error {
		auth := &smtpBearer{bearer: bearer{user: s.Username, token: t.AccessToken, host: s.Host, port: s.Port}, configured: s.OAuth2.Mechanism}
		err := send(ctx, s, msg, timeout, auth)
		if err != nil && (auth.failed || isSMTPAuthRefused(err)) {
			return fmt.Errorf("smtp %s: %w: %v", s.Addr(), &refusal{user: s.Username, mech: auth.mech, status: auth.status}, errors.Unwrap(err))
		}
		return err
	}
	err = try(tok)
	var r *refusal
	if !errors.As(err, &r) {
		return err
	}
	fresh, rerr := src.Renew(ctx, tok)
	if rerr != nil {
		return &SendError{Code: 535, Err: fmt.Errorf("%w; renewing the token: %w", err, rerr)}
	}
	if err = try(fresh); errors.As(err, &r) {
		return &SendError{Code: 535, Err: fmt.Errorf("%w (a renewed token)", err)}
	}
	return err
}

// SMTPClient returns a go-mail client for s: its security mode, its TLS
// settings and, when s has a username and password, password login. The
// mailer, `sayyes doctor` and `sayyes init` all connect through it, so they
// check what is actually used. extra adds options (a SASL client).
func SMTPClient(s config.Server, timeout time.Duration, extra ...mail.Option) (*mail.Client, error) {
	tc, err := TLSConfig(s)
	if err != nil {
		return nil, err
	}
	opts := []mail.Option{
		mail.WithPort(s.Port),
		mail.WithTimeout(timeout),
		mail.WithTLSConfig(tc),
	}
	switch s.Security {
	case config.SecurityTLS:
		opts = append(opts, mail.WithSSL())
	case config.SecurityStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if s.Username != "" && s.Password != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.Username), mail.WithPassword(s.Password))
	}
	c, err := mail.NewClient(s.Host, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("configuring SMTP client: %w", err)
	}
	return c, nil
}

// send is Send with a given SASL client (nil: password or no login).
func send(ctx context.Context, s config.Server, msg *mail.Msg, timeout time.Duration, auth *smtpBearer) error {
	var extra []mail.Option
	if auth != nil {
		extra = append(extra, mail.WithSMTPAuthCustom(auth))
	}
	c, err := SMTPClient(s, timeout, extra...)
	if err != nil {
		return &SendError{Permanent: true, Err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		// go-mail also reports a failed RSET or QUIT after the server's
		// 250 to DATA. The message was handed over by then, and a retry
		// would send a second copy: that is success.
		if msg.IsDelivered() {
			return nil
		}
		return classify(err)
	}
	return nil
}

func classify(err error) error {
	var se *mail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		switch {
		case code >= 500 && code < 600:
			return &SendError{Permanent: true, Code: code, Err: err}
		case code >= 400:
			return &SendError{Code: code, Err: err}
		}
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) {
		return &SendError{Err: err}
	}
	// Unknown failures are retried: a retry is cheap, a lost digest is not.
	return &SendError{Err: err}
}
