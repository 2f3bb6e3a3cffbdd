package bus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/telemetry"
)

// Names of the JetStream objects Sayyes uses.
const (
	StreamEvents     = "SAYYES"
	StreamDeadLetter = "SAYYES_DEADLETTER"
	BucketCheckpoint = "sayyes_checkpoints"
	BucketOnce       = "sayyes_once"
	BucketDrafts     = "sayyes_drafts"
)

// Options tune the JetStream objects. Zero values pick defaults suited to one
// machine; a cluster sets Replicas to 3.
type Options struct {
	Replicas int
	// DuplicateWindow is how long JetStream remembers Nats-Msg-Id values.
	// It only absorbs fast re-publishes; once-only effects use Once.
	DuplicateWindow time.Duration
	// MaxAge bounds how long events and dead letters are kept.
	MaxAge time.Duration
}

// Bus is a JetStream connection with Sayyes' streams and buckets.
type Bus struct {
	nc   *nats.Conn
	js   jetstream.JetStream
	log  *slog.Logger
	opts Options

	// Metrics, if set, counts dead letters.
	Metrics *telemetry.Metrics

	checkpoints jetstream.KeyValue
	once        jetstream.KeyValue
	threads     jetstream.KeyValue
	drafts      jetstream.KeyValue
}

// New wraps an established connection. Call Setup before use.
func New(nc *nats.Conn, log *slog.Logger, opts Options) (*Bus, error) {
	if opts.Replicas <= 0 {
		opts.Replicas = 1
	}
	if opts.DuplicateWindow <= 0 {
		opts.DuplicateWindow = 10 * time.Minute
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = 30 * 24 * time.Hour
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("bus: opening jetstream: %w", err)
	}
	return &Bus{nc: nc, js: js, log: log, opts: opts}, nil
}

// Conn returns the underlying NATS connection.
func (b *Bus) Conn() *nats.Conn { return b.nc }

// JetStream returns the underlying JetStream handle.
func (b *Bus) JetStream() jetstream.JetStream { return b.js }

// Setup creates or updates the streams and buckets. It is safe to call from
// every service at every start.
func (b *Bus) Setup(ctx context.Context) error {
	streams := []jetstream.StreamConfig{
		{
			Name:        StreamEvents,
			Description: "Sayyes events: invitations, advice, reply requests and outcomes",
			Subjects:    []string{"sayyes.invitation.>", "sayyes.reply.>", "sayyes.digest.>"},
			Storage:     jetstream.FileStorage,
			Replicas:    b.opts.Replicas,
			Duplicates:  b.opts.DuplicateWindow,
			MaxAge:      b.opts.MaxAge,
			MaxMsgSize:  1 << 20,
		},
		{
			Name:        StreamDeadLetter,
			Description: "Sayyes poison input and failed effects, with the reason",
			Subjects:    []string{event.SubjectDeadLetter + ".>"},
			Storage:     jetstream.FileStorage,
			Replicas:    b.opts.Replicas,
			Duplicates:  b.opts.DuplicateWindow,
			MaxAge:      b.opts.MaxAge,
		},
	}
	for _, sc := range streams {
		if _, err := b.js.CreateOrUpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("bus: creating stream %s: %w", sc.Name, err)
		}
	}
	kvs := []struct {
		cfg jetstream.KeyValueConfig
		dst *jetstream.KeyValue
	}{
		{jetstream.KeyValueConfig{Bucket: BucketCheckpoint, Description: "per-mailbox UIDVALIDITY and last UID", Storage: jetstream.FileStorage, Replicas: b.opts.Replicas}, &b.checkpoints},
		{jetstream.KeyValueConfig{Bucket: BucketOnce, Description: "once-only markers for digests, drafts and sends", Storage: jetstream.FileStorage, Replicas: b.opts.Replicas}, &b.once},
		{jetstream.KeyValueConfig{Bucket: BucketDrafts, Description: "reply drafts prepared per invitation", Storage: jetstream.FileStorage, Replicas: b.opts.Replicas, TTL: b.opts.MaxAge}, &b.drafts},
		{jetstream.KeyValueConfig{Bucket: BucketThreads, Description: "Message-ID of each detected invitation and its updates -> invitation id and what was known", Storage: jetstream.FileStorage, Replicas: b.opts.Replicas, TTL: threadTTL}, &b.threads},
	}
	for _, k := range kvs {
		kv, err := b.js.CreateOrUpdateKeyValue(ctx, k.cfg)
		if err != nil {
			return fmt.Errorf("bus: creating KV bucket %s: %w", k.cfg.Bucket, err)
		}
		*k.dst = kv
	}
	return nil
}

// Publish sends v as JSON on subject with msgID as Nats-Msg-Id and waits for
// the stream's acknowledgement. A duplicate inside the window is not an error.
func (b *Bus) Publish(ctx context.Context, subject, msgID string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("bus: encoding event for %s: %w", subject, err)
	}
	return b.PublishRaw(ctx, subject, msgID, data)
}

// PublishRaw is Publish for an already encoded payload.
func (b *Bus) PublishRaw(ctx context.Context, subject, msgID string, data []byte) error {
	var opts []jetstream.PublishOpt
	if msgID != "" {
		opts = append(opts, jetstream.WithMsgID(msgID))
	}
	ack, err := b.js.Publish(ctx, subject, data, opts...)
	if err != nil {
		return fmt.Errorf("bus: publishing to %s: %w", subject, err)
	}
	if ack.Duplicate {
		b.log.Debug("publish deduplicated", "subject", subject, "msg_id", msgID)
	}
	return nil
}

// DeadLetter records poison input with its reason. It is itself published
// with a Nats-Msg-Id so a retried dead-lettering does not double up.
func (b *Bus) DeadLetter(ctx context.Context, dl event.DeadLetter) error {
	dl.V = event.Version
	if dl.At.IsZero() {
		dl.At = time.Now().UTC()
	}
	const maxPayload = 256 << 10
	if len(dl.Payload) > maxPayload {
		dl.Payload = dl.Payload[:maxPayload]
		dl.Truncated = true
	}
	b.Metrics.DeadLetter(dl.Stage)
	subject := event.SubjectDeadLetter + "." + dl.Stage + "." + dl.Account
	return b.Publish(ctx, subject, "dl:"+dl.Stage+":"+dl.ID, dl)
}

// DeadLetters returns up to max dead-letter records, oldest first. It is
// meant for tests and the CLI; services never read dead letters back.
func (b *Bus) DeadLetters(ctx context.Context, max int) ([]event.DeadLetter, error) {
	s, err := b.js.Stream(ctx, StreamDeadLetter)
	if err != nil {
		return nil, fmt.Errorf("bus: opening dead-letter stream: %w", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("bus: reading dead-letter stream info: %w", err)
	}
	var out []event.DeadLetter
	if info.State.Msgs == 0 {
		return nil, nil
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && len(out) < max; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("bus: reading dead letter %d: %w", seq, err)
		}
		var dl event.DeadLetter
		if err := json.Unmarshal(m.Data, &dl); err != nil {
			return nil, fmt.Errorf("bus: decoding dead letter %d: %w", seq, err)
		}
		out = append(out, dl)
	}
	return out, nil
}
