package main

import (
	"context"
	"log/slog"

	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/services/advisor"
	"github.com/sayyes/sayyes/templates"
)

func run(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	set, err := templates.Load(cfg.TemplatesDir)
	if err != nil {
		return err
	}
	node, err := app.Connect(ctx, cfg, "sayyes-advisor", log, false)
	if err != nil {
		return err
	}
	defer node.Close()
	app.Telemetry(ctx, cfg, node, log)
	return advisor.New(node.Bus, set, cfg.Profile, log).Run(ctx)
}
