package main

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"time"
)

type person struct {
	First, Last, Title, Email string
}

func (p person) Name() string {
	if p.Last == "" {
		return p.First
	}
	return p.First + " " + p.Last
}

// gen holds everything invented for one message.
type gen struct {
	r     *rand.Rand
	it    *item
	t     *tmpl
	lang  string
	split string
	comp  company
	kind  string // sender kind

	sender       person
	interviewers []person
	role         string
	zone         *time.Location // zone the text states for times
	T            time.Time
	dur          int
	slots        []time.Time
	old          time.Time
	past         time.Time
	tr, trAbs    timeRender
	date         time.Time
	noZone       bool
	respondBy    time.Time

	platform, meetingURL, meetingID string
	vendor, schedURL                string
	atsKey                          string
	product                         string

	vals map[string]string
	used map[string]bool
}

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.Intn(len(xs))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) token(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.Intn(len(alphabet))]
	}
	return string(b)
}

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	hexDigits  = "0123456789abcdef"
	digits     = "0123456789"
)

func (g *gen) uuid() string {
	return g.token(8, hexDigits) + "-" + g.token(4, hexDigits) + "-4" + g.token(3, hexDigits) + "-a" + g.token(3, hexDigits) + "-" + g.token(12, hexDigits)
}

func (g *gen) newPerson(lang, split string, exclude ...person) person {
	pool := names[lang][split]
	for {
		p := person{First: pick(g.r, pool.First), Last: pick(g.r, pool.Last)}
		ok := true
		for _, e := range exclude {
			if e.First == p.First || e.Last == p.Last {
				ok = false
			}
		}
		if ok {
			return p
		}
	}
}

func emailLocal(p person, style int) string {
	f := strings.ToLower(slugify(p.First))
	f = strings.ReplaceAll(f, "-", "")
	if p.Last == "" {
		return f
	}
	l := strings.ToLower(slugify(strings.Fields(p.Last)[0]))
	switch style % 4 {
	case 1:
		return f[:1] + l
	case 2:
		return f
	case 3:
		return f + "_" + l
	}
	return f + "." + l
}

func domainStyle(c company) int {
	n := 0
	for _, r := range c.Domain {
		n += int(r)
	}
	return n
}

func phoneFor(g *gen, country string) string {
	switch country {
	case "us", "ca":
		return fmt.Sprintf("+1 (%d) 555-01%02d", pick(g.r, []int{212, 312, 415, 617, 206, 512, 404, 416, 919, 303, 310}), g.r.Intn(100))
	case "uk":
		return fmt.Sprintf("+44 7700 900%03d", g.r.Intn(1000))
	case "ie":
		return fmt.Sprintf("+353 20 910 %04d", g.r.Intn(10000))
	case "de", "at", "ch":
		return fmt.Sprintf("+49 30 23125 %03d", g.r.Intn(1000))
	case "fr", "be":
		return fmt.Sprintf("+33 1 99 00 %02d %02d", g.r.Intn(100), g.r.Intn(100))
	case "es":
		return fmt.Sprintf("+34 91 000 %02d %02d", g.r.Intn(100), g.r.Intn(100))
	case "mx":
		return fmt.Sprintf("+52 55 0000 %04d", g.r.Intn(10000))
	case "co":
		return fmt.Sprintf("+57 601 000 %04d", g.r.Intn(10000))
	case "ar":
		return fmt.Sprintf("+54 11 0000-%04d", g.r.Intn(10000))
	case "sg":
		return fmt.Sprintf("+65 6000 %04d", g.r.Intn(10000))
	case "au":
		return fmt.Sprintf("+61 2 5550 %04d", g.r.Intn(10000))
	}
	return fmt.Sprintf("+1 (555) 010-%04d", g.r.Intn(10000))
}

// ---- time planning -------------------------------------------------------

