// Package bus is Sayyes' thin layer over NATS JetStream: it creates the
// streams, durable pull consumers and KV buckets the services share
// (idempotently, so every service can call Setup at start), publishes events
// with a Nats-Msg-Id for deduplication, runs consume loops that map handler
// results onto Ack, NakWithDelay and Term with a dead-letter record, and
// offers the once-only markers that keep effects (a digest, a reply) from
// happening twice across restarts and redeliveries.
package bus
