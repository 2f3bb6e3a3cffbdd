package main

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
	"time"

	"golang.org/x/term"

	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/services/sayyes"
)

const backfillUsage = `usage: sayyes backfill --config FILE [--since 90d] [--account NAME] [--restart] [-v]

Scans the watched mailboxes for invitations that arrived within --since and
hands the open ones (a proposed time still ahead, or none given) to the
running Sayyes, which writes their digests and drafts. Nothing already
digested is digested again. Needs ` + "`sayyes run`" + ` running (or nats.url set).
Interrupt it at any time (Ctrl-C): running it again continues where it
stopped.

`

// runBackfill wires the backfill to the bus of a running Sayyes, shows the
// progress on stderr and prints the summary on stdout.
func runBackfill(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backfill", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, backfillUsage); fs.PrintDefaults() }
	path := fs.String("config", "", "path to the YAML config file")
	sinceS := fs.String("since", "90d", "how far back to look, by arrival date (e.g. 30d, 90d, 2160h)")
	only := fs.String("account", "", "backfill only this account (default: all)")
	restart := fs.Bool("restart", false, "ignore where an interrupted run stopped and start again")
	verbose := fs.Bool("v", false, "list every invitation found and what was done with it")
	wait := fs.Duration("connect-timeout", 15*time.Second, "how long to wait for the bus of the running sayyes")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	since, err := config.ParseDuration(*sinceS)
	if err != nil || since <= 0 {
		fmt.Fprintf(stderr, "sayyes backfill: --since: %q is not a duration like 30d, 90d or 72h\n", *sinceS)
		return 2
	}
	cfg, err := config.Load(*path, os.Environ())
	if err != nil {
		fmt.Fprintf(stderr, "sayyes backfill: %v\n", err)
		return 2
	}
	accounts := cfg.Accounts
	if *only != "" {
		accounts = nil
		for _, a := range cfg.Accounts {
			if a.Name == *only {
				accounts = append(accounts, a)
			}
		}
		if accounts == nil {
			fmt.Fprintf(stderr, "sayyes backfill: no account named %q in %s\n", *only, *path)
			return 2
		}
	}
	if len(accounts) == 0 {
		fmt.Fprintf(stderr, "sayyes backfill: %s has no accounts\n", *path)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	prog := sayyes.NewProgressWriter(stderr, isTTY(stderr))
	// Warnings only (dead letters): -v lists the invitations instead.
	log := slog.New(slog.NewTextHandler(lineWriter{prog}, &slog.HandlerOptions{Level: slog.LevelWarn}))

	node, err := connectBus(ctx, cfg, log, *wait)
	if err != nil {
		fmt.Fprintf(stderr, "sayyes backfill: %v\n", err)
		return 1
	}
	defer node.Close()

	opts := sayyes.BackfillOptions{Since: since.D(), Restart: *restart, Progress: prog.Update, Log: log}
	if *verbose {
		opts.Found = func(f sayyes.Found) {
			m := f.Invitation.Message
			prog.Println(fmt.Sprintf("%-15s %s  %s  %q", f.Outcome, m.Date.Local().Format("2006-01-02"), m.From.Address, m.Subject))
		}
	}
	start := time.Now()
	st, err := sayyes.Backfill(ctx, node.Bus, accounts, opts)
	prog.Finish()
	printBackfillSummary(stdout, st, since.D(), time.Since(start))
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "sayyes backfill: interrupted; run the same command again to continue where it stopped")
		return 130
	case err != nil:
		fmt.Fprintf(stderr, "sayyes backfill: %v\nRunning the same command again continues where it stopped.\n", err)
		return 1
	}
	return 0
}

// connectBus reaches the bus of a running `sayyes run` (or nats.url), and
// says so plainly when nothing answers: the client keeps retrying a dead
// address, so a bounded wait is the only way to tell.
func connectBus(ctx context.Context, cfg *config.Config, log *slog.Logger, wait time.Duration) (*app.Node, error) {
	cctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	node, err := app.ConnectClient(cctx, cfg, "sayyes-backfill", log)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			where := "the NATS server at nats.url"
			if cfg.NATS.URL == "" {
				where = "`sayyes run` (its address is in " + app.DataPath(cfg, "nats.url") + ")"
			}
			return nil, fmt.Errorf("%s did not answer within %s: start `sayyes run --config ...` first, or check nats.url", where, wait)
		}
		return nil, err
	}
	return node, nil
}

func printBackfillSummary(w io.Writer, st sayyes.BackfillStats, since, took time.Duration) {
	days := since.Hours() / 24
	fmt.Fprintf(w, "Backfill of the last %g days (since %s), %d mailbox(es), %s:\n", days, st.Since.Local().Format(time.DateOnly), st.Mailboxes, took.Round(100*time.Millisecond))
	line := func(label string, n int, note string) {
		if note != "" {
			note = "  " + note
		}
		fmt.Fprintf(w, "  %-24s %6d%s\n", label, n, note)
	}
	resumed := ""
	if st.Resumed > 0 {
		resumed = fmt.Sprintf("(+%d done by the interrupted run this one continued)", st.Resumed)
	}
	line("messages in the window", st.Total, "")
	line("scanned", st.Scanned, resumed)
	if st.Skipped > 0 {
		line("skipped", st.Skipped, "(Sayyes' own digests and your replies to them)")
	}
	line("invitations found", st.Invitations, "")
	line("  already handled", st.Handled, "(digest sent before: not sent again)")
	if st.Queued > 0 {
		line("  already queued", st.Queued, "(published before, digest on its way)")
	}
	line("  not open any more", st.Past, "(every proposed time has passed: skipped)")
	line("  published", st.Published, "(digests and drafts follow from `sayyes run`)")
	line("dead-lettered", st.DeadLettered, "(unreadable messages, kept with the reason)")
}

func isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb"
}

// lineWriter prints log lines above the progress bar.
type lineWriter struct{ p *sayyes.ProgressWriter }

func (l lineWriter) Write(b []byte) (int, error) {
	s := string(b)
	if n := len(s); n > 0 && s[n-1] == '\n' {
		s = s[:n-1]
	}
	l.p.Println(s)
	return len(b), nil
}
