package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/sayyes/sayyes/pkg/app"
	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/replytoken"
)

const draftsUsage = `usage:
  sayyes drafts list --config FILE
  sayyes drafts show ID --config FILE
  sayyes drafts send ID --kind accept|decline|cancel|reschedule [--slot N] [--yes] --config FILE
`

// runDrafts lists, shows and sends prepared replies. Sending asks for
// confirmation on the terminal unless --yes is given.
func runDrafts(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, draftsUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("drafts "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "path to the YAML config file")
	kind := fs.String("kind", "", "which reply to send: accept, decline, cancel or reschedule")
	slot := fs.Int("slot", 0, "with accept: the proposed time to confirm (1, 2, ...)")
	yes := fs.Bool("yes", false, "send without asking (for scripts)")
	timeout := fs.Duration("timeout", 60*time.Second, "how long to wait for the outcome")
	// Flags may come after the ID.
	var pos []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return 2
		}
		args = fs.Args()
		if len(args) > 0 {
			pos = append(pos, args[0])
			args = args[1:]
		}
	}
	cfg, err := config.Load(*path, os.Environ())
	if err != nil {
		fmt.Fprintf(stderr, "sayyes drafts: %v\n", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout+10*time.Second)
	defer cancel()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	node, err := app.ConnectClient(ctx, cfg, "sayyes-cli", log)
	if err != nil {
		fmt.Fprintf(stderr, "sayyes drafts: %v\n", err)
		return 1
	}
	defer node.Close()
	switch sub {
	case "list":
		return draftsList(ctx, node.Bus, stdout, stderr)
	case "show", "send":
		if len(pos) != 1 {
			fmt.Fprint(stderr, draftsUsage)
			return 2
		}
		set, err := findDrafts(ctx, node.Bus, pos[0])
		if err != nil {
			fmt.Fprintf(stderr, "sayyes drafts: %v\n", err)
			return 1
		}
		if sub == "show" {
			showDrafts(set, stdout)
			return 0
		}
		return draftsSend(ctx, cfg, node, set, *kind, *slot, *yes, *timeout, stdin, stdout, stderr)
	}
	fmt.Fprint(stderr, draftsUsage)
	return 2
}

func draftsList(ctx context.Context, b *bus.Bus, stdout, stderr io.Writer) int {
	sets, err := b.ListDrafts(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "sayyes drafts: %v\n", err)
		return 1
	}
	if len(sets) == 0 {
		fmt.Fprintln(stdout, "No drafts yet.")
		return 0
	}
	for _, s := range sets {
		var kinds []string
		for _, d := range s.Drafts {
			kinds = append(kinds, d.Kind)
		}
		fmt.Fprintf(stdout, "%s  %s  %-22s %-45q advice: %s; drafts: %s\n", s.InvitationID[:12], s.CreatedAt.Local().Format("2006-01-02 15:04"), trunc(s.Company, 22), trunc(s.Subject, 43), s.Recommendation, strings.Join(kinds, ", "))
	}
	return 0
}

// findDrafts accepts the full id or a unique prefix of at least 6 characters.
func findDrafts(ctx context.Context, b *bus.Bus, id string) (bus.DraftSet, error) {
	if s, err := b.LoadDrafts(ctx, id); err == nil {
		return s, nil
	}
	if len(id) < 6 {
		return bus.DraftSet{}, fmt.Errorf("no drafts for %q (give at least 6 characters of the id from `sayyes drafts list`)", id)
	}
	sets, err := b.ListDrafts(ctx)
	if err != nil {
		return bus.DraftSet{}, err
	}
	var found []bus.DraftSet
	for _, s := range sets {
		if strings.HasPrefix(s.InvitationID, id) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return bus.DraftSet{}, fmt.Errorf("no drafts for %q", id)
	}
	return bus.DraftSet{}, fmt.Errorf("%q matches %d invitations; give more of the id", id, len(found))
}

