package config

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Problem is one thing wrong with the configuration.
type Problem struct {
	Key   string // e.g. accounts[0].imap.security
	Value string // the offending value; empty for secrets
	What  string // what is wrong
	Fix   string // how to fix it
}

func (p Problem) String() string {
	s := p.Key + ": " + p.What
	if p.Value != "" {
		s += fmt.Sprintf(" (got %q)", p.Value)
	}
	if p.Fix != "" {
		s += "; " + p.Fix
	}
	return s
}

// Error lists every problem found, so the user fixes them in one go.
type Error struct {
	Source   string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "config %s: %d problem(s):", e.Source, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return b.String()
}

// EnvPrefix starts every environment override.
const EnvPrefix = "SAYYES_"

// Load reads the YAML file at path (none when path is ""), applies
// environment overrides from environ (as os.Environ returns them), reads
// secret files, fills defaults and validates.
func Load(path string, environ []string) (*Config, error) {
	var cfg Config
	src := path
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: reading %s: %w", path, err)
		}
		if err := Parse(data, &cfg); err != nil {
			var ce *Error
			if errors.As(err, &ce) {
				ce.Source = path
			}
			return nil, err
		}
	} else {
		src = "(environment)"
	}
	var probs []Problem
	probs = append(probs, applyEnv(reflect.ValueOf(&cfg).Elem(), EnvPrefix, "", environ)...)
	probs = append(probs, readSecretFiles(&cfg)...)
	cfg.Defaults()
	probs = append(probs, cfg.Validate()...)
	if len(probs) > 0 {
		return nil, &Error{Source: src, Problems: probs}
	}
	return &cfg, nil
}

// Parse decodes YAML into cfg, rejecting unknown keys with their line and
// the closest known key.
func Parse(data []byte, cfg *Config) error {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file is an empty config
		}
		return &Error{Problems: []Problem{{Key: "(file)", What: "not valid YAML: " + err.Error(), Fix: "check indentation and quoting"}}}
	}
	if len(root.Content) == 0 {
		return nil
	}
	var probs []Problem
	checkKeys(root.Content[0], reflect.TypeOf(*cfg), "", &probs)
	if len(probs) > 0 {
		return &Error{Problems: probs}
	}
	if err := root.Content[0].Decode(cfg); err != nil {
		return &Error{Problems: []Problem{{Key: "(file)", What: err.Error(), Fix: "use the type shown in deploy/sayyes.example.yaml"}}}
	}
	return nil
}

