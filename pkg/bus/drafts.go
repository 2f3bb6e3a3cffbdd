package bus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/sayyes/sayyes/pkg/event"
)

// DraftSet is what the mailer prepared for one invitation: the drafts as
// placed in the Drafts folder, and where. `sayyes drafts` lists them and
// the reply sender sends from them.
type DraftSet struct {
	InvitationID   string        `json:"invitation_id"`
	Account        string        `json:"account"`
	Subject        string        `json:"subject"`
	From           event.Address `json:"from"`
	Company        string        `json:"company,omitempty"`
	Role           string        `json:"role,omitempty"`
	Recommendation string        `json:"recommendation"`
	ProposedTimes  []time.Time   `json:"proposed_times,omitempty"`
	Folder         string        `json:"folder"`
	Drafts         []event.Draft `json:"drafts"`
	DigestID       string        `json:"digest_id,omitempty"`
	// Invitation lets a reply be recomposed, e.g. to confirm another
	// proposed time ("accept 2").
	Invitation *event.InvitationDetected `json:"invitation,omitempty"`
	CreatedAt  time.Time                 `json:"created_at"`
}

// Draft returns the draft of kind, if prepared.
func (s DraftSet) Draft(kind string) (event.Draft, bool) {
	for _, d := range s.Drafts {
		if d.Kind == kind {
			return d, true
		}
	}
	return event.Draft{}, false
}

// ErrNoDrafts: no drafts are recorded for that invitation.
var ErrNoDrafts = errors.New("no drafts for that invitation")

// SaveDrafts records s.
func (b *Bus) SaveDrafts(ctx context.Context, s DraftSet) error {
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("bus: encoding drafts: %w", err)
	}
	if _, err := b.drafts.Put(ctx, kvKey(s.InvitationID), data); err != nil {
		return fmt.Errorf("bus: saving drafts of %s: %w", s.InvitationID, err)
	}
	return nil
}

// LoadDrafts returns the drafts of invitation id.
func (b *Bus) LoadDrafts(ctx context.Context, id string) (DraftSet, error) {
	var s DraftSet
	e, err := b.drafts.Get(ctx, kvKey(id))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return s, fmt.Errorf("%w %s", ErrNoDrafts, id)
	}
	if err != nil {
		return s, fmt.Errorf("bus: reading drafts of %s: %w", id, err)
	}
	if err := json.Unmarshal(e.Value(), &s); err != nil {
		return s, fmt.Errorf("bus: decoding drafts of %s: %w", id, err)
	}
	return s, nil
}

// ListDrafts returns every recorded draft set, newest first.
func (b *Bus) ListDrafts(ctx context.Context) ([]DraftSet, error) {
	lister, err := b.drafts.ListKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("bus: listing drafts: %w", err)
	}
	var out []DraftSet
	for k := range lister.Keys() {
		s, err := b.LoadDrafts(ctx, k)
		if err != nil {
			continue // deleted meanwhile
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}
