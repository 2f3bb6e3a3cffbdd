package sayyes

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// ClassifyResult is one line of `sayyes classify --json`; the field names
// are part of the CLI contract.
type ClassifyResult struct {
	File             string   `json:"file"`
	IsInvitation     bool     `json:"is_invitation"`
	Score            float64  `json:"score"`
	Kind             string   `json:"kind"`
	Company          string   `json:"company"`
	Role             string   `json:"role"`
	MeetingURL       string   `json:"meeting_url"`
	ProposedTimes    []string `json:"proposed_times"`
	Reasons          []string `json:"reasons"`
	Stage            string   `json:"stage,omitempty"`
	Format           string   `json:"format,omitempty"`
	SchedulingURL    string   `json:"scheduling_url,omitempty"`
	SchedulingVendor string   `json:"scheduling_vendor,omitempty"`
	Location         string   `json:"location,omitempty"`
	Language         string   `json:"language,omitempty"`
	Error            string   `json:"error,omitempty"`

	// Added fields; consumers ignore what they do not know.
	MeetingVendor   string           `json:"meeting_vendor,omitempty"`
	Recruiter       string           `json:"recruiter,omitempty"`
	ReplyTo         string           `json:"reply_to,omitempty"` // the address an answer should go to
	Interviewers    []string         `json:"interviewers,omitempty"`
	RespondBy       string           `json:"respond_by,omitempty"` // YYYY-MM-DD
	DurationMinutes int              `json:"duration_minutes,omitempty"`
	Evidence        []event.Evidence `json:"evidence,omitempty"` // each field with its text span and confidence
	Flags           []event.Flag     `json:"flags,omitempty"`    // legitimacy warnings
}

// maxClassifyBytes matches the watcher's default fetch cap, so the CLI sees
// what the service sees.
const maxClassifyBytes = 1 << 20

// ClassifyFile classifies one .eml file. A file that cannot be read or
// parsed yields a result with Error set rather than stopping the run.
func ClassifyFile(path string) ClassifyResult {
	r := ClassifyResult{File: path, ProposedTimes: []string{}, Reasons: []string{}}
	f, err := os.Open(path)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxClassifyBytes))
	if err != nil {
		r.Error = err.Error()
		return r
	}
	msg, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	res := detect.Classify(msg)
	r.IsInvitation, r.Score, r.Kind = res.IsInvitation, res.Score, res.Kind
	r.Company, r.Role, r.MeetingURL = res.Company, res.Role, res.MeetingURL
	r.Stage, r.Format, r.Location, r.Language = res.Stage, res.Format, res.Location, res.Language
	r.SchedulingURL, r.SchedulingVendor = res.SchedulingURL, res.SchedulingVendor
	r.MeetingVendor, r.Recruiter, r.ReplyTo, r.Interviewers = res.MeetingVendor, res.Recruiter, res.ReplyTo, res.Interviewers
	if !res.RespondBy.IsZero() {
		r.RespondBy = res.RespondBy.Format(time.DateOnly)
	}
	r.DurationMinutes = int(res.Duration.Minutes())
	r.Evidence, r.Flags = res.Fields, res.Flags
	for _, t := range res.ProposedTimes {
		r.ProposedTimes = append(r.ProposedTimes, t.Format(time.RFC3339))
	}
	if res.Reasons != nil {
		r.Reasons = res.Reasons
	}
	return r
}

// Classify writes one result per file: JSON lines with asJSON, else a short
// human-readable block. It returns an error if any file failed.
func Classify(w io.Writer, files []string, asJSON bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, f := range files {
		r := ClassifyFile(f)
		if r.Error != "" {
			failed++
		}
		if asJSON {
			if err := enc.Encode(r); err != nil {
				return err
			}
			continue
		}
		verdict := "not an invitation"
		if r.IsInvitation {
			verdict = "INVITATION (" + r.Kind + ")"
		}
		if r.Error != "" {
			verdict = "ERROR: " + r.Error
		}
		fmt.Fprintf(w, "%s: %s, score %.2f\n", f, verdict, r.Score)
		for _, k := range [][2]string{
			{"company", r.Company}, {"role", r.Role}, {"stage", r.Stage}, {"format", r.Format}, {"meeting", r.MeetingURL},
			{"booking", r.SchedulingURL}, {"times", strings.Join(r.ProposedTimes, ", ")}, {"location", r.Location},
			{"recruiter", r.Recruiter}, {"reply to", r.ReplyTo}, {"with", strings.Join(r.Interviewers, ", ")}, {"reply by", r.RespondBy},
		} {
			if k[1] != "" {
				fmt.Fprintf(w, "  %-10s %s\n", k[0]+":", k[1])
			}
		}
		for _, reason := range r.Reasons {
			fmt.Fprintf(w, "  - %s\n", reason)
		}
		for _, f := range r.Flags {
			fmt.Fprintf(w, "  ! %s\n", f.Reason)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be read as mail", failed, len(files))
	}
	return nil
}
