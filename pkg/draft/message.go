package draft

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// Header names Sayyes writes; users' filters rely on them.
const (
	HeaderInvitation     = "X-Sayyes-Invitation"
	HeaderRecommendation = "X-Sayyes-Recommendation"
	HeaderDraftKind      = "X-Sayyes-Draft-Kind"
)

// MessageID returns the deterministic Message-ID of an artefact (a digest,
// a draft) of an invitation. Being deterministic lets a retry recognise
// what an earlier attempt already wrote.
func MessageID(what, invitationID, fromAddr string) string {
	_, domain, ok := strings.Cut(fromAddr, "@")
	if !ok || domain == "" {
		domain = "sayyes.invalid"
	}
	return fmt.Sprintf("sayyes.%s.%s@%s", what, invitationID, mailmsg.CleanHeader(domain))
}

// Build renders d as an RFC 5322 message from from, for the Drafts
// folder. invitationID lands in X-Sayyes-Invitation; the Message-ID is
// deterministic per invitation and kind.
func Build(d event.Draft, from event.Address, invitationID string, date time.Time) ([]byte, string, error) {
	id := MessageID("draft-"+d.Kind, invitationID, from.Address)
	m, err := Msg(d, from, invitationID, id, date)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return nil, "", fmt.Errorf("draft: writing message: %w", err)
	}
	return buf.Bytes(), id, nil
}

// Msg builds d as a go-mail message with Message-ID id: the form used both
// for the Drafts folder and for sending.
func Msg(d event.Draft, from event.Address, invitationID, id string, date time.Time) (*mail.Msg, error) {
	m := mail.NewMsg()
	if err := m.FromFormat(mailmsg.CleanHeader(from.Name), from.Address); err != nil {
		return nil, fmt.Errorf("draft: From %q: %w", from.Address, err)
	}
	for _, to := range d.To {
		if err := m.AddToFormat(mailmsg.CleanHeader(to.Name), mailmsg.CleanHeader(to.Address)); err != nil {
			return nil, fmt.Errorf("draft: To %q: %w", to.Address, err)
		}
	}
	m.Subject(mailmsg.CleanHeader(d.Subject))
	m.SetMessageIDWithValue(id)
	m.SetDateWithValue(date)
	if irt := AngleList([]string{d.InReplyTo}); irt != "" {
		m.SetGenHeader(mail.HeaderInReplyTo, irt)
	}
	if len(d.References) > 0 {
		m.SetGenHeader(mail.HeaderReferences, AngleList(d.References))
	}
	m.SetGenHeader(HeaderInvitation, invitationID)
	m.SetGenHeader(HeaderDraftKind, d.Kind)
	m.SetUserAgent("Sayyes")
	m.SetBodyString(mail.TypeTextPlain, d.Body)
	if d.Calendar != "" {
		m.AddAlternativeString(mail.ContentType("text/calendar; method=REPLY"), d.Calendar)
	}
	return m, nil
}

// AngleList formats message ids for References / In-Reply-To, dropping any
// that could break the header.
func AngleList(ids []string) string {
	var parts []string
	for _, id := range ids {
		id = mailmsg.CleanHeader(id)
		if id == "" || strings.ContainsAny(id, "<> ") {
			continue
		}
		parts = append(parts, "<"+id+">")
	}
	return strings.Join(parts, " ")
}
