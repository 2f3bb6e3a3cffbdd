package digest

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/sayyes/sayyes/pkg/draft"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
	"github.com/sayyes/sayyes/templates"
)

// HeaderDigest marks a daily digest ("daily"); a per-invitation digest
// carries X-Sayyes-Invitation instead.
const HeaderDigest = "X-Sayyes-Digest"

// Daily is the data of the daily digest: every invitation advised since
// the previous one, each as it would appear in its own digest.
type Daily struct {
	Date   string
	Items  []View
	Health string
}

// NewDaily assembles a daily digest for day (in loc) from the inputs, in
// the order the invitations arrived.
func NewDaily(day time.Time, loc *time.Location, ins []Input, health string) Daily {
	ins = append([]Input(nil), ins...)
	sort.SliceStable(ins, func(i, j int) bool {
		return ins[i].Advised.Invitation.DetectedAt.Before(ins[j].Advised.Invitation.DetectedAt)
	})
	d := Daily{Date: day.In(loc).Format("Monday 2 January 2006"), Health: health}
	for _, in := range ins {
		in.Location = loc
		in.Codes = nil // a code names one invitation; one reply cannot pick among several
		v := NewView(in)
		v.Health = ""
		d.Items = append(d.Items, v)
	}
	return d
}

// RenderDaily executes both daily templates.
func RenderDaily(set *templates.Set, d Daily) (text, html string, err error) {
	return renderPair(set.DailyText, set.DailyHTML, d, "daily ")
}

// DailySubject sums the day up: "[Sayyes] 3 invitations: 2 yes, 1 decline".
func DailySubject(d Daily) string {
	counts := map[string]int{}
	var order []string
	for _, v := range d.Items {
		word := shortWord[v.Recommendation]
		if word == "" {
			word = v.Recommendation
		}
		if counts[word] == 0 {
			order = append(order, word)
		}
		counts[word]++
	}
	var parts []string
	for _, w := range order {
		parts = append(parts, fmt.Sprintf("%d %s", counts[w], w))
	}
	noun := "invitation"
	if len(d.Items) != 1 {
		noun += "s"
	}
	return mailmsg.CleanHeader(fmt.Sprintf("[Sayyes] %d %s: %s", len(d.Items), noun, strings.Join(parts, ", ")))
}

var shortWord = map[string]string{
	event.RecommendAccept:              "yes",
	event.RecommendAcceptWithQuestions: "yes",
	event.RecommendReschedule:          "reschedule",
	event.RecommendDecline:             "decline",
	event.RecommendCancel:              "cancel",
}

// BuildDaily makes the daily digest message. key names the batch (the
// account and the day): the Message-ID derives from it, so a retry after a
// crash sends the same Message-ID and receiving stores can drop the copy.
func BuildDaily(d Daily, text, html string, from event.Address, to, key string, date time.Time) (*mail.Msg, string, error) {
	m := mail.NewMsg()
	if err := m.FromFormat("Sayyes", from.Address); err != nil {
		return nil, "", fmt.Errorf("digest: From %q: %w", from.Address, err)
	}
	if err := m.To(to); err != nil {
		return nil, "", fmt.Errorf("digest: To %q: %w", to, err)
	}
	m.Subject(DailySubject(d))
	id := draft.MessageID("daily", key, from.Address)
	m.SetMessageIDWithValue(id)
	m.SetDateWithValue(date)
	m.SetGenHeader(mail.Header(HeaderDigest), "daily")
	m.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	m.SetUserAgent("Sayyes")
	m.SetBodyString(mail.TypeTextPlain, text)
	m.AddAlternativeString(mail.TypeTextHTML, html)
	return m, id, nil
}
