package replytoken

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMintVerify(t *testing.T) {
	secret := []byte("0123456789abcdef0123")
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	code, err := Mint(secret, "inv1", "accept", now.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(secret, code, "inv1", "accept", now); err != nil {
		t.Fatalf("valid code rejected: %v", err)
	}
	other, _ := Mint(secret, "inv1", "accept", now.Add(24*time.Hour))
	if other == code {
		t.Error("two codes for the same claims must differ (nonce)")
	}
	tampered := strings.Replace(code, ".accept.", ".decline.", 1)
	cases := []struct {
		name     string
		secret   []byte
		code     string
		id, kind string
		now      time.Time
		want     error
	}{
		{"another kind", secret, code, "inv1", "decline", now, ErrMismatch},
		{"another invitation", secret, code, "inv2", "accept", now, ErrMismatch},
		{"kind edited in the code", secret, tampered, "inv1", "decline", now, ErrForged},
		{"other secret", []byte("another-secret-of-20b"), code, "inv1", "accept", now, ErrForged},
		{"expired", secret, code, "inv1", "accept", now.Add(25 * time.Hour), ErrExpired},
		{"garbage", secret, "SY1.accept.inv1", "inv1", "accept", now, ErrMalformed},
		{"empty", secret, "", "inv1", "accept", now, ErrMalformed},
	}
	for _, c := range cases {
		if _, err := Verify(c.secret, c.code, c.id, c.kind, c.now); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestFindInQuotedReply(t *testing.T) {
	text := "accept\n\nThanks!\n\n> To accept, reply with accept (code SY1.accept.abc.123.nonce.mac).\n> [SY1.decline.abc.123.n2.m2]"
	got := Find(text)
	if len(got) != 2 || got[0] != "SY1.accept.abc.123.nonce.mac" || got[1] != "SY1.decline.abc.123.n2.m2" {
		t.Fatalf("Find = %v", got)
	}
}

func TestShortSecretRefused(t *testing.T) {
	if _, err := Mint([]byte("short"), "i", "accept", time.Now()); err == nil {
		t.Fatal("a short secret must be refused")
	}
}
