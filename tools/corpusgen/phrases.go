package main

// Shared framing text: greetings, sign-offs, signatures, disclaimers and
// ATS footers. Index 0 of each pair is the train pool, index 1 the holdout
// pool, so holdout messages are framed with wording train never shows.

var greetings = map[string]map[string][2][]string{
	"en": {
		"informal": {{"Hi {me},", "Hello {me},", "Hey {me},"}, {"Hi there {me},", "Good morning {me},", "{me},"}},
		"formal":   {{"Dear {me},", "Dear {me_full},"}, {"Dear Ms. {me_last},", "Hello {me_full},"}},
	},
	"de": {
		"informal": {{"Hallo {me},", "Hi {me},"}, {"Liebe {me},", "Moin {me},"}},
		"formal":   {{"Sehr geehrte Frau {me_last},", "Guten Tag Frau {me_last},"}, {"Liebe Frau {me_last},", "Hallo Frau {me_last},"}},
	},
	"fr": {
		"informal": {{"Bonjour {me},", "Hello {me},"}, {"Salut {me},", "Chère {me},"}},
		"formal":   {{"Bonjour Madame {me_last},", "Madame,"}, {"Chère Madame {me_last},", "Bonjour {me_full},"}},
	},
	"es": {
		"informal": {{"Hola {me}:", "Hola {me},"}, {"¡Hola, {me}!", "Buenas tardes, {me}:"}},
		"formal":   {{"Estimada Sra. {me_last}:", "Estimada {me}:"}, {"Buenos días, Sra. {me_last}:", "Apreciada {me}:"}},
	},
}

var closings = map[string]map[string][2][]string{
	"en": {
		"informal": {{"Best,", "Best regards,", "Thanks,"}, {"Warmly,", "All the best,", "Cheers,"}},
		"formal":   {{"Kind regards,", "Sincerely,"}, {"Yours sincerely,", "With best regards,"}},
	},
	"de": {
		"informal": {{"Viele Grüße", "LG"}, {"Liebe Grüße", "Bis bald und viele Grüße"}},
		"formal":   {{"Mit freundlichen Grüßen", "Freundliche Grüße"}, {"Beste Grüße aus {city}", "Herzliche Grüße"}},
	},
	"fr": {
		"informal": {{"À très vite,", "Belle journée,"}, {"Bonne journée !", "À bientôt,"}},
		"formal":   {{"Bien cordialement,", "Cordialement,"}, {"Je vous prie d'agréer, Madame, l'expression de mes salutations distinguées.", "Bien à vous,"}},
	},
	"es": {
		"informal": {{"Un saludo,", "Saludos,"}, {"¡Un abrazo!", "Gracias y un saludo,"}},
		"formal":   {{"Un cordial saludo,", "Atentamente,"}, {"Reciba un cordial saludo,", "Quedo a su disposición.\nSaludos,"}},
	},
}

// Signature blocks for a named sender.
var sigBlocks = [2][]string{
	{"{sender}\n{sender_title} | {company}", "{sender}\n{sender_title}\n{company}\n{sender_phone}", "{sender}\n{sender_title}, {company}"},
	{"{sender} · {sender_title}\n{company} · {website}", "-- \n{sender}\n{sender_title}\n{company} | {city}", "{sender_first}\n\n{sender} | {sender_title} | {company}\n{sender_phone} | {website}"},
}

var teamSigs = map[string][2][]string{
	"en": {{"The {company} Recruiting Team", "{company} Talent Acquisition"}, {"The Talent Team at {company}", "{company} People Team"}},
	"de": {{"Ihr Recruiting-Team der {company}", "Das Talent-Acquisition-Team von {company}"}, {"Ihr People-Team | {company}", "Das Recruiting von {company}"}},
	"fr": {{"L'équipe recrutement – {company}", "L'équipe Talent chez {company}"}, {"Le service RH, {company}", "L'équipe People – {company}"}},
	"es": {{"El equipo de Selección de {company}", "Equipo de Talento – {company}"}, {"El equipo de Personas de {company}", "Departamento de RR. HH. de {company}"}},
}

