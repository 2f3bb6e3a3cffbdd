package detect

import (
	"slices"
	"strings"
)

// scope says where a rule looks.
type scope uint8

const (
	anywhere scope = iota
	subjectOnly
	bodyOnly
)

// rule is one signal, written as phrases in English, German, French and
// Spanish (folded: lower case, no accents; see phrase.go). A rule that
// matches becomes the feature "r:<name>"; the model (model.json) gives it
// its weight, and the matched text becomes the reason.
type rule struct {
	name    string
	scope   scope
	phrases []string
	// generic rules (availability, reminders, logistics) mean little in
	// mail that is not about a job: there they become "rn:<name>".
	generic bool
}

// rules are grouped: what invitations do (invite, propose times, ask for
// availability, confirm, give logistics), what kind of message it is
// (reschedule, reminder, outreach), and the hard negatives that also talk
// about interviews, times and links.
var rules = []rule{
	// --- Interview words.
	{name: "interview named in the subject", scope: subjectOnly, phrases: []string{
		"interview*", "phone screen", "screening call|chat|conversation", "talk through ~4 role|position|opening|job|opportunity", "screening", "intro call", "introductory call",
		"vorstellungsgesprach*", "bewerbungsgesprach*", "kennenlerngesprach*", "zweitgesprach*", "telefoninterview*", "videointerview*", "interviewtermin*",
		"entretien*", "entrevista*",
	}},
	{name: "call or meeting named in the subject", generic: true, scope: subjectOnly, phrases: []string{
		"call", "chat", "talk", "conversation", "meeting", "telefonat", "gesprach", "austausch", "termin", "charlamos", "telefonieren",
		"appel", "echange", "rendez vous", "cafe", "llamada", "conversacion", "hablamos", "reunion", "cita",
	}},
	{name: "your interview", phrases: []string{
		"your phone|video|technical|onsite|on|final|second|first|next|upcoming|virtual|panel? interview|interviews|screen|call",
		"your interview", "your call with", "our call", "our conversation", "our chat", "our interview", "the interview with",
		"ihr|ihrem|ihres|dein|deinem|unser|unserem vorstellungsgesprach*|interview*|gesprach*|telefonat*|zweitgesprach*|kennenlerngesprach*|telefoninterview*|videointerview*",
		"ihren|deinen interviewtermin|vor ort termin",
		"votre|ton|notre entretien*|appel",
		"su|tu|nuestra entrevista*|llamada",
	}},
	// --- What invitations do.
	{name: "invites you to an interview", phrases: []string{
		"dich|sie ~6 zusammenbringen", "termin ~4 kalender ~2 legen|buchen|eintragen",
		// An invitation to something an interview is: "invite you to a
		// birthday dinner" is not one (see "sends an invitation").
		"invite|invites|inviting you ~5 interview*|call|calls|chat|conversation|meeting|meet|talk|screen|screening|round|stage|step|assessment*|visit|session|discussion|exchange|office|offices|onsite|headquarters|panel|presentation|day|campus|site|trial",
		"invitation to|for an|a|the|your? ~2 interview|call|conversation|chat|meeting|screen|round",
		"interview invitation", "invitation interview",
		"like|love to meet|see|host|welcome you", "like|love|delighted|happy|pleased to have you in|join|come|over|visit|meet|for|at|interview|speak|talk", "like to speak|talk with|to you", "have you come in|over|by", "come in for|to meet", "bring you in|on site|onsite",
		"sie|dich|euch ~6 gesprach*|vorstellungsgesprach*|interview*|kennenlern*|auswahlgesprach*|bewerbungsgesprach*|videointerview*|telefoninterview*|zweitgesprach*|erstgesprach*|termin*|austausch|telefonat|videocall|probearbeit*|assessment*|auswahlverfahren ~6 einladen|einzuladen", "laden wir sie|dich ~6 gesprach*|vorstellungsgesprach*|interview*|kennenlern*|auswahlgesprach*|bewerbungsgesprach*|videointerview*|telefoninterview*|zweitgesprach*|erstgesprach*|termin*|austausch|telefonat|videocall|probearbeit*|assessment*|auswahlverfahren ~6 ein", "laden sie|dich ~6 gesprach*|vorstellungsgesprach*|interview*|kennenlern*|auswahlgesprach*|bewerbungsgesprach*|videointerview*|telefoninterview*|zweitgesprach*|erstgesprach*|termin*|austausch|telefonat|videocall|probearbeit*|assessment*|auswahlverfahren ~6 ein", "sie|dich ~3 eingeladen", "einladung zum|zur|zu ~2 vorstellungsgesprach*|gesprach*|interview*|kennenlerngesprach*|zweitgesprach*|vor|termin|videointerview*",
		"mochten|wurden|mochte|wurde|freuen|freue ~12 kennenlernen|kennenzulernen", "sie|dich ~15 begrussen", "sie|dich ~15 zu sehen", "sie|dich ~15 treffen", "sie|dich ~15 sprechen",
		"vous inviter|convier ~5 entretien*|echange|appel|rendez|rencontre|visite|bureaux|locaux|journee|session|epreuve*|essai|discussion|visio|jury", "vous rencontrer|accueillir|recevoir", "vous invitons|convions ~5 entretien*|echange|appel|rendez|rencontre|visite|bureaux|locaux|journee|session|epreuve*|essai|discussion|visio|jury", "t inviter ~5 entretien*|echange|appel|rendez|rencontre|visite|bureaux|locaux|journee|session|epreuve*|essai|discussion|visio|jury", "t rencontrer", "invitation a un|votre ~2 entretien*",
		"vous proposer|propose|proposons un|une ~2 entretien*|echange|appel|rendez vous",
		"invitarle|invitarte|invitarla|invitarlo|invitarles ~5 entrevista*|llamada|reunion|cita|conversacion|charla|visita|oficina*|jornada|sesion|prueba*|videollamada|fase|encuentro", "le|te|la|les invitamos ~5 entrevista*|llamada|reunion|cita|conversacion|charla|visita|oficina*|jornada|sesion|prueba*|videollamada|fase|encuentro", "conocerle|conocerte|conocerla|recibirle|recibirte|recibirla",
		"invitacion a ~2 entrevista*", "le|te propongo|proponemos una|un ~2 entrevista*|llamada|reunion|cita", "proponerte|proponerle|proponer|proponerles una|un ~2 entrevista*|llamada|reunion|cita",
	}},
	{name: "sends an invitation", generic: true, phrases: []string{
		"invite you", "here s|is the|your invite|invitation", "sending over the|your invite|invitation", "sending you the|an|your invite|invitation",
		"voici l|votre invitation", "anbei die|ihre einladung", "hier ist die einladung", "te|le envio la invitacion", "aqui tienes|tiene la invitacion",
		"you have been|you ve been|you are|you re invited", "invited you", "been invited to", "vous inviter|convier", "t inviter", "invitarle|invitarte|invitarla", "le|te|la|les invitamos",
	}},
	{name: "arranges a call or interview", generic: true, phrases: []string{
		"lass uns|lassen sie uns ~6 reden|sprechen|telefonieren|austauschen", "parlons en", "on en parle", "hablemos",
		"schedule|arrange|organise|organize|set|book|plan|have a|an|some|the|your|our ~3 interview*|call|chat|conversation|screen|meeting|session|time", "hop|jump on a|an|the ~3 interview*|call|chat|conversation|screen|meeting",
		"set up|up a|an ~3 interview*|call|chat|conversation|screen",
		"like to schedule|arrange|set|book|speak|talk|chat|connect", "love to schedule|arrange|set|book|speak|talk|chat|connect|hop",
		"move|moving you forward", "move|moving you on to", "move forward with a|an|the ~2 interview*|call|round|screen|conversation",
		"find a time", "send ~3 calendar invite|invitation|invitations", "calendar invite|invitation", "speak with|to you", "talk with|to you", "call you", "give you a call", "ring you",
		"termin|gesprach|telefonat ~2 vereinbaren|ausmachen|abstimmen", "mit ihnen|dir ~2 telefonieren|sprechen", "telefonieren", "rufe|rufen|ruft ~2 sie|dich ~6 an", "anrufen", "ihnen ~2 vorschlagen", "terminvorschlag*",
		"planifier|organiser|fixer|caler|programmer un|une|votre ~2 entretien*|appel|echange|rendez vous|call", "vous appeler|appellerai|appellera|rappellerai", "t appeler|appellerai|appelle", "echanger avec vous|toi", "on s appelle",
		"programar|agendar|concertar|coordinar|organizar|fijar una|un|su|tu ~2 entrevista*|llamada|reunion|cita", "llamarte|llamarle|llamarla", "te|le llamare|llamara|llamo", "hablar contigo", "hablar con usted", "hablamos",
	}},
	{name: "asks for your availability", generic: true, phrases: []string{
		"such dir|suchen sie sich ~3 zeit|termin|slot|zeitfenster ~2 aus", "choisis|choisissez ~3 moment|heure",
		"le jour et l heure", "jour et heure qui", "einen zeitpunkt ~3 passt", "el dia y la hora", "un momento que te|le venga",
		"what does your week|calendar|diary look like", "send me ~4 times|slots|availability|availabilities", "two or three times|slots|options", "a few times|slots that ~2 suit|work", "nennen sie mir ~4 termin|termine|zeitpunkt|zeitfenster|tag", "nenn mir ~4 termin|termine|zeitpunkt|zeitfenster|tag", "nennen sie ~4 termin|termine|zeitpunkt|zeitfenster", "zeitfenster|termin|termine|terminvorschlage|zeiten ~5 nennen|nennst|vorschlagen|schickst|schicken|mitteilen|durchgeben", "donnez moi ~4 creneaux|disponibilites|jour|heure|moment|moments", "seriez|etes|serais|es vous|tu dispo", "indiquez moi ~4 creneaux|disponibilites|jour|heure|moment", "dites moi ~4 creneaux|disponibilites|jour|heure|moment", "dime|indicame|digame ~4 horarios|huecos|disponibilidad",
		"do|would|could|will you have|got|spare ~3 minutes|mins|min", "spare ~3 minutes", "hatten|hattest|hast sie|du ~6 minuten", "auriez vous ~3 minutes", "aurais tu ~3 minutes", "avez vous ~3 minutes", "tendrias|tendria|tienes|tiene ~3 minutos",
		"are|would|will you be? available|free", "you be available", "your availability", "availabilities", "when are you free|available",
		"would|does|do|will|could ~10 work|suit for you", "how about", "would ~10 work", "any of these", "one of these", "following times", "these times", "alternative times|slots", "works|work for you", "works best", "suits you", "work better", "any of these|those ~3 work", "which|what ~4 time|times|slot|slots|day|days ~3 work|works|suit|suits|best",
		"let me|us know ~5 work|works|suit|suits|available|preferred", "pick|choose|select|grab|book|reserve a|an|your|any|the ~2 time|slot|slots|times", "preferred slot|time|times", "suitable|convenient time|times|slot|slots|date", "share|send|suggest|propose|give ~3 good|suitable|convenient|possible time|times|slot|slots",
		"suggest|propose ~3 another|other|alternative|different ~1 time|times|slot|slots|date", "couple of alternatives", "open slot|slots|times",
		"passt es ihnen|dir", "passt ihnen|dir", "wurde es ihnen|dir ~3 passen", "welcher|welche ~3 termin|termine|zeit|tag ~3 passt|passen|lieber", "wann hatten|haben|hast sie|du ~2 zeit",
		"hatten|hast sie|du ~4 zeit", "ihre|deine verfugbarkeit", "wunschtermin", "alternative|alternativen|anderen ~2 vorschlagen|vor|termin|zeitpunkt", "freien slot|termin", "termin ~3 auswahlen|buchen|wahlen",
		"seriez|etes|serais|es vous|tu disponible*", "vous etes disponible", "vos|tes disponibilites", "quel|quels creneau*|horaire|jour|moment", "creneau* ~4 convient|conviennent|conviendrait|convenir",
		"vous|te convient|conviendrait", "choisir|reserver|choisissez|reservez ~3 creneau*|horaire|date", "proposer d autres disponibilites|creneaux",
		"te|le vendria|viene|va bien", "vendria mejor", "viene mejor", "que ~2 horario|dia|hora|fecha", "su|tu disponibilidad", "estaria|estarias|esta|estas disponible",
		"le|te encaja|cuadra", "elija|elige|elegir|reserve|reserva|reservar ~3 horario|hueco|fecha|cita", "tendria|tendrias ~2 disponibilidad|hueco|tiempo",
	}},
	{name: "interview scheduled or to be confirmed", generic: true, phrases: []string{
		"je vous|te confirme", "i can confirm", "confirming our|your|the", "ich bestatige ihnen|dir|den", "hiermit bestatige", "te|le confirmo",
		"interview|call|screen|session ~3 is|has been|was scheduled|confirmed|booked|set", "scheduled for", "is confirmed", "has been scheduled", "we ve reserved|booked", "pencilled|penciled you",
		"confirm your attendance|availability|participation", "please confirm", "confirm ~4 works", "confirm by", "kindly confirm",
		"termin ~4 bestatigen", "bitte bestatigen sie", "bestatigen sie uns|mir", "eingeplant", "findet ~4 statt", "ist bestatigt", "bitte um ~3 bestatigung",
		"confirmer votre presence|venue|participation", "merci de confirmer", "confirmer ce creneau|rendez vous", "me confirmer", "est prevu|prevue|confirme|planifie",
		"confirme su|tu asistencia", "confirmar ~3 asistencia|cita|horario", "confirmarme", "esta prevista|programada|confirmada", "confirme la cita",
	}},
	{name: "interview logistics", generic: true, phrases: []string{
		"join via|using|here", "join the meeting|call", "meeting id", "dial in", "passcode", "join a few minutes", "join a couple of minutes", "few minutes early", "test your audio|camera|microphone",
		"photo id", "check in at|with reception", "check in at|with the front desk", "front desk", "at reception", "ask for", "parking", "travel expenses|arrangements", "quiet place|spot|room|environment", "stable connection",
		"einwahl*", "am empfang", "reisekosten", "ruhige umgebung", "stabile internetverbindung", "ein paar minuten fruher", "lichtbildausweis", "personalausweis mit",
		"a l accueil", "frais de deplacement", "lien de connexion|visio", "lien de la visio|visioconference|reunion", "link ~3 in the invite|invitation|calendar", "link zur videokonferenz", "enlace de la videollamada|reunion", "endroit calme", "bonne connexion", "piece d identite", "quelques minutes en avance",
		"en recepcion", "gastos de desplazamiento", "lugar tranquilo", "buena conexion", "dni|pasaporte", "minutos antes", "enlace de la videollamada",
	}},
	{name: "interview stage or round", phrases: []string{
		"next|second|final|third|2nd|3rd|last round|stage|step", "round two", "next steps", "progressed|advanced|moving|moved to", "selected for the next",
		"phone screen", "technical interview", "onsite interview", "on site interview", "assessment day|centre|center", "final interview", "second|2nd|third|next interview", "in person", "at our office", "hiring manager", "panel interview", "system design", "coding interview",
		"nachste|zweite|finale|letzte runde|phase|schritt", "runde weiter", "nachsten schritt", "zweitgesprach*", "zweite|zweites|zweiten|weiteres|weiteren gesprach|interview|vorstellungsgesprach", "fachgesprach*", "fachliches interview", "technisches interview",
		"etape suivante", "prochaine etape", "deuxieme|second|dernier tour", "second entretien", "derniere etape", "entretien technique|final",
		"siguiente fase|paso|ronda", "segunda ronda|entrevista", "fase final", "ultima fase", "entrevista tecnica|final",
	}},
	{name: "call about a role", phrases: []string{
		"call|chat|conversation|talk about ~4 role|position|opportunity|application|team|job|opening", "quick|short|brief|intro|introductory|initial|first|exploratory call ~3 about|regarding|for ~3 role|position|application|opportunity",
		"phone screen", "screening call|chat|conversation", "talk through ~4 role|position|opening|job|opportunity", "recruiter call|screen", "intro call with",
		"tell you more about the|our role|position|team", "hear about what you", "share more details about the role",
		"kurzes telefonat|gesprach ~6 position|stelle|rolle|team", "ersten ~2 gesprach", "erstes gesprach", "erstes|ersten telefonat|telefongesprach|telefonats", "telefonischen gesprach", "kennenlerngesprach*", "position vorstelle|vorstellen", "team ~4 vorzustellen|vorstellen",
		"appel decouverte", "court appel", "premier echange|entretien|appel", "premier point|echange telephonique", "presenter le|l poste|equipe", "cafe virtuel", "coup de fil", "expliquer ~2 poste|role|mission", "parler du poste|role",
		"llamada corta|inicial|breve", "primera entrevista|conversacion|llamada", "contarte ~4 puesto|equipo", "cafe virtual", "explicarte|explicarle ~4 puesto|rol|posicion", "hablar del puesto",
	}},
	{name: "recruiter reaching out about a role", phrases: []string{
		"vi tu|su perfil", "tenemos abierta", "posicion abierta", "busqueda ~3 abierta",
		"confidential search", "your name came up", "pointed me at|to your", "not actively looking", "exploratory ~2 call|chat|conversation", "no obligation", "look after|lead ~2 hiring|recruiting", "is hiring", "we re looking for", "we are looking for", "a role you might like", "i m running a ~2 search",
		"wir suchen ~4 verstarkung", "erstes unverbindliches", "nicht aktiv auf der suche", "nous recrutons", "nous cherchons", "pas en recherche active", "estamos buscando", "no estas|esta buscando activamente",
		"your background|profile|experience|work|cv ~3 lines up", "your background|profile|experience|work|cv ~3 aligns|caught|matches|fits", "your background|profile|experience|work|cv ~3 stands out", "working exclusively with", "client of mine", "tell you about the|our|a|an ~4 role|position|opportunity|opening", "i m a|the recruiter|cto|founder|head|vp|talent", "reading|following your ~2 work|blog|talks|posts|projects", "no cv needed", "no process",
		"ihr|dein werdegang|lebenslauf ~6 passt|uberzeugt|beeindruckt", "direkte ansprache", "diskrete|vertrauliche anfrage", "unverbindlich*",
		"votre|ton parcours ~4 correspond|colle|interesse|retenu", "je me permets de vous|te contacter", "sans engagement", "approche confidentielle|directe",
		"su|tu trayectoria|perfil ~3 encaja|cuadra|interesa", "disculpe|disculpa que le|te escriba", "le|te escribo directamente", "propuesta confidencial", "sin compromiso",
		"ihr|dein profil ~6 aufgefallen", "im auftrag ~3 mandant*|kunden|klient*", "au nom d un ~2 client", "pour le compte d un ~2 client", "pour l un de mes|nos clients", "para un cliente|una empresa cliente", "on behalf of a|my|our ~2 client", "my client", "one of my clients",
		"came|come across your profile|background|work|cv|resume", "your profile|background|experience ~3 stood|caught|impressed|matches|fit|great|strong",
		"your background came up", "strong match", "great fit", "i m hiring|recruiting", "we re hiring", "i lead recruiting|talent", "reaching out because|about|regarding|to|with|as",
		"open role|position|positions|roles", "an open ~3 role|position", "have an opening", "matches your background|profile|experience", "your background came up", "your experience would be",
		"if you re open to hearing", "open to hearing more", "exploring a role", "opportunity at", "building out our|the ~2 team", "growing our|the ~2 team", "we are hiring", "i am hiring", "i m recruiting for",
		"auf ihr|dein profil gestossen", "ihr|dein profil|hintergrund ~3 passt|beeindruckt|gefallen", "ich suche ~3 eine|einen", "interesse an einem ~3 gesprach|telefonat|austausch", "wenn du neugierig",
		"votre|ton parcours|profil ~3 retenu|colle|correspond", "je recrute", "je cherche un|une", "seriez vous ouvert*", "si tu es curieu*",
		"tu|su perfil ~4 interesante|interesa|llamado", "he visto tu|su perfil", "estoy buscando", "busco un|una", "tu|su experiencia encaja", "te apetece|apeteceria", "te pica la curiosidad",
	}},
	{name: "open to a call", generic: true, phrases: []string{
		"accepteriez vous", "accepterais tu", "seriez vous partant*", "serais tu partant*", "estarias|estaria dispuest*", "waren sie bereit", "warst du bereit",
		"would you be open|interested|up for", "are you open to", "if you re open|interested|curious", "open to a ~3 call|chat|conversation", "not the right time", "no pressure",
		"hatten sie interesse", "hast du lust", "waren sie offen", "falls es gerade nicht passt", "kein stress", "wenn du neugierig",
		"seriez vous ouvert*", "serais tu ouvert*", "si tu es curieu*", "aucune pression", "si le moment n est pas",
		"te apeteceria|apetece", "estaria|estarias abierto|abierta", "sin compromiso", "si ahora no es",
	}},
	{name: "books time on a calendar", generic: true, phrases: []string{
		"grab|book|pick|find|schedule|reserve ~3 on|in|from my|our calendar", "my calendar", "open slot|slots", "any open", "self schedule*", "scheduling page|link", "use the link below", "using the link below", "via the link",
		"in meinem|unserem kalender", "uber den folgenden link", "freien slot", "terminbuchung", "buch dir", "buchen sie",
		"dans mon|notre agenda", "via le lien", "reserve|reserver ~3 dans", "creneau libre",
		"en mi|nuestra agenda", "en el siguiente enlace", "hueco libre", "reserva ~3 en",
	}},
	{name: "conditional future invitation", phrases: []string{
		"if you re|are selected|shortlisted", "if your experience|profile|background|skills ~3 match|matches|fit", "if we would like to", "should we wish", "if you are a good fit",
		"will reach out to schedule", "will contact you ~4 next steps", "shortlisted candidates", "selected candidates will", "will be invited",
		"sollten wir sie ~4 einladen", "wenn ihr profil ~4 passt", "falls ihr profil", "melden wir uns ~4 um", "melden uns bei ihnen ~4 vereinbaren",
		"si nous souhaitons", "si votre profil ~3 correspond", "reviendrons vers vous pour", "nous vous contacterons",
		"si queremos", "si su|tu perfil ~3 encaja", "nos pondremos en contacto ~6 para", "te escribiremos",
	}},
	// --- Kinds.
	{name: "reschedule wording", generic: true, phrases: []string{
		"reschedul*", "move it to", "move the|our interview|call to", "new time|date|slot", "instead", "no longer make|attend", "has a conflict", "change of time|date", "time changed",
		"verschieb*", "verschiebung", "neuer termin", "neuen termin", "alternative termine", "verhindert", "anderen termin",
		"report de|du votre|l|notre", "reportons", "reporte|reportee votre|l|notre|au|a", "reprogrammer|reprogrammons", "empechement", "nouveau creneau", "nouvel horaire", "d autres creneaux",
		"reprogramar", "cambio de fecha|hora", "cambiar la|el ~2 fecha|hora", "imprevisto", "pasarla", "nuevo horario", "otras opciones", "nueva fecha",
	}},
	{name: "reminder wording", generic: true, phrases: []string{
		"get ready", "is|are coming up", "practical details|bits|information", "hate de vous|te ~2 accueillir|voir|recevoir", "tendra lugar", "aura lieu", "ganas de verte|verle", "bald ist es soweit", "kurz vor ihrem|deinem",
		"reminder", "remind you", "coming up", "looking forward to seeing|speaking|talking|meeting|our", "see you tomorrow|then|soon|on", "talk then|tomorrow|soon", "upcoming interview",
		"erinnerung", "erinnern", "bis dann|morgen", "bevorstehend*", "freuen uns auf", "freue mich auf", "wir sehen uns", "wir sprechen uns",
		"rappel", "rappelons|rappelle", "a demain|tout a l heure|bientot", "au plaisir de vous|te", "nous nous rejouissons", "a tres vite",
		"recordatorio", "recordamos|recordarte|recordarle", "hasta manana|luego|pronto", "nos vemos", "te|le esperamos", "hablamos manana",
	}},
	// --- Hard negatives.
	{name: "rejection wording", phrases: []string{
		"hiring freeze", "on hold", "congelar la contratacion", "einstellungsstopp", "gel des recrutements", "proceso congelado",
		"anderweitig vergeben|besetzt", "uns|wir ~3 anderweitig entschieden", "absage ~3 erteilen|mitteilen", "eine absage",
		"offered the position|role|job to", "to another candidate", "closer|better match", "keep you in mind", "garder votre|ton profil", "tenerte|tenerle en cuenta", "fur zukunftige ~2 stellen|positionen",
		"i m afraid we", "not be taking ~3 further|forward",
		"has|have ~2 been filled", "no need for you to attend", "withdrawn the ~2 invitation|invite", "stelle ~3 besetzt", "poste ~3 pourvu", "puesto ~3 cubierto",
		"not to move forward", "decided not to", "pursue|proceed with other|another ~2 candidate|candidates|applicant|applicants", "more closely match|matches|aligned", "keep your cv|resume|details|profile on file", "wish you ~4 success|luck|best ~4 search|career|future", "will not be progressing", "not progress|proceed with your", "unsuccessful", "after careful consideration", "has been filled", "not the outcome",
		"nicht in die engere wahl", "viel erfolg ~5 suche|zukunft|weg|weiteren", "alles gute ~5 zukunft|weg|suche", "nach reiflicher uberlegung", "keine positive ruckmeldung", "nicht berucksichtigt",
		"pas ete retenu*", "ne pas donner suite", "bonne continuation", "plein succes", "apres examen attentif|approfondi", "apres mure reflexion", "ne correspond pas ~4 attentes|recherche",
		"no ha sido seleccionad*", "no continuar", "mucha suerte ~4 busqueda|futuro", "exito en tu|su ~2 busqueda|futuro", "tras una cuidadosa|detenida", "no seguir adelante", "hemos decidido no",
		"regret to inform", "not be moving|move forward", "won t be moving", "not moving forward", "decided to move|proceed with other|another", "decided to go|move forward with other|another", "go|going ahead with another|other", "go|going ahead with a different", "decided to go with another|other", "decided to go with a different", "go|gone|proceed|proceeding|move|moving|continue|continuing|progress|offered ~3 with|to other candidates",
		"not be inviting", "will not be inviting", "position has been filled", "not to proceed", "not been selected", "did not meet", "not meet the threshold", "sorry to say", "isn t the news",
		"leider ~6 mitteilen ~8 nicht|absage|anders|anderweitig|anderen|entschieden", "fur eine andere kandidat*|person|bewerber*", "fur jemanden", "nicht fortsetzen", "nicht weiter berucksichtigen", "nicht erreicht",
		"au regret", "le regret", "retenu une autre", "ne donnerons pas suite", "pas donner suite", "autre candidat*", "n a pas atteint",
		"lamentamos comunicarle", "seleccionado a otra", "no vamos a seguir", "siento decirte|decirle", "otro candidato|otra candidata|otros candidatos", "no ha alcanzado",
	}},
	{name: "application receipt", phrases: []string{
		"here s how our|the ~2 process", "how our process works", "voici comment ~4 processus", "comment se passe|deroule notre processus", "so lauft ~3 prozess|bewerbungsprozess|auswahlprozess", "asi es nuestro proceso", "revient|reviendrons|reviens vers toi ~3 sous|dans", "melden uns ~4 innerhalb", "te diremos algo en",
		"will review your application|profile|cv|resume", "under review", "being reviewed", "only shortlisted|successful|selected candidates", "be in touch if", "contact you if", "track your application", "automated message|email|reply", "no further action", "received your cv|resume|documents",
		"prufen ihre|deine ~2 unterlagen|bewerbung", "wir melden uns ~6 sobald", "automatisch generiert*", "sobald wir ~3 gesichtet|gepruft",
		"etudions|examinons|examinerons votre|ton ~2 candidature|dossier|profil", "sans reponse de notre part", "message automatique", "dans les meilleurs delais",
		"revisando|revisaremos tu|su ~2 candidatura|perfil|cv", "si no recibes|recibe noticias", "mensaje automatico",
		"received your application", "receipt of your application", "we ve received it", "confirms that we ve received", "application received|submitted|confirmation", "application has been received|submitted",
		"submitted successfully", "status of your application", "interview process typically|usually|includes", "our process|hiring process typically|usually|includes", "what happens next",
		"auswahlprozess umfasst", "prozess umfasst", "notre processus ~3 comprend", "nuestro proceso ~3 incluye", "candidate portal", "application status", "reviews every application", "number of applications",
		"bewerbung ~4 eingegangen", "eingang ihrer unterlagen|bewerbung", "eingangsbestatigung", "bewerberportal", "stand ihrer bewerbung", "prufen jede bewerbung",
		"bonne reception", "accuse de reception", "a bien ete enregistree|recue", "espace candidat", "chaque candidature", "suivre son avancement",
		"hemos recibido|registrado tu|su candidatura", "confirmamos que la hemos recibido", "area de candidato|personal", "estado de tu|su candidatura", "revisamos cada candidatura",
	}},
	{name: "job alert or newsletter", phrases: []string{
		"book my|your place", "places are limited", "limited to # participants", "teilnahme ist kostenfrei|kostenlos", "ihre anmeldung", "anmeldung zu|zum|zur", "gruppenworkshop", "your registration", "registered for", "tu|su inscripcion", "plazas limitadas", "las plazas son limitadas",
		"this issue", "ask us anything", "career coach*", "taller gratuito|online", "taller en directo", "free workshop|webinar|masterclass", "atelier gratuit", "atelier en ligne", "kostenloses|kostenlosen webinar|seminar|workshop",
		"in this issue", "register now|here", "sign up", "save your seat|spot", "masterclass", "career fair", "virtual fair", "top stories", "jobs matching", "apply now", "new roles|positions matching",
		"karrieremesse", "jetzt bewerben",
		"inscrivez vous", "postulez",
		"inscribete|inscribase", "feria de empleo", "postula|postulate",
		"job alert", "jobs you may", "new jobs", "latest jobs", "saved search", "recommended jobs", "recommended for you", "newsletter", "who s hiring", "see all jobs", "view all", "view the full", "read the full|more",
		"unsubscribe", "this week s|week", "webinar", "from the archive", "our readers", "market notes",
		"neue jobs", "stellenangebote", "suchauftrag", "alle jobs", "abmelden", "webinar", "unsere leserinnen|leser", "marktbericht", "leitfaden",
		"nouvelles offres", "offres d emploi", "alerte", "voir toutes les offres", "se desinscrire", "desabonner", "webinaire", "nos lecteurs",
		"ofertas nuevas", "ofertas de empleo", "tu alerta", "ver todas las ofertas", "darse|darte de baja", "webinar", "nuestros lectores",
	}},
	{name: "interview advice", phrases: []string{
		"probeinterview*", "probegesprach*", "entretien|entretiens blanc|blancs", "career|careers service|center|centre", "alumni", "service carrieres", "bolsa de empleo de la universidad", "karriereservice", "career service*",
		"mock run|round", "practice run", "probelauf", "simulation d entretien", "simulacro",
		"mock interview|session", "mock ~3 interview|interviews", "practice interview", "interview coaching|coach", "coaching session", "star method", "common questions", "ace your|the", "prep session", "interview workshop",
		"interviewtraining", "bewerbungstraining", "coaching", "s entrainer", "entrenamiento",
		"how to prepare for ~3 interview*", "how to ace|nail|pass|crack ~3 interview*", "interview questions|tips|prep|course|checklist", "mock interview", "candidates fail",
		"vorstellungsgesprach ~3 uberzeugen|punkten", "probe interview", "haufigsten fragen",
		"reussir son entretien", "simulation d entretien", "questions les plus", "preparer son entretien",
		"triunfar en", "simulacro de entrevista", "preguntas mas", "prepara bien",
	}},
	{name: "offer", phrases: []string{
		"que tu nous rejoignes", "que vous nous rejoigniez", "proposition ecrite", "plus d entretien", "no more interviews", "keine weiteren gesprache", "no mas entrevistas",
		"ofrecerte|ofrecerle el|la puesto|posicion|plaza", "te|le ofrecemos el puesto", "offrir le poste", "offer you the role|position|job", "propuesta por escrito", "contract signing", "for signing", "sign the|your contract", "welcome to|in our|the team", "decided for you", "vertragsunterzeichnung", "signature du contrat", "firma del contrato",
		"unser angebot", "vertragsentwurf", "brutto",
		"pleased|delighted|happy|thrilled to offer", "offer of employment", "job offer", "signing bonus", "employment agreement|contract", "welcome aboard", "background check", "accept the offer", "countersign*", "your first day", "the offer", "verbal offer",
		"angebot ~4 unterbreiten|machen|senden", "willkommen an bord", "erster|ersten arbeitstag", "vertrag ~4 unterschreiben|unterzeichnen|zusenden",
		"offre d embauche", "faire une offre", "bienvenue a bord", "premier jour", "votre contrat", "signer ~3 contrat",
		"hacerte|hacerle una oferta", "bienvenida|bienvenido a bordo", "primer dia", "tu|su contrato", "firmar ~3 contrato",
		"offer letter", "offer you the", "make you an offer", "formal|written offer", "your offer", "sign your offer", "offer expires",
		"anbieten mochten", "vertragsangebot", "arbeitsvertrag", "jahresgehalt", "angebot ansehen", "angebot annehmen",
		"proposition d embauche", "promesse d embauche", "vous proposer le poste", "remuneration annuelle", "date de demarrage", "contrat est pret",
		"ofrecerle el puesto", "carta de oferta", "oferta de empleo", "salario anual", "fecha de incorporacion", "listo para firmar", "oferta es valida",
	}},
	{name: "media or podcast request", phrases: []string{
		"fotograf*", "ressort", "portratreihe", "portrat*", "zitate", "erscheint ~4 ausgabe", "interviewanfrage", "photographe", "rubrique", "parution", "fotografo|fotografa", "citas textuales",
		"podcast recording", "recording session|studio", "record the|an episode|podcast",
		"programa de radio|television", "programa de la manana|tarde", "testimonio", "guion", "presentador|presentadora", "radio show|station|programme|program|interview|host", "on the radio", "live interview|segment|broadcast", "our presenter|presenters|listeners", "la radio", "a la radio", "im radio", "emisora", "en antena", "radiointerview", "television", "publicar", "publish", "publier", "radiosendung", "emission de radio",
		"feature you", "photographer", "portrait",
		"the show", "come on the|our show|podcast", "on air", "sound check", "our newsletter|magazine|blog|channel", "magazine", "editor in chief", "quote you", "speaking slot", "fireside chat", "the audience", "webcast", "research study|interview|project", "study participants", "thesis", "interview series",
		"sendung", "podcastfolge", "horer*", "zuschauer*", "redakteur*", "zeitung", "magazin", "zitieren", "konferenz", "studie", "abschlussarbeit", "masterarbeit", "doktorarbeit",
		"emission", "auditeurs", "magazine", "redacteur*", "journal", "chronique", "table ronde", "recherche universitaire", "memoire",
		"en el programa", "oyentes", "revista", "redactor*", "diario", "entrevistarte|entrevistarle para ~3 articulo|reportaje|programa|podcast|revista|periodico|medio|serie|episodio", "ponente", "mesa redonda", "tesis", "tfm|tfg",
		"podcast", "episode", "our show|audience|listeners|readers|viewers|subscribers", "a|the|our|your reporter", "reporter at|for|with", "journalist", "on the record", "article", "blog post", "season", "as a|our guest", "guest on", "feature about|on",
		"interview you about", "interview you on camera", "for a piece|story|feature|newsletter|magazine|publication", "be published|featured", "attribution", "press release|inquiry|team|office", "media inquiry|request|relations", "editorial", "video series", "livestream", "panel discussion", "keynote", "give a talk", "talk at the|our",
		"neue folge", "aufnahme*", "staffel", "zu gast", "redaktion", "artikel", "sie|dich ~3 interviewen", "fur einen beitrag|artikel", "unsere leser*|horer*|zuschauer*", "veroffentlich*",
		"episode", "enregistrement de l|du|d ~2 episode|emission|podcast", "enregistrons", "saison", "invitee|invite de", "journaliste", "vous|t interviewer pour|dans ~3 article|reportage|emission|podcast|magazine|journal|serie|numero|episode", "pour un article|reportage", "nos lecteurs|auditeurs", "publication",
		"episodio*", "grabar|grabamos|grabacion", "temporada", "invitada|invitado en", "periodista", "dar una charla", "para un articulo|reportaje", "nuestros lectores|oyentes", "publicacion", "ponencia",
	}},
	{name: "asks you to interview someone else", phrases: []string{
		"named you as a|their reference", "onsite|interview loop", "availability to interview", "engineer|developer|designer|manager|analyst candidate|candidates", "as a reference", "partie du jury", "interviewer train*", "hospitier*", "hospitation", "listen in on|to my interview", "interns|intern interviews", "te he anadido al panel", "al panel de", "als referenz", "comme reference", "como referencia", "stagiaires",
		"interview a|the|this|our candidate", "help me|us ~2 interview", "sit in on ~4 interview|interviews|call|calls", "could|can|would you interview", "sit on ~3 panel", "hiring loop", "interviewer training|availability|slot|slots", "shadow*", "reference call|check", "feedback form", "submit your feedback|scorecard|evaluation",
		"den|die|der kandidat*|kandidatin", "die bewerberin", "der bewerber", "feedbackbogen",
		"le candidat", "la candidate", "faire passer", "grille",
		"el candidato", "la candidata", "la persona candidata", "entrevistar a",
		"interview|assess|evaluate ~2 candidate|candidates", "scheduled to interview", "to interview a|an|the|our|this|these|two|three|some|one|candidates|applicants ~3 for", "you re on the panel", "on the panel for", "interviewer short", "interview kit|loop",
		"scorecard", "the candidate s|candidate", "as an interviewer", "added as ~2 interviewer",
		"als interviewer*", "interview ubernehmen", "interviewleitfaden", "bewertung ~6 einreichen|ein", "im prozess fur",
		"faire passer un entretien", "grille d evaluation", "designe|designee pour", "saisir votre evaluation", "consulter le cv", "on recoit",
		"hacer una entrevista", "ficha de evaluacion", "asignada|asignado como", "registra tu valoracion", "revisa el cv", "tenemos a",
	}},
	{name: "survey or feedback request", phrases: []string{
		"research session|call", "not part of the ~2 process", "voucher", "gift card", "learn from your experience", "gutschein", "bon d achat", "cheque cadeau", "tarjeta regalo",
		"rate your|the", "on a scale", "minutes to complete", "short survey|questionnaire", "tell us about|how ~3 experience", "candidate experience", "help us improve", "net promoter",
		"bewerten sie", "kurze umfrage",
		"enquete",
		"breve encuesta",
		"survey", "your feedback", "share feedback", "how did we do", "how was your ~2 experience", "interview experience", "recommend ~3 as an employer", "anonymous", "take the",
		"umfrage", "ihr feedback", "feedback geben", "wie war ihr", "anonym", "erlebt haben",
		"questionnaire", "votre avis", "donner mon avis", "comment s est passe", "anonymes", "ressenti",
		"encuesta", "su|tu opinion", "dar mi opinion", "que tal fue", "anonimas", "como ha vivido|viviste",
	}},
	{name: "sales or vendor meeting", phrases: []string{
		"our solution", "our product helps|lets|can|makes|integrates|saves|cuts",
		"show you how", "zeige ihnen|dir ~2 wie", "zeig ich dir|ihnen", "vous montrer comment", "te|vous montrer ~3 comment", "mostrarte|mostrarle ~2 como", "business development", "partnerships manager", "auf der messe", "at the|our booth", "sur le|notre salon|stand", "en la|nuestra feria|stand",
		"book a demo", "quick demo", "partnership", "account executive", "licensing", "procurement", "vendor", "subscription", "renewal", "walk you through ~3 platform|product|tool|features", "see it in action", "use case", "save|saves ~2 time|money|hours", "quarterly business review", "your account", "customers like",
		"partnerschaft", "kooperation", "lizenz*", "produktdemo", "einsparen", "ihr account",
		"partenariat", "demonstration", "tarif*", "devis", "economiser",
		"alianza", "demostracion", "licencia*", "precio*", "suscripcion", "ahorrar",
		"demo", "product demo", "pricing", "free trial", "teams|companies like yours", "solutions engineer*", "alert noise", "your team s priorities", "download of|our",
		"cut|reduce ~4 by about|around|up", "i noticed", "observability", "on call load", "roi", "accepting my request", "benchmarking report", "fit into ~4 pipeline|stack|workflow",
		"whitepaper", "teams wie ihres", "alarmrauschen", "solutions engineers", "unternehmen wie ihres", "ich habe gesehen dass", "unser produkt", "testversion", "kostenlos testen",
		"livre blanc", "equipes comme la votre", "avant vente", "bruit des alertes", "j ai vu que", "notre produit|solution", "essai gratuit",
		"informe", "equipos como el vuestro", "preventa", "ruido de alertas", "he visto que", "nuestro producto", "nuestra solucion", "prueba gratuita",
	}},
	{name: "coding test result", phrases: []string{
		"your results", "retake", "scored", "hackerrank|codility|codesignal|testgorilla", "repasser",
		"assessment|test|challenge ~2 result|results|score|completed|outcome", "your score", "percentile", "completed the", "test cases", "your submission", "coding challenge|assessment",
		"testergebnis*", "punktzahl", "perzentil", "programmiertest", "programmieraufgabe", "testfalle*",
		"resultats|resultat au|de votre ~2 test|exercice", "votre score", "centile", "test de programmation", "exercice technique",
		"resultados|resultado de ~2 prueba|ejercicio", "puntuacion", "percentil", "prueba de programacion|tecnica", "ejercicio tecnico",
	}},
	{name: "social network notification", phrases: []string{
		"invited you to an event", "from your network", "are attending",
		"connections", "followers", "liked your", "mentioned you in", "new message from", "endorse*", "notification settings", "invitation to connect", "accept invitation", "trending", "posted|shared a|an ~2 post|job|update|event",
		"red profesional",
		"viewed your profile", "commented on your post", "searches this week", "appeared in", "who else has", "profile viewers", "new connection", "endorsed you", "people you may know",
		"hat ihr profil angesehen", "suchen gefunden", "profilbesucher", "suchanfragen",
		"a consulte votre profil", "apparu dans", "recherches cette semaine",
		"ha visto tu perfil", "aparecido en", "busquedas esta semana",
	}},
	{name: "thanks after an interview", phrases: []string{
		"thank you|thanks for ~2 interviewing|meeting|speaking|coming|taking the time", "thanks for your time", "thank you for your time", "enjoyed meeting", "loved meeting",
		"back in touch", "get back to you", "decision soon", "remaining interviews", "submitting their feedback", "hear from your recruiter",
		"danke fur das ~2 gesprach", "dank fur das ~2 gesprach", "gestern bei uns", "melde mich ~4 ruckmeldung", "melden uns dann", "letzten gesprache",
		"merci pour l|notre ~2 entretien|echange", "d etre venu*", "reviendrai vers vous", "reviendrons vers vous", "derniers entretiens",
		"gracias por la entrevista", "gracias por venir", "me pondre en contacto", "le diremos algo", "ultimas entrevistas",
	}},
	{name: "past interview mentioned", phrases: []string{
		"last week", "yesterday", "earlier today|this week", "today for", "recent interview", "your recent",
		"gestern", "vergangenen woche", "letzte woche", "heute und",
		"etre venu*", "semaine derniere", "d aujourd hui", "recent entretien",
		"ayer", "semana pasada", "de hoy", "reciente entrevista",
	}},
	{name: "personal or colleague mail", phrases: []string{
		// Interviews and appointments that are not about a job: visas,
		// admissions, flat shares, viewings, school, bank, health.
		"visa interview|appointment", "embassy", "consulate", "admission|admissions interview", "flatshare|roommate|housemate", "flat|apartment|room viewing", "viewing", "landlord", "tenant", "parent teacher", "mortgage advisor|adviser|appointment|application|broker|payment|offer", "vaccination",
		"visum*", "botschaft", "konsulat", "zulassung*", "studienplatz", "wg", "mitbewohner*", "wohnungsbesichtigung", "besichtigungstermin", "vermieter*", "elternsprechtag", "elterngesprach", "bankberater*", "hypothek*", "impfung", "tierarzt",
		"ambassade", "consulat", "admission", "colocation", "colocataire*", "visite ~2 appartement|logement", "proprietaire", "bailleur", "parents d eleves", "reunion parents", "conseiller|conseillere bancaire", "pret immobilier", "vaccin*", "veterinaire",
		"visado", "embajada", "consulado", "admision", "piso compartido", "companero|companera de piso", "visita ~2 piso", "casero|casera", "tutoria", "reunion de padres", "asesor|asesora bancario|bancaria", "hipoteca", "vacuna*", "veterinario",
		"how was|did your ~2 interview|interviews", "wie war|lief dein|ihr ~2 vorstellungsgesprach*|gesprach*|interview*", "comment s est passe ~2 ton|votre ~2 entretien", "comment c etait ton|votre ~2 entretien", "que tal ~3 tu|su ~2 entrevista", "petit service", "faire repeter", "look at|over my cv|resume", "jeter un oeil a mon cv", "meinen lebenslauf", "mi cv", "kinesitherapie", "ordonnance", "carte vitale", "cabinet medical|dentaire", "rezept", "receta", "consulta medica",
		"for coffee|brunch|drinks|beers", "a beer|drink", "auf ein bier", "boire un verre", "tomar algo", "tomar un cafe", "quedemos|quedamos para", "prendre un cafe|verre", "auf einen kaffee", "unas canas", "cumple*", "grillen", "grillabend", "barbecue|bbq", "cremaillere", "on fete", "feiern|feier", "celebramos", "new joiner|starter|colleague", "just joined", "neue|neuen kollegin|kollegen|kollege", "nouvel arrivant", "nouvelle recrue", "nuevo|nueva companero|companera", "keep this between us", "cover for me",
		"pull request", "quarterly", "okr*", "all hands", "one on one", "physio*", "vet", "school run|pickup|play|trip|holidays|report|concert|gate", "boiler|heating|plumber|plumbing|electrician", "gas safety", "landlord|tenant|tenancy|lettings", "wie ~5 gelaufen", "how did ~4 go", "how it went", "como te fue", "como te ha ido", "comment ca s est passe", "raconte moi", "gym", "haircut", "wedding",
		"arzt", "ruckenschule", "physiotherapie", "schule", "hochzeit",
		"medecin", "kine", "ecole", "mariage",
		"fisio*", "colegio", "boda", "cambiar turno|guardia",
		"dinner", "movie", "photos", "birthday", "party", "pr", "standup", "sprint", "retro",
		"kino", "geburtstag", "film",
		"cine|cinema|film", "diner", "anniversaire",
		"cine|peli", "cenar", "cumpleanos",
		"dentist", "dental appointment", "doctor s appointment", "check up", "cleaning", "zahnarzt*", "zahnreinigung", "dentaire", "detartrage", "dental", "cita de revision",
	}},
}

