package main

import (
	"bytes"
	"fmt"
	"strings"
)

func readme(items []*item, seed int64) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	count := func(f func(*item) bool) int {
		n := 0
		for _, it := range items {
			if f(it) {
				n++
			}
		}
		return n
	}
	splits := []string{"train", "holdout"}
	langs := []string{"en", "de", "fr", "es"}

	w("# Interview-invitation email corpus\n\n")
	w("Labelled RFC 5322 / MIME messages for evaluating Sayyes' job-interview invitation detector.\n")
	w("**Everything in this directory is generated** by `tools/corpusgen`; do not edit files by hand. Regenerate with\n\n")
	w("```sh\ncd /work/main && go run ./tools/corpusgen -out testdata/corpus\n```\n\n")
	w("The generator uses only the Go standard library, a fixed seed (`-seed %d`) and the zone database embedded via `time/tzdata`, so the output is byte-identical on every machine. `go test ./tools/corpusgen` checks that the checked-in corpus matches a fresh generation, that every message parses as MIME and that every file has exactly one label row; `python3 tools/corpusgen/verify.py` performs an independent check with Python's `email` package.\n\n", seed)

	w("## Layout\n\n")
	w("```\ntestdata/corpus/\n  train/pos/NNN-<category>-<slug>.eml     invitations used for development\n  train/neg/NNN-<category>-<slug>.eml     non-invitations used for development\n  holdout/pos/...  holdout/neg/...         held-out evaluation set\n  labels.jsonl                             one JSON object per .eml\n  README.md                                this file (generated)\n```\n\n")
	w("File numbers are assigned after a seeded shuffle, so neighbouring numbers are unrelated messages. The category appears in the file name for reviewers; a detector must of course only look at the message content.\n\n")

	w("## Counts\n\n")
	w("| split | positives | negatives | total |\n|---|---:|---:|---:|\n")
	for _, s := range splits {
		p := count(func(it *item) bool { return it.split == s && it.pos })
		n := count(func(it *item) bool { return it.split == s && !it.pos })
		w("| %s | %d | %d | %d |\n", s, p, n, p+n)
	}
	tp := count(func(it *item) bool { return it.pos })
	tn := count(func(it *item) bool { return !it.pos })
	w("| **all** | %d | %d | %d |\n\n", tp, tn, tp+tn)

	w("### By language\n\n| language | train pos | train neg | holdout pos | holdout neg | total | share |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, l := range langs {
		var cells []string
		tot := 0
		for _, s := range splits {
			for _, pos := range []bool{true, false} {
				n := count(func(it *item) bool { return it.lang == l && it.split == s && it.pos == pos })
				tot += n
				cells = append(cells, fmt.Sprint(n))
			}
		}
		w("| %s | %s | %d | %.0f%% |\n", l, strings.Join(cells, " | "), tot, 100*float64(tot)/float64(len(items)))
	}
	w("\n")

	catTable := func(title string, pos bool, cats []string) {
		w("### %s\n\n| category | kind | train | holdout | en | de | fr | es |\n|---|---|---:|---:|---:|---:|---:|---:|\n", title)
		for _, c := range cats {
			kind := ""
			if pos {
				kind = map[string]string{"reschedule": "reschedule", "reminder": "reminder", "outreach": "outreach"}[c]
				if kind == "" {
					kind = "invitation"
				}
			}
			row := []string{c, kind}
			for _, s := range splits {
				row = append(row, fmt.Sprint(count(func(it *item) bool { return it.cat == c && it.split == s })))
			}
			for _, l := range langs {
				row = append(row, fmt.Sprint(count(func(it *item) bool { return it.cat == c && it.lang == l })))
			}
			w("| %s |\n", strings.Join(row, " | "))
		}
		w("\n")
	}
	catTable("Positive categories (is_invitation = true)", true, posCats)
	catTable("Negative categories (is_invitation = false)", false, negCats)

	w("### Message structure\n\n| feature | train | holdout |\n|---|---:|---:|\n")
	feats := []struct {
		name string
		f    func([]byte) bool
	}{
		{"single text/plain body", func(e []byte) bool { return !bytes.Contains(e, []byte("multipart/")) }},
		{"multipart/alternative with HTML", func(e []byte) bool { return bytes.Contains(e, []byte("text/html")) }},
		{"text/calendar part (METHOD:REQUEST)", func(e []byte) bool { return bytes.Contains(e, []byte("text/calendar")) }},
		{"reply with quoted history (In-Reply-To)", func(e []byte) bool { return bytes.Contains(e, []byte("\r\nIn-Reply-To:")) }},
		{"Reply-To header", func(e []byte) bool { return bytes.Contains(e, []byte("\r\nReply-To:")) }},
		{"charset ISO-8859-1", func(e []byte) bool { return bytes.Contains(bytes.ToLower(e), []byte("iso-8859-1")) }},
		{"a quoted-printable part", func(e []byte) bool { return bytes.Contains(e, []byte("Transfer-Encoding: quoted-printable")) }},
		{"a base64 part", func(e []byte) bool { return bytes.Contains(e, []byte("Transfer-Encoding: base64")) }},
		{"RFC 2047 encoded Subject", func(e []byte) bool { return bytes.Contains(e, []byte("\r\nSubject: =?")) }},
	}
	for _, f := range feats {
		w("| %s | %d | %d |\n", f.name,
			count(func(it *item) bool { return it.split == "train" && f.f(it.eml) }),
			count(func(it *item) bool { return it.split == "holdout" && f.f(it.eml) }))
	}
	w("\n")

	tpl := map[string]map[*tmpl]bool{"train": {}, "holdout": {}}
	for _, it := range items {
		tpl[it.split][it.tpl] = true
	}
	w("Distinct templates: %d used by train, %d used by holdout, none shared.\n\n", len(tpl["train"]), len(tpl["holdout"]))

	w(howMade)
	w(labelRules)
	return b.String()
}

