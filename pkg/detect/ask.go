package detect

import "strings"

// Some invitations ask the reader to name a time in words no phrase list
// foresees: "Could you let me know a time in the next week when you'd be
// free for a short call?", "Pourriez-vous m'indiquer deux ou trois moments
// où vous êtes joignable ?". askSentence finds a sentence holding all
// three parts of such a request: a word for a time (or "when"), a request
// (a verb of telling, sending or choosing, or a question mark) and a word
// for a call, a meeting or being free.

// Kinds of word in an open request for a time, as bits: one map lookup
// per word.
const (
	askTime uint8 = 1 << iota // a time, or "when"
	askVerb                   // a request
	askMeet                   // a call, a meeting, being free
)

var askWordKinds = func() map[string]uint8 {
	m := map[string]uint8{}
	add := func(kind uint8, ws ...string) {
		for _, w := range ws {
			m[w] |= kind
		}
	}
	add(askTime,
		"time", "times", "slot", "slots", "moment", "moments", "minutes", "minuten", "minutos", "day", "days", "date", "dates", "availability", "availabilities", "window", "windows", "when",
		"zeit", "zeiten", "termin", "termine", "terminvorschlag", "terminvorschlage", "zeitfenster", "tag", "tage", "zeitpunkt", "verfugbarkeit", "wann",
		"creneau", "creneaux", "jour", "jours", "heure", "heures", "disponibilite", "disponibilites", "quand",
		"momento", "momentos", "hora", "horas", "dia", "dias", "horario", "horarios", "franja", "franjas", "disponibilidad", "hueco", "huecos", "fecha", "fechas", "cuando",
	)
	add(askVerb,
		"let", "tell", "send", "suggest", "propose", "share", "give", "name", "pick", "choose", "select", "reply", "drop",
		"sagen", "sag", "nennen", "nenn", "schicken", "schick", "mitteilen", "vorschlagen", "wahlen", "geben", "gib",
		"indiquer", "indiquez", "dire", "dites", "proposer", "proposez", "envoyer", "envoyez", "envoie", "envoies", "choisir", "choisissez", "donner", "donnez", "communiquer",
		"indicar", "indique", "indiquenos", "indicara", "indicame", "indicarme", "indicarnos", "decirme", "decirnos", "enviarme", "decir", "diga", "digame", "dime", "proponer", "proponga", "enviar", "envie", "elegir", "elija", "elige", "escoger", "escoja", "comentar", "comenta", "comente",
	)
	add(askMeet,
		"call", "chat", "conversation", "interview", "meeting", "talk", "speak", "phone", "screen", "free", "available", "reachable",
		"gesprach", "telefonat", "anruf", "anrufen", "sprechen", "interview", "kennenlernen", "austausch", "erreichbar", "zeit",
		"appel", "appelle", "appeler", "telephone", "parler", "entretien", "echange", "point", "rendez", "joignable", "disponible", "disponibles", "dispo", "visio",
		"llamada", "llamar", "llamo", "llame", "llamemos", "hablar", "telefono", "entrevista", "conversacion", "charla", "reunion", "videollamada", "libre", "disponible",
	)
	return m
}()

// askSentence returns the token range of the first body sentence that
// asks for a time in this open way.
func (a *analysis) askSentence() (int, int, bool) {
	d := a.d
	start := -1
	var hasTime, hasAsk, hasMeet bool
	for i := range d.toks {
		t := &d.toks[i]
		if int(t.s) < d.bodyOff {
			continue
		}
		if start < 0 {
			start = i
		}
		switch t.k {
		case tWord:
			k := askWordKinds[t.w]
			hasTime = hasTime || k&askTime != 0
			hasAsk = hasAsk || k&askVerb != 0
			hasMeet = hasMeet || k&askMeet != 0 || strings.HasPrefix(t.w, "gesprach") || strings.HasPrefix(t.w, "telefon")
		case tBreak, tStop:
			if t.k == tStop && d.src[t.s:t.e] == "?" {
				hasAsk = true
			}
			if hasTime && hasAsk && hasMeet {
				return start, i, true
			}
			start, hasTime, hasAsk, hasMeet = -1, false, false, false
		}
	}
	return 0, 0, false
}
