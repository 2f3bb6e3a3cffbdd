// Package sayyes is the all-in-one Sayyes: one process with an embedded
// NATS server running the watcher, advisor and mailer, for one person on
// one machine; plus the command-line tools (classify, doctor) that work on
// the same code.
package sayyes

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/services/advisor"
	"github.com/sayyes/sayyes/services/mailer"
	"github.com/sayyes/sayyes/services/watcher"
	"github.com/sayyes/sayyes/templates"
)

// Run runs all three services until ctx is done. With nats.url empty it
// starts an embedded NATS server with JetStream in data_dir.
func Run(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	// Templates first: a broken override must stop start-up, not a send.
	set, err := templates.Load(cfg.TemplatesDir)
	if err != nil {
		return err
	}
	node, err := app.Connect(ctx, cfg, "sayyes", log, true)
	if err != nil {
		return err
	}
	defer node.Close()
	return RunServices(ctx, node, set, cfg, log)
}

// RunServices runs the three services on an existing bus connection. Each
// stops on ctx; consumers drain before this returns.
func RunServices(ctx context.Context, node *app.Node, set *templates.Set, cfg *config.Config, log *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	secret, err := app.ReplySecret(cfg)
	if err != nil {
		return err
	}
	metrics := app.Telemetry(ctx, cfg, node, log)
	ml := mailer.New(node.Bus, set, cfg.Accounts, cfg.Profile, log.With("service", "mailer"))
	ml.Metrics = metrics
	ml.EnableReplies(secret, cfg.Replies.CodeTTL.D(), cfg.Replies.DigestReplyEnabled())
	ml.DailyDigest(cfg.Digest)
	w := watcher.New(node.Bus, cfg.Accounts, log.With("service", "watcher"))
	w.DigestReplies = cfg.Replies.DigestReplyEnabled()
	w.Metrics = metrics
	runs := []func(context.Context) error{
		advisor.New(node.Bus, set, cfg.Profile, log.With("service", "advisor")).Run,
		ml.Run,
		w.Run,
	}
	var wg sync.WaitGroup
	errs := make([]error, len(runs))
	for i, run := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs[i] = err
				cancel() // one service failing to start stops the others
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
