package event

import (
	"encoding/json"
	"regexp"
	"testing"
)

func TestAccountToken(t *testing.T) {
	safe := regexp.MustCompile(`^[a-z0-9-]+$`)
	seen := map[string]string{}
	for _, name := range []string{"personal", "Work", "alex@example.com", "a.b", "a_b", "", "ünïcode", "x y", "sayyes.invitation.>", "*", "personal-1"} {
		tok := AccountToken(name)
		if !safe.MatchString(tok) {
			t.Errorf("AccountToken(%q) = %q: not a safe subject token", name, tok)
		}
		if prev, dup := seen[tok]; dup {
			t.Errorf("AccountToken(%q) = AccountToken(%q) = %q", name, prev, tok)
		}
		seen[tok] = name
	}
	if AccountToken("personal") != "personal" {
		t.Error("a safe name should stay readable")
	}
	if AccountToken("a.b") == AccountToken("a_b") {
		t.Error("lossy names must not collide")
	}
}

func TestInvitationIDStable(t *testing.T) {
	a := InvitationID("acct", "<x@y>", "h1")
	if a != InvitationID("acct", "<x@y>", "h2") {
		t.Error("the id must depend on Message-ID, not the raw hash, when there is one")
	}
	if a == InvitationID("other", "<x@y>", "h1") {
		t.Error("the same Message-ID in another account must give another id")
	}
	if InvitationID("acct", "", "h1") == InvitationID("acct", "", "h2") {
		t.Error("without Message-ID the raw hash must decide")
	}
}

// Unknown fields are ignored on read, so newer writers do not break readers.
func TestUnknownFieldsIgnored(t *testing.T) {
	var inv InvitationDetected
	if err := json.Unmarshal([]byte(`{"v":1,"id":"x","account":"a","future_field":{"n":1},"message":{"subject":"s","new":true}}`), &inv); err != nil {
		t.Fatal(err)
	}
	if inv.ID != "x" || inv.Message.Subject != "s" {
		t.Fatalf("decoded %+v", inv)
	}
}
