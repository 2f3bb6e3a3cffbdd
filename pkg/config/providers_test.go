package config

import (
	"strings"
	"testing"
)

func TestProviderPresets(t *testing.T) {
	for _, tc := range []struct {
		provider, wantIMAP, wantSMTP, wantSec, drafts string
		wantSMTPPort                                  int
	}{
		{"gmail", "imap.gmail.com", "smtp.gmail.com", "tls", "[Gmail]/Drafts", 465},
		{"outlook", "outlook.office365.com", "smtp-mail.outlook.com", "starttls", "Drafts", 587},
		{"office365", "outlook.office365.com", "smtp.office365.com", "starttls", "Drafts", 587},
		{"fastmail", "imap.fastmail.com", "smtp.fastmail.com", "tls", "Drafts", 465},
		{"icloud", "imap.mail.me.com", "smtp.mail.me.com", "starttls", "Drafts", 587},
		{"yahoo", "imap.mail.yahoo.com", "smtp.mail.yahoo.com", "tls", "Draft", 465},
	} {
		t.Run(tc.provider, func(t *testing.T) {
			c := Config{Accounts: []Account{{Name: "a", Address: "me@example.com", Provider: tc.provider}}}
			c.Defaults()
			a := c.Accounts[0]
			if a.IMAP.Host != tc.wantIMAP || a.IMAP.Port != 993 || a.IMAP.Security != "tls" {
				t.Errorf("IMAP = %s:%d %s", a.IMAP.Host, a.IMAP.Port, a.IMAP.Security)
			}
			if a.SMTP.Host != tc.wantSMTP || a.SMTP.Port != tc.wantSMTPPort || a.SMTP.Security != tc.wantSec {
				t.Errorf("SMTP = %s:%d %s", a.SMTP.Host, a.SMTP.Port, a.SMTP.Security)
			}
			if a.DraftsMailbox != tc.drafts {
				t.Errorf("Drafts = %q", a.DraftsMailbox)
			}
			if probs := c.Validate(); len(probs) != 0 {
				t.Errorf("preset does not validate: %v", probs)
			}
		})
	}
}

func TestExplicitSettingsBeatPreset(t *testing.T) {
	c := Config{Accounts: []Account{{Name: "a", Address: "me@gmail.com", Provider: "gmail",
		IMAP: Server{Host: "imap.proxy.example", Port: 1993}, DraftsMailbox: "Entwürfe"}}}
	c.Defaults()
	a := c.Accounts[0]
	if a.IMAP.Host != "imap.proxy.example" || a.IMAP.Port != 1993 || a.DraftsMailbox != "Entwürfe" || a.SMTP.Host != "smtp.gmail.com" {
		t.Errorf("got %+v", a)
	}
}

func TestUnknownProviderNamed(t *testing.T) {
	c := Config{Accounts: []Account{{Name: "a", Address: "me@example.com", Provider: "gmial", IMAP: Server{Host: "h"}, SMTP: Server{Host: "h"}}}}
	c.Defaults()
	probs := c.Validate()
	if len(probs) != 1 || probs[0].Key != "accounts[0].provider" || !strings.Contains(probs[0].Fix, "gmail") {
		t.Fatalf("problems = %v", probs)
	}
}

func TestGuessProvider(t *testing.T) {
	for addr, want := range map[string]string{"a@gmail.com": "gmail", "b@Hotmail.com": "outlook", "c@icloud.com": "icloud", "d@fastmail.com": "fastmail", "e@yahoo.com": "yahoo", "f@acme.example": "generic"} {
		if got := GuessProvider(addr); got != want {
			t.Errorf("GuessProvider(%s) = %s, want %s", addr, got, want)
		}
	}
}
