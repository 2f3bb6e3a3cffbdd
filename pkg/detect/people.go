package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sayyes/sayyes/pkg/event"
)

// --- Senders.

// atsDomains are applicant-tracking systems, scheduling services and mail
// services that send on a company's behalf: their domain says nothing
// about who is hiring.
var atsDomains = []string{
	"greenhouse.io", "greenhouse-mail.io", "lever.co", "hire.lever.co", "ashbyhq.com", "ashby.io", "workday.com", "myworkday.com", "myworkdayjobs.com",
	"smartrecruiters.com", "icims.com", "jobvite.com", "bamboohr.com", "teamtailor.com", "teamtailor-mail.com", "personio.de", "personio.com",
	"recruitee.com", "workable.com", "workablemail.com", "join.com", "welcometothejungle.com", "successfactors.com", "successfactors.eu",
	"taleo.net", "oraclecloud.com", "breezy.hr", "jazzhr.com", "applytojob.com", "pinpointhq.com", "rippling.com", "gem.com", "goodtime.io",
	"calendly.com", "modernloop.io", "hirevue.com", "codility.com", "hackerrank.com", "coderbyte.com", "softgarden.io", "softgarden.de",
	"dvinci.de", "rexx-systems.com", "onlyfy.com", "prescreen.io", "concludis.de", "flatchr.io", "beetween.com", "talentsoft.com",
	"cornerstoneondemand.com", "homerun.co", "comeet.co", "freshteam.com", "zohorecruit.com", "manatal.com", "recruiterbox.com", "paylocity.com",
	"ukg.com", "adp.com", "sendgrid.net", "mailgun.org", "amazonses.com", "mandrillapp.com", "sparkpostmail.com", "mcsv.net", "hubspotemail.net",
}

// freeMailDomains are personal mail services.
var freeMailDomains = []string{
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "yahoo.fr", "yahoo.es", "yahoo.de", "ymail.com",
	"icloud.com", "me.com", "mac.com", "aol.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de", "freenet.de", "posteo.de", "mailbox.org",
	"orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "hotmail.fr", "hotmail.es", "hotmail.de", "outlook.es", "outlook.de", "outlook.fr",
	"proton.me", "protonmail.com", "pm.me", "zoho.com", "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com", "tutanota.com", "tuta.io",
}

var atsSet, freeMailSet = setOf(atsDomains), setOf(freeMailDomains)

func setOf(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, d := range list {
		m[d] = true
	}
	return m
}

// domainIn reports whether domain or one of its parent domains is in set.
func domainIn(domain string, set map[string]bool) bool {
	domain = strings.ToLower(strings.TrimSpace(domain))
	for domain != "" {
		if set[domain] {
			return true
		}
		i := strings.IndexByte(domain, '.')
		if i < 0 {
			return false
		}
		domain = domain[i+1:]
	}
	return false
}

// IsATSDomain reports whether the domain belongs to a known applicant
// tracking system or mail service that sends for companies.
func IsATSDomain(domain string) bool { return domainIn(domain, atsSet) }

// IsFreeMailDomain reports whether the domain is a personal mail service.
func IsFreeMailDomain(domain string) bool { return domainIn(domain, freeMailSet) }

func domainOf(addr string) string {
	_, d, _ := strings.Cut(strings.ToLower(addr), "@")
	return d
}

// isNoReply reports addresses nobody reads.
func isNoReply(addr string) bool {
	local, _, _ := strings.Cut(strings.ToLower(addr), "@")
	local = addrPunct.Replace(local)
	for _, p := range []string{"noreply", "donotreply", "dontreply", "notreply", "mailerdaemon", "notification", "bounce", "postmaster", "nepasrepondre", "norespond", "noresponder", "keineantwort"} {
		if strings.Contains(local, p) {
			return true
		}
	}
	return false
}

var addrPunct = strings.NewReplacer("-", "", "_", "", ".", "")

// orgLabel is the registrable name of a domain: "copperleaf" for
// mail.copperleaf.example, "acme" for acme.co.uk.
func orgLabel(domain string) string {
	labels := strings.Split(strings.ToLower(domain), ".")
	if len(labels) < 2 {
		return ""
	}
	i := len(labels) - 2
	if i > 0 && len(labels[i]) <= 3 && (labels[i] == "co" || labels[i] == "com" || labels[i] == "org" || labels[i] == "net" || labels[i] == "ac" || labels[i] == "gov") {
		i--
	}
	return labels[i]
}

