package detect

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// Result is the decision, why, and what was extracted.
type Result struct {
	IsInvitation bool
	Score        float64 // 0..1, the logistic of Raw
	Raw          float64 // the model's score; an invitation when >= 0
	Kind         string  // invitation, reminder, reschedule, outreach
	// Reasons are the features that moved the score most, each with its
	// weight and the text that triggered it.
	Reasons []string

	Company          string
	Role             string
	Stage            string // screen, technical, second-round, onsite, final
	Format           string // phone, video, onsite
	MeetingURL       string
	MeetingVendor    string // zoom, teams, meet, webex, ...
	SchedulingURL    string
	SchedulingVendor string // calendly, greenhouse, ...
	Location         string
	Recruiter        string
	ReplyTo          string // the address an answer should go to; "" for no-reply senders that name none
	Interviewers     []string
	RespondBy        time.Time // a date (midnight in the interview's zone); zero if none
	ProposedTimes    []time.Time
	Duration         time.Duration
	Language         string
	// Calendar is the METHOD:REQUEST object, kept for RFC 5546 replies.
	Calendar string

	// Fields lists every extracted value with the text it was read from and
	// a confidence, in a fixed field order.
	Fields []event.Evidence
	// Flags are legitimacy warnings: a sender that does not belong to the
	// company, a push to a chat app, a request for money or documents.
	Flags []event.Flag
}

// maxScan bounds how much text is read; invitations say what they are near
// the top.
const maxScan = 64 << 10

// Classify decides about one parsed message. Rules and the message's
// structure become features; a linear model trained offline on the labeled
// corpus (model.json, see tools/trainmodel) weighs them, and the features
// that moved the score most become the reasons.
func Classify(m *mailmsg.Message) Result {
	return classify(m, defaultModel)
}

// analysis is everything scan learns about a message, shared by the
// decision and the extraction.
type analysis struct {
	work    *workspace
	m       *mailmsg.Message
	d       *doc
	lang    string
	ref     time.Time // the Date header, or zero
	hits    []ruleHit // the first hit of each rule, by rule index
	fs      *featureSet
	events  []calendar.Event
	ics     string
	times   []timeHit
	dates   []dateMention
	clocks  []clockMention
	quoted  bool
	urls    []urlHit
	emails  []token
	cues    [][]int32 // token indexes of cue-group hits (see scanCues)
	kind    string
	labels  []string // orgLabels, once computed
	isJob   bool
	subject string
}

type ruleHit struct {
	ok      bool
	h       hit
	subj    bool // matched in the subject
	body    bool // matched in the body
	phrases [2]int32
	n       int // distinct phrases matched, up to 2
}

func classify(m *mailmsg.Message, mdl *Model) Result {
	var r Result
	a := analyze(m, mdl.Words)
	defer a.release()
	r.Raw, r.Reasons = mdl.Score(a.fs)
	r.Language = a.lang
	r.IsInvitation = r.Raw >= 0
	r.Score = math.Round(1/(1+math.Exp(-r.Raw))*1000) / 1000
	a.kind = kind(a)
	r.extract(a)
	r.Kind = a.kind
	if !r.IsInvitation {
		r.Kind = ""
	}
	if r.Score >= minExtractScore {
		r.Flags = legitimacy(a, &r)
	}
	return r
}

// FeatureNames lists the features of m, sorted: what the model sees. The
// training tool uses it, so training and classification cannot drift apart.
func FeatureNames(m *mailmsg.Message) []string {
	a := analyze(m, true)
	defer a.release()
	out := append([]string(nil), a.fs.names...)
	sort.Strings(out)
	return out
}

// workspace is the per-message working memory of an analysis, kept for the
// next message: rule hits, cue positions and features were a tenth of the
// bytes allocated per message.
type workspace struct {
	hits []ruleHit
	cues [][]int32
	fs   *featureSet
}