func (g *gen) workTime(loc *time.Location, from time.Time, minDays, maxDays int, hours []int) time.Time {
	for {
		d := from.In(loc).AddDate(0, 0, minDays+g.r.Intn(maxDays-minDays+1))
		wd := d.Weekday()
		days := g.t.meta("days", "weekday")
		if days == "weekday" && (wd == time.Saturday || wd == time.Sunday) {
			continue
		}
		if days == "weekend" && wd != time.Saturday && wd != time.Sunday {
			continue
		}
		h := pick(g.r, hours)
		m := pick(g.r, []int{0, 0, 0, 30, 30, 15, 45})
		return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
	}
}

func (g *gen) hours() []int {
	if h := g.t.list("hours"); len(h) > 0 {
		var out []int
		for _, s := range h {
			var n int
			fmt.Sscan(s, &n)
			out = append(out, n)
		}
		return out
	}
	if zoneFamily(g.zone.String()) != "cet" && g.zone.String() == meZone {
		return []int{9, 10, 11, 14, 15, 16}
	}
	return []int{9, 10, 10, 11, 11, 13, 14, 14, 15, 16, 16, 17}
}

func (g *gen) durations() []int {
	if d := g.t.list("duration"); len(d) > 0 {
		var out []int
		for _, s := range d {
			var n int
			fmt.Sscan(s, &n)
			out = append(out, n)
		}
		return out
	}
	switch g.t.meta("stage", "") {
	case "screen":
		return []int{20, 30, 30, 30, 45}
	case "technical":
		return []int{45, 60, 60, 90}
	case "onsite", "final":
		if g.t.meta("format", "") != "onsite" {
			return []int{45, 60, 60, 90}
		}
		return []int{60, 90, 120, 180, 240}
	case "second-round":
		return []int{45, 60, 60, 90}
	}
	if g.it.cat == "outreach" {
		return []int{15, 20, 30}
	}
	if !g.it.pos {
		return []int{15, 30, 30, 45, 60}
	}
	return []int{30, 45, 60}
}