// letters keeps the ASCII letters and digits of a folded string.
func letters(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// germanFold writes umlauts the way domains do: ü → ue.
var germanFold = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ß", "ss")

// teamWords end a company name: "Acme Careers", "Acme Talent Team".
var teamWords = map[string]bool{
	"careers": true, "career": true, "recruiting": true, "recruitment": true, "talent": true, "team": true, "jobs": true, "hr": true, "hiring": true,
	"people": true, "acquisition": true, "recrutement": true, "recrutements": true, "seleccion": true, "personal": true, "karriere": true, "rh": true,
	"rrhh": true, "notifications": true, "noreply": true, "calendar": true, "via": true, "on": true, "at": true, "is": true, "using": true,
	"engineering": true, "personas": true, "personalabteilung": true, "bewerbermanagement": true, "talents": true, "empleo": true,
}

var legalSuffixes = map[string]bool{
	"gmbh": true, "ag": true, "se": true, "kg": true, "ug": true, "sas": true, "sa": true, "sarl": true, "sl": true, "slu": true, "ltd": true, "limited": true,
	"inc": true, "llc": true, "plc": true, "bv": true, "nv": true, "ab": true, "as": true, "oy": true, "spa": true, "srl": true, "co": true, "corp": true,
}

// capitalized reports whether token t starts with an upper-case letter.
func (d *doc) capitalized(t *token) bool {
	if t.k != tWord {
		return false
	}
	r, _ := utf8.DecodeRuneInString(d.src[t.s:])
	return unicode.IsUpper(r)
}

// --- Company.

// company finds the hiring company. The strongest evidence is a name in
// the text that spells the sender's (or Reply-To's, or a contact
// address's) domain: "Harbor & Finch" for harborfinch.example. Failing
// that, the From display name ("Acme Careers", "Kim at Acme"), the
// calendar summary and the subject.
func (r *Result) company(a *analysis) {
	labels := a.orgLabels()
	type cand struct {
		name  string
		n     int
		subj  bool
		first int
	}
	var cands []cand
	addCand := func(name string, subj bool, pos int) {
		for i := range cands {
			if cands[i].name == name {
				cands[i].n++
				cands[i].subj = cands[i].subj || subj
				return
			}
		}
		cands = append(cands, cand{name, 1, subj, pos})
	}
	docs := []*doc{a.d}
	if n := a.m.From.Name; n != "" {
		docs = append(docs, newDoc(n, ""))
	}
	for _, ev := range a.events {
		docs = append(docs, newDoc(ev.Summary, ""))
	}
	for _, d := range docs {
		for i := range d.toks {
			if !d.capitalized(&d.toks[i]) {
				continue
			}
			for _, label := range labels {
				if end, ok := d.spells(i, label); ok {
					end = d.extendName(end)
					name := cleanLine(d.src[d.toks[i].s:d.toks[end].e])
					addCand(name, d == a.d && d.inSubject(d.toks[i].s), int(d.toks[i].s))
					break
				}
			}
		}
	}
	if len(cands) > 0 {
		best := 0
		for i := range cands {
			c, b := cands[i], cands[best]
			if c.n > b.n || c.n == b.n && len(c.name) > len(b.name) {
				best = i
			}
		}
		conf := 0.8
		if cands[best].n > 1 {
			conf = 0.9
		}
		r.Company = cands[best].name
		r.field("company", r.Company, r.Company+" (matches the sender's domain)", "body", conf)
		return
	}
	// No name spells a domain: the From display name, the calendar, the subject.
	if c, span := companyFromDisplay(a.m.From.Name); c != "" && len(c) <= 100 {
		r.Company = c
		r.field("company", c, "From: "+span, "header", 0.7)
		return
	}
	for _, ev := range a.events {
		if c := companyAfterPrep(newDoc(ev.Summary, "")); c != "" {
			r.Company = c
			r.field("company", c, ev.Summary, "calendar", 0.6)
			return
		}
	}
	if c := companyAfterPrep(newDoc(a.subject, "")); c != "" {
		r.Company = c
		r.field("company", c, a.subject, "subject", 0.55)
		return
	}
	if c := a.d.companyFromFooter(); c != "" {
		r.Company = c
		r.field("company", c, c, "signature", 0.55)
		return
	}
	// Last resort: the sender's domain, capitalised.
	for _, l := range labels {
		if l != "" {
			r.Company = strings.ToUpper(l[:1]) + l[1:]
			r.field("company", r.Company, "the sender's domain", "header", 0.3)
			return
		}
	}
}

// orgLabels lists the organisation labels of the addresses that speak for
// the hiring company: Reply-To, From, the calendar organiser and contact
// addresses in the text; never applicant-tracking or free-mail domains,
// and never the recipient's.
func (a *analysis) orgLabels() []string {
	if a.labels == nil {
		a.labels = a.findOrgLabels()
	}
	return a.labels
}

func (a *analysis) findOrgLabels() []string {
	out := []string{}
	mine := map[string]bool{}
	for _, t := range a.m.To {
		mine[domainOf(t.Address)] = true
	}
	for _, t := range a.m.Cc {
		mine[domainOf(t.Address)] = true
	}
	add := func(addr string) {
		d := domainOf(addr)
		if d == "" || mine[d] || IsATSDomain(d) || IsFreeMailDomain(d) {
			return
		}
		l := letters(orgLabel(d))
		if len(l) < 3 {
			return
		}
		for _, x := range out {
			if x == l {
				return
			}
		}
		out = append(out, l)
	}
	for _, rt := range a.m.ReplyTo {
		add(rt.Address)
	}
	add(a.m.From.Address)
	for _, t := range a.emails {
		add(a.d.src[t.s:t.e])
	}
	return out
}

// spells reports whether the words from token i spell label, ignoring
// spaces, "&", hyphens and accents: "Harbor & Finch" spells "harborfinch",
// "Alpenglühen Tech" spells "alpengluehen", "Northstar Payments" spells
// "northstarpay". It returns the last token of the name so far.
func (d *doc) spells(i int, label string) (int, bool) {
	if label == "" || d.toks[i].w == "" || d.toks[i].w[0] != label[0] {
		return 0, false
	}
	acc, accDE := "", ""
	for j := i; j < len(d.toks) && j < i+8; j++ {
		t := &d.toks[j]
		switch t.k {
		case tPunct:
			if t.w == "&" {
				// "Dune & Sel" at dune-et-sel: the domain spells the "&".
				for _, w := range []string{"and", "et", "und", "y"} {
					if strings.HasPrefix(label, acc+w) || strings.HasPrefix(label, accDE+w) {
						acc, accDE = acc+w, accDE+w
						break
					}
				}
				continue
			}
			if t.w == "-" || t.w == "'" || t.w == "." {
				continue
			}
			return 0, false
		case tWord, tNum:
		default:
			return 0, false
		}
		if j > i && d.toks[j-1].k != tPunct && !d.capitalized(t) && t.k != tNum && !legalSuffixes[t.w] && !nameParticles[t.w] && t.w != "des" {
			return 0, false
		}
		acc += letters(t.w)
		if raw := d.src[t.s:t.e]; strings.ContainsAny(raw, "äöüÄÖÜß") {
			accDE += letters(foldASCII(germanFold.Replace(raw)))
		} else {
			accDE += letters(t.w)
		}
		for _, s := range []string{acc, accDE} {
			if len(s) >= len(label) && strings.HasPrefix(s, label) {
				return j, true
			}
		}
		if !strings.HasPrefix(label, acc) && !strings.HasPrefix(label, accDE) {
			return 0, false
		}
	}
	return 0, false
}

// foldASCII lower-cases and removes accents.
func foldASCII(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		f, x := foldRune(r)
		if x != "" {
			b.WriteString(x)
		} else {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// extendName continues a company name over capitalised words and legal
// suffixes on the same line: "Granite Peak" + "Software", "Rheinblick" +
// "Versicherung AG". It stops at team words ("Careers") and at "'s".
func (d *doc) extendName(end int) int {
	for j := end + 1; j < len(d.toks) && j < end+5; j++ {
		t := &d.toks[j]
		if t.k != tWord || !(d.capitalized(t) || legalSuffixes[t.w]) || teamWords[t.w] {
			break
		}
		if t.s != d.toks[j-1].e+1 || d.src[d.toks[j-1].e] != ' ' {
			break
		}
		if _, ok := monthNames[t.w]; ok {
			break
		}
		if _, ok := weekdayNames[t.w]; ok {
			break
		}
		end = j
	}
	return end
}

// companyFromDisplay reads "Acme Careers", "Acme Recruiting", "Kim Lee at
// Acme", "Kim Lee (Acme)" from a From display name.
func companyFromDisplay(name string) (string, string) {
	if name == "" {
		return "", ""
	}
	if i := strings.LastIndex(name, " at "); i > 0 {
		return strings.TrimSpace(name[i+4:]), name
	}
	if i := strings.Index(name, "("); i > 0 && strings.HasSuffix(name, ")") {
		return strings.TrimSpace(name[i+1 : len(name)-1]), name
	}
	f := strings.Fields(name)
	n := len(f)
	for n > 0 && teamWords[foldASCII(f[n-1])] {
		n--
	}
	if n > 0 && n < len(f) {
		return strings.Join(f[:n], " "), name
	}
	return "", ""
}

// companyAfterPrep reads "Interview with Acme", "at Acme", "bei Acme",
// "chez Acme", "en Acme" from a subject or calendar summary.
func companyAfterPrep(d *doc) string {
	for i := range d.toks {
		t := &d.toks[i]
		if t.k != tWord {
			continue
		}
		switch t.w {
		case "at", "with", "bei", "mit", "chez", "avec", "en", "con", "@":
		default:
			continue
		}
		j := i + 1
		if !d.capitalized(d.tok(j)) {
			continue
		}
		if _, ok := weekdayNames[d.tok(j).w]; ok {
			continue
		}
		end := d.extendName(j)
		name := cleanLine(d.src[d.toks[j].s:d.toks[end].e])
		if looksLikePerson(name) && end > j {
			continue // "Interview with Kim Lee"
		}
		return name
	}
	return ""
}

// companyFromFooter reads "sent by X using Greenhouse", "on behalf of X
// via", "Envoyé pour le compte de X via", "Enviado en nombre de X
// mediante", "im Auftrag von X über".
func (d *doc) companyFromFooter() string {
	for i := range d.toks {
		var j int
		switch {
		case d.isWord(i, "by") && d.isWord(i-1, "sent"):
			j = i + 1
		case d.isWord(i, "of") && d.isWord(i-1, "behalf"):
			j = i + 1
		case d.isWord(i, "de") && d.isWord(i-1, "compte"):
			j = i + 1
		case d.isWord(i, "de") && d.isWord(i-1, "nombre"):
			j = i + 1
		case d.isWord(i, "von") && d.isWord(i-1, "auftrag"):
			j = i + 1
		default:
			continue
		}
		if !d.capitalized(d.tok(j)) {
			continue
		}
		end := d.extendName(j)
		return cleanLine(d.src[d.toks[j].s:d.toks[end].e])
	}
	return ""
}

// --- People.

// notNameWords are capitalised words that start lines but are not names.
var notNameWords = map[string]bool{
	"hi": true, "hello": true, "dear": true, "hey": true, "thanks": true, "thank": true, "best": true, "regards": true, "kind": true, "cheers": true,
	"hallo": true, "liebe": true, "lieber": true, "sehr": true, "viele": true, "beste": true, "freundliche": true, "mit": true, "gruss": true, "grusse": true,
	"bonjour": true, "cordialement": true, "bien": true, "merci": true, "salut": true, "hola": true, "estimada": true, "estimado": true, "saludos": true, "atentamente": true,
	"un": true, "the": true, "your": true, "our": true, "team": true, "date": true, "time": true, "when": true, "where": true, "link": true, "address": true, "zoom": true,
	"google": true, "microsoft": true, "teams": true, "webex": true, "meet": true, "calendar": true, "recruiting": true, "careers": true, "talent": true, "hr": true,
	"senior": true, "staff": true, "lead": true, "head": true, "director": true, "manager": true, "engineer": true, "recruiter": true, "partner": true, "coordinator": true,
	"termin": true, "datum": true, "uhrzeit": true, "dauer": true, "adresse": true, "ort": true, "quand": true, "lien": true, "fecha": true, "enlace": true, "hora": true,
	"madame": true, "monsieur": true, "frau": true, "herr": true, "sra": true, "sr": true, "dr": true, "prof": true, "mr": true, "mrs": true, "ms": true,
	"interview": true, "entretien": true, "entrevista": true, "vorstellungsgesprach": true, "with": true, "and": true, "und": true, "et": true, "y": true,
	// Polite pronouns are capitalised mid-sentence: "lernen Sie Kim Lee kennen".
	"sie": true, "ihnen": true, "ihr": true, "ihre": true, "vous": true, "usted": true, "ustedes": true,
}

// nameParticles may sit inside a name.
var nameParticles = map[string]bool{"de": true, "del": true, "la": true, "van": true, "von": true, "der": true, "den": true, "da": true, "di": true, "du": true, "le": true, "y": true}

// looksLikePerson: two to four capitalised words, no digits, no team or
// title words.
func looksLikePerson(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 5 {
		return false
	}
	caps := 0
	for i, w := range f {
		fw := foldASCII(w)
		if nameParticles[fw] && i > 0 && i < len(f)-1 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || notNameWords[fw] || teamWords[fw] || isTitleWord(fw) {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '-' && c != '\'' && c != '.' {
				return false
			}
		}
		caps++
	}
	return caps >= 2
}

// personAt reads a person's name (two to four capitalised words) starting
// at token i; it returns the name and its last token.
func (d *doc) personAt(i int) (string, int, bool) {
	end := -1
	n := 0
	for j := i; j < len(d.toks) && j < i+8; j++ {
		t := &d.toks[j]
		if t.k == tNL && end >= 0 {
			continue // a name wrapped onto the next line
		}
		if j > i && end >= 0 {
			gap := d.src[d.toks[end].e:t.s]
			hyphen := t.k == tPunct && t.w == "-" && gap == "" || d.toks[j-1].k == tPunct && d.toks[j-1].w == "-" && gap == "-"
			if !nameGap(gap) && !hyphen {
				break
			}
		}
		if t.k == tPunct && t.w == "-" && end >= 0 && d.toks[j-1].e == t.s {
			continue
		}
		if t.k != tWord {
			break
		}
		if nameParticles[t.w] && j > i && !d.capitalized(t) {
			continue
		}
		if !d.capitalized(t) || notNameWords[t.w] || teamWords[t.w] || isTitleWord(t.w) || len(t.w) < 2 || isUpper(d.src[t.s:t.e]) && len(t.w) > 1 && t.e-t.s > 1 && !strings.ContainsAny(d.src[t.s+1:t.e], "abcdefghijklmnopqrstuvwxyz") && t.e-t.s <= 4 {
			break
		}
		if _, ok := monthNames[t.w]; ok {
			break
		}
		if _, ok := weekdayNames[t.w]; ok {
			break
		}
		end = j
		n++
		if n == 4 {
			break
		}
	}
	if n < 2 {
		return "", 0, false
	}
	return cleanLine(d.src[d.toks[i].s:d.toks[end].e]), end, true
}

// continuesName reports whether token i is the second or later word of a
// name ("José" in "María José Iglesias").
func (d *doc) continuesName(i int) bool {
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		t := &d.toks[k]
		if t.k == tNL {
			continue
		}
		return t.k == tWord && d.capitalized(t) && nameGap(d.src[t.e:d.toks[i].s])
	}
	return false
}

// contact fills Recruiter and ReplyTo. The address: Reply-To if given,
// else From unless it is a no-reply or hiring-system sender, else a
// contact address named in the text. The person: a personal From or
// Reply-To display name, else the signature, else the one the text says to
// contact.
func (r *Result) contact(a *analysis, people icsPeopleInfo) {
	m := a.m
	mine := a.recipients()
	// Address.
	for _, rt := range m.ReplyTo {
		if rt.Address != "" && !isNoReply(rt.Address) {
			r.ReplyTo = strings.ToLower(rt.Address)
			r.field("reply_to", r.ReplyTo, "Reply-To: "+rt.Address, "header", 0.95)
			break
		}
	}
	fromDomain := domainOf(m.From.Address)
	if r.ReplyTo == "" && m.From.Address != "" && !isNoReply(m.From.Address) && !IsATSDomain(fromDomain) && !mine[strings.ToLower(m.From.Address)] {
		r.ReplyTo = strings.ToLower(m.From.Address)
		r.field("reply_to", r.ReplyTo, "From: "+m.From.Address, "header", 0.9)
	}
	bodyContact, bodyContactName, span := a.contactInText()
	if r.ReplyTo == "" && bodyContact != "" {
		r.ReplyTo = bodyContact
		r.field("reply_to", r.ReplyTo, span, "body", 0.7)
	}
	// Person.
	name, src, conf := "", "", 0.0
	isPerson := func(n string) bool { return n != "" && !a.isCompanyName(n, r.Company) }
	if n := personFromDisplay(m.From.Name); isPerson(n) {
		name, src, conf = n, "From: "+m.From.Name, 0.9
	}
	if name == "" {
		for _, rt := range m.ReplyTo {
			if n := personFromDisplay(rt.Name); isPerson(n) {
				name, src, conf = n, "Reply-To: "+rt.Name, 0.85
				break
			}
		}
	}
	if name == "" {
		if n, s := a.d.signatureName(); isPerson(n) {
			name, src, conf = n, s, 0.75
		}
	}
	if name == "" && bodyContactName != "" {
		name, src, conf = bodyContactName, span, 0.6
	}
	if name == "" {
		if n, s := a.d.hostName(); n != "" {
			name, src, conf = n, s, 0.55
		}
	}
	if name == "" && people.organizerName != "" && looksLikePerson(people.organizerName) {
		name, src, conf = people.organizerName, "ORGANIZER of the calendar invitation", 0.6
	}
	if name != "" {
		r.Recruiter = name
		r.field("recruiter", name, src, sourceOf(src), conf)
	}
}

func sourceOf(span string) string {
	switch {
	case strings.HasPrefix(span, "From:"), strings.HasPrefix(span, "Reply-To:"):
		return "header"
	case strings.HasPrefix(span, "ORGANIZER"):
		return "calendar"
	case strings.HasPrefix(span, "signature"):
		return "signature"
	}
	return "body"
}

// isCompanyName reports a name that is the company's, not a person's:
// "Vignoble Data" looks like a first and last name.
func (a *analysis) isCompanyName(n, company string) bool {
	if strings.EqualFold(n, company) {
		return true
	}
	for _, l := range a.orgLabels() {
		if a.companyMatches(n, l+".x") {
			return true
		}
	}
	return false
}

// recipients are the mailbox owner's addresses, as the message names them.
func (a *analysis) recipients() map[string]bool {
	mine := map[string]bool{}
	for _, t := range a.m.To {
		mine[strings.ToLower(t.Address)] = true
	}
	for _, t := range a.m.Cc {
		mine[strings.ToLower(t.Address)] = true
	}
	return mine
}

// personFromDisplay takes the person out of "Kim Lee", "Kim Lee at Acme",
// "Kim Lee (Acme)", "Kim Lee | Acme"; "" for "Acme Careers".
func personFromDisplay(name string) string {
	for _, sep := range []string{" at ", " (", " | ", " - ", " – ", ", "} {
		if i := strings.Index(name, sep); i > 0 {
			name = name[:i]
		}
	}
	name = strings.TrimSpace(name)
	if looksLikePerson(name) {
		return name
	}
	return ""
}

// contactInText finds "contact Kim Lee at kim@acme.example", "email
// kim@acme.example", "wenden Sie sich an ...", "contacter ... à",
// "contacte con ...": the address and, if written, the name.
func (a *analysis) contactInText() (addr, name, span string) {
	d := a.d
	mine := a.recipients()
	for _, t := range a.emails {
		e := strings.ToLower(d.src[t.s:t.e])
		if mine[e] || isNoReply(e) || IsATSDomain(domainOf(e)) {
			continue
		}
		// Find the token index of the address.
		ti := -1
		for i := range d.toks {
			if d.toks[i].s == t.s {
				ti = i
				break
			}
		}
		if ti < 0 {
			continue
		}
		// A name written just before: "contact Priya Sutherland at <addr>".
		for k := ti - 1; k >= 0 && k >= ti-8; k-- {
			if n, end, ok := d.personAt(k); ok && end >= ti-3 {
				name = n
				break
			}
		}
		return e, name, d.snippetAt(int(t.s)-40, int(t.e))
	}
	return "", "", ""
}

// signOffs are the closing lines a signature follows.
var signOffs = []string{
	"best", "best regards", "kind regards", "regards", "thanks", "thank you", "many thanks", "cheers", "warm regards", "all the best", "best wishes", "talk soon", "sincerely",
	"viele grusse", "beste grusse", "mit freundlichen grussen", "freundliche grusse", "liebe grusse", "herzliche grusse", "lg", "vg", "danke", "bis bald",
	"cordialement", "bien cordialement", "bien a vous", "a bientot", "merci", "belle journee", "bonne journee", "amicalement", "a tres vite",
	"saludos", "un saludo", "atentamente", "un cordial saludo", "saludos cordiales", "gracias", "un abrazo", "hasta pronto", "muchas gracias",
}

// signatureName reads the name on the line after a sign-off ("Best
// regards,\nBrandon Patel").
func (d *doc) signatureName() (string, string) {
	lines := strings.Split(d.src[d.bodyOff:], "\n")
	for i := len(lines) - 2; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if len(l) > 40 {
			continue
		}
		fl := strings.TrimRight(foldASCII(l), ",.!")
		isOff := false
		for _, s := range signOffs {
			if fl == s {
				isOff = true
				break
			}
		}
		if !isOff {
			continue
		}
		next := strings.TrimSpace(lines[i+1])
		next = strings.TrimRight(next, ",")
		if p := personFromDisplay(next); p != "" {
			return p, "signature: " + l + " " + next
		}
	}
	return "", ""
}

// hostName reads "ask for Kim Lee", "here to see Kim Lee", "contact Kim
// Lee", "your recruiter, Kim Lee", "with Kim Lee, our Talent Partner".
func (d *doc) hostName() (string, string) {
	for i := range d.toks {
		t := &d.toks[i]
		if t.k != tWord {
			continue
		}
		j := -1
		switch {
		case t.w == "for" && d.isWord(i-1, "ask"):
			j = i + 1
		case t.w == "see" && d.isWord(i-1, "to") && d.isWord(i-2, "here"):
			j = i + 1
		case t.w == "contact" || t.w == "contacter" || t.w == "kontaktieren" || t.w == "contacte":
			j = i + 1
		case t.w == "recruiter" && d.isPunct(i+1, ","):
			j = i + 2
		case (t.w == "with" || t.w == "mit" || t.w == "avec" || t.w == "con") && d.isPunct(i+3, ","):
			j = i + 1
		}
		if j < 0 {
			continue
		}
		if d.isPunct(j, ":") {
			j++
		}
		if d.isWord(j, "con") {
			j++
		}
		if n, end, ok := d.personAt(j); ok {
			return n, d.snippetAt(int(t.s), int(d.toks[end].e))
		}
	}
	return "", ""
}

// nameGap: the space between two words of a name; a single line break
// counts, because plain-text mail is wrapped.
func nameGap(gap string) bool {
	if gap == " " {
		return true
	}
	nl := 0
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case ' ', '\r':
		case '\n':
			nl++
		default:
			return false
		}
	}
	return nl <= 1 && gap != ""
}

