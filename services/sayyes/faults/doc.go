// Package faults holds Sayyes' fault-injection tests: the real service
// binaries (watcher, advisor, mailer, or the all-in-one sayyes run), a real
// nats-server process and a real Dovecot + Postfix (internal/mailstack),
// with one component killed, restarted or disturbed while a stream of
// invitations flows. Each test then proves that every invitation produced
// exactly one digest and one set of reply drafts: nothing lost, nothing
// doubled.
//
// The package has no code of its own; everything is in its tests:
//
//	CI=1 go test -race -count=1 -timeout 20m ./services/sayyes/faults/
package faults
