package detect

import (
	"regexp"
	"strings"
	"unicode"
)

// stageCues map wording to a stage, strongest first: a "final round in
// person" is final, a "second interview on site" is second-round.
var stageCues = []struct {
	stage   string
	phrases []string
}{
	{"final", []string{"final round", "final interview", "final stage", "last round", "final step", "finale runde", "finalen runde", "letzte runde", "finales gesprach", "abschlussgesprach",
		"dernier tour", "derniere etape", "entretien final", "tour final", "fase final", "ultima fase", "entrevista final", "ronda final"}},
	{"second-round", []string{"second round", "second-round", "second interview", "round two", "2nd round", "2nd interview", "next round", "zweite runde", "zweitgesprach", "zweites gesprach", "runde weiter",
		"second entretien", "deuxieme tour", "deuxieme entretien", "second tour", "segunda ronda", "segunda entrevista", "segunda fase",
		"second conversation", "second call", "second chat", "second meeting", "follow up interview", "another round", "next interview", "round 2",
		"zweiten gesprach", "weiteres gesprach", "weiteren gesprach", "zweites kennenlernen", "zweiten runde", "runde zwei", "runde 2",
		"deuxieme echange", "second echange", "nouvel entretien", "deuxieme rendez vous", "second rendez vous",
		"segunda conversacion", "segunda llamada", "segunda reunion", "otra entrevista", "segunda charla"}},
	{"onsite", []string{"onsite", "on site", "in person interview", "vor ort termin", "vor ort", "gesprach vor ort", "entretien sur site", "sur site", "en presentiel", "entrevista presencial", "presencial"}},
	{"technical", []string{"technical interview", "technical round", "technical screen", "technical call", "technical session", "technical conversation", "system design", "coding interview", "live coding", "pair programming",
		"technisches interview", "technisches gesprach", "technischen interview", "technischen gesprach", "fachliches interview", "fachlichen interview", "fachgesprach",
		"entretien technique", "entrevue technique", "echange technique", "entrevista tecnica", "prueba tecnica en vivo"}},
	{"screen", []string{"phone screen", "screening", "intro call", "introductory call", "first call", "first interview", "first phone interview", "initial call", "quick call", "short call",
		"kennenlerngesprach", "erstgesprach", "ersten gesprach", "erstes gesprach", "telefoninterview", "telefonisches gesprach", "ersten telefonischen",
		"appel decouverte", "premier entretien", "premier echange", "entretien telephonique", "primera entrevista", "primera conversacion", "llamada inicial", "entrevista telefonica",
		"first conversation", "first chat", "first video call", "intro conversation", "introductory conversation", "exploratory call", "exploratory chat", "exploratory conversation", "initial conversation", "initial chat", "introductory chat", "intro chat", "get to know you", "getting to know",
		"erstes kennenlernen", "ersten kennenlernen", "kennenlerntermin", "kennenlern call", "erstes telefonat", "ersten telefonat",
		"premiere prise de contact", "premier appel", "premiere visio", "appel de presentation",
		"primera charla", "primera videollamada", "primera llamada", "llamada de presentacion", "videollamada inicial", "primer contacto"}},
}

// formatCues: onsite before video before phone; a meeting link is video.
var formatCues = []struct {
	format  string
	phrases []string
}{
	{"onsite", []string{"onsite", "on site", "in person", "at our office", "our office", "visit us", "come in", "front desk", "reception",
		"vor ort", "personlich", "in unserem buro", "unser buro", "am empfang",
		"dans nos locaux", "nos bureaux", "en presentiel", "sur site", "a l accueil", "nos locaux",
		"en persona", "presencial", "nuestras oficinas", "nuestra oficina", "en recepcion"}},
	{"video", []string{"video", "zoom", "microsoft teams", "google meet", "webex", "whereby", "jitsi", "video call", "videocall", "video link", "over video", "teams call", "teams meeting", "meet link", "zoom call",
		"videokonferenz", "video interview", "per video", "videocall", "einwahllink",
		"visio", "visioconference", "en visio", "lien de la visio",
		"videollamada", "por video", "videoconferencia"}},
	{"phone", []string{"phone", "call you", "ring you", "i ll call", "will call", "by phone", "telephone", "mobile", "number",
		"telefon", "telefonisch", "telefonieren", "ruft sie", "rufe sie", "rufe dich", "handy", "telefonnummer", "nummer", "telefonat",
		"telephonique", "appellerai", "appellera", "par telephone", "portable", "numero",
		"telefonica", "llamare", "llamara", "llamo", "por telefono", "movil",
		"call", "chat", "anruf", "anrufen", "appel", "appeler", "llamada", "llamarte", "llamarle"}},
}