const howMade = `## How it was made

1. **Templates.** ` + "`tools/corpusgen/templates/*.txt`" + ` hold the wording of every message: one block per template, tagged with label (pos/neg), category, language and split. The text was written for this corpus; no real mail, company or person was used. Each template decides the sender type (recruiter, applicant-tracking system, calendar invite, newsletter, colleague, ...) and which facts the message states (via placeholders such as ` + "`{when}`, `{slots}`, `{meeting_url}`, `{sched_url}`, `{location}`, `{interviewers}`, `{respond_by}`" + `).
2. **Invented facts.** For each message the generator picks a fictional company (reserved ` + "`.example`/`.test`" + ` domains), recruiter, interviewers, role, interview time and zone, meeting link (zoom.us, teams.microsoft.com, meet.google.com, webex.com, whereby.com, meet.jit.si) and scheduling link (calendly.com, goodtime.io, greenhouse.io, lever.co, doodle.com, Microsoft Bookings, ashbyhq.com, cal.com, savvycal.com, calendar.app.google, HubSpot meetings). Phone numbers use ranges reserved for fiction where they exist (555-01xx, 07700 900xxx, 01 99 00 xx xx, 030 23125 xxx), and IP addresses in Received headers are documentation ranges.
3. **Times.** Interview times fall on 2026 working days. They are written the way the language writes them ("Tue 3 Dec at 3pm EST", "tomorrow at 10am PT", "Mittwoch, 4. Dezember um 14:00 Uhr MEZ", "le jeudi 5 décembre à 10h30 (heure de Paris)", "el martes 3 de diciembre a las 16:00 (CET)", ISO dates, ranges, option lists, a second zone for the candidate). Relative phrases (today, tomorrow, the day after tomorrow, "this Thursday") are generated from the message's Date header so that they resolve to the labelled instant.
4. **MIME.** Messages are assembled with CRLF line endings: plain text; multipart/alternative with HTML in the style of applicant-tracking systems (tables, inline styles, buttons, tracking pixels), Gmail and Outlook; calendar invitations as Google Calendar (multipart/mixed with inline text/calendar and invite.ics), Outlook (text/calendar inside multipart/alternative, Windows zone names) and ATS style (attached text/calendar), with VTIMEZONE or UTC times; quoted-printable, base64, 7bit and 8bit transfer encodings; UTF-8 and ISO-8859-1 bodies; RFC 2047 encoded Subjects and display names; threads with In-Reply-To/References and quoted history in Gmail ("On ... wrote:" and "> "), Outlook ("From:/Sent:" block) and Thunderbird styles.
5. **Holdout isolation.** Templates are written separately for train and holdout, so no holdout message shares wording with train. The holdout split also has its own companies, people, colleagues, friends, newsletters, social networks, test platforms and podcasts, its own greetings, sign-offs, signatures and disclaimers, its own ways of writing dates, times and zones (e.g. "12/03/2026", "this Thursday", "3 p.m.", "übermorgen", "14.00 Uhr", "après-demain", "10 h 30", "pasado mañana", "a las 4 de la tarde", "UTC+1"), its own applicant-tracking senders (Ashby, SmartRecruiters, Teamtailor, Recruitee, Workday, JOIN vs. Greenhouse, Lever, Workable, Personio, Welcome to the Jungle in train) and partly its own scheduling vendors and meeting platforms (Cal.com, SavvyCal, Google appointment pages, HubSpot, Whereby, Jitsi appear only in holdout). Calendly, Doodle, Zoom, Teams, Meet and Webex appear in both, as they would in any mailbox. The holdout templates in use (fresh13_*.txt and fresh15_*.txt) are the thirteenth and fifteenth sets written this way, each by authors who saw only the template format and these labelling rules, never the detector; each earlier holdout was scored once and then moved into train (train3_* to train7_*, train9_*, train11_* and train13_*, and the retired first set inside the language files). train8_*, train10_*, train12_* and train14_* are development sets written the same way and studied to improve the detector, never holdouts. That is why train holds templates in several hands. The same holdout pools of companies, people and date styles served all these sets.
6. **Hard negatives.** Every negative category talks about interviews, meetings or times: rejections and thank-you notes after interviews (some quoting the original invitation), interview-advice newsletters with webinar times, podcast and press interview requests with scheduling links and calendar invites, requests for the mailbox owner to *conduct* an interview (with METHOD:REQUEST invites), sales demos with Calendly links, dentist/stand-up/birthday invites, and so on.

The mailbox owner is Mara Lindqvist (mara.lindqvist@mailbox.example), who works at Northwind Labs (mara.lindqvist@northwind-labs.example) and lives in Europe/Berlin; she is a fictional person.

`