// planTimes picks the interview time, the way it is written and the
// message date so that relative phrases resolve correctly.
func (g *gen) planTimes() {
	t := g.t
	usesWhen := t.uses("when") || t.uses("when_np") || t.uses("when_range") || t.uses("when_range_np")
	usesSlots := t.uses("slots")
	needGap := t.uses("respond_by") || usesSlots || t.uses("old_when") || t.uses("old_when_np")

	start := time.Date(2026, 1, 5, 0, 0, 0, 0, g.zone)
	g.T = g.workTime(g.zone, start, 3, 345, g.hours())
	for g.T.Year() != 2026 || (g.T.Month() == 12 && g.T.Day() > 21) {
		g.T = g.workTime(g.zone, start, 3, 345, g.hours())
	}
	g.dur = pick(g.r, g.durations())

	relProb := 0.3
	if g.it.cat == "reminder" {
		relProb = 0.65
	}
	if t.meta("rel", "") == "no" || needGap || !usesWhen {
		relProb = 0
	}
	if t.meta("rel", "") == "yes" && !needGap {
		relProb = 1
	}
	wantRel := g.chance(relProb)
	ds, ts := stylesFor(g.lang, g.split, func(rel int) bool {
		if !wantRel {
			return rel == relNone
		}
		if rel == relWeekday && g.T.Weekday() < time.Wednesday {
			return false
		}
		return rel != relNone
	})
	if len(ds) == 0 {
		ds, ts = stylesFor(g.lang, g.split, func(rel int) bool { return rel == relNone })
	}
	g.tr = timeRender{lang: g.lang, date: pick(g.r, ds), tm: pick(g.r, ts)}
	absDs, _ := stylesFor(g.lang, g.split, func(rel int) bool { return rel == relNone })
	g.trAbs = g.tr
	if g.tr.date.rel != relNone {
		g.trAbs.date = pick(g.r, absDs)
	}

	// Zone wording: sometimes unstated (then the Date header's zone applies).
	personal := g.kind == "person" || g.kind == "colleague" || g.kind == "friend" || g.kind == "vendor" || g.kind == "media"
	if personal && t.meta("zone_label", "") != "always" && g.chance(0.12) {
		g.noZone = true
	} else {
		g.tr.tz = pickZoneLabel(g.r, g.lang, g.split, g.comp.City, g.T)
	}
	if g.lang == "en" && !g.noZone && zoneFamily(g.zone.String()) != "cet" && g.chance(0.2) {
		tm, train := g.tr.tm, g.split == "train"
		g.tr.second = func(t time.Time) string {
			b := t.In(mustLoc(meZone))
			if train {
				return " / " + tm.single(b) + " " + zoneAbbr("en", b)
			}
			return " (" + tm.single(b) + " for you in Berlin)"
		}
	}
	g.trAbs.tz, g.trAbs.second = g.tr.tz, g.tr.second

	// Message date.
	dateZone := g.zone
	if !g.noZone && g.tr.date.rel == relNone {
		switch g.kind {
		case "ats", "ats-noreply", "platform", "bulk", "social":
			if g.chance(0.7) {
				dateZone = time.UTC
			}
		case "colleague", "friend":
			dateZone = mustLoc(meZone)
		}
	}
	day := func(t time.Time, back int) time.Time {
		d := t.AddDate(0, 0, -back)
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, d.Location())
	}
	var date time.Time
	switch g.tr.date.rel {
	case relToday:
		maxH := g.T.Hour() - 1
		if maxH < 7 {
			maxH = 7
		}
		h := 7 + g.r.Intn(maxH-7+1)
		date = day(g.T, 0).Add(time.Duration(h)*time.Hour + time.Duration(g.r.Intn(60))*time.Minute)
		if !date.Before(g.T) {
			date = g.T.Add(-90 * time.Minute)
		}
	case relTomorrow, relDayAfter:
		date = day(g.T, g.tr.date.rel).Add(time.Duration(8+g.r.Intn(11))*time.Hour + time.Duration(g.r.Intn(60))*time.Minute)
	case relWeekday:
		maxBack := int(g.T.Weekday() - time.Monday)
		back := 2 + g.r.Intn(maxBack-1)
		date = day(g.T, back).Add(time.Duration(8+g.r.Intn(10))*time.Hour + time.Duration(g.r.Intn(60))*time.Minute)
	default:
		gapMin := 2
		if needGap {
			gapMin = 4
		}
		back := gapMin + g.r.Intn(9)
		d := day(g.T, back)
		if (d.Weekday() == time.Saturday || d.Weekday() == time.Sunday) && g.chance(0.85) {
			d = day(d, 2)
		}
		date = d.Add(time.Duration(7+g.r.Intn(12))*time.Hour + time.Duration(g.r.Intn(60))*time.Minute)
	}
	g.date = date.Add(time.Duration(g.r.Intn(60)) * time.Second).In(dateZone)
	if g.noZone || g.tr.date.rel != relNone {
		g.date = g.date.In(g.zone)
	}

	// Slot options: T plus one or two more, all after the message date.
	if usesSlots {
		g.slots = []time.Time{g.T}
		n := 2 + g.r.Intn(2)
		for len(g.slots) < n {
			s := g.workTime(g.zone, g.T, -1, 4, g.hours())
			if !s.After(g.date.Add(20 * time.Hour)) {
				continue
			}
			dup := false
			for _, x := range g.slots {
				if x.Equal(s) || (x.YearDay() == s.YearDay() && absDur(x.Sub(s)) < 2*time.Hour) {
					dup = true
				}
			}
			if !dup {
				g.slots = append(g.slots, s)
			}
		}
		sort.Slice(g.slots, func(i, j int) bool { return g.slots[i].Before(g.slots[j]) })
	}
	// Previous slot for reschedules: after the message date, not the new time.
	for {
		o := g.workTime(g.zone, g.date, 1, 6, g.hours())
		if !o.Equal(g.T) && o.After(g.date) {
			g.old = o
			break
		}
	}
	// A past interview, for thank-you notes and rejections.
	for {
		p := g.workTime(g.zone, g.date, -7, -1, g.hours())
		if p.Before(g.date.Add(-12 * time.Hour)) {
			g.past = p
			break
		}
	}
	// Respond-by: a day between the message and the interview.
	gapDays := int(g.T.Sub(g.date).Hours() / 24)
	if usesSlots {
		gapDays = int(g.slots[0].Sub(g.date).Hours() / 24)
	}
	if !usesWhen && !usesSlots {
		gapDays = 3 + g.r.Intn(4)
	}
	if gapDays < 2 {
		gapDays = 2
	}
	var cands []time.Time
	for k := 1; k < gapDays; k++ {
		d := g.date.In(g.zone).AddDate(0, 0, k)
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			cands = append(cands, d)
		}
	}
	if len(cands) == 0 {
		cands = append(cands, g.date.In(g.zone).AddDate(0, 0, 1))
	}
	g.respondBy = pick(g.r, cands)
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// ---- links ---------------------------------------------------------------