// --- Interviewers.

type icsPerson struct{ name, addr string }

type icsPeopleInfo struct {
	organizerName, organizer string
	attendees                []icsPerson
}

// icsPeople reads ORGANIZER and ATTENDEE names (CN) and addresses from an
// iCalendar object, unfolding lines (RFC 5545 section 3.1).
func icsPeople(ics string) icsPeopleInfo {
	var out icsPeopleInfo
	if ics == "" {
		return out
	}
	// Unfold (RFC 5545 section 3.1). Joining each line's pieces once keeps
	// this linear: appending to the line was quadratic, 800 MB of garbage
	// for a DESCRIPTION folded 40,000 times.
	var lines, cur []string
	flush := func() {
		if len(cur) > 0 {
			lines = append(lines, strings.Join(cur, ""))
			cur = cur[:0]
		}
	}
	for _, l := range strings.Split(ics, "\n") {
		l = strings.TrimRight(l, "\r")
		if len(l) > 0 && (l[0] == ' ' || l[0] == '\t') && len(cur) > 0 {
			cur = append(cur, l[1:])
			continue
		}
		flush()
		cur = append(cur, l)
	}
	flush()
	for _, l := range lines {
		ul := strings.ToUpper(l)
		isOrg := strings.HasPrefix(ul, "ORGANIZER")
		if !isOrg && !strings.HasPrefix(ul, "ATTENDEE") {
			continue
		}
		p := icsPerson{}
		if i := strings.Index(ul, "CN="); i >= 0 {
			v := l[i+3:]
			if strings.HasPrefix(v, `"`) {
				if j := strings.Index(v[1:], `"`); j >= 0 {
					v = v[1 : j+1]
				}
			} else if j := strings.IndexAny(v, ";:"); j >= 0 {
				v = v[:j]
			}
			p.name = strings.TrimSpace(v)
		}
		if i := strings.LastIndex(ul, "MAILTO:"); i >= 0 {
			p.addr = strings.ToLower(strings.TrimSpace(l[i+7:]))
		}
		if isOrg {
			out.organizerName, out.organizer = p.name, p.addr
		} else {
			out.attendees = append(out.attendees, p)
		}
	}
	return out
}

