package detect

import (
	"slices"
	"strings"
)

// titleHeads are the words a job title ends with (or, in German
// compounds, ends in): "Site Reliability Engineer", "Backend-Entwickler",
// "Ingénieur QA", "Desarrollador/a Backend".
var titleHeads = []string{
	"engineer", "developer", "manager", "designer", "analyst", "scientist", "architect", "lead", "director", "owner", "consultant",
	"specialist", "administrator", "researcher", "intern", "officer", "programmer", "tester", "writer", "accountant", "strategist",
	"marketer", "editor", "economist", "statistician", "technician", "advocate", "evangelist",
	"entwickler", "entwicklerin", "ingenieur", "ingenieurin", "berater", "beraterin", "leiter", "leiterin", "architekt", "architektin", "referent", "referentin",
	"developpeur", "developpeuse", "concepteur", "conceptrice", "chef", "responsable", "analyste", "architecte", "chercheur", "consultante", "stagiaire",
	"ingeniero", "ingeniera", "desarrollador", "desarrolladora", "disenador", "disenadora", "analista", "jefe", "jefa", "arquitecto", "arquitecta",
	"cientifico", "cientifica", "tecnico", "tecnica", "consultor", "consultora", "programador", "programadora", "becario",
	// Feminine French forms, and titles outside software: job seekers are
	// nurses, teachers, lawyers and warehouse leads too.
	"ingenieure", "directrice", "directeur", "cheffe", "nurse", "teacher", "lawyer", "attorney", "paralegal", "pharmacist", "physician", "therapist",
	"supervisor", "representative", "mechanic", "electrician", "operator", "assistant",
	"lehrer", "lehrerin", "pflegefachkraft", "sachbearbeiter", "sachbearbeiterin", "jurist", "juristin", "rechtsanwalt", "rechtsanwaltin", "kaufmann", "kauffrau",
	"infirmier", "infirmiere", "enseignant", "enseignante", "professeur", "professeure", "juriste", "avocat", "avocate", "technicien", "technicienne", "comptable", "gestionnaire",
	"enfermero", "enfermera", "profesor", "profesora", "docente", "abogado", "abogada", "contable", "gestor", "gestora", "auxiliar",
}

// recruitingTitles are the titles of the people who send invitations, not
// the job on offer.
var recruitingTitles = map[string]bool{
	"recruiter": true, "recruiting": true, "recruitment": true, "talent": true, "acquisition": true, "coordinator": true, "sourcer": true,
	"hr": true, "people": true, "personal": true, "recrutement": true, "recruteur": true, "recruteuse": true, "rh": true, "seleccion": true,
	"reclutador": true, "reclutadora": true, "personas": true, "hiring": true, "partner": true, "recruiterin": true, "personalreferentin": true,
}

func isTitleWord(w string) bool {
	return recruitingTitles[w] || isHead(w)
}

// headSet and headLens make isHead a few map lookups.
var headSet, headLens = func() (map[string]bool, []int) {
	set := map[string]bool{}
	lens := map[int]bool{}
	for _, h := range titleHeads {
		set[h] = true
		lens[len(h)] = true
	}
	var ls []int
	for l := range lens {
		ls = append(ls, l)
	}
	slices.Sort(ls)
	return set, ls
}()

func isHead(w string) bool {
	if headSet[w] {
		return true
	}
	for _, l := range headLens {
		if len(w) > l+3 && headSet[w[len(w)-l:]] {
			return true
		}
	}
	return false
}

// genderMark reports the gender tags German, French and Spanish postings
// add: (m/w/d), H/F, /a, (e).
func (d *doc) genderMark(i int) (int, bool) {
	t := d.tok(i)
	// (m/w/d), (w/m/d), (f/m/d), (H/F), (F/H)
	if t.k == tPunct && t.w == "(" {
		j := i + 1
		n := 0
		for ; j < i+8 && j < len(d.toks); j++ {
			u := d.tok(j)
			if u.k == tPunct && u.w == ")" {
				if n >= 2 {
					return j, true
				}
				return 0, false
			}
			if u.k == tWord && len(u.w) == 1 && strings.Contains("mwdfhx", u.w) {
				n++
				continue
			}
			if u.k == tPunct && (u.w == "/" || u.w == "|") {
				continue
			}
			return 0, false
		}
		return 0, false
	}
	// H/F, F/H, m/w/d without brackets
	if t.k == tWord && len(t.w) == 1 && strings.Contains("mwdfh", t.w) && d.isPunct(i+1, "/") && d.adjacent(i) {
		j := i + 2
		if u := d.tok(j); u.k == tWord && len(u.w) == 1 && strings.Contains("mwdfh", u.w) {
			if d.isPunct(j+1, "/") && len(d.tok(j+2).w) == 1 {
				return j + 2, true
			}
			return j, true
		}
	}
	return 0, false
}