var workPool = sync.Pool{New: func() any {
	return &workspace{hits: make([]ruleHit, len(rules)), cues: make([][]int32, cueCount), fs: newFeatureSet()}
}}

// release returns the analysis's document and workspace to their pools; the
// analysis must not be used afterwards.
func (a *analysis) release() {
	a.d.release()
	sc := a.work
	clear(sc.hits)
	for i := range sc.cues {
		sc.cues[i] = sc.cues[i][:0]
	}
	clear(sc.fs.ev) // drop the references to the document
	sc.fs.names, sc.fs.ev = sc.fs.names[:0], sc.fs.ev[:0]
	workPool.Put(sc)
}

// analyze reads the message once: text, rules, calendar, links, times.
func analyze(m *mailmsg.Message, withWords bool) *analysis {
	text := m.Text
	if len(text) > maxScan {
		text = text[:maxScan]
		for len(text) > 0 && !utf8Start(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
	}
	body, quoted := stripQuoted(text)
	subject := m.Subject
	a := &analysis{m: m, quoted: quoted, ref: m.Date, subject: subject}
	a.d = newPooledDoc(subject, body)
	sc := workPool.Get().(*workspace)
	a.work, a.fs, a.hits, a.cues = sc, sc.fs, sc.hits, sc.cues

	var langs [5]int
	compiled.scan(a.d, func(h hit) {
		ri := compiled.phrases[h.phrase].rule
		if ri >= langBase {
			langs[ri-langBase]++
			return
		}
		if ri >= cueBase {
			addCue(a.cues, ri-cueBase, a.d.words[h.first])
			return
		}
		s, _ := h.span(a.d)
		subj := a.d.inSubject(int32(s))
		switch rules[ri].scope {
		case subjectOnly:
			if !subj {
				return
			}
		case bodyOnly:
			if subj {
				return
			}
		}
		rh := &a.hits[ri]
		if !rh.ok {
			rh.ok, rh.h = true, h
		}
		if rh.n < 2 && (rh.n == 0 || rh.phrases[0] != h.phrase) {
			rh.phrases[rh.n] = h.phrase
			rh.n++
		}
		rh.subj = rh.subj || subj
		rh.body = rh.body || !subj
	})
	for _, hits := range a.cues {
		slices.Sort(hits)
	}
	a.lang = pickLanguage(langs)
	a.isJob = a.jobContext()
	for ri, rh := range a.hits {
		if !rh.ok {
			continue
		}
		s, e := rh.h.span(a.d)
		if rules[ri].generic && !a.isJob {
			a.fs.addSpan(ruleFeatureNoJob[ri], rules[ri].name+" (in mail not about a job)", a.d, s, e)
			continue
		}
		a.fs.addSpan(ruleFeature[ri], rules[ri].name, a.d, s, e)
		if rh.n > 1 {
			a.fs.addSpan(ruleFeature2[ri], rules[ri].name+", more than once", a.d, s, e)
		}
	}
	if a.isJob {
		a.fs.add("x:job-context", "the mail is about a job or hiring")
	}
	a.headerFeatures()
	a.links()
	a.calendars()
	a.findTimes()
	a.combine()
	if withWords {
		words(a.fs, a.d)
	}
	return a
}

// negativeRules are the kinds of mail that talk about interviews, times
// and links without inviting the owner as a candidate. Thanks and past
// interviews are not among them: invitations to a next round open so; nor
// is an application receipt, which many invitations begin with.
var negativeRules = ruleIndices("rejection wording", "job alert or newsletter", "interview advice", "offer",
	"media or podcast request", "asks you to interview someone else", "survey or feedback request", "sales or vendor meeting",
	"coding test result", "social network notification", "personal or colleague mail", "conditional future invitation")

// candidateRules say the owner is invited, as a candidate.
var candidateRules = ruleIndices("your interview", "invites you to an interview", "call about a role", "interview named in the subject",
	"recruiter reaching out about a role", "interview stage or round")

// askRules are a handle when the mail gives no time or link: a request to
// name a time, or to be open to a call.
var askRules = ruleIndices("asks for your availability", "open to a call")

func ruleIndices(names ...string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = ruleIndex(n)
	}
	return out
}