func (r *Result) stageAndFormat(a *analysis) {
	d := a.d
	sig := d.signatureStart()
	for gi, sc := range stageCues {
		for _, i := range a.cues[cueStage+gi] {
			if sig == 0 || int(d.toks[i].s) < sig {
				r.Stage = sc.stage
				r.field("stage", sc.stage, d.snippetAt(int(d.toks[i].s), int(d.toks[i].e)), srcOf(d, int(i)), 0.8)
				break
			}
		}
		if r.Stage != "" {
			break
		}
	}
	if r.MeetingURL != "" {
		r.Format = "video"
		r.field("format", "video", "meeting link "+r.MeetingURL, "body", 0.9)
	}
	if r.Format == "" {
		for gi, fc := range formatCues {
			if hits := a.cues[cueFormat+gi]; len(hits) > 0 {
				i := hits[0]
				r.Format = fc.format
				r.field("format", fc.format, d.snippetAt(int(d.toks[i].s), int(d.toks[i].e)), srcOf(d, int(i)), 0.75)
				break
			}
		}
	}
	// A self-scheduling page with no other cue books a video call.
	if r.Format == "" && r.SchedulingURL != "" {
		r.Format = "video"
		r.field("format", "video", "a self-scheduling link ("+r.SchedulingVendor+"), no phone or office named", "body", 0.5)
	}
}

// defaultStage guesses the stage when none is named: a phone call is a
// screen, a video interview usually the technical one, an interview at
// the office the onsite. (Calling a video call with the recruiter alone a
// screen was tried: it scored worse on the train split.)
func (r *Result) defaultStage(a *analysis) {
	if r.Stage != "" || a.kind == "outreach" {
		return
	}
	switch r.Format {
	case "phone":
		r.Stage = "screen"
	case "video":
		r.Stage = "technical"
	case "onsite":
		r.Stage = "onsite"
	}
	if r.Stage != "" {
		r.field("stage", r.Stage, "no stage named; assumed from the format ("+r.Format+")", "body", 0.4)
	}
}

func srcOf(d *doc, i int) string {
	if d.inSubject(d.toks[i].s) {
		return "subject"
	}
	return "body"
}

// locationCues introduce the address of an in-person interview.
var locationCues = [][]string{
	{"in", "unserem", "buro"}, {"adresse", "suivante"}, {"our", "office"}, {"our", "offices"}, {"unser", "buro"}, {"unserem", "standort"},
	{"nos", "locaux"}, {"nos", "bureaux"}, {"nuestra", "oficina"}, {"nuestras", "oficinas"},
	{"address"}, {"location"}, {"venue"}, {"adresse"}, {"anschrift"}, {"direccion"}, {"ubicacion"},
}

// location reads the street address after "Address:", "at our office,",
// "in unserem Büro:", "à l'adresse suivante :", "Dirección:".
func (r *Result) location(a *analysis) {
	if r.Location != "" {
		return
	}
	d := a.d
	sig := d.signatureStart()
	for _, i32 := range a.cues[cueLocation] {
		i := int(i32)
		if int(d.toks[i].s) < d.bodyOff || sig > 0 && int(d.toks[i].s) > sig {
			continue
		}
		for _, cue := range locationCues {
			j, ok := d.wordsEnd(i, cue)
			if !ok {
				continue
			}
			// "registered office" is a footer, not a venue.
			if d.isWord(i-1, "registered") || d.isWord(i-1, "e") {
				continue
			}
			// Skip to the value: ":", ",", "at", "in der", "zu sehen:".
			for k := 0; k < 6 && j < len(d.toks); k++ {
				t := d.tok(j)
				if t.k == tNL || t.k == tPunct && (t.w == ":" || t.w == "," || t.w == "(") || t.k == tWord && (t.w == "at" || t.w == "zu" || t.w == "sehen" || t.w == "in" || t.w == "der" || t.w == "au" || t.w == "de" || t.w == "en") {
					j++
					continue
				}
				break
			}
			if j >= len(d.toks) {
				continue
			}
			start := int(d.toks[j].s)
			v := trimIntro(addressAt(d.src[start:]))
			if looksLikeAddress(v) {
				r.Location = v
				r.field("location", v, d.snippetAt(int(d.toks[i].s), start+len(v)), "body", 0.8)
				return
			}
		}
	}
}

