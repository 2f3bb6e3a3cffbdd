package demo

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sayyes/sayyes/pkg/advice"
	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/digest"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/services/advisor"
	"github.com/sayyes/sayyes/services/watcher"
	"github.com/sayyes/sayyes/templates"
)

// Persona is one of the job seekers the demo advises.
type Persona struct {
	Key, Title string
	Profile    config.Profile
	// Busy is the persona's diary as iCalendar, written to a file that
	// profile.busy_calendar points at; empty for none.
	Busy string
}

// Personas are the four job seekers the demo compares. start is the time
// the demo's calendar invitation proposes.
func Personas(start time.Time) []Persona {
	base := config.Profile{Name: "Alex Sample", Timezone: "Europe/Berlin", AvoidCompanies: []string{"Initech"}}
	with := func(edit func(p *config.Profile)) config.Profile {
		p := base
		p.AvoidCompanies = append([]string(nil), base.AvoidCompanies...)
		edit(&p)
		c := config.Config{Profile: p}
		c.Defaults()
		return c.Profile
	}
	stamp := start.Add(-72 * time.Hour).UTC().Format("20060102T150405Z")
	meeting := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Alex//Work diary//EN\r\n" +
		"BEGIN:VEVENT\r\nUID:planning@work.example\r\nDTSTAMP:" + stamp + "\r\n" +
		"DTSTART:" + start.Add(-30*time.Minute).UTC().Format("20060102T150405Z") + "\r\n" +
		"DTEND:" + start.Add(90*time.Minute).UTC().Format("20060102T150405Z") + "\r\n" +
		"SUMMARY:Quarterly planning\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	return []Persona{
		{Key: "searching", Title: "Actively searching", Profile: with(func(p *config.Profile) {
			p.Employment, p.Search = "searching", config.SearchActive
			p.Availability = []string{"mon-fri 09:00-18:00"}
		})},
		{Key: "employed", Title: "Comfortably employed", Busy: meeting, Profile: with(func(p *config.Profile) {
			p.Employment, p.Search, p.Tone = "employed", config.SearchNotLooking, config.ToneWarm
			p.Availability = []string{"mon-fri 08:00-09:30", "mon-fri 16:00-19:00"}
		})},
		{Key: "signed", Title: "Signed elsewhere", Profile: with(func(p *config.Profile) {
			p.Employment = "searching"
			p.AcceptedOfferDate = start.Add(-96 * time.Hour).Format(time.DateOnly)
		})},
		{Key: "avoiding", Title: "Avoiding this company", Profile: with(func(p *config.Profile) {
			p.Employment = "searching"
			p.AvoidCompanies = append(p.AvoidCompanies, "Northwind Robotics")
			p.OfferReferral = true
		})},
	}
}

// PersonaProfile returns the profile of the persona named key.
func PersonaProfile(key string, start time.Time) (config.Profile, error) {
	var keys []string
	for _, p := range Personas(start) {
		if p.Key == key {
			return p.Profile, nil
		}
		keys = append(keys, p.Key)
	}
	return config.Profile{}, fmt.Errorf("no demo profile %q; use one of %s", key, strings.Join(keys, ", "))
}

