// Package app is the composition root shared by the Sayyes binaries: it
// loads the configuration, builds the logger, connects to NATS (embedded or
// external) and sets up JetStream, so each main stays a few lines of wiring.
package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/natsembed"
	"github.com/sayyes/sayyes/pkg/telemetry"
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
	if cfg.NATS.URL == "" && !allowEmbedded {
		return nil, errors.New("nats.url is empty: a single service needs a NATS server it shares with the others; set nats.url (or SAYYES_NATS_URL), or run everything with `sayyes run`")
	}
	if cfg.NATS.URL == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("creating data_dir %s: %w", cfg.DataDir, err)
		}
		n.embedded, err = startEmbedded(ctx, cfg)
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

// urlFile is where `sayyes run` leaves the address (with its access token)
// of its embedded server, for the command-line tools of the same user.
const urlFile = "nats.url"

// startEmbedded starts the embedded server. Unless nats.listen says
// otherwise it listens on a random loopback port behind a random token,
// written to data_dir/nats.url (mode 0600) so that `sayyes drafts` can
// reach the running process and nobody else can.
func startEmbedded(ctx context.Context, cfg *config.Config) (*natsembed.Server, error) {
	opts := natsembed.Options{DataDir: cfg.DataDir, Listen: cfg.NATS.Listen}
	if opts.Listen == "" {
		tok := make([]byte, 24)
		if _, err := rand.Read(tok); err != nil {
			return nil, err
		}
		opts.Listen, opts.Token = "127.0.0.1:0", hex.EncodeToString(tok)
	}
	srv, err := natsembed.Start(ctx, opts)
	if err != nil {
		return nil, err
	}
	if opts.Token != "" {
		u, err := url.Parse(srv.ClientURL())
		if err != nil {
			srv.Shutdown()
			return nil, err
		}
		u.User = url.User(opts.Token)
		if err := writePrivate(filepath.Join(cfg.DataDir, urlFile), []byte(u.String()+"\n")); err != nil {
			srv.Shutdown()
			return nil, err
		}
	}
	return srv, nil
}

// ConnectClient joins the bus for a command-line tool: nats.url if set,
// else the embedded server of a running `sayyes run` (data_dir/nats.url).
func ConnectClient(ctx context.Context, cfg *config.Config, name string, log *slog.Logger) (*Node, error) {
	if cfg.NATS.URL == "" {
		b, err := os.ReadFile(filepath.Join(cfg.DataDir, urlFile))
		if err != nil {
			return nil, fmt.Errorf("no nats.url configured and no running `sayyes run` found (%s: %v); start `sayyes run --config ...` first", filepath.Join(cfg.DataDir, urlFile), errors.Unwrap(err))
		}
		c := *cfg
		c.NATS.URL = strings.TrimSpace(string(b))
		cfg = &c
	}
	return Connect(ctx, cfg, name, log, false)
}

// ReplySecret returns the secret that signs reply codes: replies.secret,
// else data_dir/reply-secret, created (random, mode 0600) on first use.
func ReplySecret(cfg *config.Config) ([]byte, error) {
	if cfg.Replies.Secret != "" {
		return []byte(cfg.Replies.Secret), nil
	}
	p := filepath.Join(cfg.DataDir, "reply-secret")
	if b, err := os.ReadFile(p); err == nil && len(strings.TrimSpace(string(b))) >= 16 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating data_dir: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(raw)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		// Another process created it first: use theirs.
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", p, err)
	}
	defer f.Close()
	if _, err := f.WriteString(secret + "\n"); err != nil {
		return nil, err
	}
	return []byte(secret), nil
}

func writePrivate(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Telemetry creates the process's metrics, attaches them to the bus, and,
// when metrics.listen is set, serves /metrics, /healthz and /readyz until
// ctx ends. Ready means NATS is connected and JetStream answers.
func Telemetry(ctx context.Context, cfg *config.Config, n *Node, log *slog.Logger) *telemetry.Metrics {
	m := telemetry.New()
	n.Bus.Metrics = m
	if cfg.Metrics.Listen == "" {
		return m
	}
	ready := func(ctx context.Context) error {
		if !n.nc.IsConnected() {
			return errors.New("NATS is not connected")
		}
		if _, err := n.Bus.JetStream().AccountInfo(ctx); err != nil {
			return fmt.Errorf("JetStream does not answer: %w", err)
		}
		return nil
	}
	go func() {
		if err := telemetry.Serve(ctx, cfg.Metrics.Listen, m, ready, log, nil); err != nil {
			log.Error("metrics endpoint failed", "addr", cfg.Metrics.Listen, "err", err)
		}
	}()
	return m
}
