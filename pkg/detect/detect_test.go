package detect_test

import (
	"strings"
	"testing"

	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

func mail(headers, body string) *mailmsg.Message {
	raw := strings.ReplaceAll(headers+"\n\n"+body, "\n", "\r\n")
	m, err := mailmsg.Parse([]byte(raw), mailmsg.DefaultLimits)
	if err != nil {
		panic(err)
	}
	return m
}

// icsHeaders go with ics in the message header.
const icsHeaders = "\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b"

const ics = `--b
Content-Type: text/plain

Please find the invite attached.
--b
Content-Type: text/calendar; method=REQUEST

BEGIN:VCALENDAR
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
UID:1@x
DTSTART;TZID=America/New_York:20261203T150000
DTEND;TZID=America/New_York:20261203T153000
SUMMARY:%s
LOCATION:https://teams.microsoft.com/l/meetup-join/abc
END:VEVENT
END:VCALENDAR
--b--`

func TestClassify(t *testing.T) {
	tests := []struct {
		name     string
		headers  string
		body     string
		want     bool
		kind     string
		company  string
		role     string
		meeting  string
		times    int
		sched    string
		reasonOf string // a reason that must be present
	}{
		{
			name:    "plain invitation with availability ask",
			headers: "From: Kim <kim@globex.example>\nSubject: Interview for the Data Engineer role at Globex",
			body:    "Hello, we would like to invite you to an interview for the Data Engineer position. When are you available next week?",
			want:    true, kind: "invitation", company: "Globex", role: "Data Engineer", reasonOf: "invites you to an interview",
		},
		{
			name:    "calendar request for an interview",
			headers: "From: Recruiting <talent@initech.example>\nSubject: Invitation: Interview with Initech" + icsHeaders,
			body:    strings.Replace(ics, "%s", "Interview with Initech - Platform Engineer", 1),
			want:    true, kind: "invitation", company: "Initech", meeting: "https://teams.microsoft.com/l/meetup-join/abc", times: 1, reasonOf: "METHOD:REQUEST",
		},
		{
			name:    "calendar request for a dentist is not an interview",
			headers: "From: Dr Smile <office@dentist.example>\nSubject: Invitation: Check-up" + icsHeaders,
			body:    strings.Replace(ics, "%s", "Dental check-up", 1),
			want:    false,
		},
		{
			name:    "scheduling link through an ATS",
			headers: "From: no-reply@greenhouse.io\nReply-To: Jordan <jordan@fabrikam.example>\nSubject: Next steps with Fabrikam",
			body:    "We would like to invite you to a phone screen for the Platform Engineer role. Please pick a time: https://app.greenhouse.io/scheduling/xyz",
			want:    true, sched: "https://app.greenhouse.io/scheduling/xyz", company: "Fabrikam",
		},
		{
			name:    "reschedule",
			headers: "From: Kim <kim@globex.example>\nSubject: Rescheduling your interview",
			body:    "Hi, we need to reschedule your interview with the hiring manager. Would you be available on Thursday at 3pm instead? Let me know which times work.",
			want:    true, kind: "reschedule",
		},
		{
			name:    "reminder",
			headers: "From: Kim <kim@globex.example>\nSubject: Reminder: your interview tomorrow",
			body:    "Just a reminder of your video interview tomorrow at 10:00. We look forward to it. Join here https://zoom.us/j/123",
			want:    true, kind: "reminder", meeting: "https://zoom.us/j/123",
		},
		{
			name:    "German invitation",
			headers: "From: Personal <jobs@beispiel.example>\nSubject: Einladung zum Vorstellungsgespräch",
			body:    "Sehr geehrte Frau Muster, wir möchten Sie gerne zu einem Vorstellungsgespräch einladen. Wann hätten Sie Zeit?",
			want:    true,
		},
		{
			name:    "rejection that mentions the interview",
			headers: "From: Careers <careers@contoso.example>\nSubject: Your interview with Contoso",
			body:    "Thank you for your interview. Unfortunately we have decided to move forward with other candidates.",
			want:    false, reasonOf: "rejection wording",
		},
		{
			name:    "newsletter about interviews",
			headers: "From: Career Weekly <news@weekly.example>\nSubject: Ten interview questions",
			body:    "This week's newsletter: how to prepare for your next job interview. Unsubscribe from these emails at any time.",
			want:    false,
		},
		{
			name:    "asked to interview a candidate",
			headers: "From: HR <hr@mycorp.example>\nSubject: Interview panel for candidate J. Doe",
			body:    "You have been added as an interviewer. Please interview the candidate on Tuesday at 2pm and submit your scorecard.",
			want:    false,
		},
		{
			name:    "old invitation quoted in a rejection",
			headers: "From: Kim <kim@globex.example>\nSubject: Re: Interview invitation",
			body:    "Unfortunately the position has been filled.\n\nOn Mon, 2 Nov 2026, Kim wrote:\n> We would like to invite you to an interview. When are you available?",
			want:    false,
		},
		{
			name:    "podcast interview request",
			headers: "From: Host <host@podcast.example>\nSubject: Interview request for our podcast",
			body:    "We would love to have you on our podcast episode about open source. Would you be available for an interview?",
			want:    false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := detect.Classify(mail(tt.headers, tt.body))
			if r.IsInvitation != tt.want {
				t.Fatalf("IsInvitation = %v (raw %.1f), want %v; reasons:\n%s", r.IsInvitation, r.Raw, tt.want, strings.Join(r.Reasons, "\n"))
			}
			if len(r.Reasons) == 0 {
				t.Error("a decision without reasons")
			}
			if tt.kind != "" && r.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", r.Kind, tt.kind)
			}
			if tt.company != "" && r.Company != tt.company {
				t.Errorf("Company = %q, want %q", r.Company, tt.company)
			}
			if tt.role != "" && r.Role != tt.role {
				t.Errorf("Role = %q, want %q", r.Role, tt.role)
			}
			if tt.meeting != "" && r.MeetingURL != tt.meeting {
				t.Errorf("MeetingURL = %q, want %q", r.MeetingURL, tt.meeting)
			}
			if tt.sched != "" && r.SchedulingURL != tt.sched {
				t.Errorf("SchedulingURL = %q, want %q", r.SchedulingURL, tt.sched)
			}
			if tt.want && len(r.ProposedTimes) != tt.times {
				t.Errorf("ProposedTimes = %v, want %d", r.ProposedTimes, tt.times)
			}
			if tt.reasonOf != "" && !strings.Contains(strings.Join(r.Reasons, "\n"), tt.reasonOf) {
				t.Errorf("no reason mentioning %q in %v", tt.reasonOf, r.Reasons)
			}
		})
	}
}

func TestICSTimeZone(t *testing.T) {
	r := detect.Classify(mail("From: t@initech.example\nSubject: Interview"+icsHeaders, strings.Replace(ics, "%s", "Interview with Initech", 1)))
	if len(r.ProposedTimes) != 1 {
		t.Fatal("no time")
	}
	if got := r.ProposedTimes[0].UTC().Format("2006-01-02T15:04Z"); got != "2026-12-03T20:00Z" {
		t.Errorf("3 pm New York is %s, want 2026-12-03T20:00Z", got)
	}
	if r.Duration.Minutes() != 30 {
		t.Errorf("Duration = %v", r.Duration)
	}
}

func TestLanguage(t *testing.T) {
	for text, want := range map[string]string{
		"We would like to invite you to an interview for the role":             "en",
		"Wir möchten Sie gerne zu einem Gespräch einladen und freuen uns":      "de",
		"Nous souhaitons vous inviter pour un entretien avec notre équipe":     "fr",
		"Nos gustaría invitarle a una entrevista con el equipo para el puesto": "es",
	} {
		if got := detect.Language(text); got != want {
			t.Errorf("Language(%q) = %s, want %s", text, got, want)
		}
	}
}
