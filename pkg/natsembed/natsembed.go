// Package natsembed runs a NATS server with JetStream inside the Sayyes
// process, for the single-machine setup, and connects clients to either that
// server or an external one with the reconnect settings a long-running
// service needs.
package natsembed

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// Server is an embedded NATS server.
type Server struct {
	ns    *server.Server
	token string
}

// Options for the embedded server.
type Options struct {
	// DataDir holds JetStream's file storage (DataDir/jetstream).
	DataDir string
	// Listen, when set (host:port), accepts network clients, so that
	// separately started services can share the embedded server.
	Listen string
	// Token, when set, is required from every client, in-process ones too.
	Token string
}

// Start launches the server and waits until it accepts connections.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.DataDir == "" {
		return nil, fmt.Errorf("natsembed: data dir is empty")
	}
	store := filepath.Join(opts.DataDir, "nats")
	if err := os.MkdirAll(store, 0o700); err != nil {
		return nil, fmt.Errorf("natsembed: creating %s: %w", store, err)
	}
	so := &server.Options{
		ServerName: "sayyes-embedded",
		JetStream:  true,
		StoreDir:   store,
		NoSigs:     true,
		NoLog:      true,
	}
	if opts.Token != "" {
		so.Authorization = opts.Token
	}
	if opts.Listen == "" {
		so.DontListen = true
	} else {
		host, port, err := splitHostPort(opts.Listen)
		if err != nil {
			return nil, err
		}
		so.Host, so.Port = host, port
		if port == 0 {
			so.Port = server.RANDOM_PORT // nats-server reads 0 as its default, 4222
		}
	}
	ns, err := server.NewServer(so)
	if err != nil {
		return nil, fmt.Errorf("natsembed: configuring server: %w", err)
	}
	go ns.Start()
	deadline := 10 * time.Second
	if d, ok := ctx.Deadline(); ok {
		deadline = time.Until(d)
	}
	if !ns.ReadyForConnections(deadline) {
		ns.Shutdown()
		return nil, fmt.Errorf("natsembed: server not ready after %s (is %s writable?)", deadline, store)
	}
	return &Server{ns: ns, token: opts.Token}, nil
}

// ClientURL is the URL network clients use, or "" when not listening.
func (s *Server) ClientURL() string {
	if s.ns.Addr() == nil {
		return ""
	}
	return s.ns.ClientURL()
}

// Connect opens an in-process client connection.
func (s *Server) Connect(name string, log *slog.Logger) (*nats.Conn, error) {
	opts := []nats.Option{nats.InProcessServer(s.ns)}
	if s.token != "" {
		opts = append(opts, nats.Token(s.token))
	}
	return connect("", name, log, opts...)
}

// Shutdown stops the server and waits for it to finish.
func (s *Server) Shutdown() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
}

// Connect dials an external NATS server at url. opts are appended to the
// defaults (credentials, TLS).
func Connect(url, name string, log *slog.Logger, opts ...nats.Option) (*nats.Conn, error) {
	return connect(url, name, log, opts...)
}

func connect(url, name string, log *slog.Logger, extra ...nats.Option) (*nats.Conn, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts := []nats.Option{
		nats.Name(name),
		// nats.go gives up after 60 attempts by default; a service that
		// runs for months must keep trying.
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.ReconnectJitter(500*time.Millisecond, time.Second),
		nats.RetryOnFailedConnect(true),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted())
		}),
	}
	opts = append(opts, extra...)
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("natsembed: connecting to %q: %w", url, err)
	}
	return nc, nil
}

func splitHostPort(hp string) (string, int, error) {
	host, p, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, fmt.Errorf("natsembed: listen address %q: %w", hp, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("natsembed: listen port %q: %w", p, err)
	}
	return host, port, nil
}