// interviewerCues introduce the people the candidate will meet.
var interviewerCues = [][]string{
	{"you", "ll", "meet"}, {"you", "will", "meet"}, {"meet", "with"}, {"speaking", "with"}, {"interviewer"}, {"interviewers"}, {"panel"},
	{"hiring", "manager"}, {"meet", "the", "following"}, {"following", "people"}, {"with"},
	{"gesprachspartner"}, {"gesprachspartnerin"}, {"gesprachspartnerinnen"}, {"lernen"}, {"teamleitung"}, {"mit"},
	{"avec"}, {"rencontrerez"}, {"echangerez", "avec"}, {"responsable", "d", "equipe"},
	{"entrevistadores"}, {"entrevistador"}, {"entrevistadora"}, {"reunira", "con"}, {"hablara", "con"}, {"conocera", "a"}, {"con"}, {"responsable", "del", "equipo"},
	// Juries and boards: "composed of:", "conducted by", "Auswahlkommission:".
	{"composed", "of"}, {"conducted", "by"}, {"questions", "from"}, {"jury"}, {"auswahlkommission"}, {"triffst"}, {"mit", "dabei"},
	{"comision", "de", "seleccion"}, {"tribunal"}, {"estaremos"}, {"estaran"},
	{"interviewed", "by"}, {"chaired", "by"}, {"led", "by"}, {"participants"}, {"teilnehmen"}, {"teilnehmer"}, {"nehmen", "teil"}, {"participeront"}, {"participaran"}, {"participantes"},
}