func (g *gen) planLinks() {
	slug := companySlug(g.comp)
	short := strings.Split(slug, "-")[0]
	g.platform = pick(g.r, platformPool[g.split])
	if p := g.t.list("platforms"); len(p) > 0 {
		g.platform = pick(g.r, p)
	}
	idl := meetingIDLabels[g.lang]
	switch g.platform {
	case "zoom":
		id := g.token(11, digits)
		if id[0] == '0' {
			id = "8" + id[1:]
		}
		host := "zoom.us"
		if g.chance(0.5) {
			host = short + ".zoom.us"
		}
		pwd := g.token(32, mixedAlnum)
		g.meetingURL = "https://" + host + "/j/" + id + "?pwd=" + pwd + ".1"
		g.meetingID = fmt.Sprintf("%s: %s %s %s\n%s: %s", idl[0], id[:3], id[3:7], id[7:], idl[1], g.token(6, digits))
	case "teams":
		g.meetingURL = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + g.token(48, mixedAlnum) + "%40thread.v2/0?context=%7b%22Tid%22%3a%22" + g.uuid() + "%22%2c%22Oid%22%3a%22" + g.uuid() + "%22%7d"
		g.meetingID = fmt.Sprintf("%s: %s %s %s %s\n%s: %s", idl[0], g.token(3, digits), g.token(3, digits), g.token(3, digits), g.token(3, digits), idl[1], g.token(6, mixedAlnum))
	case "meet":
		l := "abcdefghijklmnopqrstuvwxyz"
		g.meetingURL = "https://meet.google.com/" + g.token(3, l) + "-" + g.token(4, l) + "-" + g.token(3, l)
		g.meetingID = ""
	case "webex":
		if g.chance(0.5) {
			g.meetingURL = "https://" + short + ".webex.com/meet/" + emailLocal(g.sender, 0)
		} else {
			g.meetingURL = "https://" + short + ".webex.com/" + short + "/j.php?MTID=m" + g.token(32, hexDigits)
		}
		g.meetingID = fmt.Sprintf("%s: %s %s %s", idl[0], g.token(4, digits), g.token(3, digits), g.token(4, digits))
	case "whereby":
		g.meetingURL = "https://whereby.com/" + short + "-interviews"
	case "jitsi":
		g.meetingURL = "https://meet.jit.si/" + camel(slug) + "Interview" + g.token(4, digits)
	}

	g.vendor = pick(g.r, schedPool[g.split])
	if v := g.t.list("vendors"); len(v) > 0 {
		g.vendor = pick(g.r, v)
	} else if !g.it.pos || g.kind == "person" {
		// People outside an ATS share personal booking pages.
		var ok []string
		for _, v := range schedPool[g.split] {
			switch v {
			case "greenhouse", "lever", "ashby", "goodtime":
			default:
				ok = append(ok, v)
			}
		}
		g.vendor = pick(g.r, ok)
	}
	if (g.kind == "ats" || g.kind == "ats-noreply") && (g.vendor == "greenhouse" || g.vendor == "lever" || g.vendor == "ashby") {
		g.atsKey = g.vendor // an ATS's self-scheduling link comes from that ATS
	}
	fl := emailLocal(g.sender, 0)
	fd := strings.ReplaceAll(fl, ".", "-")
	switch g.vendor {
	case "calendly":
		g.schedURL = "https://calendly.com/" + fd + "-" + short + "/" + pick(g.r, []string{"30min", "interview", "intro-call", "45-minute-interview"})
	case "goodtime":
		g.schedURL = "https://app.goodtime.io/schedule/" + g.token(22, mixedAlnum)
	case "greenhouse":
		g.schedURL = "https://app.greenhouse.io/self_schedule/" + g.token(32, hexDigits)
	case "lever":
		g.schedURL = "https://hire.lever.co/interviews/self-schedule/" + g.uuid()
	case "doodle":
		if g.chance(0.5) {
			g.schedURL = "https://doodle.com/meeting/participate/id/" + g.token(8, lowerAlnum)
		} else {
			g.schedURL = "https://doodle.com/bp/" + strings.ReplaceAll(fl, ".", "") + "/" + pick(g.r, []string{"interview", "kennenlernen", "entretien", "entrevista"})
		}
	case "microsoft-bookings":
		g.schedURL = "https://outlook.office365.com/book/" + camel(slug) + "Recruiting@" + g.comp.Domain + "/"
	case "ashby":
		g.schedURL = "https://jobs.ashbyhq.com/" + slug + "/interview-scheduling/" + g.uuid()
	case "cal.com":
		g.schedURL = "https://cal.com/" + fd + "/" + pick(g.r, []string{"30min", "interview"})
	case "savvycal":
		g.schedURL = "https://savvycal.com/" + strings.ReplaceAll(fl, ".", "") + "/interview"
	case "google-calendar":
		g.schedURL = "https://calendar.app.google/" + g.token(17, mixedAlnum)
	case "hubspot":
		g.schedURL = "https://meetings.hubspot.com/" + fd
	default:
		panic("unknown vendor " + g.vendor)
	}
}

