// Package digestreply reads a user's reply to a Sayyes digest: which
// invitation it answers, the command on its first line ("accept",
// "accept 2", "decline", "cancel", "reschedule"), the user's own text, and
// the reply codes it carries. It also decides whether the reply really
// comes from the account owner: the From address, header sanity, and, when
// the user's server stamps Authentication-Results, DKIM or DMARC passing
// for the owner's domain in the results of that server only (RFC 8601
// section 5: results from other hosts can be forged by anyone).
package digestreply

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/emersion/go-msgauth/authres"

	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/pkg/replytoken"
)

// Request is what the user asked for.
type Request struct {
	InvitationID string
	Kind         string
	// Slot is the 1-based proposed time chosen ("accept 2"); 0 for none.
	Slot int
	// Body is the user's own text under the command line, if any; it
	// replaces the draft's text.
	Body  string
	Codes []string
}

var reDigestID = regexp.MustCompile(`^sayyes\.digest\.([0-9a-f]{8,64})@`)

// InvitationOf returns the invitation id when m replies to a digest (its
// In-Reply-To or References holds a digest's Message-ID).
func InvitationOf(m *mailmsg.Message) (string, bool) {
	for _, id := range append(append([]string{}, m.InReplyTo...), m.References...) {
		if sm := reDigestID.FindStringSubmatch(id); sm != nil {
			return sm[1], true
		}
	}
	return "", false
}

// ErrNoCommand: the first line is not one of the commands.
var ErrNoCommand = errors.New("the first line of the reply is not accept, decline, cancel or reschedule")

var reCommand = regexp.MustCompile(`(?i)^\s*(accept|decline|cancel|reschedule)(?:\s+(\d{1,2}))?\s*[.!]?\s*$`)

// Parse reads the command, the user's text and the codes from a reply.
func Parse(m *mailmsg.Message) (Request, error) {
	var r Request
	id, ok := InvitationOf(m)
	if !ok {
		return r, errors.New("not a reply to a Sayyes digest")
	}
	r.InvitationID = id
	r.Codes = replytoken.Find(m.Text)
	lines := strings.Split(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i == len(lines) {
		return r, ErrNoCommand
	}
	sm := reCommand.FindStringSubmatch(lines[i])
	if sm == nil {
		return r, ErrNoCommand
	}
	r.Kind = strings.ToLower(sm[1])
	if sm[2] != "" {
		r.Slot, _ = strconv.Atoi(sm[2])
	}
	// The user's text runs until the quoted digest starts.
	var body []string
	for _, l := range lines[i+1:] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, ">") || quoteHeader.MatchString(t) || t == "--" || strings.HasPrefix(t, "-----Original Message") {
			break
		}
		body = append(body, strings.TrimRight(l, " \t"))
	}
	r.Body = strings.TrimSpace(strings.Join(body, "\n"))
	return r, nil
}

var quoteHeader = regexp.MustCompile(`(?i)^(on .{3,200} wrote:|am .{3,200} schrieb .{0,100}:|le .{3,200} a [ée]crit ?:|el .{3,200} escribi[óo]:)$`)

// Code returns the reply code in r that is meant for its kind, if any.
func (r Request) Code() string {
	for _, c := range r.Codes {
		if cl, _, err := replytoken.Parse(c); err == nil && cl.Kind == r.Kind && cl.InvitationID == r.InvitationID {
			return c
		}
	}
	return ""
}

// CheckSender decides whether m comes from the account owner. authservID
// is the authserv-id the user's own receiving server writes in
// Authentication-Results; when set, a pass from that server is required.
func CheckSender(m *mailmsg.Message, owner, authservID string) error {
	h := m.Header
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 {
		return fmt.Errorf("the From header must name exactly one address (got %q)", mailmsg.CleanHeader(h.Get("From")))
	}
	if !strings.EqualFold(from[0].Address, owner) {
		return fmt.Errorf("the sender %s is not the account owner %s", from[0].Address, owner)
	}
	if s := h.Get("Sender"); s != "" {
		if sl, err := h.AddressList("Sender"); err != nil || len(sl) != 1 || !strings.EqualFold(sl[0].Address, owner) {
			return fmt.Errorf("the Sender header %q differs from the owner", mailmsg.CleanHeader(s))
		}
	}
	// Line breaks smuggled into a decoded subject or name could become
	// headers downstream: refuse the whole reply.
	if subj, err := h.Subject(); err == nil && hasControl(subj) {
		return errors.New("the Subject decodes to text with line breaks or control characters")
	}
	if hasControl(from[0].Name) {
		return errors.New("the From name decodes to text with line breaks or control characters")
	}
	if authservID == "" {
		return nil
	}
	_, domain, _ := strings.Cut(strings.ToLower(owner), "@")
	seen := false
	for _, v := range h.Values("Authentication-Results") {
		id, results, err := authres.Parse(v)
		if err != nil || !strings.EqualFold(id, authservID) {
			continue // not from the user's server: ignore, it may be forged
		}
		seen = true
		for _, res := range results {
			switch r := res.(type) {
			case *authres.DKIMResult:
				if r.Value == authres.ResultPass && strings.EqualFold(r.Domain, domain) {
					return nil
				}
			case *authres.DMARCResult:
				if r.Value == authres.ResultPass && strings.EqualFold(r.From, domain) {
					return nil
				}
			}
		}
	}
	if !seen {
		return fmt.Errorf("no Authentication-Results from %s (your server) on the reply", authservID)
	}
	return fmt.Errorf("%s reports neither DKIM nor DMARC passing for %s", authservID, domain)
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// Kinds lists the commands a reply may carry.
var Kinds = []string{event.DraftAccept, event.DraftDecline, event.DraftCancel, event.DraftReschedule}
