package demo

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/templates"
)

// TestCompare: the four personas get advice that differs sensibly for the
// same invitation, each with a digest and drafts.
func TestCompare(t *testing.T) {
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC) // a Monday
	mails, err := CompareMails(now, User)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	dir := t.TempDir()
	if err := Compare(context.Background(), &out, dir, set, mails, "01-invite-ics.eml", SeedStart(now), now); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	row := regexp.MustCompile(`(?m)^Northwind Robotics +(\S+) +(\S+) +(\S+) +(\S+)$`).FindStringSubmatch(text)
	if row == nil {
		t.Fatalf("no Northwind row:\n%s", text)
	}
	if want := []string{"accept", "reschedule", "decline", "decline"}; strings.Join(row[1:], " ") != strings.Join(want, " ") {
		t.Errorf("Northwind: %q, want %q", row[1:], want)
	}
	if !regexp.MustCompile(`(?m)^Contoso +accept +accept +cancel +accept$`).MatchString(text) {
		t.Errorf("Contoso reminder row wrong:\n%s", text)
	}
	for _, want := range []string{
		"---------- Actively searching", "---------- Comfortably employed", "---------- Signed elsewhere", "---------- Avoiding this company",
		"[accept draft, with a calendar reply (METHOD:REPLY, PARTSTAT=ACCEPTED)]",
		"[reschedule draft]", "Hi Priya,", // warm tone for the employed persona
		"I have recently accepted a position elsewhere",
		"I can suggest someone from my network", // the avoiding persona offers a referral
		"I am very sorry for the short notice",  // cancelling an interview less than a day away
		"Guten Tag Jonas Weber,", "Hallo Jonas,",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", text)
	}
}