// combine adds features for what a linear model cannot see on its own: a
// time or link means an invitation when the mail invites the owner as a
// candidate, and little in mail of a kind that is never an invitation
// (a podcast recording, a sales demo, an offer call).
func (a *analysis) combine() {
	handle := ""
	for _, f := range []string{"x:ics-request", "x:time", "x:sched-link", "x:meeting-link", "x:time-nojob", "x:sched-link-nojob", "x:meeting-link-nojob"} {
		if a.fs.has(f) {
			handle = f
			break
		}
	}
	if handle == "" {
		for _, ri := range askRules {
			if a.hits[ri].ok {
				handle = ruleFeature[ri]
				if !a.fs.has(handle) {
					handle = ruleFeatureNoJob[ri]
				}
				break
			}
		}
	}
	if handle == "" {
		if s, e, ok := a.askSentence(); ok {
			handle = "x:ask-sentence"
			if !a.isJob {
				handle = "x:ask-sentence-nojob"
			}
			a.fs.addSpan(handle, "asks you to name a time", a.d, int(a.d.toks[s].s), int(a.d.toks[e].e))
		}
	}
	// The combined feature's reason quotes the handle it rests on.
	var handleEv evidence
	for i, n := range a.fs.names {
		if n == handle {
			handleEv = a.fs.ev[i]
		}
	}
	neg, negName, strongNeg := 0, "", false
	for _, ri := range negativeRules {
		if rh := a.hits[ri]; rh.ok {
			if neg == 0 {
				negName = rules[ri].name
			}
			neg++
			// One phrase, once, in the body is a weak sign: invitations
			// apologise, mention platforms and radio silence too.
			strongNeg = strongNeg || rh.n > 1 || rh.subj
		}
	}
	sameOrg := a.fs.has("x:same-org")
	if sameOrg {
		negName = "mail from inside your own organisation"
		neg++
	}
	cand := 0
	for _, ri := range candidateRules {
		if a.hits[ri].ok {
			cand++
		}
	}
	if neg > 1 {
		a.fs.add("x:negative-kinds", fmt.Sprintf("%d signs of a kind of mail that is not an invitation", neg))
	}
	// A sign of another kind of mail outweighs a time or link unless the
	// mail also speaks of an interview of yours: invitations mention
	// salaries, budgets, feedback and case studies too. Then the model
	// weighs the mix; mail from a colleague stays a colleague's.
	switch {
	case handle != "" && neg > 0 && (cand == 0 || sameOrg):
		a.fs.addEvidence("x:handle-negative", handleEv, "in mail that reads like "+negName+", ")
	case handle != "" && neg > 0 && (cand > neg || cand == neg && !strongNeg):
		// More signs of an interview of yours than of another kind, or
		// as many and the other kind's weak.
		a.fs.addEvidence("x:handle-mixed-candidate", handleEv, "for an interview of yours, though the mail also reads a little like "+negName+", ")
	case handle != "" && neg > 0:
		a.fs.addEvidence("x:handle-mixed", handleEv, "for an interview of yours, though the mail also reads like "+negName+", ")
	case handle != "" && cand > 0:
		a.fs.addEvidence("x:handle-candidate", handleEv, "for an interview of yours, and nothing says otherwise, ")
	case handle == "x:time" && neg == 0 && cand == 0 && a.senderOrgNamed():
		// A time proposed in job mail by someone writing from the
		// organisation the mail names: a bakery, a school, a ward write
		// without our interview words.
		a.fs.addEvidence("x:handle-job-org", handleEv, "in job mail from the organisation it names, ")
	case (handle == "x:sched-link" || handle == "x:meeting-link" || handle == "x:ask-sentence" || strings.HasPrefix(handle, "r:")) && neg == 0:
		// No wording of ours names an interview, but a booking or
		// meeting link, or a request to name a time, in mail about a job
		// (these handles need one), with nothing of another kind, mostly
		// is one. A bare time is not enough: friends write about jobs and
		// drinks in one mail.
		a.fs.addEvidence("x:handle-job", handleEv, "in mail about a job, and nothing says otherwise, ")
	case handle == "" && cand > 0 && neg == 0:
		a.fs.add("x:candidate-no-handle", "about an interview of yours, without a time or link")
	}
	// An invitation gives a way to arrange it: a time, a link, a calendar
	// invitation, or a request to name a time.
	if handle == "" {
		a.fs.add("x:no-handle", "no time, link, calendar invitation or request for availability")
	}
}

