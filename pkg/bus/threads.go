package bus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// BucketThreads indexes the Message-ID of every detected invitation, and of
// every later message that updated it, to the invitation it belongs to.
// The watcher looks a new message's In-Reply-To and References up here: a
// reschedule, reminder or confirmation sent in the same thread then
// updates the invitation instead of starting a new one.
const BucketThreads = "sayyes_threads"

// threadTTL bounds how long a thread is remembered: interview processes
// are over within months.
const threadTTL = 180 * 24 * time.Hour

// ThreadEntry is what the index keeps per message: which invitation it
// belongs to and what that message said, so the next update can say what
// changed.
type ThreadEntry struct {
	// InvitationID is the event ID of the thread's first invitation.
	InvitationID string `json:"invitation_id"`
	// EventID is the event this message produced.
	EventID string `json:"event_id"`
	// Revision is 0 for the first invitation, then 1, 2, ... per update.
	Revision int       `json:"revision"`
	At       time.Time `json:"at"`

	Kind       string      `json:"kind,omitempty"`
	Times      []time.Time `json:"times,omitempty"`
	MeetingURL string      `json:"meeting_url,omitempty"`
	Location   string      `json:"location,omitempty"`
	Format     string      `json:"format,omitempty"`
	Stage      string      `json:"stage,omitempty"`
}

// threadKey is the KV key of a Message-ID in an account. Message-IDs hold
// any characters, so they are hashed.
func threadKey(account, messageID string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(strings.Trim(messageID, "<>"))))
	return account + "." + hex.EncodeToString(sum[:16])
}

// LookupThread returns the entry of the first of messageIDs the index
// knows, in the order given (nearest ancestor first), or ok=false.
func (b *Bus) LookupThread(ctx context.Context, account string, messageIDs []string) (e ThreadEntry, ok bool, err error) {
	for _, id := range messageIDs {
		if strings.TrimSpace(id) == "" {
			continue
		}
		kv, err := b.threads.Get(ctx, kvKey(threadKey(account, id)))
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return ThreadEntry{}, false, fmt.Errorf("bus: reading thread index: %w", err)
		}
		if err := json.Unmarshal(kv.Value(), &e); err != nil {
			return ThreadEntry{}, false, fmt.Errorf("bus: decoding thread entry: %w", err)
		}
		return e, true, nil
	}
	return ThreadEntry{}, false, nil
}

// IndexThread records messageID as part of the thread in e. Writing the
// same entry again (a redelivered message) is harmless.
func (b *Bus) IndexThread(ctx context.Context, account, messageID string, e ThreadEntry) error {
	if strings.TrimSpace(messageID) == "" {
		return nil
	}
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("bus: encoding thread entry: %w", err)
	}
	if _, err := b.threads.Put(ctx, kvKey(threadKey(account, messageID)), data); err != nil {
		return fmt.Errorf("bus: writing thread index: %w", err)
	}
	return nil
}