var disclaimers = map[string][2][]string{
	"en": {
		{"CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended solely for the addressee and may contain confidential information. If you received it in error, please notify the sender and delete it.",
			"This message may contain privileged information. Unauthorised use, disclosure or copying is prohibited. {company} is a registered trade name; registered office: {address}."},
		{"The information in this email is confidential and intended only for the named recipient. Please consider the environment before printing this email."},
	},
	"de": {
		{"Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender und vernichten Sie diese E-Mail.\n{company} | Sitz: {city} | Registergericht: Amtsgericht {city}, HRB 000{n4} | Geschäftsführung: {person2}",
			"Informationen zum Umgang mit Ihren Bewerberdaten finden Sie in unserer Datenschutzerklärung: {website}/datenschutz"},
		{"Pflichtangaben: {company}, {address}. Vorstand/Geschäftsführung: {person2}. Diese Nachricht ist ausschließlich für den bezeichneten Adressaten bestimmt."},
	},
	"fr": {
		{"Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires. Toute utilisation non conforme à sa destination est interdite.",
			"Conformément au RGPD, vous disposez d'un droit d'accès et de rectification de vos données : {website}/confidentialite"},
		{"Avis de confidentialité : ce courriel est destiné uniquement à son destinataire. Si vous l'avez reçu par erreur, merci de le supprimer. {company} – {address}"},
	},
	"es": {
		{"Este mensaje y sus anexos son confidenciales y se dirigen exclusivamente a su destinatario. Si lo ha recibido por error, le rogamos que lo comunique al remitente y lo elimine.",
			"Protección de datos: {company} tratará sus datos con la finalidad de gestionar el proceso de selección. Puede ejercer sus derechos en {website}/privacidad"},
		{"AVISO LEGAL: La información contenida en este correo es confidencial. {company}, {address}. No imprima este correo si no es necesario."},
	},
}

var atsFooters = map[string][]string{
	"en": {"This email was sent by {company} using {ats}.", "Sent on behalf of {company} via {ats}. Manage your email preferences: {prefs_url}", "Powered by {ats} · Privacy policy: {privacy_url}"},
	"de": {"Diese E-Mail wurde von {company} über {ats} versendet.", "Versendet im Auftrag von {company} über {ats}. Datenschutz: {privacy_url}"},
	"fr": {"Cet e-mail vous a été envoyé par {company} via {ats}.", "Envoyé pour le compte de {company} via {ats}. Confidentialité : {privacy_url}"},
	"es": {"Este correo ha sido enviado por {company} a través de {ats}.", "Enviado en nombre de {company} mediante {ats}. Privacidad: {privacy_url}"},
}

var noReplyLines = map[string]string{
	"en": "Please do not reply to this email; this mailbox is not monitored.",
	"de": "Bitte antworten Sie nicht auf diese E-Mail, das Postfach wird nicht überwacht.",
	"fr": "Merci de ne pas répondre à cet e-mail, cette adresse n'est pas consultée.",
	"es": "Por favor, no responda a este correo: esta dirección no se supervisa.",
}

var meetingIDLabels = map[string][2]string{
	"en": {"Meeting ID", "Passcode"},
	"de": {"Meeting-ID", "Kenncode"},
	"fr": {"ID de réunion", "Code secret"},
	"es": {"ID de reunión", "Código de acceso"},
}

var andWord = map[string]string{"en": "and", "de": "und", "fr": "et", "es": "y"}

var durationWords = map[string]func(int) string{
	"en": func(m int) string {
		switch m {
		case 60:
			return "one hour"
		case 90:
			return "an hour and a half"
		case 120:
			return "two hours"
		case 180:
			return "three hours"
		case 240:
			return "four hours"
		}
		return itoa(m) + " minutes"
	},
	"de": func(m int) string {
		switch m {
		case 60:
			return "eine Stunde"
		case 90:
			return "90 Minuten"
		case 120:
			return "zwei Stunden"
		case 180:
			return "drei Stunden"
		case 240:
			return "vier Stunden"
		}
		return itoa(m) + " Minuten"
	},
	"fr": func(m int) string {
		switch m {
		case 60:
			return "une heure"
		case 90:
			return "1 h 30"
		case 120:
			return "deux heures"
		case 180:
			return "trois heures"
		case 240:
			return "quatre heures"
		}
		return itoa(m) + " minutes"
	},
	"es": func(m int) string {
		switch m {
		case 60:
			return "una hora"
		case 90:
			return "hora y media"
		case 120:
			return "dos horas"
		case 180:
			return "tres horas"
		case 240:
			return "cuatro horas"
		}
		return itoa(m) + " minutos"
	},
}

var rePrefix = map[string][]string{
	"en": {"Re: "},
	"de": {"AW: ", "Re: "},
	"fr": {"RE : ", "Re: "},
	"es": {"RE: ", "Re: "},
}