// compiled indexes the phrases of all rules; built once, never modified.
var compiled = compileRules(rules)

// ruleFeature and ruleFeature2 are the feature names of each rule: "r:"
// when it matched, "r2:" when two different phrases of it matched;
// ruleFeatureNoJob for a generic rule in mail not about a job.
var ruleFeature, ruleFeature2, ruleFeatureNoJob = func() (a, b, c []string) {
	for _, r := range rules {
		a = append(a, "r:"+r.name)
		b = append(b, "r2:"+r.name)
		c = append(c, "rn:"+r.name)
	}
	return a, b, c
}()

func compileRules(rs []rule) *phraseSet {
	ps := newPhraseSet()
	for ri, r := range rs {
		for _, p := range r.phrases {
			if err := ps.add(ri, p); err != nil {
				panic("detect: rule " + r.name + ": " + err.Error()) // programming error, caught by tests
			}
		}
	}
	addCues(ps)
	// Stop words count towards the language in the same pass.
	for w, l := range stopwords {
		if err := ps.add(langBase+int(l), w); err != nil {
			panic("detect: stop word " + w + ": " + err.Error())
		}
	}
	return ps
}

// Cue groups are phrase lists used by extraction and the legitimacy check
// rather than by the model; they are matched in the same single pass.
const (
	cueStage       = 0             // one group per stageCues entry
	cueFormat      = cueStage + 5  // one group per formatCues entry
	cueMoney       = cueFormat + 3 // moneyPhrases
	cueBank        = cueMoney + 1  // bankPhrases
	cueID          = cueBank + 1   // idWords
	cueJob         = cueID + 1     // jobCues: the mail is about a job
	cueResched     = cueJob + 1    // rescheduleCues
	cueRemind      = cueResched + 1
	cueIVWord      = cueRemind + 1   // interviewWordCues
	cueLocation    = cueIVWord + 1   // locationCues
	cueInterviewer = cueLocation + 1 // one group per interviewerCues entry
)

