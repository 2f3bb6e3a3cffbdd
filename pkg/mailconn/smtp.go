package mailconn

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/wneessen/go-mail"

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
	tc, err := TLSConfig(s)
	if err != nil {
		return &SendError{Permanent: true, Err: err}
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
	c, err := mail.NewClient(s.Host, opts...)
	if err != nil {
		return &SendError{Permanent: true, Err: fmt.Errorf("configuring SMTP client: %w", err)}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
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
