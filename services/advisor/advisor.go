// Package advisor consumes detected invitations, decides what the user
// should do (pkg/advice), drafts the replies (pkg/draft) and publishes the
// result on sayyes.invitation.advised.<account>. It holds no state of its
// own: any number of instances can share the durable consumer.
package advisor

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/sayyes/sayyes/pkg/advice"
	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/draft"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/templates"
)

// Consumer is the advisor's durable consumer.
func Consumer() bus.Consumer {
	return bus.Consumer{
		Name:       "advisor",
		Filter:     event.SubjectDetected + ".>",
		Stage:      "advisor",
		AckWait:    15 * time.Second,
		MaxDeliver: 8,
	}
}

// Advisor turns detections into advice.
type Advisor struct {
	bus     *bus.Bus
	set     *templates.Set
	profile config.Profile
	log     *slog.Logger
	now     func() time.Time
	busy    *BusyCalendar
}

// New returns an advisor using the template set and profile.
func New(b *bus.Bus, set *templates.Set, profile config.Profile, log *slog.Logger) *Advisor {
	return &Advisor{bus: b, set: set, profile: profile, log: log, now: time.Now, busy: NewBusyCalendar(profile, nil)}
}

// Run consumes until ctx is done.
func (a *Advisor) Run(ctx context.Context) error {
	a.log.Info("advisor consuming", "filter", Consumer().Filter, "busy_calendar", a.profile.BusyCalendar != "")
	return a.bus.Consume(ctx, Consumer(), a.Handle)
}

// Handle advises on one detected invitation.
func (a *Advisor) Handle(ctx context.Context, d bus.Delivery) error {
	var inv event.InvitationDetected
	if err := json.Unmarshal(d.Data, &inv); err != nil {
		return bus.Permanent(fmt.Errorf("decoding invitation: %w", err))
	}
	if inv.ID == "" || inv.Account == "" {
		return bus.Permanent(fmt.Errorf("invitation event lacks id or account"))
	}
	now := a.now()
	busy, warnings := a.busy.Busy(ctx, inv, now)
	for _, w := range warnings {
		a.log.Warn("busy calendar", "id", inv.ID, "problem", w)
	}
	out, err := Advise(a.set, advice.Input{Invitation: inv, Profile: a.profile, Busy: busy, Now: now})
	if err != nil {
		return bus.Permanent(err)
	}
	out.Warnings = append(out.Warnings, warnings...)
	if err := a.bus.Publish(ctx, event.Subject(event.SubjectAdvised, inv.Account), "adv:"+inv.ID, out); err != nil {
		return err
	}
	a.log.Info("invitation advised", "id", inv.ID, "recommendation", out.Recommendation, "drafts", len(out.Drafts))
	return nil
}

// Advise builds the advised event for in. It is deterministic: the same
// input (including in.Now) gives the same event.
func Advise(set *templates.Set, in advice.Input) (event.InvitationAdvised, error) {
	adv := advice.Recommend(in, set.Guidance)
	inv := in.Invitation
	f := adv.Facts
	now := in.Now
	if now.IsZero() {
		now = inv.DetectedAt
	}
	out := event.InvitationAdvised{
		V:              event.Version,
		ID:             inv.ID,
		Account:        inv.Account,
		AdvisedAt:      now.UTC(),
		Invitation:     inv,
		Recommendation: adv.Recommendation,
		Reasons:        adv.Texts(),
		ReasonGuidance: adv.Citations(),
		Guidance:       adv.Guidance,
		Slot:           f.Slot,
	}
	for _, w := range f.Offered {
		out.Offered = append(out.Offered, event.Span{Start: w.Start, End: w.End})
	}
	plan := draft.Plan{Slot: f.Slot, Start: f.Start, Offered: f.Offered, Soon: f.Soon, Now: now}
	switch {
	case f.AcceptedOffer:
		plan.Because = "accepted-offer"
	case f.LaterRound && in.Profile.Search == config.SearchNotLooking:
		plan.Because = "not-looking"
	}
	for _, a := range append(append([]event.Address{}, inv.Message.To...), inv.Message.Cc...) {
		plan.Self = append(plan.Self, a.Address)
	}
	for _, kind := range adv.DraftKinds {
		dr, err := draft.Compose(set, inv, in.Profile, kind, plan)
		if err != nil {
			return out, fmt.Errorf("drafting %s reply: %w", kind, err)
		}
		out.Drafts = append(out.Drafts, dr)
	}
	return out, nil
}