func (g *gen) tracked(dom, path string) string {
	return "https://" + dom + "/" + path + "/" + g.token(10, lowerAlnum) + "?u=" + g.token(24, mixedAlnum)
}

// ---- people, companies, sender --------------------------------------------

func (g *gen) planPeople() {
	it := g.it
	comps := companies[g.lang][g.split]
	g.comp = comps[g.r.Intn(len(comps))]
	g.role = pick(g.r, roles[g.lang])
	g.kind = g.t.meta("sender", "person")

	g.sender = g.newPerson(g.lang, g.split)
	st := domainStyle(g.comp)
	switch g.kind {
	case "colleague":
		n := strings.Fields(pick(g.r, colleagues[g.split]))
		g.sender = person{First: n[0], Last: n[1], Title: "", Email: strings.ToLower(slugify(n[0])) + "." + strings.ToLower(slugify(n[1])) + "@" + employerDom}
	case "friend":
		n := pick(g.r, friends[g.lang][g.split])
		g.sender = person{First: n, Email: strings.ToLower(slugify(n)) + "." + g.token(2, digits) + "@" + pick(g.r, []string{"inbox.example", "post.example", "mailhost.test", "webmail.example"})}
	case "vendor":
		// Sales mail comes from the vendor of a product, not a hiring company.
		prod := pick(g.r, products[g.split])
		suffix := map[string]string{"en": " Inc.", "de": " GmbH", "fr": " SAS", "es": " S.L."}[g.lang]
		g.comp = company{Name: prod + suffix, Domain: slugify(prod) + ".example", City: g.comp.City, Zone: g.comp.Zone, Address: g.comp.Address, Country: g.comp.Country}
		g.product = prod
		g.sender.Title = pick(g.r, []string{"Account Executive", "Business Development Representative", "Senior Account Executive", "Partnerships Manager"})
		g.sender.Email = emailLocal(g.sender, st) + "@" + g.comp.Domain
	case "media":
		g.sender.Title = pick(g.r, map[string][]string{"en": {"Host & Producer", "Editor"}, "de": {"Host", "Redaktion"}, "fr": {"Animatrice", "Rédaction"}, "es": {"Presentadora", "Producción"}}[g.lang])
		g.sender.Email = emailLocal(g.sender, 2) + "@" + slugify(pick(g.r, podcasts[g.lang][g.split])) + ".example"
	default:
		g.sender.Title = pick(g.r, recruiterTitles[g.lang])
		g.sender.Email = emailLocal(g.sender, st) + "@" + g.comp.Domain
	}
	n := 1 + g.r.Intn(3)
	if g.t.meta("stage", "") == "screen" {
		n = 1
	}
	for len(g.interviewers) < n {
		p := g.newPerson(g.lang, g.split, append([]person{g.sender}, g.interviewers...)...)
		p.Title = pick(g.r, interviewerTitles[g.lang])
		for _, q := range g.interviewers {
			if q.Title == p.Title {
				p.Title = ""
			}
		}
		if p.Title == "" {
			continue
		}
		p.Email = emailLocal(p, st) + "@" + g.comp.Domain
		g.interviewers = append(g.interviewers, p)
	}

	z := g.comp.Zone
	switch g.t.meta("zone", "") {
	case "me":
		z = meZone
	case "":
		if g.kind == "colleague" || g.kind == "friend" {
			z = meZone
		} else if it.pos && g.lang == "en" && zoneFamily(z) != "cet" && zoneFamily(z) != "uk" && g.chance(0.2) {
			z = meZone // US company stating the time in the candidate's zone
		}
	default:
		z = g.t.meta("zone", "")
	}
	g.zone = mustLoc(z)

	g.atsKey = pick(g.r, atsPool[g.split])
	if g.lang == "en" && (g.atsKey == "personio" || g.atsKey == "welcome" || g.atsKey == "join") {
		g.atsKey = atsPool[g.split][0]
		if g.split == "holdout" {
			g.atsKey = pick(g.r, []string{"ashby", "smartrecruiters", "workday"})
		}
	}
	if a := g.t.meta("ats", ""); a != "" {
		g.atsKey = a
	}
}