// streetAddress finds addresses written without a cue, in the shapes
// postal services use: "77 Water Mill Street, 21st Floor, New York, NY
// 10004", "14 Candle Yard, London EC2A 4XY", "3 avenue des Cimes, 38000
// Grenoble", "Praterstern-Allee 5, 1020 Wien", "Calle del Almendro Alto
// 14, 28005 Madrid".
var streetAddress = []*regexp.Regexp{
	// Number first, a street type, then a US state and ZIP, a UK postcode
	// or a European postcode and town.
	regexp.MustCompile(`\b\d{1,5}[a-zA-Z]?,?\s+(?:[\p{L}'’.-]+\s+){0,4}(?i:street|st\.|road|rd\.|lane|drive|avenue|ave\.|boulevard|blvd\.?|way|place|court|parkway|yard|crescent|landing|commons|square|terrace|row|plaza|close|mews|wharf|quay|walk|wynd|gardens|hill|rue|quai|allée|chemin|cours|impasse)\b[^;()–]{0,80}?(?:\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{2}\s+[A-Z]\d[A-Z]\s+\d[A-Z]\d\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b|\b[A-Z]\d{2}\s+[A-Z\d]{4}\b|\b\d{4,5}\s+[\p{Lu}][\p{L}-]+)`),
	// Street first, its number, then postcode and town.
	regexp.MustCompile(`\b[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{L}.'’-]+){0,4}\s+\d{1,4}[a-z]?,\s+\d{4,5}\s+[\p{Lu}][\p{L}-]+(?: [\p{Lu}][\p{L}-]+)?(?:\s(?:am|an der|upon|sur|de la|de)\s[\p{Lu}][\p{L}-]+)?`),
	// A number, a unit or a street word first, up to three more parts,
	// then a postal tail other countries write: "Sydney NSW 2000",
	// "Singapore 018982", "C1425 Buenos Aires", "Manchester M4 6BF".
	regexp.MustCompile(`(?:\b\d{1,5}[A-Za-z]?\s+\p{L}|\b(?:Unit|Suite|Level|Floor|Piso|Oficina|Avenida|Calle|Carrera|Paseo|Rua|Via|Viale|Corso)\b)(?:[^\n,;().]|\r?\n){0,40}(?:,\s+[^\n,;().]{1,40}){0,3}?,\s+(?:[\p{Lu}][\p{L}]+(?:\s[\p{Lu}][\p{L}]+)?\s+(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}|Singapore\s+\d{6}|[A-Z]\d{4}[A-Z]{0,3}\s+[\p{Lu}][\p{L}]+(?:\s[\p{Lu}][\p{L}]+)?|[\p{Lu}][\p{L}-]+\s+[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2})\b`),
	// Colombian grid addresses: "Carrera 11 # 93-40, Oficina 502, Bogotá".
	regexp.MustCompile(`\b(?:Carrera|Calle|Avenida|Diagonal|Transversal|Cra\.?|Cl\.?|Av\.?)\s+\d{1,3}[A-Z]?\s*#\s*\d{1,3}[A-Z]?-\d{1,3}(?:,\s+[^\n,;().]{1,30}){0,2}`),
}

// introWords lead into an address without being part of it: "Sie finden
// uns unter Neckarpark 3", "the address is 19 Mercer Row", "estamos en
// Carrer dels Fanals 21", "um 10 Uhr MEZ Neckarpark 3".
var introWords = map[string]bool{
	"is": true, "at": true, "in": true, "to": true, "ist": true, "unter": true, "bei": true, "uns": true, "adresse": true, "address": true,
	"en": true, "a": true, "au": true, "est": true, "sommes": true, "estamos": true, "esta": true, "sind": true,
	"uhr": true, "mez": true, "mesz": true, "cet": true, "cest": true, "h": true,
}

