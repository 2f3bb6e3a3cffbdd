package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/sayyes/sayyes/pkg/config"
)

// RunFunc is a service body: it runs until ctx is done.
type RunFunc func(ctx context.Context, cfg *config.Config, log *slog.Logger) error

// Main parses --config, loads it, builds the logger, runs fn until SIGINT
// or SIGTERM, and returns the process exit code. Signals cancel the
// context; they never exit the process directly, so in-flight work drains.
func Main(name string, args []string, stderr io.Writer, fn RunFunc) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "path to the YAML config file (SAYYES_* environment variables override it)")
	var sets config.Sets
	fs.Var(&sets, "set", "override one config key, e.g. --set nats.url=nats://10.0.0.5:4222 (repeatable; wins over file and environment)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := config.Load(*path, sets.Environ(os.Environ()))
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	}
	log := Logger(cfg.Log, stderr).With("service", name)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := fn(ctx, cfg, log); err != nil && !errors.Is(err, context.Canceled) {
		log.Error("stopped", "err", err)
		return 1
	}
	log.Info("stopped")
	return 0
}
