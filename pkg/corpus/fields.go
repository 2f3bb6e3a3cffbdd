package corpus

import (
	"slices"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/detect"
)

// scoreFields compares each extracted field with its label. Text fields
// compare case- and space-insensitively; times compare as instants.
func (r *Report) scoreFields(l Label, res detect.Result) {
	text := func(name, want, got string) {
		f := r.field(name)
		want, got = norm(want), norm(got)
		if want == "" {
			if got != "" {
				f.Spurious++
			}
			return
		}
		f.Labeled++
		if want == got {
			f.Correct++
		} else {
			f.Misses = append(f.Misses, l.File+": want "+want+", got "+got)
		}
	}
	text("company", l.Company, res.Company)
	text("role", l.Role, res.Role)
	text("stage", l.Stage, res.Stage)
	text("format", l.Format, res.Format)
	text("meeting_url", l.MeetingURL, res.MeetingURL)
	text("scheduling_url", l.SchedulingURL, res.SchedulingURL)
	text("scheduling_vendor", l.SchedulingVendor, res.SchedulingVendor)
	text("recruiter", l.Recruiter, res.Recruiter)
	text("reply_to", l.ReplyTo, res.ReplyTo)
	text("location", l.Location, res.Location)
	text("respond_by", l.RespondBy, dateOnly(res.RespondBy))
	spurious := func(name string, found bool) {
		if found {
			r.field(name).Spurious++
		}
	}
	if l.DurationMinutes == 0 {
		spurious("duration", res.Duration > 0)
	} else {
		f := r.field("duration")
		f.Labeled++
		if int(res.Duration.Minutes()) == l.DurationMinutes {
			f.Correct++
		} else {
			f.Misses = append(f.Misses, l.File)
		}
	}
	if len(l.Interviewers) == 0 {
		spurious("interviewers", len(res.Interviewers) > 0)
	} else {
		f := r.field("interviewers")
		f.Labeled++
		if sameSet(l.Interviewers, res.Interviewers) {
			f.Correct++
		} else {
			f.Misses = append(f.Misses, l.File+": want "+strings.Join(l.Interviewers, ", ")+", got "+strings.Join(res.Interviewers, ", "))
		}
	}
	if len(l.ProposedTimes) == 0 {
		spurious("proposed_times", len(res.ProposedTimes) > 0)
	} else {
		f := r.field("proposed_times")
		f.Labeled++
		if sameTimes(l.ProposedTimes, res.ProposedTimes) {
			f.Correct++
		} else {
			var got []string
			for _, t := range res.ProposedTimes {
				got = append(got, t.Format(time.RFC3339))
			}
			f.Misses = append(f.Misses, l.File+": want "+strings.Join(l.ProposedTimes, " ")+", got "+strings.Join(got, " "))
		}
	}
}

func (r *Report) field(name string) *FieldScore {
	f, ok := r.Fields[name]
	if !ok {
		f = &FieldScore{}
		r.Fields[name] = f
	}
	return f
}

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func sameSet(want, got []string) bool {
	if len(want) != len(got) {
		return false
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return norm(g) == norm(w) }) {
			return false
		}
	}
	return true
}

func sameTimes(want []string, got []time.Time) bool {
	if len(want) != len(got) {
		return false
	}
	for _, w := range want {
		wt, err := time.Parse(time.RFC3339, w)
		if err != nil {
			return false
		}
		if !slices.ContainsFunc(got, func(g time.Time) bool { return g.Equal(wt) }) {
			return false
		}
	}
	return true
}