// jobCues say a mail is about a job or hiring at all; meeting and
// scheduling links only mean something then.
var jobCues = []string{
	"role", "position", "job", "application", "career", "careers", "hiring", "candidate", "opportunity", "opening", "interview*", "recruit*", "talent*",
	"stelle", "bewerb*", "lebenslauf", "vorstellungsgesprach*", "bewerbungsgesprach*", "kennenlerngesprach*", "kennenlernen", "kennenlerntermin",
	"poste", "candidature", "recrut*", "emploi", "entretien*",
	"puesto", "vacante", "candidatura", "seleccion", "oferta", "empleo", "reclut*", "entrevista*",
	// Compounds the prefixes above miss.
	"videoentrevista*", "videointerview*", "telefoninterview*", "videoentretien*", "visioentretien*", "videovorstellungsgesprach*",
	// Job titles and the words of recruiters and headhunters.
	"engineer|engineers", "developer*", "designer*", "analyst*", "scientist*", "architect|architects", "portfolio", "resume", "cv", "recruiter", "headhunter", "first round", "human resources", "hr", "people partner", "people culture",
	"entwickler*", "ingenieur*", "m w d", "personalberat*", "personalreferent*", "recruiting", "pair programming", "technischen teil", "probearbeit*", "talent acquisition", "mandant*", "werdegang", "personalabteilung",
	"developpeu*", "ingenieur*", "h f", "f h", "parcours", "charge|chargee de recrutement", "espace candidat", "cabinet de recrutement", "ressources humaines", "rh",
	"desarrollador*", "ingeniero|ingeniera|ingenieros", "programador*", "fase tecnica", "prueba tecnica", "trayectoria", "recursos humanos", "rrhh", "departamento de personas",
}

