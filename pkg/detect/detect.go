package detect

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// Result is the decision and what was extracted.
type Result struct {
	IsInvitation     bool
	Score            float64 // 0..1, the logistic of Raw
	Raw              float64 // the model's score; an invitation when >= 0
	Kind             string  // invitation, reminder, reschedule, outreach
	Reasons          []string
	Company          string
	Role             string
	Stage            string
	Format           string
	MeetingURL       string
	SchedulingURL    string
	SchedulingVendor string
	Location         string
	Recruiter        string
	ReplyTo          string // the address to answer
	Interviewers     []string
	RespondBy        time.Time
	ProposedTimes    []time.Time
	Duration         time.Duration
	Language         string
	// Calendar is the METHOD:REQUEST object, kept for RFC 5546 replies.
	Calendar string
}

// maxScan bounds how much text the rules read; invitations say what they
// are near the top, and regexps over megabytes would be slow.
const maxScan = 64 << 10

// Classify decides about one parsed message. The rules and the message's
// structure become features; a linear model trained offline on the labeled
// corpus (model.json, see tools/trainmodel) weighs them, and the features
// that moved the score most become the reasons.
func Classify(m *mailmsg.Message) Result {
	return classify(m, defaultModel)
}

func classify(m *mailmsg.Message, mdl *Model) Result {
	var r Result
	fs, all, body := r.scan(m)
	r.Raw, r.Reasons = mdl.Score(fs)
	r.Language = Language(all)
	r.IsInvitation = r.Raw >= 0
	r.Score = math.Round(1/(1+math.Exp(-r.Raw))*1000) / 1000
	r.extract(m, all)
	if r.IsInvitation {
		r.Kind = kind(m.Subject, body)
	}
	return r
}

// FeatureNames lists the features of m, sorted: what the model sees. The
// training tool uses it, so training and classification cannot drift apart.
func FeatureNames(m *mailmsg.Message) []string {
	var r Result
	fs, _, _ := r.scan(m)
	out := append([]string(nil), fs.names...)
	sort.Strings(out)
	return out
}

// scan runs the rules, reads the calendar parts and collects the features.
func (r *Result) scan(m *mailmsg.Message) (fs *featureSet, all, body string) {
	text := m.Text
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	body = stripQuoted(text)
	all = m.Subject + "\n" + body
	isJob := jobContext.MatchString(all)

	fs = newFeatureSet()
	for _, ru := range rules {
		hay := all
		if ru.subjectOnly {
			hay = m.Subject
		}
		if ru.needsJob && !isJob {
			continue
		}
		if loc := ru.re.FindStringIndex(hay); loc != nil {
			fs.add("r:"+ru.name, fmt.Sprintf("%s: %q", ru.name, snippet(hay, loc)))
		}
	}
	if isJob {
		fs.add("x:job-context", "the mail is about a job")
	}
	if len(m.ReplyTo) > 0 && m.ReplyTo[0].Address != "" && !strings.EqualFold(m.ReplyTo[0].Address, m.From.Address) {
		fs.add("x:reply-to", "answers go to a person other than the sender")
	}
	if _, d, ok := strings.Cut(m.From.Address, "@"); ok && IsATSDomain(d) {
		fs.add("x:ats-sender", "sent through a hiring system or mail service: "+d)
	}
	r.fromCalendars(m, isJob, fs)
	words(fs, m.Subject, body)
	return fs, all, body
}

func (r *Result) fromCalendars(m *mailmsg.Message, isJob bool, fs *featureSet) {
	for _, c := range m.Calendars {
		evs, err := calendar.Parse(c)
		if err != nil {
			fs.add("x:ics-unreadable", "calendar part unreadable: "+err.Error())
			continue
		}
		for _, ev := range evs {
			if ev.Method != "REQUEST" {
				continue
			}
			summary := mailmsg.CleanHeader(ev.Summary)
			fs.add("x:ics-request", fmt.Sprintf("calendar invitation (METHOD:REQUEST): %q", summary))
			if isJob || jobContext.MatchString(ev.Summary+" "+ev.Description) {
				fs.add("x:ics-job", fmt.Sprintf("the calendar invitation is about a job: %q", summary))
			}
			if reInterview.MatchString(ev.Summary) {
				fs.add("x:ics-interview", fmt.Sprintf("the calendar event is an interview: %q", summary))
			}
			if r.Calendar == "" {
				r.Calendar = c
			}
			if !ev.Start.IsZero() {
				r.ProposedTimes = append(r.ProposedTimes, ev.Start)
				if !ev.End.IsZero() && r.Duration == 0 {
					r.Duration = ev.End.Sub(ev.Start)
				}
			}
			if r.Location == "" && !strings.HasPrefix(ev.Location, "http") {
				r.Location = mailmsg.CleanHeader(ev.Location)
			}
			if r.MeetingURL == "" {
				r.MeetingURL = meetingURL(ev.URL + " " + ev.Location + " " + ev.Description)
			}
			if r.Company == "" {
				r.Company = companyFromSummary(ev.Summary)
			}
		}
	}
}

