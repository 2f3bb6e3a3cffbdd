package bus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Checkpoint is where a watcher left off in one mailbox.
type Checkpoint struct {
	UIDValidity uint32    `json:"uidvalidity"`
	LastUID     uint32    `json:"last_uid"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// LoadCheckpoint returns the checkpoint under key, or ok=false if none.
func (b *Bus) LoadCheckpoint(ctx context.Context, key string) (cp Checkpoint, ok bool, err error) {
	e, err := b.checkpoints.Get(ctx, kvKey(key))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Checkpoint{}, false, nil
	}
	if err != nil {
		return Checkpoint{}, false, fmt.Errorf("bus: reading checkpoint %s: %w", key, err)
	}
	if err := json.Unmarshal(e.Value(), &cp); err != nil {
		return Checkpoint{}, false, fmt.Errorf("bus: decoding checkpoint %s: %w", key, err)
	}
	return cp, true, nil
}

// SaveCheckpoint stores cp under key.
func (b *Bus) SaveCheckpoint(ctx context.Context, key string, cp Checkpoint) error {
	cp.UpdatedAt = time.Now().UTC()
	data, err := json.Marshal(cp)
	if err != nil {
		return fmt.Errorf("bus: encoding checkpoint: %w", err)
	}
	if _, err := b.checkpoints.Put(ctx, kvKey(key), data); err != nil {
		return fmt.Errorf("bus: writing checkpoint %s: %w", key, err)
	}
	return nil
}

// OnceState is what a once-only marker says about an effect.
type OnceState int

const (
	// OnceFresh: nobody has started this effect; the caller now owns it.
	OnceFresh OnceState = iota
	// OncePending: an earlier attempt started it and did not confirm; it may
	// or may not have happened. The caller should check the effect's target
	// where it can before repeating it.
	OncePending
	// OnceDone: the effect happened; do nothing.
	OnceDone
)

func (s OnceState) String() string {
	return [...]string{"fresh", "pending", "done"}[s]
}

type onceRecord struct {
	State string    `json:"state"`
	At    time.Time `json:"at"`
	Note  string    `json:"note,omitempty"`
}

// Begin claims the once-only marker key. It uses KV Create, which fails when
// the key exists, so exactly one caller ever sees OnceFresh for a key, even
// hours later and across restarts (JetStream's duplicate window cannot
// promise that).
func (b *Bus) Begin(ctx context.Context, key string) (OnceState, error) {
	rec, _ := json.Marshal(onceRecord{State: "pending", At: time.Now().UTC()})
	_, err := b.once.Create(ctx, kvKey(key), rec)
	if err == nil {
		return OnceFresh, nil
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return 0, fmt.Errorf("bus: claiming marker %s: %w", key, err)
	}
	e, err := b.once.Get(ctx, kvKey(key))
	if err != nil {
		return 0, fmt.Errorf("bus: reading marker %s: %w", key, err)
	}
	var r onceRecord
	if err := json.Unmarshal(e.Value(), &r); err != nil {
		return 0, fmt.Errorf("bus: decoding marker %s: %w", key, err)
	}
	if r.State == "done" {
		return OnceDone, nil
	}
	return OncePending, nil
}

// Done records that the effect under key happened.
func (b *Bus) Done(ctx context.Context, key, note string) error {
	rec, _ := json.Marshal(onceRecord{State: "done", At: time.Now().UTC(), Note: note})
	if _, err := b.once.Put(ctx, kvKey(key), rec); err != nil {
		return fmt.Errorf("bus: confirming marker %s: %w", key, err)
	}
	return nil
}

// IsDone reports whether the effect under key is confirmed.
func (b *Bus) IsDone(ctx context.Context, key string) (bool, error) {
	e, err := b.once.Get(ctx, kvKey(key))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("bus: reading marker %s: %w", key, err)
	}
	var r onceRecord
	if err := json.Unmarshal(e.Value(), &r); err != nil {
		return false, fmt.Errorf("bus: decoding marker %s: %w", key, err)
	}
	return r.State == "done", nil
}

// kvKey maps an arbitrary key onto KV's allowed characters
// ([-/_=.a-zA-Z0-9]); anything else becomes '_'.
func kvKey(k string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '/', r == '_', r == '=', r == '.':
			return r
		}
		return '_'
	}, k)
}

// Reset forgets the marker under key, for an effect known not to have
// happened (the SMTP server refused before accepting), so a retry may try
// again.
func (b *Bus) Reset(ctx context.Context, key string) error {
	if err := b.once.Delete(ctx, kvKey(key)); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("bus: resetting marker %s: %w", key, err)
	}
	return nil
}

// ClaimFor claims key for owner: true when owner now holds it, either
// because it was free or because owner claimed it before (a redelivery of
// the same request); false when someone else holds it.
func (b *Bus) ClaimFor(ctx context.Context, key, owner string) (bool, error) {
	_, err := b.once.Create(ctx, kvKey(key), []byte(owner))
	if err == nil {
		return true, nil
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return false, fmt.Errorf("bus: claiming %s: %w", key, err)
	}
	e, err := b.once.Get(ctx, kvKey(key))
	if err != nil {
		return false, fmt.Errorf("bus: reading claim %s: %w", key, err)
	}
	return string(e.Value()) == owner, nil
}