const labelRules = `## Labelling rules

Each line of ` + "`labels.jsonl`" + ` describes one file. Labels are produced by the generator from the facts it put into the message, and a field is filled only if the message actually states that fact (in the newest part of the message, its Subject, its headers, or its calendar attachment).

- **is_invitation** is true when the message asks the mailbox owner, as a candidate, to take part in a job interview or recruiting call with a concrete handle for arranging it: one or more proposed times, a scheduling link, a calendar invitation, or an explicit request to name a time for a specific role. Reschedules, reminders of an upcoming interview, and recruiter outreach proposing a call about a specific role count. "We will be in touch to schedule next steps" does not; neither does anything where the owner is the interviewer, the interview is for a podcast or the press, or the meeting is not about hiring her.
- **kind**: ` + "`invitation`" + ` (new interview), ` + "`reschedule`" + ` (moves an already agreed interview), ` + "`reminder`" + ` (reminds of an agreed interview), ` + "`outreach`" + ` (unsolicited recruiter contact proposing a call); "" for negatives.
- **category**: the template family (tables above). For negatives it names the kind of hard negative.
- **company**: the hiring company as named in the message (body, signature, From display name or calendar). For negatives it is filled only for job-process mail (rejection, application-received, offer, coding-test-result, survey-feedback, thank-you-followup); otherwise "".
- **role**: the job title exactly as written in the message, or "".
- **recruiter**: the person coordinating the interview, when named (From display name, Reply-To display name, signature or body).
- **reply_to**: the address a reply reaches: the Reply-To address if present, else the From address of a person, else a recruiter address given in the body; "" for no-reply senders that give none.
- **stage**: ` + "`screen`, `technical`, `second-round`, `onsite`, `final`" + ` as stated or clearly implied by the wording; "" when the message does not say (outreach is always "").
- **format**: ` + "`phone`, `video`, `onsite`" + `, or "" when not stated.
- **proposed_times**: every start time the newest part of the message proposes or confirms, as RFC 3339 with the UTC offset of the zone the text states (the first one when two zones are given, e.g. "9:00 AM ET / 3:00 PM CET"). When the text gives no zone, the zone of the Date header applies; relative phrases are resolved against the Date header. For a reschedule only the new time(s) are listed, never the old one or times in quoted history. A calendar attachment counts as stating its DTSTART. Scheduling-link messages have [].
- **duration_minutes**: stated length, from a duration phrase, a time range, or the calendar event; 0 if not stated.
- **meeting_url**: the video-meeting link, also when it only appears in the calendar attachment; "".
- **scheduling_url / scheduling_vendor**: the self-scheduling link and its vendor (` + "`calendly`, `goodtime`, `greenhouse`, `lever`, `ashby`, `doodle`, `microsoft-bookings`, `cal.com`, `savvycal`, `google-calendar`, `hubspot`" + `).
- **location**: the street address of an in-person interview; "".
- **interviewers**: names of the people the candidate will meet, as listed; [] if none are named. The recruiter is not listed unless the message says she interviews.
- **respond_by**: the date (YYYY-MM-DD, in the interview's zone) by which the candidate is asked to confirm or book; "".
`