// skipBeforeNames may sit between an interviewer cue and the names: "your
// interviewer will be Kim Lee", "Gesprächspartner sind".
var skipBeforeNames = map[string]bool{
	"are": true, "is": true, "will": true, "be": true, "sind": true, "ist": true, "wird": true, "werden": true, "sein": true,
	"sera": true, "seront": true, "our": true, "unserer": true, "notre": true, "nuestro": true, "a": true,
}

// interviewers lists who the candidate will meet: the calendar's attendees
// other than the organiser and the candidate, or the names the text lists
// after "you'll meet", "Gesprächspartner:", "vous rencontrerez", "se
// reunirá con", and the interviewer a reschedule says is unavailable.
func (r *Result) interviewers(a *analysis, people icsPeopleInfo) {
	mine := a.recipients()
	seen := map[string]bool{}
	add := func(name, span, source string, conf float64) {
		name = strings.TrimSpace(name)
		if name == "" || seen[name] || name == r.Recruiter || strings.EqualFold(name, a.ownerName()) || a.isCompanyName(name, r.Company) {
			return
		}
		seen[name] = true
		r.Interviewers = append(r.Interviewers, name)
		r.field("interviewer", name, span, source, conf)
	}
	for _, p := range people.attendees {
		if p.addr == people.organizer || mine[p.addr] || !looksLikePerson(p.name) {
			continue
		}
		add(p.name, "ATTENDEE "+p.name, "calendar", 0.8)
	}
	if len(r.Interviewers) > 0 {
		return
	}
	d := a.d
	for ci, cue := range interviewerCues {
		for _, i32 := range a.cues[cueInterviewer+ci] {
			i := int(i32)
			if int(d.toks[i].s) < d.bodyOff {
				continue
			}
			j, ok := d.wordsEnd(i, cue)
			if !ok {
				continue
			}
			// "You'll meet the following people during the day:" — the
			// names follow the colon.
			for k := j; k < j+8 && k < len(d.toks); k++ {
				if d.toks[k].k == tNL || d.toks[k].k == tBreak {
					break
				}
				if d.isPunct(k, ":") {
					j = k + 1
					break
				}
			}
			// Allow "are", "sind", "our X," and bullets between cue and names.
			for k := 0; k < 8 && j < len(d.toks); k++ {
				t := d.tok(j)
				if t.k == tPunct && (t.w == ":" || t.w == "," || t.w == "-" || t.w == "*") || t.k == tNL || t.k == tBreak {
					j++
					continue
				}
				if t.k == tWord && skipBeforeNames[t.w] && !d.capitalized(t) {
					j++
					continue
				}
				break
			}
			names := d.nameList(j)
			if len(cue) == 1 && (cue[0] == "with" || cue[0] == "mit" || cue[0] == "avec" || cue[0] == "con") {
				// Plain "with" only counts for a name followed by a title,
				// a list, or after a word for the meeting: "with Kim Lee
				// (Engineering Manager)", "over video with Kim Lee".
				meeting := false
				for k := i - 1; k >= i-2 && k >= 0; k-- {
					switch d.toks[k].w {
					case "video", "call", "interview", "phone", "zoom", "teams", "meet", "chat", "conversation", "session", "panel", "screen",
						"gesprach", "entretien", "entrevista", "llamada", "appel", "telefonat", "videollamada", "visio":
						meeting = true
					}
				}
				// "Avec : Julien Fontaine" in a block of labelled lines.
				label := d.isPunct(i+1, ":")
				// Or a sentence about meeting: "mit Kim Lee zusammenbringen",
				// "visio de 45 minutes avec Kim Lee".
				meeting = meeting || d.aboutMeeting(i)
				if len(names) == 0 || !d.titledName(j) && len(names) < 2 && !meeting && !label {
					continue
				}
			}
			for _, n := range names {
				add(n, d.snippetAt(int(d.toks[i].s), int(d.toks[min(j+3, len(d.toks)-1)].e)), "body", 0.7)
			}
		}
	}
	// "Megan Patel (Principal Engineer) would like a final conversation",
	// "Auswahlkommission: Sabine Brandt (Teamlead Backend)": in the text of
	// an invitation (not its signature), a name with a job title in
	// brackets is someone the candidate meets. Requiring a word for
	// meeting in the sentence missed juries, boards and "estarán".
	if len(r.Interviewers) == 0 {
		sig := d.signatureStart()
		for k := range d.toks {
			t := &d.toks[k]
			if t.k != tWord || int(t.s) < d.bodyOff || sig > 0 && int(t.s) >= sig || k > 0 && d.continuesName(k-1) {
				continue
			}
			n, end, found := d.personAt(k)
			if !found || !d.isPunct(d.skipNL(end+1), "(") || !d.titleIn(d.skipNL(end+1)+1) || n == r.Recruiter {
				continue
			}
			add(n, d.snippetAt(int(t.s), int(d.toks[min(end+4, len(d.toks)-1)].e)), "body", 0.6)
		}
	}
	// "Kim Lee has a conflict", "Kim ruft Sie an", "Kim vous appellera",
	// "leider ist Kim verhindert": find the verb, then the name before it.
	for k := range d.toks {
		t := &d.toks[k]
		if t.k != tWord || int(t.s) < d.bodyOff {
			continue
		}
		switch t.w {
		case "has", "will", "would", "ruft", "ist", "vous", "a", "le", "te", "tiene", "can", "is":
		default:
			continue
		}
		ok := false
		switch {
		case d.isWord(k, "has") && d.isWord(k+1, "a") && d.isWord(k+2, "conflict"),
			d.isWord(k, "will") && d.isWord(k+1, "call", "interview", "join", "phone", "ring"),
			d.isWord(k, "will") && d.isWord(k+1, "be") && d.isWord(k+2, "joining", "interviewing", "calling"),
			d.isWord(k, "would") && d.isWord(k+1, "like", "love") && d.aboutMeeting(k),
			d.isWord(k, "ruft"), d.isWord(k, "ist") && d.inSentence(k, "verhindert"),
			d.isWord(k, "vous") && d.isWord(k+1, "appellera"), d.isWord(k, "a") && d.isWord(k+1, "malheureusement", "un") && d.isWord(k+2, "empechement", "un"),
			d.isWord(k, "le", "te") && d.isWord(k+1, "llamara"), d.isWord(k, "tiene") && d.isWord(k+1, "un") && d.isWord(k+2, "imprevisto"),
			// "Kim Lee can do Friday at 10", "Kim Lee is out sick",
			// "a Kim Lee le ha surgido un viaje".
			d.isWord(k, "can") && d.isWord(k+1, "do", "make", "meet", "speak", "talk") && d.aboutTime(k),
			d.isWord(k, "is") && (d.isWord(k+1, "unwell", "ill", "sick") || d.isWord(k+1, "out", "off") && d.isWord(k+2, "sick", "ill")),
			d.isWord(k, "le") && d.isWord(k+1, "ha") && d.isWord(k+2, "surgido"):
			ok = true
		}
		if !ok {
			continue
		}
		// The name just before the verb, or just after "ist" ("leider ist Kim Lee ... verhindert").
		for start := k - 1; start >= 0 && start >= k-5; start-- {
			if d.continuesName(start) {
				continue
			}
			if n, end, found := d.personAt(start); found && d.skipNL(end+1) == k {
				if n != r.Recruiter {
					add(n, d.snippetAt(int(d.toks[start].s), int(d.toks[min(k+2, len(d.toks)-1)].e)), "body", 0.65)
				}
			}
			break
		}
		if t.w == "ist" {
			if n, _, found := d.personAt(k + 1); found && n != r.Recruiter {
				add(n, d.snippetAt(int(d.toks[k].s), int(d.toks[min(k+4, len(d.toks)-1)].e)), "body", 0.65)
			}
		}
	}
}