// ---- placeholder values -----------------------------------------------------

func joinNames(lang string, ps []string) string {
	if len(ps) == 1 {
		return ps[0]
	}
	return strings.Join(ps[:len(ps)-1], ", ") + " " + andWord[lang] + " " + ps[len(ps)-1]
}

func (g *gen) buildVals() {
	v := map[string]string{}
	c := g.comp
	slug := companySlug(c)
	atsInfo := atsByKey[g.atsKey]
	v["me"] = meFirst
	v["me_last"] = meLast
	v["me_full"] = meFirst + " " + meLast
	v["me_email"] = meEmail
	v["me_work_email"] = meWorkEmail
	v["employer"] = employer
	v["company"] = c.Name
	v["company_short"] = strings.Fields(c.Name)[0]
	v["website"] = "https://www." + c.Domain
	v["city"] = c.City
	v["address"] = c.Address
	v["role"] = g.role
	v["sender"] = g.sender.Name()
	v["sender_first"] = g.sender.First
	v["sender_title"] = g.sender.Title
	v["sender_email"] = g.sender.Email
	v["sender_phone"] = phoneFor(g, c.Country)
	v["ats"] = atsInfo.Name
	v["n4"] = g.token(4, digits)
	p2 := g.newPerson(g.lang, g.split, g.sender)
	v["person2"] = p2.Name()
	cand := g.newPerson(pick(g.r, []string{"en", "de", "fr", "es"}), g.split, g.sender, p2)
	v["candidate"] = cand.Name()
	v["candidate_first"] = cand.First
	col := pick(g.r, colleagues[g.split])
	for col == g.sender.Name() {
		col = pick(g.r, colleagues[g.split])
	}
	v["colleague"] = col
	v["colleague_first"] = strings.Fields(col)[0]
	v["friend"] = pick(g.r, friends[g.lang][g.split])

	// Times.
	v["when"] = g.tr.render(g.T, true)
	v["when_np"] = g.tr.render(g.T, false)
	end := g.T.Add(time.Duration(g.dur) * time.Minute)
	v["when_range"] = g.tr.renderRange(g.T, end, true)
	v["when_range_np"] = g.tr.renderRange(g.T, end, false)
	v["old_when"] = g.trAbs.render(g.old, true)
	v["old_when_np"] = g.trAbs.render(g.old, false)
	var sl []string
	for _, s := range g.slots {
		sl = append(sl, "* "+g.trAbs.render(s, false))
	}
	v["slots"] = strings.Join(sl, "\n")
	v["duration"] = durationWords[g.lang](g.dur)
	if g.dur >= 60 && g.dur%60 == 0 {
		v["duration_adj"] = map[int]string{60: "one-hour", 120: "two-hour", 180: "three-hour", 240: "four-hour"}[g.dur]
	} else {
		v["duration_adj"] = fmt.Sprintf("%d-minute", g.dur)
	}
	v["respond_by"] = renderDay(g.lang, g.respondBy, g.r.Intn(2))
	v["weekday"] = map[string][]string{"en": enDays, "de": deDays, "fr": frDays, "es": esDays}[g.lang][g.T.Weekday()]
	sd := g.T.AddDate(0, 1, 14)
	for sd.Weekday() != time.Monday && sd.Day() != 1 || sd.Weekday() == time.Saturday || sd.Weekday() == time.Sunday {
		sd = sd.AddDate(0, 0, 1)
	}
	v["start_date"] = renderDay(g.lang, sd, 0)
	v["date_day"] = renderDay(g.lang, g.T, 0)
	v["past_when"] = g.trAbs.render(g.past, true)
	v["past_day"] = renderDay(g.lang, g.past, 0)

	// Meeting and scheduling.
	v["meeting_url"] = g.meetingURL
	v["platform"] = platformNames[g.platform]
	v["meeting_id"] = g.meetingID
	v["sched_url"] = g.schedURL
	v["vendor_name"] = schedNames[g.vendor]
	v["location"] = c.Address
	var ivs, ivList []string
	for _, p := range g.interviewers {
		ivs = append(ivs, p.Name()+" ("+p.Title+")")
		ivList = append(ivList, "* "+p.Name()+", "+p.Title)
	}
	v["interviewers"] = joinNames(g.lang, ivs)
	v["interviewers_list"] = strings.Join(ivList, "\n")
	v["interviewer"] = g.interviewers[0].Name()
	v["interviewer_first"] = g.interviewers[0].First
	v["interviewer_title"] = g.interviewers[0].Title

	// Links and noise.
	jobID := g.token(7, digits)
	switch g.atsKey {
	case "greenhouse":
		v["job_url"] = "https://job-boards.greenhouse.io/" + slug + "/jobs/" + jobID
	case "lever":
		v["job_url"] = "https://jobs.lever.co/" + slug + "/" + g.uuid()
	case "ashby":
		v["job_url"] = "https://jobs.ashbyhq.com/" + slug + "/" + g.uuid()
	default:
		v["job_url"] = "https://www." + c.Domain + "/careers/" + jobID + "-" + slugify(g.role)
	}
	v["portal_url"] = "https://careers." + c.Domain + "/candidate/" + g.token(16, lowerAlnum)
	v["careers_url"] = "https://www." + c.Domain + "/careers"
	trackDom := "links." + c.Domain
	v["unsub_url"] = g.tracked(trackDom, "unsubscribe")
	v["prefs_url"] = g.tracked(trackDom, "preferences")
	v["privacy_url"] = "https://www." + c.Domain + "/privacy"
	v["track_url"] = g.tracked(trackDom, "c")

	// Negative-only material.
	v["product"] = pick(g.r, products[g.split])
	if g.product != "" {
		v["product"] = g.product
	}
	v["podcast"] = pick(g.r, podcasts[g.lang][g.split])
	v["network"] = pick(g.r, networks[g.split])
	v["test_platform"] = pick(g.r, testPlatforms[g.split])
	v["survey_vendor"] = pick(g.r, surveyVendors[g.split])
	v["newsletter"] = pick(g.r, newsletters[g.lang][g.split])
	v["job_board"] = pick(g.r, jobBoards[g.split])
	score := 55 + g.r.Intn(45)
	v["score"] = fmt.Sprint(score)
	v["score_total"] = fmt.Sprintf("%d/500", score*5)
	v["percentile"] = fmt.Sprint(30 + g.r.Intn(65))
	v["count"] = fmt.Sprint(3 + g.r.Intn(40))
	v["amount"] = g.salary()
	v["jobs_list"] = g.jobsList()
	v["net_url"] = g.tracked("www."+slugify(v["network"])+".example", "comm")
	v["news_url"] = g.tracked("news."+slugify(v["newsletter"])+".example", "ls/click")
	v["board_url"] = g.tracked("mail."+slugify(v["job_board"])+".example", "track")
	v["test_url"] = "https://app." + slugify(v["test_platform"]) + ".example/reports/" + g.token(12, lowerAlnum)
	v["survey_url"] = "https://survey." + slugify(v["survey_vendor"]) + ".example/s/" + g.token(10, mixedAlnum)
	v["podcast_url"] = "https://www." + slugify(v["podcast"]) + ".example"
	v["product_url"] = "https://www." + slugify(v["product"]) + ".example"
	g.vals = v
}

