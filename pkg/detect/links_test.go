package detect

import "testing"

func TestClassifyURL(t *testing.T) {
	for _, tt := range []struct {
		url, vendor string
		sched       bool
	}{
		{"https://calendly.com/kim-lee/30min", "calendly", true},
		{"https://app.goodtime.io/schedule/abc", "goodtime", true},
		{"https://app.greenhouse.io/self_schedule/abc", "greenhouse", true},
		{"https://hire.lever.co/scheduling/abc", "lever", true},
		{"https://jobs.ashbyhq.com/acme/schedule/abc", "ashby", true},
		{"https://doodle.com/bp/kimlee/interview", "doodle", true},
		{"https://outlook.office365.com/book/AcmeRecruiting@acme.example/", "microsoft-bookings", true},
		{"https://cal.com/kim/interview", "cal.com", true},
		{"https://savvycal.com/kim/chat", "savvycal", true},
		{"https://calendar.app.google/AbC123", "google-calendar", true},
		{"https://calendar.google.com/calendar/appointments/schedules/AcZssZ1", "google-calendar", true},
		{"https://meetings.hubspot.com/kim-lee", "hubspot", true},
		{"https://acme.zoom.us/j/123456789?pwd=abc", "zoom", false},
		{"https://teams.microsoft.com/l/meetup-join/19%3ameeting", "teams", false},
		{"https://meet.google.com/abc-defg-hij", "meet", false},
		{"https://acme.webex.com/acme/j.php?MTID=m1", "webex", false},
		{"https://whereby.com/acme-interview", "whereby", false},
		{"https://meet.jit.si/AcmeInterview", "jitsi", false},
		{"https://www.acme.example/careers", "", false},
		{"https://notcalendly.com.evil.example/x", "", false},
	} {
		v, sched := classifyURL(tt.url)
		if v != tt.vendor || sched != tt.sched {
			t.Errorf("classifyURL(%s) = %q %v, want %q %v", tt.url, v, sched, tt.vendor, tt.sched)
		}
	}
}