// trimLead drops leading comma-separated parts that are no part of an
// address: "19 Nov at 10:00 GMT: Unit 6, Ancoats Mill, Manchester M4 6BF"
// keeps "Unit 6, ...", "at our office, Level 9, ..." keeps "Level 9, ...".
func trimLead(v string) string {
	for {
		head, rest, ok := strings.Cut(v, ", ")
		if !ok || strings.Count(rest, ", ") < 1 {
			return v
		}
		if i := strings.LastIndexByte(head, ':'); i >= 0 && strings.TrimSpace(head[i+1:]) != "" {
			// "...10:00 GMT: Unit 6" keeps what follows the colon.
			tail := strings.TrimSpace(head[i+1:])
			if !leadWords(tail) {
				return tail + ", " + rest
			}
		}
		if !strings.Contains(head, ":") && !leadWords(head) {
			return v
		}
		v = rest
	}
}

// leadWords reports words that lead into an address rather than start
// one: "at our office", "on Thu 19 Nov".
func leadWords(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		switch w {
		case "at", "on", "our", "um", "am", "the", "notre", "nuestra", "nuestras", "unserem", "office", "offices":
			return true
		}
	}
	return false
}

// trimIntro drops the words before an address's street that only lead
// into it: everything up to the last intro word before the first digit.
func trimIntro(v string) string {
	if t := trimLead(v); t != v && looksLikeAddress(t) {
		v = t
	}
	first := strings.IndexAny(v, "0123456789")
	if first < 0 {
		return v
	}
	cut := 0
	fields := strings.FieldsFunc(v[:first], func(r rune) bool { return r == ' ' || r == '.' || r == ':' })
	pos := 0
	for _, f := range fields {
		at := strings.Index(v[pos:first], f) + pos
		pos = at + len(f)
		if introWords[strings.ToLower(f)] {
			cut = pos
		}
	}
	out := strings.TrimLeft(v[cut:], " .:,")
	if !looksLikeAddress(out) {
		return v
	}
	return out
}

// otherShapes is the index of the first of streetAddress's shapes from
// other countries, which run only around their own anchor words.
const otherShapes = 2

// footerAddress marks a company's legal address, which is not a venue.
var footerAddress = regexp.MustCompile(`(?i)registered office|sitz der gesellschaft|siège social|domicilio social|registergericht`)

// plainAddress is location's fallback for in-person interviews: the first
// street address in the new text, before the signature.
func (r *Result) plainAddress(a *analysis) {
	d := a.d
	end := len(d.src)
	if sig := d.signatureStart(); sig > d.bodyOff {
		end = sig
	}
	// The expressions run only around anchors, a street-type word or a
	// postcode after a comma or a state ("NY 10004"): running them over
	// every mail was 6% of classification time.
	// The shapes of other countries (the last two expressions) run only
	// around their own anchor words ("NSW", "Singapore", "Unit",
	// "Carrera"): they backtrack more, and most mail has none of them.
	var spans, other [][2]int
	add := func(spans [][2]int, lo, hi int) [][2]int {
		if n := len(spans); n > 0 && lo <= spans[n-1][1] {
			spans[n-1][1] = max(spans[n-1][1], hi)
			return spans
		}
		return append(spans, [2]int{lo, hi})
	}
	for i := range d.toks {
		t := &d.toks[i]
		if int(t.s) < d.bodyOff || int(t.e) > end || !d.addressAnchor(i) {
			continue
		}
		lo, hi := max(d.bodyOff, int(t.s)-160), min(end, int(t.e)+160)
		// Widen to whole lines so a match is not cut at the window.
		lo = max(d.bodyOff, strings.LastIndexByte(d.src[:lo], '\n')+1)
		if k := strings.IndexByte(d.src[hi:end], '\n'); k >= 0 {
			hi += k
		} else {
			hi = end
		}
		spans = add(spans, lo, hi)
		if t.k == tWord && addressWords[t.w] {
			other = add(other, lo, hi)
		}
	}
	for ri, re := range streetAddress {
		if ri == otherShapes {
			spans = other
		}
		for _, sp := range spans {
			text := d.src[sp[0]:sp[1]]
			for _, m := range re.FindAllStringIndex(text, 4) {
				lineStart := strings.LastIndexByte(text[:m[0]], '\n') + 1
				lineEnd := strings.IndexByte(text[m[1]:], '\n')
				if lineEnd < 0 {
					lineEnd = len(text) - m[1]
				}
				if footerAddress.MatchString(text[lineStart : m[1]+lineEnd]) {
					continue
				}
				v := trimIntro(cleanLine(strings.TrimRight(text[m[0]:m[1]], " ,.")))
				if looksLikeAddress(v) {
					r.Location = v
					r.field("location", v, cleanLine(text[lineStart:m[1]]), "body", 0.6)
					return
				}
			}
		}
	}
}

