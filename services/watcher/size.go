package watcher

import (
	"encoding/json"
	"fmt"

	"github.com/sayyes/sayyes/pkg/event"
)

// maxEventBytes keeps a detection event under the stream's 1 MiB message
// limit with room for headers.
const maxEventBytes = 900 << 10

// fitEvent trims what the digest can do without, biggest first, until the
// event fits the bus. It returns a dead-letter reason when even the trimmed
// event is too big; a mail that cannot be published must not block the
// mailbox by failing the same publish forever.
func fitEvent(inv *event.InvitationDetected) string {
	size := func() int {
		b, err := json.Marshal(inv)
		if err != nil {
			return maxEventBytes + 1
		}
		return len(b)
	}
	if size() <= maxEventBytes {
		return ""
	}
	d := &inv.Detection
	if len(d.Calendar) > 64<<10 {
		d.Calendar = "" // the replies then carry no iTIP answer
	}
	for i := range d.Evidence {
		d.Evidence[i].Span = clip(d.Evidence[i].Span, 200)
		d.Evidence[i].Value = clip(d.Evidence[i].Value, 200)
	}
	if len(d.Reasons) > 20 {
		d.Reasons = d.Reasons[:20]
	}
	for i := range d.Reasons {
		d.Reasons[i] = clip(d.Reasons[i], 300)
	}
	for _, p := range []*string{&d.Company, &d.Role, &d.Location, &d.MeetingURL, &d.SchedulingURL, &inv.Message.Subject} {
		*p = clip(*p, 500)
	}
	if n := size(); n > maxEventBytes {
		return fmt.Sprintf("detection event of %d bytes exceeds the bus limit of %d even after trimming", n, maxEventBytes)
	}
	return ""
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
