// Command sayyes is the all-in-one Sayyes: `sayyes run` watches your
// mailbox with an embedded NATS server; `sayyes demo` shows it working on a
// sandbox; `sayyes classify` and `sayyes doctor` are the tools around it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/corpus"
	"github.com/sayyes/sayyes/services/sayyes"
	"github.com/sayyes/sayyes/services/sayyes/demo"
)

const usage = `usage: sayyes <command> [flags]

commands:
  init [--config FILE]      set up: asks for your address, tests the login, writes the config
  run --config FILE         watch the configured mailboxes (embedded NATS unless nats.url is set)
  demo [--out DIR] [--profile searching|employed|signed|avoiding]
                            run the whole pipeline on a built-in sandbox mailbox, then
                            compare the advice for four job seekers
  classify [--json] FILE... say whether each .eml file is an interview invitation, and why
  doctor --config FILE      check the mail servers, NATS and data dir, and explain what is wrong
                            (exit 0: all good, 1: warnings, 2: something fails)
  backfill --config FILE [--since 90d]
                            hand open invitations from existing mail to a running sayyes
  drafts list|show|send     list the prepared replies, show one, or send one (asks first; --yes for scripts)
  auth login --config FILE [--account NAME] [--provider gmail|microsoft]
                            sign in once with OAuth2 and store the refresh token (auth: oauth2)
  eval [--corpus DIR] [--split train|holdout|all] [-v]
                            score the detector on the labeled corpus: precision, recall,
                            confusion list, kind and per-field accuracy
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "run":
		return app.Main("sayyes", args, stderr, sayyes.Run)
	case "demo":
		return runDemo(args, stdout, stderr)
	case "classify":
		return runClassify(args, stdout, stderr)
	case "doctor":
		return runDoctor(args, stdout, stderr)
	case "drafts":
		return runDrafts(args, os.Stdin, stdout, stderr)
	case "auth":
		return runAuth(args, stdout, stderr)
	case "init":
		return runInit(args, os.Stdin, stdout, stderr)
	case "backfill":
		return runBackfill(args, stdout, stderr)
	case "eval":
		return runEval(args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "sayyes: unknown command %q\n\n%s", cmd, usage)
	return 2
}

func runDemo(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "demo-output", "folder for the digests (.eml and .html)")
	profile := fs.String("profile", "searching", "whose mailbox the live run advises: searching, employed, signed or avoiding")
	verbose := fs.Bool("v", false, "show the services' logs")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := demo.Run(ctx, demo.Options{Out: stdout, OutDir: *out, Log: log, Profile: *profile}); err != nil {
		fmt.Fprintf(stderr, "sayyes demo: %v\n", err)
		return 1
	}
	return 0
}

func runClassify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per line, one per file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: sayyes classify [--json] FILE.eml...")
		return 2
	}
	if err := sayyes.Classify(stdout, fs.Args(), *asJSON); err != nil {
		fmt.Fprintf(stderr, "sayyes classify: %v\n", err)
		return 1
	}
	return 0
}

func runDoctor(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "path to the YAML config file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := config.Load(*path, os.Environ())
	if err != nil {
		fmt.Fprintf(stdout, "[FAIL] config: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "[ok  ] config %s\n", *path)
	switch sayyes.Doctor(context.Background(), cfg, stdout) {
	case sayyes.Fail:
		fmt.Fprintln(stdout, "\nSome checks failed; the fix lines say what to change.")
		return 2
	case sayyes.Warn:
		fmt.Fprintln(stdout, "\nWorking, with warnings.")
		return 1
	}
	fmt.Fprintln(stdout, "\nEverything checks out.")
	return 0
}

func runEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("corpus", "testdata/corpus", "labeled corpus directory (with labels.jsonl)")
	split := fs.String("split", "all", "train, holdout, or all (each split reported separately)")
	verbose := fs.Bool("v", false, "list the reasons of each mistake and every field miss")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var splits []string
	switch *split {
	case "train", "holdout":
		splits = []string{*split}
	case "all":
		splits = []string{"train", "holdout"}
	default:
		fmt.Fprintf(stderr, "sayyes eval: --split must be train, holdout or all, not %q\n", *split)
		return 2
	}
	labels, err := corpus.Load(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "sayyes eval: %v\n", err)
		return 1
	}
	failed := false
	for i, s := range splits {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		r := corpus.Evaluate(*dir, labels, s)
		r.Print(stdout, *verbose)
		failed = failed || len(r.Errors) > 0
	}
	if failed {
		return 1
	}
	return 0
}