// checkKeys walks a mapping node against struct type t and reports keys
// that t does not have.
func checkKeys(n *yaml.Node, t reflect.Type, path string, probs *[]Problem) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode && !isText(t):
		fields := map[string]reflect.Type{}
		var names []string
		for i := range t.NumField() {
			f := t.Field(i)
			name := yamlName(f)
			if name == "" {
				continue
			}
			fields[name] = f.Type
			names = append(names, name)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			ft, ok := fields[k]
			if !ok {
				fix := "remove it"
				if near := closest(k, names); near != "" {
					fix = fmt.Sprintf("did you mean %q?", near)
				}
				*probs = append(*probs, Problem{Key: join(path, k), What: fmt.Sprintf("unknown key (line %d)", n.Content[i].Line), Fix: fix})
				continue
			}
			checkKeys(n.Content[i+1], ft, join(path, k), probs)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			checkKeys(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i), probs)
		}
	}
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func yamlName(f reflect.StructField) string {
	tag := f.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

func isText(t reflect.Type) bool { return reflect.PointerTo(t).Implements(textUnmarshaler) }

// closest returns the candidate within edit distance 2 of k, if any.
func closest(k string, cands []string) string {
	best, bestD := "", 3
	for _, c := range cands {
		if d := editDistance(k, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// applyEnv overlays SAYYES_* variables on v. The variable name is the key
// path in upper case with '_' between parts and list indexes as numbers:
// SAYYES_NATS_URL, SAYYES_ACCOUNTS_0_IMAP_PASSWORD. String lists take a
// comma-separated value. Setting an index one past the end appends.
func applyEnv(v reflect.Value, prefix, path string, environ []string) []Problem {
	env := map[string]string{}
	for _, kv := range environ {
		if k, val, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, prefix) {
			env[k] = val
		}
	}
	if len(env) == 0 {
		return nil
	}
	var probs []Problem
	used := map[string]bool{}
	overlay(v, prefix, path, env, used, &probs)
	var unknown []string
	for k := range env {
		if !used[k] && !strings.HasPrefix(k, EnvPrefix+"TEST_") {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		probs = append(probs, Problem{Key: k, What: "environment variable matches no config key", Fix: "check the spelling against deploy/sayyes.example.yaml (SAYYES_ + the key path in upper case, e.g. SAYYES_ACCOUNTS_0_IMAP_HOST)"})
	}
	return probs
}

func overlay(v reflect.Value, name, path string, env map[string]string, used map[string]bool, probs *[]Problem) {
	t := v.Type()
	if isText(t) || t.Kind() != reflect.Struct && t.Kind() != reflect.Slice {
		val, ok := env[name]
		if !ok {
			return
		}
		used[name] = true
		if err := setScalar(v, val); err != nil {
			shown := val
			if isSecretPath(path) {
				shown = ""
			}
			*probs = append(*probs, Problem{Key: name, Value: shown, What: err.Error(), Fix: "set a value of the right type for " + path})
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			yn := yamlName(f)
			if yn == "" {
				continue
			}
			sep := "_"
			if strings.HasSuffix(name, "_") {
				sep = ""
			}
			overlay(v.Field(i), name+sep+strings.ToUpper(yn), join(path, yn), env, used, probs)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			if val, ok := env[name]; ok {
				used[name] = true
				var items []string
				for _, s := range strings.Split(val, ",") {
					if s = strings.TrimSpace(s); s != "" {
						items = append(items, s)
					}
				}
				v.Set(reflect.ValueOf(items))
			}
			return
		}
		for i := 0; ; i++ {
			p := name + "_" + strconv.Itoa(i) + "_"
			if i >= v.Len() {
				if !hasPrefix(env, p) {
					return
				}
				v.Set(reflect.Append(v, reflect.Zero(t.Elem())))
			}
			overlay(v.Index(i), strings.TrimSuffix(p, "_"), fmt.Sprintf("%s[%d]", path, i), env, used, probs)
		}
	}
}

func hasPrefix(env map[string]string, p string) bool {
	for k := range env {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

func setScalar(v reflect.Value, s string) error {
	if v.CanAddr() && isText(v.Type()) {
		return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false")
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number")
		}
		v.SetInt(n)
	default:
		return fmt.Errorf("cannot be set from the environment")
	}
	return nil
}

func isSecretPath(path string) bool {
	return strings.HasSuffix(path, ".password") || strings.HasSuffix(path, ".secret") || strings.HasSuffix(path, ".client_secret")
}

// readSecretFiles loads *_file secrets; the file wins over an inline value
// only when the inline value is empty, so a stray empty env var cannot wipe it.
func readSecretFiles(c *Config) []Problem {
	var probs []Problem
	if f := c.Replies.SecretFile; f != "" {
		if c.Replies.Secret != "" {
			probs = append(probs, Problem{Key: "replies.secret_file", What: "both secret and secret_file are set", Fix: "keep only one of them"})
		} else if data, err := os.ReadFile(f); err != nil {
			probs = append(probs, Problem{Key: "replies.secret_file", Value: f, What: "cannot read the file: " + errors.Unwrap(err).Error(), Fix: "point it at a readable file holding the secret"})
		} else {
			c.Replies.Secret = strings.TrimRight(string(data), "\r\n")
		}
	}
	for i := range c.Accounts {
		for _, s := range []struct {
			key string
			srv *Server
		}{{"imap", &c.Accounts[i].IMAP}, {"smtp", &c.Accounts[i].SMTP}} {
			if s.srv.PasswordFile == "" {
				continue
			}
			key := fmt.Sprintf("accounts[%d].%s.password_file", i, s.key)
			if s.srv.Password != "" {
				probs = append(probs, Problem{Key: key, What: "both password and password_file are set", Fix: "keep only one of them"})
				continue
			}
			data, err := os.ReadFile(s.srv.PasswordFile)
			if err != nil {
				probs = append(probs, Problem{Key: key, Value: s.srv.PasswordFile, What: "cannot read the file: " + errors.Unwrap(err).Error(), Fix: "point it at a readable file holding only the password"})
				continue
			}
			s.srv.Password = strings.TrimRight(string(data), "\r\n")
		}
	}
	probs = append(probs, readClientSecretFiles(c)...)
	return probs
}

func joinHostPort(h string, p int) string { return net.JoinHostPort(h, strconv.Itoa(p)) }

// MarshalRedacted renders the configuration as YAML with secrets replaced,
// for `sayyes config show` style output and logs.
func (c Config) MarshalRedacted() ([]byte, error) {
	cp := c
	cp.Accounts = append([]Account(nil), c.Accounts...)
	for i := range cp.Accounts {
		for _, s := range []*Server{&cp.Accounts[i].IMAP, &cp.Accounts[i].SMTP} {
			if s.Password != "" {
				s.Password = "(redacted)"
			}
			if s.OAuth2.ClientSecret != "" {
				s.OAuth2.ClientSecret = "(redacted)"
			}
		}
	}
	if cp.Replies.Secret != "" {
		cp.Replies.Secret = "(redacted)"
	}
	return yaml.Marshal(cp)
}