// ownerName is the mailbox owner's display name, as the To header says.
func (a *analysis) ownerName() string {
	if len(a.m.To) > 0 {
		return a.m.To[0].Name
	}
	return ""
}

// titledName reports "Kim Lee (Title)" or "Kim Lee, Title" at token j.
func (d *doc) titledName(j int) bool {
	_, end, ok := d.personAt(j)
	if !ok {
		return false
	}
	return d.isPunct(end+1, "(") || d.isPunct(end+1, ",") && d.capitalized(d.tok(end+2))
}

// nameList reads "A, B and C", "A (Title) und B (Title)", or a bulleted
// list of names, from token j.
func (d *doc) nameList(j int) []string {
	var out []string
	for len(out) < 8 && j < len(d.toks) {
		n, end, ok := d.personAt(j)
		if !ok {
			break
		}
		out = append(out, n)
		k := end + 1
		// Skip "(Title)" or ", Title" up to the separator.
		if d.isPunct(k, "(") {
			for k < len(d.toks) && !d.isPunct(k, ")") && k < end+12 {
				k++
			}
			k++
		} else if d.isPunct(k, ",") && d.capitalized(d.tok(k+1)) {
			if _, _, ok := d.personAt(k + 1); !ok || d.isTitleAt(k+1) || d.bulletLine(j) {
				// ", Staff Engineer" — a title, skip to the end of the line
				for k < len(d.toks) && d.toks[k].k != tNL && d.toks[k].k != tBreak && !d.isWord(k, "and", "und", "et", "y") {
					k++
				}
			}
		}
		// Separators.
		sep := false
		for n := 0; n < 4 && k < len(d.toks); n++ {
			t := d.tok(k)
			if t.k == tPunct && (t.w == "," || t.w == "-" || t.w == "*" || t.w == ";") || t.k == tNL ||
				t.k == tWord && (t.w == "and" || t.w == "und" || t.w == "et" || t.w == "y" || t.w == "sowie") {
				k++
				sep = true
				continue
			}
			break
		}
		if !sep {
			break
		}
		j = k
	}
	return out
}

