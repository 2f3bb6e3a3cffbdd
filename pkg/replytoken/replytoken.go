// Package replytoken mints and checks the codes that authorise a reply to
// be sent to a recruiter. A code is bound to one invitation and one reply
// kind, expires, and carries a random nonce so it can be used once (the
// mailer records used codes). It is an HMAC-SHA256 over those fields with
// the user's secret: without the secret nobody, not even someone able to
// publish on the bus, can make Sayyes send anything.
package replytoken

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Errors a code can fail with.
var (
	ErrMalformed = errors.New("not a Sayyes reply code")
	ErrForged    = errors.New("reply code signature does not match")
	ErrExpired   = errors.New("reply code has expired")
	ErrMismatch  = errors.New("reply code is for another invitation or reply kind")
)

// Claims are what a valid code vouches for.
type Claims struct {
	InvitationID string
	Kind         string
	Expires      time.Time
	Nonce        string
}

const prefix = "SY1"

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Mint returns a code for invitation id and kind, valid until exp.
func Mint(secret []byte, id, kind string, exp time.Time) (string, error) {
	if len(secret) < 16 {
		return "", errors.New("replytoken: secret shorter than 16 bytes")
	}
	n := make([]byte, 8)
	if _, err := rand.Read(n); err != nil {
		return "", err
	}
	nonce := strings.ToLower(b32.EncodeToString(n))
	c := Claims{InvitationID: id, Kind: kind, Expires: exp.UTC().Truncate(time.Second), Nonce: nonce}
	return strings.Join([]string{prefix, kind, id, strconv.FormatInt(c.Expires.Unix(), 10), nonce, mac(secret, c)}, "."), nil
}

func mac(secret []byte, c Claims) string {
	h := hmac.New(sha256.New, secret)
	fmt.Fprintf(h, "sayyes-reply-v1\x00%s\x00%s\x00%d\x00%s", c.InvitationID, c.Kind, c.Expires.Unix(), c.Nonce)
	return strings.ToLower(b32.EncodeToString(h.Sum(nil)[:20]))
}

// Parse splits a code into its claims and MAC without checking it.
func Parse(code string) (Claims, string, error) {
	p := strings.Split(strings.TrimSpace(code), ".")
	if len(p) != 6 || p[0] != prefix {
		return Claims{}, "", ErrMalformed
	}
	exp, err := strconv.ParseInt(p[3], 10, 64)
	if err != nil {
		return Claims{}, "", ErrMalformed
	}
	return Claims{Kind: p[1], InvitationID: p[2], Expires: time.Unix(exp, 0).UTC(), Nonce: p[4]}, p[5], nil
}

// Verify checks code against the secret, the time and what it must
// authorise. It does not record use; the caller does that.
func Verify(secret []byte, code, wantID, wantKind string, now time.Time) (Claims, error) {
	c, sig, err := Parse(code)
	if err != nil {
		return Claims{}, err
	}
	if !hmac.Equal([]byte(sig), []byte(mac(secret, c))) {
		return Claims{}, ErrForged
	}
	if now.After(c.Expires) {
		return Claims{}, fmt.Errorf("%w (on %s)", ErrExpired, c.Expires.Format(time.DateOnly))
	}
	if c.InvitationID != wantID || c.Kind != wantKind {
		return Claims{}, ErrMismatch
	}
	return c, nil
}

// Find returns the codes that appear in text (quoted lines included: a
// reply usually quotes the digest that carried them).
func Find(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '>' || r == '(' || r == ')' || r == '[' || r == ']' || r == '"' || r == ',' || r == ';'
	}) {
		if strings.HasPrefix(f, prefix+".") {
			out = append(out, strings.TrimRight(f, ".:"))
		}
	}
	return out
}