// streetTypes are the words addresses are built around.
var streetTypes = map[string]bool{
	"street": true, "st": true, "road": true, "rd": true, "lane": true, "drive": true, "avenue": true, "ave": true, "boulevard": true, "blvd": true,
	"way": true, "place": true, "court": true, "parkway": true, "yard": true, "crescent": true, "landing": true, "commons": true, "square": true,
	"terrace": true, "row": true, "plaza": true, "close": true, "mews": true, "wharf": true, "quay": true, "walk": true, "wynd": true, "gardens": true, "hill": true,
	"rue": true, "quai": true, "allee": true, "chemin": true, "cours": true, "impasse": true,
}

// addressWords anchor the addresses of other countries' shapes: an
// Australian state, Singapore, a unit or a Latin American street word
// ("level" and "suite" are too common in job mail to be worth the cost).
var addressWords = map[string]bool{
	"nsw": true, "vic": true, "qld": true, "singapore": true, "unit": true, "carrera": true, "calle": true, "avenida": true,
}

// addressAnchor reports a token an address could be built around: a
// street-type word, or a postcode of four or five digits after a comma or
// a two-letter state.
func (d *doc) addressAnchor(i int) bool {
	t := &d.toks[i]
	switch t.k {
	case tWord:
		return streetTypes[t.w] || addressWords[t.w]
	case tNum:
		if n := t.e - t.s; n != 4 && n != 5 {
			return false
		}
		before := strings.TrimRight(d.src[:t.s], " \t\r\n")
		if strings.HasSuffix(before, ",") {
			return true
		}
		if n := len(before); n >= 3 && before[n-3] == ' ' && isUpperASCII(before[n-2]) && isUpperASCII(before[n-1]) {
			return true
		}
	}
	return false
}

func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }

// addressAt takes an address from the start of s: up to the end of the
// sentence, continuing over a line break after a comma (wrapped text).
func addressAt(s string) string {
	end := 0
	for end < len(s) {
		c := s[end]
		if c == '\n' {
			prev := strings.TrimRight(s[:end], " \r")
			if strings.HasSuffix(prev, ",") {
				end++
				continue
			}
			break
		}
		if c == '.' && (end+1 >= len(s) || s[end+1] == ' ' || s[end+1] == '\n' || s[end+1] == '\r') {
			// "St." and "Str." abbreviations continue the address.
			w := lastWord(s[:end])
			if w != "St" && w != "Str" && w != "Ave" && w != "Av" && w != "Rd" && w != "Dr" && w != "No" {
				break
			}
		}
		if c == ')' || c == ';' || c == '(' {
			break
		}
		if strings.HasPrefix(s[end:], " – ") || strings.HasPrefix(s[end:], " - ") {
			break
		}
		end++
	}
	return cleanLine(strings.TrimRight(s[:end], " ,\r"))
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	return s[i+1:]
}

// looksLikeAddress: a street address has a number and a word, and is not
// a link.
func looksLikeAddress(s string) bool {
	if len(s) < 8 || len(s) > 160 || strings.Contains(s, "://") || strings.Contains(s, "@") {
		return false
	}
	digits, lettersN := 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case unicode.IsLetter(c):
			lettersN++
		}
	}
	return digits > 0 && lettersN >= 4
}