// bulletLine reports whether token j starts a bulleted line ("* Kim Lee, ...").
func (d *doc) bulletLine(j int) bool {
	k := j - 1
	if k >= 0 && d.toks[k].k == tPunct && (d.toks[k].w == "*" || d.toks[k].w == "-") {
		k--
	}
	return k < 0 || d.toks[k].k == tNL || d.toks[k].k == tBreak
}

// inSentence reports whether word w follows token k in the same sentence.
func (d *doc) inSentence(k int, w string) bool {
	for j := k; j < len(d.toks) && j < k+25; j++ {
		t := &d.toks[j]
		if t.k == tBreak || t.k == tStop {
			return false
		}
		if t.k == tWord && t.w == w {
			return true
		}
	}
	return false
}

// isTitleAt reports a job title starting at token k ("Staff Engineer").
func (d *doc) isTitleAt(k int) bool {
	for j := k; j < k+5 && j < len(d.toks); j++ {
		t := &d.toks[j]
		if t.k != tWord {
			return false
		}
		if isTitleWord(t.w) {
			return true
		}
	}
	return false
}

// --- Recipient check for Evidence users.

// Evidence returns the evidence recorded for field, if any.
func (r *Result) Evidence(field string) (event.Evidence, bool) {
	for _, f := range r.Fields {
		if f.Field == field {
			return f, true
		}
	}
	return event.Evidence{}, false
}

