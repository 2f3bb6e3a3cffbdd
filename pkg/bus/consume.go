package bus

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sayyes/sayyes/pkg/event"
)

// Consumer describes a durable pull consumer and how to treat failures.
type Consumer struct {
	// Name is the durable name; every instance of a service shares it, so
	// running more instances spreads the work.
	Name   string
	Filter string
	// Stage names the service step in dead-letter records (advisor, mailer).
	Stage string
	// AckWait is how long one attempt may take before JetStream redelivers.
	AckWait    time.Duration
	MaxDeliver int
	// RetryBase and RetryMax bound the jittered delay before a retry.
	RetryBase, RetryMax time.Duration
	// Grace bounds how long in-flight work may continue after shutdown starts.
	Grace time.Duration
}

func (c *Consumer) defaults() {
	if c.AckWait <= 0 {
		c.AckWait = 60 * time.Second
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 10
	}
	if c.RetryBase <= 0 {
		c.RetryBase = time.Second
	}
	if c.RetryMax <= 0 {
		c.RetryMax = 5 * time.Minute
	}
	if c.Grace <= 0 {
		c.Grace = 20 * time.Second
	}
}

// Delivery is one message handed to a handler.
type Delivery struct {
	Subject string
	Data    []byte
	// Attempt counts deliveries, starting at 1.
	Attempt uint64
	// Last is true when this is the final attempt before dead-lettering.
	Last bool
	msg  jetstream.Msg
}

// Progress tells JetStream the handler is still working, resetting AckWait.
func (d Delivery) Progress() {
	if d.msg != nil {
		_ = d.msg.InProgress()
	}
}

// Handler processes one delivery. nil acks it; an error marked Permanent
// dead-letters it; any other error retries it after a jittered delay until
// MaxDeliver is reached, then dead-letters it.
type Handler func(ctx context.Context, d Delivery) error

// Consume runs handler over the consumer until ctx is done, then drains:
// no new messages are taken, and in-flight work gets Grace to finish.
func (b *Bus) Consume(ctx context.Context, c Consumer, handler Handler) error {
	c.defaults()
	cons, err := b.js.CreateOrUpdateConsumer(ctx, StreamEvents, jetstream.ConsumerConfig{
		Durable:       c.Name,
		FilterSubject: c.Filter,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.AckWait,
		MaxDeliver:    c.MaxDeliver,
		MaxAckPending: 256,
		DeliverPolicy: jetstream.DeliverAllPolicy,
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped before it started
		}
		return fmt.Errorf("bus: creating consumer %s: %w", c.Name, err)
	}

	// Work gets its own context: it outlives ctx by at most Grace so that a
	// shutdown does not cut an SMTP transaction in half.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	cc, err := cons.Consume(func(m jetstream.Msg) {
		b.handle(workCtx, c, m, handler)
	}, jetstream.PullMaxMessages(16), jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
		if !errors.Is(err, jetstream.ErrNoHeartbeat) {
			b.log.Debug("consume", "consumer", c.Name, "err", err)
		}
	}))
	if err != nil {
		return fmt.Errorf("bus: consuming %s: %w", c.Name, err)
	}
	<-ctx.Done()
	cc.Drain()
	timer := time.NewTimer(c.Grace)
	defer timer.Stop()
	select {
	case <-cc.Closed():
	case <-timer.C:
		b.log.Warn("in-flight work did not finish within grace; it will be redelivered", "consumer", c.Name)
		cancelWork()
		cc.Stop()
		<-cc.Closed()
	}
	return nil
}

func (b *Bus) handle(ctx context.Context, c Consumer, m jetstream.Msg, handler Handler) {
	d := Delivery{Subject: m.Subject(), Data: m.Data(), Attempt: 1, msg: m}
	if md, err := m.Metadata(); err == nil {
		d.Attempt = md.NumDelivered
	}
	d.Last = d.Attempt >= uint64(c.MaxDeliver)

	// While the handler works, tell JetStream so every third of AckWait:
	// AckWait can then be short, so a message held by a process that died
	// comes back quickly, without a slow SMTP server causing a redelivery
	// of work still in progress.
	stopBeat := make(chan struct{})
	go func() {
		t := time.NewTicker(c.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-stopBeat:
				return
			case <-t.C:
				_ = m.InProgress()
			}
		}
	}()
	err := safeCall(ctx, handler, d)
	close(stopBeat)
	if err == nil {
		if err := m.DoubleAck(ctx); err != nil {
			b.log.Warn("ack failed; the message will be redelivered", "consumer", c.Name, "subject", d.Subject, "err", err)
		}
		return
	}
	if ctx.Err() != nil {
		// Shutting down: let JetStream redeliver to the next instance.
		_ = m.Nak()
		return
	}
	if !IsPermanent(err) && !d.Last {
		delay := Backoff(int(d.Attempt), c.RetryBase, c.RetryMax)
		b.log.Warn("handler failed; retrying", "consumer", c.Name, "subject", d.Subject, "attempt", d.Attempt, "retry_in", delay.Round(time.Millisecond), "err", err)
		_ = m.NakWithDelay(delay)
		return
	}
	reason := err.Error()
	if !IsPermanent(err) {
		reason = fmt.Sprintf("gave up after %d attempts: %s", d.Attempt, reason)
	}
	dl := event.DeadLetter{
		ID:         deadLetterID(d),
		Account:    subjectAccount(d.Subject),
		Stage:      c.Stage,
		Reason:     reason,
		Subject:    d.Subject,
		Payload:    d.Data,
		Deliveries: d.Attempt,
	}
	if derr := b.DeadLetter(ctx, dl); derr != nil {
		// Keep the message rather than lose it: retry later.
		b.log.Error("dead-lettering failed; will retry", "consumer", c.Name, "subject", d.Subject, "err", derr)
		_ = m.NakWithDelay(c.RetryBase)
		return
	}
	b.log.Error("message dead-lettered", "consumer", c.Name, "subject", d.Subject, "reason", reason)
	_ = m.TermWithReason(truncate(reason, 200))
}

// safeCall turns a handler panic into a permanent error so that one bad
// message cannot take a service down.
func safeCall(ctx context.Context, h Handler, d Delivery) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = Permanent(fmt.Errorf("handler panicked: %v", r))
		}
	}()
	return h(ctx, d)
}

func deadLetterID(d Delivery) string {
	if d.msg != nil {
		if md, err := d.msg.Metadata(); err == nil {
			return fmt.Sprintf("%s-%d", md.Stream, md.Sequence.Stream)
		}
	}
	return fmt.Sprintf("%x", time.Now().UnixNano())
}

// subjectAccount returns the last token of subject, the account token.
func subjectAccount(subject string) string {
	if i := strings.LastIndexByte(subject, '.'); i >= 0 {
		return subject[i+1:]
	}
	return subject
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Backoff returns the delay before retry number attempt (1-based): capped
// exponential growth from base with full jitter in its upper half, so that
// many failing workers do not retry in lockstep.
func Backoff(attempt int, base, max time.Duration) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + rand.N(half+1)
}