// rescheduleCues and reminderCues are the words only those kinds use.
var (
	rescheduleCues = []string{
		"reschedul*", "push back|pushed", "postpone*", "move it|our|the|your ~2 interview|call|meeting|conversation|chat", "moved your|the ~2 interview|call", "new time|date",
		"verschieb*", "verschoben", "verschiebung", "terminverschiebung", "terminanderung", "ersatztermin*", "als ersatz", "nicht halten", "verleg*", "neuer|neuen termin",
		"modification de|du votre|notre|l ~2 rendez vous", "modification de|du votre|notre|l ~2 entretien|rdv", "reportons", "report de|du votre|l|notre", "decaler", "decalage", "deplacer", "repousser", "nouvel horaire", "nouveau creneau",
		"reprogram*", "anulo|anulamos la|su|tu cita|entrevista|llamada", "aplaz*", "pospon*", "cambiar la fecha|hora", "cambio de fecha|hora", "nueva fecha|hora",
	}
	reminderCues = []string{"reminder", "remind*", "erinnerung*", "erinnern", "terminerinnerung", "rappel", "rappelons", "recordatorio", "recordamos", "recordar*"}
	// interviewWordCues name an interview (not a call).
	interviewWordCues = []string{"interview*", "vorstellungsgesprach*", "bewerbungsgesprach*", "kennenlerngesprach*", "zweitgesprach*", "entretien*", "entrevista*", "screen*",
		"videoentrevista*", "videointerview*", "telefoninterview*", "videoentretien*", "visioentretien*", "videovorstellungsgesprach*"}
)