// Compare advises every invitation among mails for each persona, as the
// advisor would, and prints a table of the recommendations, then the
// digest and the drafts of the focal invitation for each persona. The full
// digests (.txt, .html) and drafts go to outDir.
func Compare(ctx context.Context, w io.Writer, outDir string, set *templates.Set, mails map[string][]byte, focal string, start, now time.Time) error {
	names := make([]string, 0, len(mails))
	for n := range mails {
		names = append(names, n)
	}
	sort.Strings(names)
	var invs []event.InvitationDetected
	var labels []string
	focalAt := -1
	for _, n := range names {
		inv, ok, err := watcher.Detect("sandbox", mails[n], event.Source{Mailbox: "INBOX"}, false)
		if err != nil || !ok {
			continue
		}
		inv.DetectedAt = now
		inv.Message.To = []event.Address{{Address: User}}
		if n == focal {
			focalAt = len(invs)
		}
		invs = append(invs, inv)
		label := inv.Detection.Company
		if label == "" {
			label = inv.Message.Subject
		}
		labels = append(labels, label)
	}
	if focalAt < 0 {
		return fmt.Errorf("demo: the focal mail %s was not detected as an invitation", focal)
	}
	personas := Personas(start)
	loc := personas[0].Profile.Location()
	results := make([][]event.InvitationAdvised, len(personas))
	for i, p := range personas {
		if p.Busy != "" {
			path := filepath.Join(outDir, "busy-"+p.Key+".ics")
			if err := os.WriteFile(path, []byte(p.Busy), 0o644); err != nil {
				return err
			}
			p.Profile.BusyCalendar = path
			personas[i].Profile.BusyCalendar = path
		}
		cal := advisor.NewBusyCalendar(p.Profile, nil)
		for _, inv := range invs {
			busy, warnings := cal.Busy(ctx, inv, now)
			out, err := advisor.Advise(set, advice.Input{Invitation: inv, Profile: p.Profile, Busy: busy, Now: now})
			if err != nil {
				return err
			}
			out.Warnings = append(out.Warnings, warnings...)
			results[i] = append(results[i], out)
		}
	}

	fmt.Fprintf(w, "==================== Four job seekers, the same mailbox ====================\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "invitation")
	for _, p := range personas {
		fmt.Fprintf(tw, "\t%s", p.Title)
	}
	fmt.Fprintln(tw)
	for j, label := range labels {
		fmt.Fprint(tw, label)
		for i := range personas {
			fmt.Fprintf(tw, "\t%s", results[i][j].Recommendation)
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	byName := map[string]int{}
	for j, inv := range invs {
		byName[inv.Message.MessageID] = j
	}
	for i, p := range personas {
		adv := results[i][focalAt]
		v := digest.NewView(digest.Input{Advised: adv, Location: loc, Folder: "Drafts", Health: "(demo: advised directly, no mailbox)"})
		text, html, err := digest.Render(set, v)
		if err != nil {
			return err
		}
		base := filepath.Join(outDir, "profile-"+p.Key)
		if err := os.WriteFile(base+".txt", []byte(text), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(base+".html", []byte(html), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n---------- %s (%s) ----------\n", p.Title, describe(p.Profile))
		fmt.Fprintf(w, "Digest: %s\n", digest.Subject(v))
		for _, r := range v.Reasons {
			fmt.Fprintf(w, "  - %s\n", templates.Indent(4, templates.Wrap(74, r.Text+r.Cite)))
		}
		for _, l := range v.Plan {
			fmt.Fprintf(w, "  > %s\n", templates.Indent(4, templates.Wrap(74, l)))
		}
		for _, warn := range v.Warnings {
			fmt.Fprintf(w, "  ! %s\n", templates.Indent(4, templates.Wrap(74, warn)))
		}
		var titles []string
		for _, s := range v.Sections {
			titles = append(titles, fmt.Sprintf("%s (%d)", s.Title, len(s.Items)))
		}
		fmt.Fprintf(w, "  Guidance: %s. Full digest: %s.txt/.html\n", strings.Join(titles, ", "), base)
		for _, d := range adv.Drafts {
			cal := ""
			if d.Calendar != "" {
				cal = ", with a calendar reply (" + partstat(d.Calendar) + ")"
			}
			fmt.Fprintf(w, "\n  [%s draft%s]\n", d.Kind, cal)
			fmt.Fprintf(w, "%s\n", templates.Prefix("    | ", templates.Wrap(74, strings.TrimRight(d.Body, "\n"))))
			if err := os.WriteFile(fmt.Sprintf("%s-%s.txt", base, d.Kind), []byte(d.Body+calendarNote(d)), 0o644); err != nil {
				return err
			}
		}
	}

	// The same machinery in other situations: an interview already
	// arranged for tomorrow, and an invitation in German.
	fmt.Fprintf(w, "\n==================== Other situations ====================\n")
	for _, ex := range []struct {
		persona, messageID, why string
	}{
		{"signed", "demo-contoso-reminder-1@contoso.example", "an interview arranged before the offer was signed, less than a day away"},
		{"searching", "demo-tailspin-1@tailspin-toys.example", "an invitation in German, formal tone"},
		{"employed", "demo-tailspin-1@tailspin-toys.example", "the same invitation, warm tone, and a slot outside working hours"},
	} {
		j, ok := byName[ex.messageID]
		if !ok {
			continue
		}
		for i, p := range personas {
			if p.Key != ex.persona {
				continue
			}
			adv := results[i][j]
			d := adv.Drafts[0]
			fmt.Fprintf(w, "\n%s, %s: %s (%s)\n", labels[j], p.Title, adv.Recommendation, ex.why)
			for _, r := range adv.Reasons {
				fmt.Fprintf(w, "  - %s\n", templates.Indent(4, templates.Wrap(74, r)))
			}
			cal := ""
			if d.Calendar != "" {
				cal = ", with a calendar reply (" + partstat(d.Calendar) + ")"
			}
			fmt.Fprintf(w, "  [%s draft%s]\n%s\n", d.Kind, cal, templates.Prefix("    | ", templates.Wrap(74, strings.TrimRight(d.Body, "\n"))))
		}
	}
	return nil
}

func describe(p config.Profile) string {
	parts := []string{p.Employment, "search " + p.Search, "tone " + p.Tone}
	if p.HasAcceptedOffer() {
		parts = append(parts, "offer signed "+p.AcceptedOfferDate)
	}
	if len(p.AvoidCompanies) > 0 {
		parts = append(parts, "avoids "+strings.Join(p.AvoidCompanies, ", "))
	}
	if len(p.Availability) > 0 {
		parts = append(parts, "available "+strings.Join(p.Availability, ", "))
	}
	if p.BusyCalendar != "" {
		parts = append(parts, "busy calendar "+filepath.Base(p.BusyCalendar))
	}
	return strings.Join(parts, "; ")
}

func partstat(ics string) string {
	for _, l := range strings.Split(strings.ReplaceAll(ics, "\r\n ", ""), "\n") {
		if i := strings.Index(l, "PARTSTAT="); i >= 0 && strings.HasPrefix(l, "ATTENDEE") {
			v := l[i+len("PARTSTAT="):]
			if j := strings.IndexAny(v, ";:"); j >= 0 {
				v = v[:j]
			}
			return "METHOD:REPLY, PARTSTAT=" + v
		}
	}
	return "METHOD:REPLY"
}

func calendarNote(d event.Draft) string {
	if d.Calendar == "" {
		return ""
	}
	return "\n--- attached text/calendar; method=REPLY ---\n" + d.Calendar
}