// titleIn reports a job title among the few tokens from i to the closing
// bracket: "(Principal Engineer)", "(CTO)", "(Responsable produit)".
func (d *doc) titleIn(i int) bool {
	for j := i; j < len(d.toks) && j < i+6; j++ {
		t := &d.toks[j]
		if t.k == tPunct && t.w == ")" {
			return false
		}
		if t.k == tWord && (isTitleWord(t.w) || jobTitleWords[t.w]) {
			return true
		}
	}
	return false
}

// jobTitleWords are words of job titles beyond the honorific-like title
// words personAt stops at.
var jobTitleWords = map[string]bool{
	"engineer": true, "engineering": true, "developer": true, "designer": true, "scientist": true, "architect": true, "manager": true, "lead": true,
	"head": true, "director": true, "cto": true, "ceo": true, "cpo": true, "vp": true, "founder": true, "principal": true, "staff": true, "senior": true,
	"product": true, "owner": true, "recruiter": true, "partner": true, "analyst": true,
	"entwickler": true, "entwicklerin": true, "leiter": true, "leiterin": true, "teamleitung": true, "teamleiter": true, "teamleiterin": true, "geschaftsfuhrer": true, "geschaftsfuhrerin": true,
	"responsable": true, "directeur": true, "directrice": true, "developpeur": true, "developpeuse": true, "ingenieur": true, "ingenieure": true, "chef": true,
	"jefe": true, "jefa": true, "directora": true, "desarrollador": true, "desarrolladora": true, "ingeniero": true, "ingeniera": true,
}

// aboutTime reports a date or clock in the sentence after token k: "Kim
// can do Friday at 10".
func (d *doc) aboutTime(k int) bool {
	for j := k + 1; j < len(d.toks) && j < k+12; j++ {
		t := &d.toks[j]
		if t.k == tBreak || t.k == tStop {
			return false
		}
		if t.k == tNum || t.k == tWord && isDateWord(t.w) {
			return true
		}
	}
	return false
}

// aboutMeeting reports a word for meeting or interviewing in the sentence
// around token k.
func (d *doc) aboutMeeting(k int) bool {
	s := k
	for s > 0 && d.toks[s-1].k != tBreak && d.toks[s-1].k != tStop && k-s < 30 {
		s--
	}
	for j := s; j < len(d.toks) && j < k+30; j++ {
		t := &d.toks[j]
		if j > k && (t.k == tBreak || t.k == tStop) {
			break
		}
		if t.k != tWord {
			continue
		}
		switch t.w {
		case "meet", "meeting", "interview", "interviews", "conversation", "panel", "speak", "talk", "join", "joining", "chat", "phone", "spend", "call", "video",
			"kennenlernen", "gesprach", "gesprache", "treffen", "sprechen", "zusammenbringen", "telefonat", "videocall", "videogesprach",
			"rencontrer", "rencontrerez", "entretien", "presence", "echange", "echanger", "visio", "appel",
			"conocer", "conocera", "entrevista", "reunion", "hablar", "charla", "llamada", "videollamada":
			return true
		}
	}
	return false
}
