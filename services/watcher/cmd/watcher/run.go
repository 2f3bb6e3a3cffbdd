package main

import (
	"context"
	"log/slog"

	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/services/watcher"
)

func run(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	node, err := app.Connect(ctx, cfg, "sayyes-watcher", log, false)
	if err != nil {
		return err
	}
	defer node.Close()
	w := watcher.New(node.Bus, cfg.Accounts, log)
	w.Metrics = app.Telemetry(ctx, cfg, node, log)
	w.DigestReplies = cfg.Replies.DigestReplyEnabled()
	return w.Run(ctx)
}
