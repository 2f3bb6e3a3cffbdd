package main

import (
	"context"
	"log/slog"

	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/services/mailer"
	"github.com/sayyes/sayyes/templates"
)

func run(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	set, err := templates.Load(cfg.TemplatesDir)
	if err != nil {
		return err
	}
	node, err := app.Connect(ctx, cfg, "sayyes-mailer", log, false)
	if err != nil {
		return err
	}
	defer node.Close()
	secret, err := app.ReplySecret(cfg)
	if err != nil {
		return err
	}
	m := mailer.New(node.Bus, set, cfg.Accounts, cfg.Profile, log)
	m.Metrics = app.Telemetry(ctx, cfg, node, log)
	m.EnableReplies(secret, cfg.Replies.CodeTTL.D(), cfg.Replies.DigestReplyEnabled())
	m.DailyDigest(cfg.Digest)
	return m.Run(ctx)
}