func (r *Result) extract(m *mailmsg.Message, all string) {
	if r.MeetingURL == "" {
		r.MeetingURL = meetingURL(all)
	}
	r.SchedulingURL, r.SchedulingVendor = schedulingURL(all)
	if r.Company == "" {
		r.Company = companyFromSubject(m.Subject)
	}
	if r.Company == "" {
		r.Company = companyFromSender(m)
	}
	r.Role = role(all)
	r.Stage = stage(all)
	switch {
	case r.MeetingURL != "" || reVideo.MatchString(all):
		r.Format = "video"
	case rePhone.MatchString(all):
		r.Format = "phone"
	case reOnsite.MatchString(all):
		r.Format = "onsite"
	}
	sort.Slice(r.ProposedTimes, func(i, j int) bool { return r.ProposedTimes[i].Before(r.ProposedTimes[j]) })
}

func kind(subject, body string) string {
	s := subject + "\n" + body
	switch {
	case reReschedule.MatchString(s):
		return "reschedule"
	case reReminder.MatchString(subject):
		return "reminder"
	case reOutreach.MatchString(s) && !reInvite.MatchString(s):
		return "outreach"
	}
	return "invitation"
}

var reInvite = ruleNamed("invites you to an interview").re

func snippet(s string, loc []int) string {
	from, to := max(loc[0]-20, 0), min(loc[1]+20, len(s))
	// Stay on rune boundaries.
	for from > 0 && !utf8Start(s[from]) {
		from--
	}
	for to < len(s) && !utf8Start(s[to]) {
		to++
	}
	return mailmsg.CleanHeader(s[from:to])
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// stripQuoted drops quoted history ("> " lines and everything after an
// "On ... wrote:" line) so an old invitation quoted in a rejection does not
// count as a new one.
func stripQuoted(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, ">") {
			continue
		}
		if reQuoteHeader.MatchString(t) {
			break
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

var reQuoteHeader = rx(`^(on .{5,120} wrote:|am .{5,120} schrieb .{0,80}:|le .{5,120} a [ée]crit ?:|el .{5,120} escribi[óo]:|-+ ?original message ?-+|-+ ?urspr[üu]ngliche nachricht ?-+)$`)

var (
	reURL     = regexp.MustCompile(`https?://[^\s<>"')\]]+`)
	reMeeting = rx(`^https?://([\w-]+\.)*(zoom\.us|teams\.microsoft\.com|teams\.live\.com|meet\.google\.com|webex\.com|whereby\.com|bluejeans\.com|chime\.aws|gotomeet\.me|meet\.jit\.si)/`)
	reVideo   = rx(`\b(video (call|interview)|zoom|microsoft teams|google meet|webex|videocall|visioconf[ée]rence|videollamada|videokonferenz)\b`)
	rePhone   = rx(`\b(phone (call|screen|interview)|by phone|call you (at|on)|telefon(interview|gespr[äa]ch|isch)|entretien t[ée]l[ée]phonique|par t[ée]l[ée]phone|llamada telef[óo]nica|por tel[ée]fono)\b`)
	reOnsite  = rx(`\b(on-?site|in person|at our office|visit (us|our office)|vor ort|in unserem b[üu]ro|dans nos locaux|en personne|en nuestras oficinas|presencial)\b`)
)

var vendors = []struct{ host, name string }{
	{"calendly.com", "calendly"}, {"goodtime.io", "goodtime"}, {"greenhouse.io", "greenhouse"},
	{"lever.co", "lever"}, {"ashbyhq.com", "ashby"}, {"doodle.com", "doodle"},
	{"bookings.microsoft", "microsoft-bookings"}, {"outlook.office365.com", "microsoft-bookings"},
	{"calendar.app.google", "google-calendar"}, {"cal.com", "cal.com"}, {"youcanbook.me", "youcanbookme"},
	{"prelude.co", "prelude"}, {"modernloop", "modernloop"}, {"gem.com", "gem"},
}

func meetingURL(s string) string {
	for _, u := range reURL.FindAllString(s, 50) {
		if reMeeting.MatchString(u) {
			return cleanURL(u)
		}
	}
	return ""
}

func schedulingURL(s string) (string, string) {
	for _, raw := range reURL.FindAllString(s, 50) {
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		host := strings.ToLower(u.Host)
		for _, v := range vendors {
			if host == v.host || strings.HasSuffix(host, "."+v.host) || strings.HasPrefix(host+u.Path, v.host) {
				return cleanURL(raw), v.name
			}
		}
	}
	return "", ""
}

func cleanURL(u string) string { return strings.TrimRight(u, ".,;:!?") }

var (
	reSummaryCompany = rx(`(?:interview|call|gespr[äa]ch|entretien|entrevista)\s+(?:with|at|mit|bei|avec|chez|con|en)\s+((?-i:[A-Z])[\w&.\- ]{1,40}?)(?:\s*[-–|(:]|\s+for\b|\s+f[üu]r\b|$)`)
	reSubjectCompany = rx(`(?:\bat|\bwith|\bbei|\bmit|\bchez|\bavec|\bcon|\ben)\s+((?-i:[A-Z])[\w&.\-]*(?:\s+(?-i:[A-Z])[\w&.\-]*){0,3})`)
	reRole           = rx(`\b(?:for|f[üu]r|pour|para)\s+(?:(?:the|our|a|an|die|den|unsere|le|la|el|nuestra|nuestro)\s+)?(?:(?:position|role|stelle|poste|puesto|vacante)\s+)?(?:(?:of|as|als|de|d')\s*)?["“]?((?-i:[A-ZÄÖÜÉ])[\w/+#.\- ]{2,60}?)["”]?\s+(?:position|role|opening|stelle|poste|puesto|\(m/w/d\)|at\b|bei\b|chez\b|en\b|-|–|\.|,|\n)`)
	reStageFinal     = rx(`\b(final (round|interview)|finale runde|entretien final|entrevista final)\b`)
	reStageOnsite    = rx(`\b(on-?site|onsite interview|vor ort)\b`)
	reStageTech      = rx(`\b(technical|coding|system design|technisch\w*|technique|t[ée]cnica)\b`)
	reStageSecond    = rx(`\b(second|2nd|next|zweite|deuxi[èe]me|segunda) (round|interview|runde|entretien|entrevista)\b`)
	reStageScreen    = rx(`\b(phone screen|screening|intro(ductory)? call|first (call|interview)|erstgespr[äa]ch|premier entretien|primera entrevista)\b`)
)

func companyFromSummary(s string) string {
	if m := reSummaryCompany.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

func companyFromSubject(s string) string {
	if c := companyFromSummary(s); c != "" {
		return c
	}
	if m := reSubjectCompany.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// atsDomains are applicant-tracking and mail-service senders whose domain
// says nothing about the hiring company.
var atsDomains = []string{"greenhouse.io", "lever.co", "ashbyhq.com", "workday.com", "myworkday.com", "smartrecruiters.com", "icims.com", "jobvite.com", "bamboohr.com", "teamtailor.com", "personio.de", "recruitee.com", "workable.com", "calendly.com", "goodtime.io", "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "gmx.de", "web.de", "linkedin.com"}

// IsATSDomain reports whether the domain belongs to a known applicant
// tracking system or free mail provider.
func IsATSDomain(domain string) bool {
	domain = strings.ToLower(domain)
	for _, d := range atsDomains {
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return true
		}
	}
	return false
}

func companyFromSender(m *mailmsg.Message) string {
	addrs := append(append([]string{}, addrOf(m.ReplyTo)...), m.From.Address)
	for _, a := range addrs {
		_, domain, ok := strings.Cut(a, "@")
		if !ok || IsATSDomain(domain) {
			continue
		}
		labels := strings.Split(strings.ToLower(domain), ".")
		if len(labels) < 2 {
			continue
		}
		name := labels[len(labels)-2]
		if name == "" {
			continue
		}
		return strings.ToUpper(name[:1]) + name[1:]
	}
	return ""
}

func addrOf(as []event.Address) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		out = append(out, a.Address)
	}
	return out
}

func role(s string) string {
	if m := reRole.FindStringSubmatch(s); m != nil {
		r := strings.TrimSpace(m[1])
		if len(strings.Fields(r)) <= 8 {
			return r
		}
	}
	return ""
}

func stage(s string) string {
	switch {
	case reStageFinal.MatchString(s):
		return "final"
	case reStageOnsite.MatchString(s):
		return "onsite"
	case reStageSecond.MatchString(s):
		return "second-round"
	case reStageTech.MatchString(s) && reInterview.MatchString(s):
		return "technical"
	case reStageScreen.MatchString(s):
		return "screen"
	}
	return ""
}