// senderOrgNamed reports whether the text names the organisation of the
// From or Reply-To address ("Bistrot des Halles" for
// bistrot-des-halles.example); free-mail and hiring-system domains name
// none.
func (a *analysis) senderOrgNamed() bool {
	d := a.d
	for _, label := range a.orgLabels() {
		for i := range d.toks {
			if d.capitalized(&d.toks[i]) {
				if _, ok := d.spells(i, label); ok {
					return true
				}
			}
		}
	}
	return false
}

func (a *analysis) hit(name string) bool {
	ri, ok := ruleByName[name]
	return ok && a.hits[ri].ok
}

// jobContext says the mail is about a job or hiring at all; meeting and
// scheduling links only mean something then.
func (a *analysis) jobContext() bool {
	if len(a.cues[cueJob]) > 0 {
		return true
	}
	// Mail from a hiring system, or signed by a company's recruiting
	// team, is about a job even when its text names none.
	if IsATSDomain(domainOf(a.m.From.Address)) {
		return true
	}
	name := strings.ToLower(a.m.From.Name)
	for _, w := range []string{"recruiting", "recruitment", "talent", "careers", "karriere", "jobs", "recrutement", "reclutamiento", "seleccion", "empleo"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

func (a *analysis) headerFeatures() {
	m := a.m
	from := strings.ToLower(m.From.Address)
	_, fromDomain, _ := strings.Cut(from, "@")
	if sameOrganisation(m) {
		a.fs.add("x:same-org", "sent from inside the recipient's own organisation ("+fromDomain+")")
	}
	if len(m.ReplyTo) > 0 && m.ReplyTo[0].Address != "" && !strings.EqualFold(m.ReplyTo[0].Address, m.From.Address) {
		a.fs.add("x:reply-to", "answers go to "+m.ReplyTo[0].Address+", not the sender")
	}
	if IsATSDomain(fromDomain) {
		a.fs.add("x:ats-sender", "sent through a hiring system: "+fromDomain)
	}
	if isNoReply(from) {
		a.fs.add("x:noreply-sender", "sent from a no-reply address: "+from)
	}
	if looksLikePerson(m.From.Name) {
		a.fs.add("x:person-sender", "sent by a person: "+m.From.Name)
	}
	if m.Header.Header.Len() > 0 {
		if p := strings.ToLower(m.Header.Get("Precedence")); p == "bulk" || p == "list" {
			a.fs.add("x:bulk", "mass mail (Precedence: "+p+")")
		}
		if m.Header.Has("List-Id") {
			a.fs.add("x:list-id", "mailing-list mail (List-Id)")
		}
	}
	if len(m.InReplyTo) > 0 || len(m.References) > 0 {
		a.fs.add("x:reply", "a reply in a thread")
	}
	if a.quoted {
		a.fs.add("x:quoted", "quotes earlier mail")
	}
}

func (a *analysis) calendars() {
	for _, c := range a.m.Calendars {
		evs, err := calendar.Parse(c)
		if err != nil {
			a.fs.add("x:ics-unreadable", "calendar part unreadable: "+err.Error())
			continue
		}
		for _, ev := range evs {
			if ev.Method != "REQUEST" && ev.Method != "" && ev.Method != "PUBLISH" {
				continue
			}
			summary := mailmsg.CleanHeader(ev.Summary)
			if ev.Method == "REQUEST" {
				a.fs.add("x:ics-request", fmt.Sprintf("calendar invitation (METHOD:REQUEST): %q", summary))
			}
			sc := scanCues(newDoc(summary, ""))
			what := "calendar event"
			if ev.Method == "REQUEST" {
				what = "calendar invitation (METHOD:REQUEST)"
			}
			if a.isJob || len(sc[cueJob]) > 0 {
				a.fs.add("x:ics-job", fmt.Sprintf("the %s is about a job: %q", what, summary))
			}
			if len(sc[cueIVWord]) > 0 {
				a.fs.add("x:ics-interview", fmt.Sprintf("the %s is an interview: %q", what, summary))
			}
			if a.ics == "" && ev.Method == "REQUEST" {
				a.ics = c
			}
			if ev.Method == "REQUEST" {
				for _, u := range scanURLs(ev.URL + " " + ev.Location + " " + ev.Description) {
					a.addURL(u, "calendar: "+cleanLine(ev.Location), 0, 0, "calendar")
				}
			}
			a.events = append(a.events, ev)
		}
	}
}

// kind tells a new invitation from a reschedule, a reminder and recruiter
// outreach. The wording that only these kinds use decides, in that order.
func kind(a *analysis) string {
	switch {
	case a.cueOutsideCondition(cueResched) || a.fs.has("x:time-replaced") || a.timeInstead() || a.hit("reschedule wording") && (a.hits[ruleIndex("reschedule wording")].subj || a.fs.has("x:reply") && !a.hit("invites you to an interview")):
		return "reschedule"
	case len(a.cues[cueRemind]) > 0 || a.hit("reminder wording") && a.hits[ruleIndex("reminder wording")].subj:
		return "reminder"
	case a.hit("reminder wording") && !a.fs.has("x:ics-request") && !a.fs.has("x:ask-sentence") && !a.hit("invites you to an interview") && !a.hit("asks for your availability") && !a.hit("interview scheduled or to be confirmed") && !a.hit("recruiter reaching out about a role"):
		// Looks forward to an interview without inviting to it or asking
		// for anything: the interview is already agreed.
		return "reminder"
	case (a.hit("recruiter reaching out about a role") || a.hit("open to a call") && !a.fs.has("x:reply")) && !a.hit("application receipt") && !a.appliedBefore() && len(a.cues[cueIVWord]) == 0:
		// Outreach proposes a call about a role, not yet an interview.
		return "outreach"
	}
	return "invitation"
}

// ruleByName indexes the rules by name, once.
var ruleByName = func() map[string]int {
	m := make(map[string]int, len(rules))
	for ri := range rules {
		m[rules[ri].name] = ri
	}
	return m
}()

func ruleIndex(name string) int {
	ri, ok := ruleByName[name]
	if !ok {
		panic("detect: no rule named " + name) // programming error, caught by tests
	}
	return ri
}

// cueOutsideCondition reports a hit of cue group g that is not in a
// condition or an instruction: "we need to reschedule" is a reschedule, "if
// you need to reschedule, reply to this email" is boilerplate.
func (a *analysis) cueOutsideCondition(g int) bool {
	d := a.d
	for _, i32 := range a.cues[g] {
		i := int(i32)
		conditional := false
		for k := i - 1; k >= 0 && k >= i-20; k-- {
			t := &d.toks[k]
			if t.k == tBreak || t.k == tStop {
				// "To reschedule, call us": an instruction at the start.
				conditional = conditional || k == i-2 && d.isWord(i-1, "to")
				break
			}
			switch t.w {
			case "if", "should", "wish", "falls", "wenn", "sollten", "sollte", "si", "caso", "cancel", "absagen", "annuler", "cancelar":
				// Near the cue always; further back only for "if" and
				// its kin, which govern the whole clause ("If you are not
				// available, we can search a new date").
				conditional = conditional || k >= i-6 || t.w == "if" || t.w == "falls" || t.w == "wenn" || t.w == "si"
			}
		}
		// "so we can reschedule", "we could find a new time": an offer,
		// not a move.
		for k := i - 1; k >= 0 && k >= i-3; k-- {
			if d.isWord(k, "can", "could", "konnen", "kann", "pouvons", "pourrons", "podemos", "podremos") {
				conditional = true
			}
		}
		if i == 0 || d.isWord(i-1, "to") && (i < 2 || d.toks[i-2].k == tNL || d.toks[i-2].k == tBreak || d.toks[i-2].k == tStop) {
			conditional = true
		}
		if !conditional {
			return true
		}
	}
	return false
}

// timeInstead: a proposed time "instead" of another ("Would Friday work
// instead?", "stattdessen", "plutôt", "en su lugar").
func (a *analysis) timeInstead() bool {
	for _, th := range a.times {
		if th.old || th.past {
			continue
		}
		d := a.d
		for k := th.clock.t0; k < len(d.toks) && k < th.clock.t0+25; k++ {
			t := &d.toks[k]
			if t.k == tBreak || t.k == tStop && k > th.clock.t1 {
				break
			}
			switch t.w {
			case "instead", "stattdessen", "alternativ", "plutot":
				return true
			case "place":
				if d.isWord(k-1, "la") && d.isWord(k-2, "a") {
					return true
				}
			case "lugar":
				if d.isWord(k-1, "su", "en") {
					return true
				}
			}
		}
		for k := th.clock.t0 - 1; k >= 0 && k > th.clock.t0-25; k-- {
			t := &d.toks[k]
			if t.k == tBreak || t.k == tStop {
				break
			}
			if t.w == "instead" || t.w == "stattdessen" || t.w == "plutot" {
				return true
			}
		}
	}
	return false
}

// appliedBefore: the mail refers to the user's application, so it is not
// unsolicited outreach.
func (a *analysis) appliedBefore() bool {
	for i, t := range a.d.toks {
		if t.k != tWord {
			continue
		}
		switch t.w {
		case "applying", "applied", "bewerbung", "candidature", "candidatura":
			return true
		case "application":
			return i > 0 && a.d.toks[i-1].w == "your"
		}
	}
	return false
}

// stripQuoted drops quoted history ("> " lines and everything after an
// "On ... wrote:" line or an Outlook header block) so an old invitation
// quoted in a rejection does not count as a new one.
func stripQuoted(s string) (string, bool) {
	if !mayQuote(s) {
		return s, false
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, ">") || isQuoteHeader(t, lines, i) {
			return dropQuoted(lines, i), true
		}
	}
	return s, false
}

// mayQuote reports a line that stripQuoted would look at closely: one
// starting with ">" or the way quote headers begin. One pass, no copies.
func mayQuote(s string) bool {
	for len(s) > 0 {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		t := strings.TrimSpace(line)
		if t != "" && (t[0] == '>' || quoteLead(t)) {
			return true
		}
	}
	return false
}

// dropQuoted keeps lines before from, and after it the lines that are not
// quoted, up to a quote header.
func dropQuoted(lines []string, from int) string {
	var b strings.Builder
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if i >= from {
			if strings.HasPrefix(t, ">") {
				continue
			}
			if isQuoteHeader(t, lines, i) {
				break
			}
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// The header lines of quoted and forwarded mail, lower-cased, in the four
// languages.
var (
	fromFields    = []string{"from:", "von:", "de :", "de:"}
	sentFields    = []string{"sent:", "gesendet:", "envoyé :", "envoyé:", "enviado el:", "enviado:", "date:", "datum:"}
	subjectFields = []string{"subject:", "betreff:", "objet :", "objet:", "asunto:"}
	// replyLeads open "On … wrote:", "Am … schrieb", "Le … a écrit", "El …
	// escribió".
	replyLeads = []string{"on ", "am ", "le ", "el "}
)

// quoteLead reports a line that begins the way quote headers begin: a
// rule of dashes or underscores, "On …", "Am …", "Le …", "El …", "From:",
// "Von:", "De :".
func quoteLead(t string) bool {
	if t[0] == '-' || t[0] == '_' {
		return true
	}
	for _, ps := range [][]string{replyLeads, fromFields} {
		for _, p := range ps {
			if len(t) >= len(p) && strings.EqualFold(t[:len(p)], p) {
				return true
			}
		}
	}
	return false
}

func isQuoteHeader(t string, lines []string, i int) bool {
	if t == "" {
		return false
	}
	// Only lines that start like a quote header are looked at closely (and
	// lower-cased: that was most of the cost of reading for quotes).
	if !quoteLead(t) {
		return false
	}
	lt := strings.ToLower(t)
	next := func(n int) string {
		if i+n < len(lines) {
			return strings.ToLower(strings.TrimSpace(lines[i+n]))
		}
		return ""
	}
	// Forwarded mail ("---------- Forwarded message", "Begin forwarded
	// message") stays: the forwarder passes it on as what the mail says
	// ("the note below from the hiring manager").
	//
	// A line of underscores that opens a forwarded or quoted block: a
	// header follows ("From: ..."). Newsletters draw the same line above
	// their footer.
	headerNext := func(fields []string) bool {
		for n := 1; n <= 2; n++ {
			nl := next(n)
			for _, q := range fields {
				if strings.HasPrefix(nl, q) {
					return true
				}
			}
		}
		return false
	}
	if strings.Count(t, "_") >= 10 && strings.Trim(t, "_") == "" {
		return headerNext(fromFields) || headerNext(sentFields) || headerNext(subjectFields)
	}
	for _, p := range []string{"-----original message", "----- original message", "-------- original message", "-------- message original", "-------- ursprüngliche nachricht", "-------- mensaje original", "-----ursprüngliche nachricht", "-----message d'origine", "-----mensaje original"} {
		if strings.HasPrefix(lt, p) {
			return true
		}
	}
	// Outlook: From:/Von:/De : followed by Sent:/Gesendet:/Envoyé :/Enviado el:
	for _, p := range fromFields {
		if strings.HasPrefix(lt, p) && headerNext(sentFields) {
			return true
		}
	}
	// Gmail and friends: "On ... wrote:", "Am ... schrieb ...:", "Le ... a écrit :", "El ... escribió:"
	joined := lt
	if !strings.HasSuffix(lt, ":") {
		joined = lt + " " + next(1)
	}
	switch {
	case strings.HasPrefix(lt, "on ") && strings.Contains(joined, "wrote:"):
		return true
	case strings.HasPrefix(lt, "am ") && strings.Contains(joined, "schrieb"):
		return true
	case strings.HasPrefix(lt, "le ") && (strings.Contains(joined, "a écrit") || strings.Contains(joined, "a ecrit")):
		return true
	case strings.HasPrefix(lt, "el ") && (strings.Contains(joined, "escribió") || strings.Contains(joined, "escribio")):
		return true
	}
	return false
}

// sameOrganisation reports mail from the domain it was sent to: a colleague
// asking for a panel, a blog interview, a new joiner's intro. A recruiter
// inviting a candidate writes from outside.
func sameOrganisation(m *mailmsg.Message) bool {
	from := domainOf(m.From.Address)
	if from == "" || IsFreeMailDomain(from) {
		return false
	}
	for _, to := range m.To {
		if domainOf(to.Address) == from {
			return true
		}
	}
	return false
}
