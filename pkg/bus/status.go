package bus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// WatchStatus is what the watcher last reported about one mailbox; the
// digests' health line reads it.
type WatchStatus struct {
	Connected bool `json:"connected"`
	// LastCheck is when the mailbox was last looked through successfully.
	LastCheck time.Time `json:"last_check,omitzero"`
	// Error is why the last session ended, while disconnected.
	Error     string    `json:"error,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// WatchKey names the status of a mailbox of the account token.
func WatchKey(token, mailbox string) string {
	sum := sha256.Sum256([]byte(mailbox))
	return "watch." + token + "." + hex.EncodeToString(sum[:8])
}

// SaveWatchStatus stores st under key (see WatchKey).
func (b *Bus) SaveWatchStatus(ctx context.Context, key string, st WatchStatus) error {
	st.UpdatedAt = time.Now().UTC()
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("bus: encoding watch status: %w", err)
	}
	if _, err := b.checkpoints.Put(ctx, kvKey(key), data); err != nil {
		return fmt.Errorf("bus: writing watch status %s: %w", key, err)
	}
	return nil
}

// LoadWatchStatus returns the status under key, or ok=false if none.
func (b *Bus) LoadWatchStatus(ctx context.Context, key string) (st WatchStatus, ok bool, err error) {
	e, err := b.checkpoints.Get(ctx, kvKey(key))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return WatchStatus{}, false, nil
	}
	if err != nil {
		return WatchStatus{}, false, fmt.Errorf("bus: reading watch status %s: %w", key, err)
	}
	if err := json.Unmarshal(e.Value(), &st); err != nil {
		return WatchStatus{}, false, fmt.Errorf("bus: decoding watch status %s: %w", key, err)
	}
	return st, true, nil
}
