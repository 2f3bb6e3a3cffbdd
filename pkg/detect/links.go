package detect

import (
	"net/url"
	"strings"
)

// urlHit is one link in the text or the calendar part.
type urlHit struct {
	url    string
	vendor string
	sched  bool // a self-scheduling page rather than a meeting room
	span   string
	source string
}

// meetingHosts are video-meeting services: the link is the room.
var meetingHosts = []struct{ host, vendor string }{
	{"zoom.us", "zoom"}, {"zoom.com", "zoom"}, {"zoomgov.com", "zoom"},
	{"teams.microsoft.com", "teams"}, {"teams.live.com", "teams"},
	{"meet.google.com", "meet"}, {"webex.com", "webex"}, {"whereby.com", "whereby"},
	{"meet.jit.si", "jitsi"}, {"jitsi.org", "jitsi"}, {"8x8.vc", "jitsi"},
	{"bluejeans.com", "bluejeans"}, {"chime.aws", "chime"}, {"gotomeet.me", "gotomeeting"},
	{"gotomeeting.com", "gotomeeting"}, {"meet.goto.com", "gotomeeting"}, {"join.skype.com", "skype"},
	{"around.co", "around"}, {"livestorm.co", "livestorm"}, {"meet.lync.com", "skype"},
	{"vc.ringcentral.com", "ringcentral"}, {"meetings.ringcentral.com", "ringcentral"}, {"hirevue.com", "hirevue"},
}

// schedulingHosts are self-scheduling pages: the link lets the candidate
// pick a time. A prefix with a path ("outlook.office365.com/book") only
// counts with that path.
var schedulingHosts = []struct{ prefix, vendor string }{
	{"calendly.com", "calendly"}, {"goodtime.io", "goodtime"},
	{"app.greenhouse.io/self_schedule", "greenhouse"}, {"app.greenhouse.io/schedul", "greenhouse"}, {"greenhouse.io/schedul", "greenhouse"},
	{"hire.lever.co/schedul", "lever"}, {"jobs.lever.co/schedul", "lever"}, {"lever.co/interview", "lever"}, {"lever.co/schedul", "lever"},
	{"ashbyhq.com", "ashby"}, {"doodle.com", "doodle"},
	{"outlook.office365.com/book", "microsoft-bookings"}, {"outlook.office.com/book", "microsoft-bookings"}, {"bookings.microsoft", "microsoft-bookings"}, {"outlook.office365.com/owa/calendar", "microsoft-bookings"},
	{"cal.com", "cal.com"}, {"savvycal.com", "savvycal"},
	{"calendar.app.google", "google-calendar"}, {"calendar.google.com/calendar/appointments", "google-calendar"}, {"calendar.google.com/calendar/u/0/appointments", "google-calendar"},
	{"meetings.hubspot.com", "hubspot"}, {"meetings-eu1.hubspot.com", "hubspot"}, {"hubspot.com/meetings", "hubspot"},
	{"youcanbook.me", "youcanbookme"}, {"zcal.co", "zcal"}, {"tidycal.com", "tidycal"}, {"acuityscheduling.com", "acuity"},
	{"chilipiper.com", "chilipiper"}, {"bookings.zoho", "zoho"}, {"zohobookings", "zoho"}, {"prelude.co", "prelude"},
	{"modernloop.io", "modernloop"}, {"gem.com", "gem"}, {"smartrecruiters.com/schedul", "smartrecruiters"}, {"workable.com/schedul", "workable"},
	{"teamtailor.com/schedul", "teamtailor"}, {"recruitee.com/schedul", "recruitee"}, {"myworkday.com/schedul", "workday"}, {"rippling.com/schedul", "rippling"},
	{"calendly.", "calendly"}, {"koalendar.com", "koalendar"}, {"setmore.com", "setmore"}, {"simplybook.me", "simplybook"}, {"appointlet.com", "appointlet"},
}

