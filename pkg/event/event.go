// Package event defines the versioned JSON contracts that Sayyes services
// exchange over NATS JetStream, and the subjects they travel on.
//
// The package has no dependencies so that any service, tool or external
// consumer can decode the events. Every event carries "v"; readers ignore
// fields they do not know, and a breaking change bumps both V and the
// subject (for example sayyes.invitation.detected.v2.<account>).
package event

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Version is the contract version this package writes.
const Version = 1

// Subject prefixes. The final token of every subject is the account token
// (see AccountToken), so consumers can filter per account with a wildcard.
const (
	SubjectDetected       = "sayyes.invitation.detected"
	SubjectAdvised        = "sayyes.invitation.advised"
	SubjectReplyRequested = "sayyes.reply.requested"
	SubjectDigestSent     = "sayyes.digest.sent"
	SubjectReplySent      = "sayyes.reply.sent"
	// SubjectDeadLetter is where poison input ends, with its reason; the
	// second-to-last token names the stage that gave up on it.
	SubjectDeadLetter = "sayyes.deadletter"
)

// Subject returns the subject for prefix and account token.
func Subject(prefix, account string) string { return prefix + "." + account }

// AccountToken turns an account name into a token that is safe as a single
// NATS subject token and as a KV key part: lower-case letters, digits and
// dashes. Names that would lose information are suffixed with a short hash so
// two different names never share a token.
func AccountToken(name string) string {
	var b strings.Builder
	lossy := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		default:
			lossy = true
			b.WriteByte('-')
		}
	}
	tok := strings.Trim(b.String(), "-")
	if tok == "" || lossy || len(tok) > 40 {
		sum := sha256.Sum256([]byte(name))
		if len(tok) > 40 {
			tok = tok[:40]
		}
		if tok != "" {
			tok += "-"
		}
		tok += hex.EncodeToString(sum[:4])
	}
	return tok
}

// InvitationID derives the stable id of an invitation from its account and
// Message-ID; when the message has no Message-ID, rawHash (a hash of the raw
// message) stands in. The same mail always maps to the same id, across
// restarts and UIDVALIDITY resets, which is what makes deduplication work.
func InvitationID(account, messageID, rawHash string) string {
	key := strings.TrimSpace(messageID)
	if key == "" {
		key = "raw:" + rawHash
	}
	sum := sha256.Sum256([]byte(account + "\x00" + key))
	return hex.EncodeToString(sum[:12])
}

// Source locates the message in the user's mailbox.
type Source struct {
	Mailbox     string    `json:"mailbox"`
	UIDValidity uint32    `json:"uidvalidity"`
	UID         uint32    `json:"uid"`
	Size        int64     `json:"size,omitempty"`
	Arrived     time.Time `json:"arrived,omitzero"`
}

// Message holds the header facts and a text excerpt of the mail; enough to
// reply to it and to explain the detection, never the whole body.
type Message struct {
	MessageID  string    `json:"message_id"`
	InReplyTo  []string  `json:"in_reply_to,omitempty"`
	References []string  `json:"references,omitempty"`
	From       Address   `json:"from"`
	ReplyTo    []Address `json:"reply_to,omitempty"`
	To         []Address `json:"to,omitempty"`
	Cc         []Address `json:"cc,omitempty"`
	Subject    string    `json:"subject"`
	Date       time.Time `json:"date,omitzero"`
	Language   string    `json:"language,omitempty"`
	Excerpt    string    `json:"excerpt,omitempty"`
}

// Address is a mailbox with an optional display name.
type Address struct {
	Name    string `json:"name,omitempty"`
	Address string `json:"address"`
}

