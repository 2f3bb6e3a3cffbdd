package watcher

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/bus"
	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/event"
)

// Threads. A reschedule, a reminder or a confirmation usually answers the
// invitation's thread (In-Reply-To, References; RFC 5322 section 3.6.4).
// The watcher indexes the Message-ID of every invitation it publishes in
// the KV bucket bus.BucketThreads; a later message whose In-Reply-To or
// References name a known message updates that invitation: its event gets
// Thread.InvitationID (the first invitation's id), a revision number and
// the list of what changed, which the digest shows. The event keeps its own
// ID, so every update is delivered, advised and digested exactly once, as
// any invitation is.

// minThreadScore is the detector score above which a message in a known
// invitation thread counts as an update even if it is not an invitation on
// its own (a confirmation naming the time); rejections score far lower.
const minThreadScore = 0.2

// ancestors lists the Message-IDs a message answers, nearest first.
func ancestors(m event.Message) []string {
	var out []string
	seen := map[string]bool{}
	add := func(id string) {
		id = strings.Trim(strings.TrimSpace(id), "<>")
		if id != "" && !seen[id] && id != m.MessageID {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range m.InReplyTo {
		add(id)
	}
	refs := slices.Clone(m.References)
	slices.Reverse(refs)
	for _, id := range refs {
		add(id)
	}
	return out
}

// thread decides whether inv is published and links it to its thread. It
// returns publish=false for a message that is neither an invitation nor an
// update of one, and the index entry to record once inv is published.
func (m *mailbox) thread(ctx context.Context, inv *event.InvitationDetected, res detect.Result) (publish bool, entry bus.ThreadEntry, err error) {
	prior, known, err := m.w.bus.LookupThread(ctx, m.token, ancestors(inv.Message))
	if err != nil {
		return false, entry, err
	}
	if !known {
		return res.IsInvitation, snapshot(inv.ID, inv.Detection, bus.ThreadEntry{}), nil
	}
	update := res.IsInvitation || res.Score >= minThreadScore && (len(res.ProposedTimes) > 0 || res.Calendar != "")
	if !update {
		return false, entry, nil
	}
	inv.Thread = &event.Thread{
		InvitationID: prior.InvitationID,
		Revision:     prior.Revision + 1,
		Changes:      changes(prior, inv.Detection),
	}
	if inv.Detection.Kind == "" {
		// Not an invitation by itself: an update in the thread.
		inv.Detection.Kind = "reminder"
		if len(inv.Thread.Changes) > 0 {
			inv.Detection.Kind = "reschedule"
		}
	}
	inv.Detection.IsInvitation = true
	inv.Detection.Reasons = append(inv.Detection.Reasons, "answers the thread of an invitation detected earlier (update "+strconv.Itoa(inv.Thread.Revision)+")")
	entry = snapshot(inv.ID, inv.Detection, prior)
	entry.InvitationID, entry.Revision = prior.InvitationID, inv.Thread.Revision
	return true, entry, nil
}

// snapshot is what the thread knows after d: d's values, and the earlier
// ones where d states nothing.
func snapshot(id string, d event.Detection, prior bus.ThreadEntry) bus.ThreadEntry {
	e := bus.ThreadEntry{InvitationID: id, EventID: id, Kind: d.Kind, Times: d.ProposedTimes,
		MeetingURL: d.MeetingURL, Location: d.Location, Format: d.Format, Stage: d.Stage}
	if len(e.Times) == 0 {
		e.Times = prior.Times
	}
	for _, f := range []struct {
		dst *string
		old string
	}{{&e.MeetingURL, prior.MeetingURL}, {&e.Location, prior.Location}, {&e.Format, prior.Format}, {&e.Stage, prior.Stage}} {
		if *f.dst == "" {
			*f.dst = f.old
		}
	}
	return e
}

// indexThread records the published message so that later messages of the
// thread find it.
func (m *mailbox) indexThread(ctx context.Context, messageID string, e bus.ThreadEntry) error {
	e.At = m.w.now().UTC()
	return m.w.bus.IndexThread(ctx, m.token, messageID, e)
}

// changes compares what the thread knew with the new detection. Only
// fields the new message states are compared: a reminder that repeats no
// link does not remove it.
func changes(prior bus.ThreadEntry, d event.Detection) []event.Change {
	var out []event.Change
	if len(d.ProposedTimes) > 0 && !sameTimes(prior.Times, d.ProposedTimes) {
		out = append(out, event.Change{Field: "time", Old: formatTimes(prior.Times), New: formatTimes(d.ProposedTimes)})
	}
	for _, c := range []struct{ field, old, new string }{
		{"meeting link", prior.MeetingURL, d.MeetingURL},
		{"location", prior.Location, d.Location},
		{"format", prior.Format, d.Format},
		{"stage", prior.Stage, d.Stage},
	} {
		// Only a value that replaces a known one is a change; a first
		// mention (the format, once the reminder names it) is not.
		if c.new != "" && c.old != "" && c.new != c.old {
			out = append(out, event.Change{Field: c.field, Old: c.old, New: c.new})
		}
	}
	return out
}

func sameTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

func formatTimes(ts []time.Time) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Format(time.RFC3339))
	}
	return strings.Join(s, ", ")
}
