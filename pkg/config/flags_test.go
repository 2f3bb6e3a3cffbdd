package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// File < environment < --set flags.
func TestPrecedence(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("nats:\n  url: nats://file:4222\naccounts:\n  - name: me\n    address: me@example.com\n    imap: {host: imap.file.example}\n    smtp: {host: smtp.file.example}\n"), 0o644)
	var sets Sets
	for _, v := range []string{"nats.url=nats://flag:4222", "accounts[0].imap.port=1993"} {
		if err := sets.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{"SAYYES_NATS_URL=nats://env:4222", "SAYYES_ACCOUNTS_0_SMTP_HOST=smtp.env.example", "SAYYES_ACCOUNTS_0_IMAP_PORT=2993"}
	cfg, err := Load(p, sets.Environ(env))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.NATS.URL != "nats://flag:4222" || cfg.Accounts[0].IMAP.Port != 1993 || cfg.Accounts[0].SMTP.Host != "smtp.env.example" || cfg.Accounts[0].IMAP.Host != "imap.file.example" {
		t.Fatalf("precedence wrong: url %s, imap %s:%d, smtp %s", cfg.NATS.URL, cfg.Accounts[0].IMAP.Host, cfg.Accounts[0].IMAP.Port, cfg.Accounts[0].SMTP.Host)
	}
	var bad Sets
	if err := bad.Set("nats.url"); err == nil || !strings.Contains(err.Error(), "key=value") {
		t.Errorf("a flag without = must be refused: %v", err)
	}
	if err := bad.Set("nats.urll=x"); err != nil {
		t.Fatal(err) // well-formed; Load names it
	}
	if _, err := Load(p, bad.Environ(nil)); err == nil || !strings.Contains(err.Error(), "SAYYES_NATS_URLL") {
		t.Errorf("an unknown --set key must be named: %v", err)
	}
}