// classifyURL says what a link is.
func classifyURL(raw string) (vendor string, sched bool) {
	// Most links in mail are tracking and footer links: a cheap look at
	// the host rules them out before url.Parse.
	if !knownHostHint(raw) {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	hostPath := host + strings.ToLower(u.EscapedPath())
	for _, v := range schedulingHosts {
		p := v.prefix
		if strings.Contains(p, "/") || strings.HasSuffix(p, ".") || !strings.Contains(p, ".") {
			if strings.HasPrefix(hostPath, p) || strings.Contains(hostPath, "."+p) {
				return v.vendor, true
			}
			continue
		}
		if host == p || strings.HasSuffix(host, "."+p) {
			return v.vendor, true
		}
	}
	for _, v := range meetingHosts {
		if host == v.host || strings.HasSuffix(host, "."+v.host) {
			// A Zoom scheduler page is scheduling, not a room.
			if v.vendor == "zoom" && !strings.Contains(hostPath, "/j/") && !strings.Contains(hostPath, "/my/") && !strings.Contains(hostPath, "/w/") && strings.Contains(hostPath, "schedul") {
				return "zoom-scheduler", true
			}
			return v.vendor, false
		}
	}
	return "", false
}

// links collects the meeting and scheduling links of the body and the
// calendar parts (added later by calendars via addURL).
func (a *analysis) links() {
	for _, t := range a.d.toks {
		switch t.k {
		case tURL:
			a.addURL(a.d.src[t.s:t.e], "", int(t.s), int(t.e), "body")
		case tEmail:
			a.emails = append(a.emails, t)
		}
	}
	// Meeting links written without a scheme ("meet.google.com/abc-defg").
	src := a.d.src
	for _, h := range bareHosts {
		for off := 0; ; {
			i := strings.Index(src[off:], h)
			if i < 0 {
				break
			}
			i += off
			off = i + len(h)
			if i > 0 && (isEmailByte(src[i-1]) || src[i-1] == '/' || src[i-1] == '@') {
				continue // part of a longer URL or an address
			}
			j := i
			for j < len(src) && !isURLStop(src[j]) {
				j++
			}
			a.addURL("https://"+src[i:j], "", i, j, "body")
		}
	}
}

// bareHosts are meeting and booking hosts people paste without https://.
var bareHosts = []string{"meet.google.com/", "zoom.us/j/", "teams.microsoft.com/l/", "calendly.com/", "whereby.com/", "meet.jit.si/"}

// addURL records a meeting or scheduling link; span is its context, or
// "" to quote the body at [s, e) (computed only for links that count).
func (a *analysis) addURL(raw, span string, s, e int, source string) {
	raw = strings.TrimRight(raw, ".,;:!?")
	if len(raw) > 2048 {
		return // not a link anyone can use
	}
	v, sched := classifyURL(raw)
	if v == "" {
		return
	}
	if span == "" {
		span = a.d.snippetAt(s, e)
	}
	for _, u := range a.urls {
		if u.url == raw {
			return
		}
	}
	a.urls = append(a.urls, urlHit{url: raw, vendor: v, sched: sched, span: span, source: source})
	if sched {
		if a.isJob {
			a.fs.add("x:sched-link", "a self-scheduling link ("+v+"): "+raw)
		} else {
			a.fs.add("x:sched-link-nojob", "a self-scheduling link ("+v+") in mail not about a job")
		}
	} else {
		if a.isJob {
			a.fs.add("x:meeting-link", "a video meeting link ("+v+"): "+raw)
		} else {
			a.fs.add("x:meeting-link-nojob", "a video meeting link ("+v+") in mail not about a job")
		}
	}
}

// hostHints are parts of every host in meetingHosts and schedulingHosts.
var hostHints = func() []string {
	var out []string
	seen := map[string]bool{}
	add := func(h string) {
		h, _, _ = strings.Cut(h, "/")
		labels := strings.Split(strings.Trim(h, "."), ".")
		hint := labels[0]
		if len(labels) >= 2 {
			hint = labels[len(labels)-2]
		}
		if len(labels) >= 2 && len(hint) <= 3 {
			hint = labels[len(labels)-2] + "." + labels[len(labels)-1] // "cal.com", "8x8.vc"
		}
		if !seen[hint] {
			seen[hint] = true
			out = append(out, hint)
		}
	}
	for _, h := range meetingHosts {
		add(h.host)
	}
	for _, h := range schedulingHosts {
		add(h.prefix)
	}
	return out
}()

// knownHostHint reports whether the host of raw may be a known service.
func knownHostHint(raw string) bool {
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return false
	}
	host := rest
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	host = strings.ToLower(host)
	for _, h := range hostHints {
		if strings.Contains(host, h) {
			return true
		}
	}
	return false
}

// scanURLs finds http(s) links in free text (calendar fields).
func scanURLs(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "http")
		if i < 0 {
			return out
		}
		s = s[i:]
		if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
			s = s[4:]
			continue
		}
		j := 0
		for j < len(s) && !isURLStop(s[j]) {
			j++
		}
		out = append(out, strings.TrimRight(s[:j], ".,;:!?"))
		s = s[j:]
	}
}
