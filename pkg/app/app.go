// Package app is the composition root shared by the Sayyes binaries: it
// loads the configuration, builds the logger, connects to NATS (embedded or
// external) and sets up JetStream, so each main stays a few lines of wiring.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/natsembed"
)

// Logger builds the process logger: text on a terminal, JSON otherwise,
// unless the config says which.
func Logger(cfg config.Log, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(cfg.Level))
	opts := &slog.HandlerOptions{Level: lvl}
	format := cfg.Format
	if format == "auto" || format == "" {
		format = "json"
		if f, ok := w.(*os.File); ok && isTerminal(f) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Node is a connection to the bus, with the embedded server if there is one.
type Node struct {
	Bus      *bus.Bus
	embedded *natsembed.Server
	nc       *nats.Conn
}

// Connect joins the bus described by cfg. With allowEmbedded and no
// nats.url it starts an embedded server in data_dir; a single service
// (watcher, advisor, mailer) needs an external one to share.
func Connect(ctx context.Context, cfg *config.Config, name string, log *slog.Logger, allowEmbedded bool) (*Node, error) {
	n := &Node{}
	var err error
	if cfg.NATS.URL == "" {
		if !allowEmbedded {
			return nil, errors.New("nats.url is empty: a single service needs a NATS server it shares with the others; set nats.url (or SAYYES_NATS_URL), or run everything with `sayyes run`")
		}
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("creating data_dir %s: %w", cfg.DataDir, err)
		}
		n.embedded, err = natsembed.Start(ctx, natsembed.Options{DataDir: cfg.DataDir, Listen: cfg.NATS.Listen})
		if err != nil {
			return nil, err
		}
		n.nc, err = n.embedded.Connect(name, log)
	} else {
		var opts []nats.Option
		if cfg.NATS.CredentialsFile != "" {
			opts = append(opts, nats.UserCredentials(cfg.NATS.CredentialsFile))
		}
		n.nc, err = natsembed.Connect(cfg.NATS.URL, name, log, opts...)
	}
	if err != nil {
		n.Close()
		return nil, err
	}
	n.Bus, err = bus.New(n.nc, log, bus.Options{Replicas: cfg.NATS.Replicas})
	if err != nil {
		n.Close()
		return nil, err
	}
	if err := n.Bus.Setup(ctx); err != nil {
		n.Close()
		return nil, err
	}
	return n, nil
}

// Close flushes and closes the connection, then stops the embedded server.
// Consumers have drained by then (bus.Consume does it on shutdown).
func (n *Node) Close() {
	if n.nc != nil {
		_ = n.nc.FlushTimeout(2 * time.Second)
		n.nc.Close()
	}
	if n.embedded != nil {
		n.embedded.Shutdown()
	}
}

// DataPath joins p under the data dir.
func DataPath(cfg *config.Config, p ...string) string {
	return filepath.Join(append([]string{cfg.DataDir}, p...)...)
}
