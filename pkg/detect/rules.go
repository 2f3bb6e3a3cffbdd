package detect

import "regexp"

// rule is one signal. Weight is added to the score when Re matches the
// subject (SubjectOnly) or the subject and text.
type rule struct {
	name        string
	weight      float64
	re          *regexp.Regexp
	subjectOnly bool
	// needsJob: only counts when the mail is about a job (jobContext).
	needsJob bool
}

func rx(s string) *regexp.Regexp { return regexp.MustCompile(`(?i)` + s) }

// Rules are evaluated against subject + body text. Patterns cover English,
// German, French and Spanish.
var rules = []rule{
	{name: "interview named in subject", weight: 1.5, subjectOnly: true,
		re: rx(`\b(interview|phone screen|screening call|vorstellungsgespr[äa]ch|bewerbungsgespr[äa]ch|kennenlerngespr[äa]ch|entretien|entrevista)\b`)},
	{name: "invites you to an interview", weight: 2.5,
		re: rx(`(invite|inviting|invitation) (you )?(to|for) (an?|the|your|our)? ?([\w-]+ ){0,3}(interview|call|conversation|chat|meeting|screen)|would (like|love) to (invite|schedule|arrange|set up|book|have) (you|a|an|some|time)|(like|want) to move (you )?forward (to|with) (the|a|an)? ?(next|second|final|technical|onsite)|m[öo]chten (sie|dich) (gerne |herzlich )?(zu|zum|zur) .{0,40}(gespr[äa]ch|interview)|laden (sie|dich) .{0,30}(ein)|vous inviter|t'inviter|vous convier|invitarle|invitarte|le invitamos|te invitamos|nos gustar[íi]a (invitarle|invitarte|concertar|agendar)`)},
	{name: "asks for your availability", weight: 1.5,
		re: rx(`your availability|when (are|would) you (be )?(available|free)|let (me|us) know (what|which) (times?|slots?|days?)|(pick|choose|select|book|grab) (a|an|your) (time|slot)|(time|slot)s? that (works|suits)|ihre verf[üu]gbarkeit|wann (h[äa]tten|haben) sie zeit|passt ihnen|vos disponibilit[ée]s|quand seriez-vous disponible|su disponibilidad|cu[áa]ndo (estar[íi]a|tendr[íi]a)`)},
	{name: "scheduling link from a known vendor", weight: 2, needsJob: true,
		re: rx(`https?://[^\s<>"]*(calendly\.com|goodtime\.io|greenhouse\.io/[^\s<>"]*schedul|app\.greenhouse\.io|hire\.lever\.co|lever\.co/[^\s<>"]*(schedul|interview)|ashbyhq\.com|doodle\.com|outlook\.office365\.com/owa/calendar|bookings\.microsoft|calendar\.app\.google|cal\.com|youcanbook\.me|prelude\.co|modernloop|gem\.com)`)},
	{name: "video meeting link", weight: 1, needsJob: true,
		re: rx(`https?://[^\s<>"]*(zoom\.us/j/|teams\.microsoft\.com/l/meetup-join|teams\.live\.com/meet|meet\.google\.com/|webex\.com/(meet|join|[^\s<>"]*j\.php)|whereby\.com/|bluejeans\.com/)`)},
	{name: "interview stage mentioned", weight: 1,
		re: rx(`\b(phone screen|screening call|technical interview|onsite|on-site|final round|second round|next round|2nd round|hiring manager|panel interview|coding interview|system design interview|zweite runde|n[äa]chste runde|second entretien|deuxi[èe]me entretien|segunda (ronda|entrevista)|entrevista t[ée]cnica)\b`)},
	{name: "date and time proposed", weight: 0.5,
		re: rx(`\b(monday|tuesday|wednesday|thursday|friday|tomorrow|montag|dienstag|mittwoch|donnerstag|freitag|morgen|lundi|mardi|mercredi|jeudi|vendredi|demain|lunes|martes|mi[ée]rcoles|jueves|viernes|ma[ñn]ana)\b[^\n]{0,40}\b\d{1,2}([:.h]\d{2})?\s*(am|pm|uhr|h)?\b`)},
	{name: "recruiter reaching out about a role", weight: 2,
		re: rx(`(came across|found|saw|reviewed) your (profile|background|cv|resume|r[ée]sum[ée])|your (profile|background) (stood out|caught|is a great)|would you be (open|interested) (to|in) (a|an)? ?(quick |short |brief )?(call|chat|conversation)|ihr profil (hat|ist)|votre profil (a retenu|m'a)|su perfil (nos|me) (ha|llam)`)},

	// Negative signals: the hard cases that talk about interviews or jobs
	// without inviting the user to one.
	{name: "rejection wording", weight: -4,
		re: rx(`unfortunately|regret to inform|not (to )?(be )?mov(e|ing) forward|decided to (pursue|proceed with) other|other candidates|position has been filled|leider|absage|nicht weiter ber[üu]cksichtigen|malheureusement|ne pas donner suite|lamentablemente|no continuar|otros candidatos`)},
	{name: "application receipt", weight: -2.5,
		re: rx(`(received|receipt of) your application|thank(s| you) for (applying|your application)|application (has been )?(received|submitted)|bewerbung (ist )?(bei uns )?eingegangen|vielen dank f[üu]r ihre bewerbung|candidature a bien [ée]t[ée] re[çc]ue|merci pour votre candidature|hemos recibido tu (solicitud|candidatura)|gracias por (tu|su) (solicitud|candidatura)`)},
	{name: "job alert or newsletter", weight: -2.5,
		re: rx(`job alert|jobs? (you may|that might) (be interested|like)|new jobs (for|matching)|recommended jobs|newsletter|weekly digest|unsubscribe from (these|this)|jobangebote f[üu]r sie|offres d'emploi|ofertas de empleo`)},
	{name: "offer letter", weight: -3,
		re: rx(`offer letter|(pleased|delighted|happy|thrilled) to (extend|offer you)|formal offer|your offer (package|details)|arbeitsvertrag|vertragsangebot|proposition d'embauche|lettre d'offre|carta de oferta|oferta (formal|de empleo) `)},
	{name: "media or podcast request", weight: -3,
		re: rx(`podcast|our (readers|listeners|audience)|journalist|magazine|(an? )?article (about|on)|press inquiry|episode|on air|feature you in|zeitschrift|rundfunk|presse|revista|periodista`)},
	{name: "asks you to interview someone else", weight: -3.5,
		re: rx(`(interview|assess|evaluate) (the |a |our )?candidates?\b|interview panel for (the )?candidate|(submit|fill in|complete) (your|the) scorecard|you('re| are| have been) (added|scheduled) as (an? )?interviewer|as an interviewer|feedback on (the )?candidate|kandidat(en|in)? (zu )?interviewen|[ée]valuer le candidat|entrevistar al candidato`)},
	{name: "survey or feedback request", weight: -3,
		re: rx(`survey|rate your (experience|interview)|how did we do|feedback (about|on) your (interview|candidate) experience|umfrage|sondage|encuesta`)},
	{name: "sales or vendor meeting", weight: -2.5,
		re: rx(`\b(product demo|a demo of|our (platform|solution|product) (can|helps|will)|pricing|free trial|procurement|partnership opportunity|quarterly business review)\b`)},
	{name: "assessment result", weight: -2,
		re: rx(`(test|assessment|challenge|coding exercise) (results?|score)|you (scored|passed)|ergebnisse (ihres|des) tests|r[ée]sultats? (de votre|du) test|resultados de (tu|su) prueba`)},
	{name: "social network notification", weight: -2.5,
		re: rx(`(viewed|endorsed) your profile|new connection|accepted your invitation|people you may know|hat ihr profil angesehen|a consult[ée] votre profil|vio tu perfil`)},
	{name: "thanks after an interview", weight: -1.5,
		re: rx(`thank(s| you) for (taking the time to )?(interview|meet|speak)ing with|thank(s| you) for (your time|coming in) (today|yesterday|earlier)|danke f[üu]r das (nette |angenehme )?gespr[äa]ch|merci pour (notre|l')entretien|gracias por la entrevista`)},
}

// jobContext says the mail is about a job or hiring at all; vendor and
// meeting links only count then (a Zoom link alone is not an interview).
var jobContext = rx(`\b(interview|recruit(er|ing|ment)?|talent|hiring|candidate|position|role|job|application|career|vorstellungsgespr[äa]ch|bewerbung|stelle|personal|entretien|candidature|poste|recrutement|entrevista|candidatura|puesto|vacante|selecci[óo]n)`)

var (
	reReminder   = rx(`\b(reminder|just a reminder|friendly reminder|erinnerung|rappel|recordatorio)\b`)
	reReschedule = rx(`\b(reschedul\w*|new time|moved (your|the) interview|change (of|to) (the )?(time|date)|verschieb\w*|neuer termin|terminverschiebung|reporter|reprogramar|reprogramaci[óo]n|nouvel horaire|nueva hora)`)
	reOutreach   = ruleNamed("recruiter reaching out about a role").re
	reInterview  = rx(`interview|vorstellungsgespr|gespr[äa]ch|entretien|entrevista|screen|call`)
)

func ruleNamed(name string) rule {
	for _, r := range rules {
		if r.name == name {
			return r
		}
	}
	panic("detect: no rule named " + name) // programming error, caught by tests
}