// titleStops end a title on the left: "Stelle Backend-Entwickler" is the
// title "Backend-Entwickler".
var titleStops = map[string]bool{
	"stelle": true, "position": true, "rolle": true, "role": true, "poste": true, "puesto": true, "vacante": true, "job": true, "als": true, "as": true,
	"our": true, "the": true, "a": true, "an": true, "for": true, "fur": true, "pour": true, "para": true, "de": true, "del": true, "un": true, "une": true,
	// Subject words that name the mail, not the job: "Candidature Product
	// Designer H/F", "Videointerview UX Designer".
	"candidature": true, "application": true, "bewerbung": true, "candidatura": true, "opportunite": true, "opportunity": true, "oportunidad": true,
	"interview": true, "videointerview": true, "telefoninterview": true, "entretien": true, "entrevista": true, "vorstellungsgesprach": true, "einladung": true,
	"invitation": true, "invitacion": true, "re": true, "aw": true, "fwd": true, "wg": true, "tr": true, "rv": true,
}

// titleModifiers may start a title although they are common words.
var titleModifiers = map[string]bool{"senior": true, "staff": true, "lead": true, "principal": true, "junior": true, "head": true, "engineering": true, "chief": true}

// titleWordOK: a word that can be part of a title (capitalised, an acronym
// like "QA", "iOS", "DevOps"), and none of the words around titles.
func (d *doc) titleWordOK(t *token) bool {
	if t.k != tWord {
		return false
	}
	raw := d.src[t.s:t.e]
	if !d.capitalized(t) && !isUpper(raw) && !(len(raw) > 1 && raw[0] == 'i' && raw[1] >= 'A' && raw[1] <= 'Z') {
		return false
	}
	if titleStops[t.w] || recruitingTitles[t.w] {
		return false
	}
	if (notNameWords[t.w] || teamWords[t.w]) && !titleModifiers[t.w] && !isHead(t.w) {
		return false
	}
	if _, ok := monthNames[t.w]; ok {
		return false
	}
	if _, ok := weekdayNames[t.w]; ok {
		return false
	}
	return true
}

// titleAround expands a title around its head word at token h: words
// before it ("Site Reliability", "IT-Security"), and after it acronyms,
// words and gender tags ("QA H/F", "Go (m/w/d)", "/a de QA", "/a Backend").
func (d *doc) titleAround(h int, companyFirst string) (int, int) {
	s := h
	for n := 0; n < 4; n++ {
		k := s - 1
		if k >= 0 && d.toks[k].k == tNL {
			k--
		}
		if k < 0 {
			break
		}
		// A hyphenated compound: "IT-Security", "Backend-Entwickler".
		if d.toks[k].k == tPunct && d.toks[k].w == "-" && d.toks[k].e == d.toks[s].s && k > 0 && d.toks[k-1].e == d.toks[k].s && d.toks[k-1].k == tWord {
			s = k - 1
			continue
		}
		if !d.titleWordOK(&d.toks[k]) || !nameGap(d.src[d.toks[k].e:d.toks[s].s]) {
			break
		}
		s = k
	}
	e := h
	prevEnd := d.toks[h].e // end of the last token read, connectors included
	words := 0
	newLine := false
	for k := h + 1; k < len(d.toks) && k < h+10; k++ {
		if d.toks[k].k == tNL {
			newLine = true
			continue
		}
		t := &d.toks[k]
		gap := d.src[prevEnd:t.s]
		if end, ok := d.genderMark(k); ok && (gap == "" || nameGap(gap)) {
			e = end
			break
		}
		if t.k == tPunct && t.w == "/" && gap == "" {
			// Diseñador/a, UX/UI
			if u := d.tok(k + 1); u.k == tWord && d.adjacent(k) && (len(u.w) <= 2 || isUpper(d.src[u.s:u.e])) {
				e, k = k+1, k+1
				prevEnd = d.toks[e].e
				continue
			}
			break
		}
		if t.k == tPunct && t.w == "-" && gap == "" && d.adjacent(k) && d.tok(k+1).k == tWord {
			e, k = k+1, k+1 // "Full-Stack"
			prevEnd = d.toks[e].e
			continue
		}
		if !nameGap(gap) {
			break
		}
		if t.k == tWord && (t.w == "de" || t.w == "of") && !d.capitalized(t) {
			if u := d.tok(d.skipNL(k + 1)); d.titleWordOK(u) {
				prevEnd = t.e
				continue
			}
			break
		}
		if !d.titleWordOK(t) || words == 3 {
			break
		}
		if companyFirst != "" && t.w == companyFirst {
			break // "Data Analyst Acme Robotics"
		}
		if _, _, isName := d.personAt(k); isName && newLine && !isHead(t.w) && !isUpper(d.src[t.s:t.e]) {
			break // "Engineer\nKim Lee" in a signature
		}
		e = k
		prevEnd = t.e
		words++
	}
	return s, e
}

