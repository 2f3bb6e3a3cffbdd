// Package bustest gives tests a real bus: an embedded NATS server with
// JetStream in a temporary directory, and a set-up bus.Bus on it, both
// closed when the test ends.
package bustest

import (
	"context"
	"log/slog"
	"testing"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/natsembed"
)

// New starts the server and returns the bus.
func New(t testing.TB, log *slog.Logger) *bus.Bus {
	t.Helper()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv, err := natsembed.Start(context.Background(), natsembed.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	nc, err := srv.Connect("test", log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	b, err := bus.New(nc, log, bus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Setup(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b
}