// Detection is what the detector concluded and why.
type Detection struct {
	IsInvitation  bool          `json:"is_invitation"`
	Score         float64       `json:"score"`
	Kind          string        `json:"kind,omitempty"` // invitation, reminder, reschedule, outreach
	Reasons       []string      `json:"reasons,omitempty"`
	Company       string        `json:"company,omitempty"`
	Role          string        `json:"role,omitempty"`
	Stage         string        `json:"stage,omitempty"`
	Format        string        `json:"format,omitempty"`
	MeetingURL    string        `json:"meeting_url,omitempty"`
	SchedulingURL string        `json:"scheduling_url,omitempty"`
	ProposedTimes []time.Time   `json:"proposed_times,omitempty"`
	Duration      time.Duration `json:"duration,omitempty"`
	Location      string        `json:"location,omitempty"`
	// Calendar is the iCalendar object (METHOD:REQUEST) the invitation
	// carried, kept so the reply drafts can answer it (RFC 5546).
	Calendar string `json:"calendar,omitempty"`

	// Added in v1 without a version bump (readers ignore unknown fields).
	SchedulingVendor string   `json:"scheduling_vendor,omitempty"`
	MeetingVendor    string   `json:"meeting_vendor,omitempty"`
	Recruiter        string   `json:"recruiter,omitempty"`
	ReplyTo          string   `json:"reply_to,omitempty"` // the address an answer should go to
	Interviewers     []string `json:"interviewers,omitempty"`
	RespondBy        string   `json:"respond_by,omitempty"` // YYYY-MM-DD
	Language         string   `json:"language,omitempty"`
	// Evidence gives each extracted field the text it came from and a
	// confidence, so the digest and the CLI can show why a value is there.
	Evidence []Evidence `json:"evidence,omitempty"`
	// Flags are legitimacy warnings the digest shows.
	Flags []Flag `json:"flags,omitempty"`
}

// Evidence is one extracted field value with where it was read.
type Evidence struct {
	Field      string  `json:"field"` // company, role, recruiter, reply_to, stage, format, proposed_time, duration, meeting_url, scheduling_url, location, interviewer, respond_by
	Value      string  `json:"value"`
	Span       string  `json:"span"`   // the text the value was read from
	Source     string  `json:"source"` // subject, body, signature, calendar, header
	Confidence float64 `json:"confidence"`
}

// Flag is a legitimacy warning about an invitation.
type Flag struct {
	Code   string `json:"code"` // sender-domain, free-mail, chat-app, money, id-documents, bank-details
	Reason string `json:"reason"`
}

// Thread links a message to the invitation it updates: a reschedule,
// reminder or confirmation sent in the same thread as an invitation that
// was already detected.
type Thread struct {
	// InvitationID is the ID of the first invitation of the thread; every
	// later message of the thread refers to it.
	InvitationID string `json:"invitation_id"`
	// Revision counts the updates: 1 for the first update.
	Revision int `json:"revision"`
	// Changes says what differs from what was known before, in words
	// ("time: Tue 3 Dec 15:00 → Thu 5 Dec 10:00").
	Changes []Change `json:"changes,omitempty"`
}

// Change is one field that changed between two messages of a thread.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// InvitationDetected is published by the watcher on SubjectDetected.
type InvitationDetected struct {
	V          int       `json:"v"`
	ID         string    `json:"id"`
	Account    string    `json:"account"`
	DetectedAt time.Time `json:"detected_at"`
	Source     Source    `json:"source"`
	Message    Message   `json:"message"`
	Detection  Detection `json:"detection"`
	// Thread is set when this message updates an invitation detected
	// earlier in the same thread (reschedule, reminder, confirmation). ID
	// stays this message's own id, so every update is delivered and
	// digested once; Thread.InvitationID names the invitation it updates.
	Thread *Thread `json:"thread,omitempty"`
}

// Recommendation values, as they appear in X-Sayyes-Recommendation.
const (
	RecommendAccept              = "accept"
	RecommendAcceptWithQuestions = "accept-with-questions"
	RecommendReschedule          = "reschedule"
	RecommendDecline             = "decline"
	RecommendCancel              = "cancel"
)

// Draft kinds, as they appear in X-Sayyes-Draft-Kind.
const (
	DraftAccept     = "accept"
	DraftDecline    = "decline"
	DraftCancel     = "cancel"
	DraftReschedule = "reschedule"
)