func showDrafts(s bus.DraftSet, w io.Writer) {
	fmt.Fprintf(w, "Invitation %s: %q from %s\nAdvice: %s. Drafts in %s.\n", s.InvitationID, s.Subject, s.From.Address, s.Recommendation, s.Folder)
	for i, t := range s.ProposedTimes {
		fmt.Fprintf(w, "Proposed time %d: %s\n", i+1, t.Local().Format(time.RFC1123))
	}
	for _, d := range s.Drafts {
		to := ""
		if len(d.To) > 0 {
			to = d.To[0].Address
		}
		fmt.Fprintf(w, "\n--- %s, to %s, subject %q\n%s", d.Kind, to, d.Subject, d.Body)
	}
}

func draftsSend(ctx context.Context, cfg *config.Config, node *app.Node, set bus.DraftSet, kind string, slot int, yes bool, timeout time.Duration, stdin io.Reader, stdout, stderr io.Writer) int {
	d, ok := set.Draft(kind)
	if !ok {
		fmt.Fprintf(stderr, "sayyes drafts: no %q draft for this invitation; choose --kind from the list shown by `sayyes drafts show %s`\n", kind, set.InvitationID[:12])
		return 2
	}
	to := ""
	if len(d.To) > 0 {
		to = d.To[0].Address
	}
	if done, err := node.Bus.IsDone(ctx, "send."+set.InvitationID+"."+kind); err == nil && done {
		fmt.Fprintf(stdout, "The %s reply to %s was already sent; nothing more is sent.\n", kind, to)
		return 0
	}
	if !yes {
		fmt.Fprintf(stdout, "Send the %s reply %q to %s now? [y/N] ", kind, d.Subject, to)
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			fmt.Fprintln(stdout, "Not sent.")
			return 1
		}
	}
	secret, err := app.ReplySecret(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "sayyes drafts: %v\n", err)
		return 1
	}
	code, err := replytoken.Mint(secret, set.InvitationID, kind, time.Now().Add(10*time.Minute))
	if err != nil {
		fmt.Fprintf(stderr, "sayyes drafts: %v\n", err)
		return 1
	}
	sum := sha256.Sum256([]byte("cli\x00" + set.InvitationID + "\x00" + kind))
	req := event.ReplyRequested{V: event.Version, ID: hex.EncodeToString(sum[:12]), Account: set.Account, RequestedAt: time.Now().UTC(),
		InvitationID: set.InvitationID, Kind: kind, Via: "cli", Proof: code, Slot: slot}
	// Listen for the outcome before asking, so it cannot be missed.
	sent := make(chan struct{}, 1)
	refused := make(chan string, 1)
	nc := node.Bus.Conn()
	sub1, err := nc.Subscribe(event.Subject(event.SubjectReplySent, set.Account), func(m *nats.Msg) {
		var o event.Outcome
		if json.Unmarshal(m.Data, &o) == nil && o.InvitationID == set.InvitationID && o.Kind == kind {
			sent <- struct{}{}
		}
	})
	if err != nil {
		fmt.Fprintf(stderr, "sayyes drafts: %v\n", err)
		return 1
	}
	defer sub1.Unsubscribe()
	sub2, err := nc.Subscribe(event.SubjectDeadLetter+".reply."+set.Account, func(m *nats.Msg) {
		var dl event.DeadLetter
		if json.Unmarshal(m.Data, &dl) == nil && strings.Contains(string(dl.Payload), set.InvitationID) {
			refused <- dl.Reason
		}
	})
	if err != nil {
		fmt.Fprintf(stderr, "sayyes drafts: %v\n", err)
		return 1
	}
	defer sub2.Unsubscribe()
	// The same invitation and kind always map to the same message id, so
	// running the command twice is absorbed by JetStream and the mailer.
	if err := node.Bus.Publish(ctx, event.Subject(event.SubjectReplyRequested, set.Account), "req:"+req.ID, req); err != nil {
		fmt.Fprintf(stderr, "sayyes drafts: %v\n", err)
		return 1
	}
	select {
	case <-sent:
		fmt.Fprintf(stdout, "Sent the %s reply to %s; a copy is in your Sent folder.\n", kind, to)
		return 0
	case why := <-refused:
		fmt.Fprintf(stderr, "Not sent: %s\n", why)
		return 1
	case <-time.After(timeout):
		fmt.Fprintf(stderr, "No answer from the mailer within %s; the request is queued and will be sent once, when it runs.\n", timeout)
		return 1
	case <-ctx.Done():
		fmt.Fprintln(stderr, errors.New("interrupted"))
		return 1
	}
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
