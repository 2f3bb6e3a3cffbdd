// Package watcher watches users' IMAP mailboxes and publishes each new
// interview invitation on sayyes.invitation.detected.<account>.
//
// One goroutine per mailbox logs in, selects the mailbox read-only (so mail
// is never marked read), catches up from the checkpoint (UIDVALIDITY + last
// UID in JetStream KV), then waits with IDLE, or polls with NOOP where the
// server has no IDLE. Every wait is bounded by a deadline: a connection
// that goes silent fails its next read and the loop reconnects with jittered
// backoff and catches up again. The checkpoint moves only after JetStream
// acknowledged the publish, so a crash repeats work (deduplicated
// downstream) but never skips a message.
package watcher
