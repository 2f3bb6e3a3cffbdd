package bus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Marker is a once-only marker as stored.
type Marker struct {
	State OnceState
	// At is when the marker was claimed or last confirmed.
	At time.Time
	// Note is what Done recorded, or what BeginWith stored with the claim.
	Note string
}

// ReadMarker returns the marker under key; ok is false when there is none.
func (b *Bus) ReadMarker(ctx context.Context, key string) (m Marker, ok bool, err error) {
	e, err := b.once.Get(ctx, kvKey(key))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Marker{}, false, nil
	}
	if err != nil {
		return Marker{}, false, fmt.Errorf("bus: reading marker %s: %w", key, err)
	}
	var r onceRecord
	if err := json.Unmarshal(e.Value(), &r); err != nil {
		return Marker{}, false, fmt.Errorf("bus: decoding marker %s: %w", key, err)
	}
	m = Marker{State: OncePending, At: r.At, Note: r.Note}
	if r.State == "done" {
		m.State = OnceDone
	}
	return m, true, nil
}

// BeginWith claims key like Begin, storing note with the pending claim (a
// plan of what the effect will cover). When the key exists, the marker as
// stored is returned: the first claimant's plan wins, so a retry repeats
// exactly the effect that may already have happened.
func (b *Bus) BeginWith(ctx context.Context, key, note string) (Marker, error) {
	at := time.Now().UTC()
	rec, _ := json.Marshal(onceRecord{State: "pending", At: at, Note: note})
	_, err := b.once.Create(ctx, kvKey(key), rec)
	if err == nil {
		return Marker{State: OnceFresh, At: at, Note: note}, nil
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return Marker{}, fmt.Errorf("bus: claiming marker %s: %w", key, err)
	}
	m, ok, err := b.ReadMarker(ctx, key)
	if err != nil {
		return Marker{}, err
	}
	if !ok {
		return Marker{}, fmt.Errorf("bus: marker %s vanished while claiming it", key)
	}
	return m, nil
}

// Replay calls fn with every message still in the events stream on
// subject, oldest first; it returns when it has seen them all.
func (b *Bus) Replay(ctx context.Context, subject string, fn func(data []byte) error) error {
	info, err := b.js.Stream(ctx, StreamEvents)
	if err != nil {
		return fmt.Errorf("bus: opening stream %s: %w", StreamEvents, err)
	}
	cons, err := info.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{subject},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return fmt.Errorf("bus: replaying %s: %w", subject, err)
	}
	ci, err := cons.Info(ctx)
	if err != nil {
		return fmt.Errorf("bus: replaying %s: %w", subject, err)
	}
	left := ci.NumPending
	for left > 0 {
		batch, err := cons.Fetch(int(min(left, 256)), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return fmt.Errorf("bus: replaying %s: %w", subject, err)
		}
		n := 0
		for msg := range batch.Messages() {
			n++
			md, err := msg.Metadata()
			if err != nil {
				return fmt.Errorf("bus: replaying %s: %w", subject, err)
			}
			if err := fn(msg.Data()); err != nil {
				return err
			}
			left = md.NumPending
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return fmt.Errorf("bus: replaying %s: %w", subject, err)
		}
		if n == 0 {
			return fmt.Errorf("bus: replaying %s: %d messages announced but none delivered", subject, left)
		}
	}
	return nil
}