// Guidance is one piece of advice with the seed it came from.
type Guidance struct {
	ID      string   `json:"id"`
	Stance  string   `json:"stance"`
	Title   string   `json:"title"`
	Text    string   `json:"text"`
	Sources []string `json:"sources"`
}

// Draft is a reply the user can send: plain text, addressed and threaded.
type Draft struct {
	Kind       string    `json:"kind"`
	To         []Address `json:"to"`
	Subject    string    `json:"subject"`
	InReplyTo  string    `json:"in_reply_to,omitempty"`
	References []string  `json:"references,omitempty"`
	Body       string    `json:"body"`
	// Calendar is an iCalendar METHOD:REPLY object to attach, if any.
	Calendar string `json:"calendar,omitempty"`
}

// InvitationAdvised is published by the advisor on SubjectAdvised.
type InvitationAdvised struct {
	V              int                `json:"v"`
	ID             string             `json:"id"`
	Account        string             `json:"account"`
	AdvisedAt      time.Time          `json:"advised_at"`
	Invitation     InvitationDetected `json:"invitation"`
	Recommendation string             `json:"recommendation"`
	Reasons        []string           `json:"reasons"`
	Guidance       []Guidance         `json:"guidance"`
	Drafts         []Draft            `json:"drafts"`
	// ReasonGuidance holds, for each reason, the ids of the guidance items
	// it rests on.
	ReasonGuidance [][]string `json:"reason_guidance,omitempty"`
	// Warnings are what to check before acting: a doubtful sender, a busy
	// calendar that could not be read.
	Warnings []string `json:"warnings,omitempty"`
	// Slot is the proposed time the accept draft confirms, if one fits.
	Slot time.Time `json:"slot,omitzero"`
	// Offered are the times the drafts suggest instead, when no proposed
	// time fits or none was proposed.
	Offered []Span `json:"offered,omitempty"`
}

// Span is the time range [Start, End).
type Span struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// ReplyRequested asks the mailer to send one draft to the recruiter. It is
// only ever published on an explicit user action.
type ReplyRequested struct {
	V            int       `json:"v"`
	ID           string    `json:"id"`
	Account      string    `json:"account"`
	RequestedAt  time.Time `json:"requested_at"`
	InvitationID string    `json:"invitation_id"`
	Kind         string    `json:"kind"`
	// Via says which user action produced the request: cli, digest-reply.
	Via string `json:"via"`
	// Proof is the authorisation the action carried (a per-digest token).
	Proof string `json:"proof,omitempty"`
	// Body replaces the draft's text when the user edited it.
	Body string `json:"body,omitempty"`
	// Slot is the 1-based proposed time the user chose ("accept 2"); 0
	// keeps the draft's choice.
	Slot int `json:"slot,omitempty"`
	// From is who asked: the owner's address for a digest reply.
	From string `json:"from,omitempty"`
}

// Outcome is published by the mailer after an effect: a digest or a reply sent.
type Outcome struct {
	V            int       `json:"v"`
	ID           string    `json:"id"`
	Account      string    `json:"account"`
	At           time.Time `json:"at"`
	InvitationID string    `json:"invitation_id"`
	Kind         string    `json:"kind,omitempty"`
	MessageID    string    `json:"message_id"`
	// SMTPResponse is the server's final reply to the message, if known.
	SMTPResponse string   `json:"smtp_response,omitempty"`
	Drafts       []string `json:"drafts,omitempty"`
}

// DeadLetter keeps poison input and why it was given up on.
type DeadLetter struct {
	V       int       `json:"v"`
	ID      string    `json:"id"`
	Account string    `json:"account"`
	At      time.Time `json:"at"`
	Stage   string    `json:"stage"`
	Reason  string    `json:"reason"`
	// Subject is the subject the payload was originally on, if any.
	Subject string  `json:"subject,omitempty"`
	Source  *Source `json:"source,omitempty"`
	// Payload is the original event, or the first bytes of the raw mail.
	Payload    []byte `json:"payload,omitempty"`
	Truncated  bool   `json:"truncated,omitempty"`
	Deliveries uint64 `json:"deliveries,omitempty"`
}