// role finds the job title: the title that the subject and the text name
// most, strongest where a pattern says it is the job ("for the X
// position", "Stelle als X", "poste de X", "puesto de X"), never a
// recruiter's or interviewer's title.
func (r *Result) role(a *analysis) {
	d := a.d
	type cand struct {
		name  string
		score float64
		span  string
	}
	var cands []cand
	add := func(name string, score float64, span string) {
		for i := range cands {
			if strings.EqualFold(cands[i].name, name) {
				cands[i].score += score
				return
			}
		}
		cands = append(cands, cand{name, score, span})
	}
	sig := d.signatureStart()
	cf := companyFirst(r.Company)
	for i := range d.toks {
		t := &d.toks[i]
		if t.k != tWord || !(d.capitalized(t) || isUpper(d.src[t.s:t.e])) || !isHead(t.w) {
			continue
		}
		if sig > 0 && int(t.s) >= sig {
			break
		}
		s, e := d.titleAround(i, cf)
		// Recruiters' and interviewers' titles: in parentheses, after a
		// name and a comma, or made of recruiting words.
		bad := false
		for k := s; k <= e; k++ {
			if recruitingTitles[d.toks[k].w] {
				bad = true
			}
		}
		if d.isPunct(s-1, "(") || d.isPunct(s-1, ",") && d.prevIsName(s-1) || d.isWord(s-1, "our", "unsere", "unserer", "notre", "nuestro", "nuestra") {
			bad = true
		}
		if bad {
			continue
		}
		name := cleanLine(d.src[d.toks[s].s:d.toks[e].e])
		if len(name) < 3 || len(name) > 60 {
			continue
		}
		score := 1.0
		if d.inSubject(d.toks[s].s) {
			score = 2
		}
		if d.jobCueBefore(s) {
			score += 2
		}
		add(name, score, d.snippetAt(int(d.toks[s].s), int(d.toks[e].e)))
	}
	if len(cands) == 0 {
		return
	}
	// "Ingénieur DevOps" and "Ingénieur DevOps (F/H)" are one title: the
	// longer form, as the subject usually writes it, takes the score.
	for i := range cands {
		for j := range cands {
			li, lj := strings.ToLower(cands[i].name), strings.ToLower(cands[j].name)
			if i != j && len(lj) > len(li) && strings.Contains(lj, li) && cands[i].score > 0 {
				cands[j].score += cands[i].score
				cands[i].score = 0
			}
		}
	}
	best := 0
	for i := range cands {
		if cands[i].score > cands[best].score {
			best = i
		}
	}
	r.Role = cands[best].name
	conf := 0.5 + min(cands[best].score, 4)/10
	r.field("role", r.Role, cands[best].span, "body", conf)
}

// jobCueBefore: the words before token s say a job title follows.
func (d *doc) jobCueBefore(s int) bool {
	for _, w := range []string{"position", "role", "opening", "stelle", "position", "poste", "puesto", "oferta", "als", "as", "for", "fur", "pour", "para", "hiring", "de", "a", "an", "une", "un", "eine", "einen", "your"} {
		if d.isWord(s-1, w) {
			return true
		}
	}
	// "eine/n", "un(e)", "un/a"
	return d.isPunct(s-1, ")") && d.isWord(s-2, "e") || d.isWord(s-1, "n", "a") && d.isPunct(s-2, "/")
}

// prevIsName: a person's name ends at token i-1.
func (d *doc) prevIsName(i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if _, end, ok := d.personAt(k); ok && end == i-1 {
			return true
		}
	}
	return false
}

// signatureStart is the offset of the closing ("Best regards,") that
// starts the signature, or 0.
func (d *doc) signatureStart() int {
	if d.sigStart == 0 {
		d.sigStart = d.findSignature() + 1
	}
	return d.sigStart - 1
}

func (d *doc) findSignature() int {
	body := d.src[d.bodyOff:]
	off := 0
	last := 0
	for _, l := range strings.SplitAfter(body, "\n") {
		if len(l) > 40 {
			off += len(l)
			continue
		}
		fl := strings.TrimRight(foldASCII(strings.TrimSpace(l)), ",.!")
		for _, s := range signOffs {
			if fl == s {
				last = d.bodyOff + off
			}
		}
		off += len(l)
	}
	return last
}

// companyFirst is the folded first word of a company name.
func companyFirst(company string) string {
	f := strings.Fields(company)
	if len(f) == 0 {
		return ""
	}
	return foldASCII(f[0])
}
