package mailconn

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"

	"github.com/sayyes/sayyes/pkg/config"
)

// TLSConfig builds the client TLS settings for s: verified by default,
// against s.CAFile when given; verification off only when the user asked.
func TLSConfig(s config.Server) (*tls.Config, error) {
	tc := &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
	if s.CAFile != "" {
		pem, err := os.ReadFile(s.CAFile)
		if err != nil {
			return nil, fmt.Errorf("reading ca_file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca_file %s holds no PEM certificate", s.CAFile)
		}
		tc.RootCAs = pool
	}
	if s.TLSSkipVerify {
		tc.InsecureSkipVerify = true //nolint:gosec // explicit user setting for self-signed test servers
	}
	return tc, nil
}