func (g *gen) salary() string {
	base := 60 + g.r.Intn(90)
	switch g.comp.Country {
	case "us", "ca", "sg", "au":
		return fmt.Sprintf("$%d,000", base+40)
	case "uk":
		return fmt.Sprintf("£%d,000", base+10)
	case "de", "at", "ch":
		return fmt.Sprintf("%d.000 € brutto", base)
	case "fr", "be":
		return fmt.Sprintf("%d 000 € bruts", base-10)
	case "mx", "co", "ar":
		return fmt.Sprintf("USD %d.000", base-20)
	}
	return fmt.Sprintf("%d.000 € brutos", base-15)
}

func (g *gen) jobsList() string {
	var out []string
	comps := companies[g.lang][g.split]
	n := 4 + g.r.Intn(3)
	for i := 0; i < n; i++ {
		c := comps[g.r.Intn(len(comps))]
		mode := pick(g.r, map[string][]string{
			"en": {"Remote", "Hybrid", "On-site"}, "de": {"Remote", "Hybrid", "vor Ort"},
			"fr": {"Télétravail", "Hybride", "Sur site"}, "es": {"Remoto", "Híbrido", "Presencial"}}[g.lang])
		out = append(out, fmt.Sprintf("* %s – %s – %s (%s)", pick(g.r, roles[g.lang]), c.Name, c.City, mode))
	}
	return strings.Join(out, "\n")
}

func (g *gen) get(name string) (string, bool) {
	v, ok := g.vals[name]
	return v, ok
}

// camel turns "acme-robotics" into "AcmeRobotics".
func camel(slug string) string {
	var b strings.Builder
	for _, w := range strings.Split(slug, "-") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}
