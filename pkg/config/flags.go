package config

import (
	"fmt"
	"regexp"
	"strings"
)

// Sets collects repeated --set key=value flags: the last source of
// configuration, above the file and the environment. Keys are the YAML
// paths as the example config writes them, with list indexes in brackets
// or as numbers: nats.url, accounts[0].imap.port, accounts.0.smtp.host.
type Sets []string

// String implements flag.Value.
func (s *Sets) String() string { return strings.Join(*s, ", ") }

// Set implements flag.Value.
func (s *Sets) Set(v string) error {
	k, _, ok := strings.Cut(v, "=")
	if !ok || !reSetKey.MatchString(k) {
		return fmt.Errorf("want key=value with a key like nats.url or accounts[0].imap.port, got %q", v)
	}
	*s = append(*s, v)
	return nil
}

var reSetKey = regexp.MustCompile(`^[a-z_]+(\[\d+\]|\.\d+|\.[a-z_]+)*$`)

// Environ turns the flags into SAYYES_* entries that follow environ, so
// that they take precedence over both the file and the environment.
func (s Sets) Environ(environ []string) []string {
	out := append([]string(nil), environ...)
	for _, kv := range s {
		k, v, _ := strings.Cut(kv, "=")
		k = strings.NewReplacer("[", ".", "]", "").Replace(k)
		out = append(out, EnvPrefix+strings.ToUpper(strings.ReplaceAll(k, ".", "_"))+"="+v)
	}
	return out
}