var cueCount = cueInterviewer + len(interviewerCues)

// langBase is the rule index of stop words of language 0 (see langNames);
// they come after the cue groups.
var langBase = cueBase + cueCount

// cueBase is the rule index of the first cue group in the compiled set:
// rules and cue groups are matched in one pass.
var cueBase = len(rules)

func addCues(ps *phraseSet) {
	if len(stageCues) != cueFormat-cueStage || len(formatCues) != cueMoney-cueFormat {
		panic("detect: cue group counts out of date") // programming error, caught by tests
	}
	groups := make([][]string, cueCount)
	for i, sc := range stageCues {
		groups[cueStage+i] = sc.phrases
	}
	for i, fc := range formatCues {
		groups[cueFormat+i] = fc.phrases
	}
	groups[cueMoney], groups[cueBank], groups[cueID] = moneyPhrases, bankPhrases, idWords
	groups[cueJob], groups[cueResched], groups[cueRemind], groups[cueIVWord] = jobCues, rescheduleCues, reminderCues, interviewWordCues
	for _, c := range locationCues {
		groups[cueLocation] = append(groups[cueLocation], strings.Join(c, " "))
	}
	for i, c := range interviewerCues {
		groups[cueInterviewer+i] = []string{strings.Join(c, " ")}
	}
	for gi, g := range groups {
		for _, p := range g {
			// Cue lists are written as plain text: "second-round", "i ll call".
			if err := ps.add(cueBase+gi, strings.ReplaceAll(p, "-", " ")); err != nil {
				panic("detect: cue " + p + ": " + err.Error())
			}
		}
	}
}

// scanCues returns, per cue group, the token indexes where its phrases
// start, in text order (for short texts; analyze collects them in its own
// pass).
func scanCues(d *doc) [][]int32 {
	out := make([][]int32, cueCount)
	compiled.scan(d, func(h hit) {
		if g := compiled.phrases[h.phrase].rule - cueBase; g >= 0 && g < cueCount {
			addCue(out, g, d.words[h.first])
		}
	})
	for _, hits := range out {
		slices.Sort(hits)
	}
	return out
}

func addCue(out [][]int32, g int, tok int32) {
	if len(out[g]) < 8 {
		out[g] = append(out[g], tok)
	}
}
