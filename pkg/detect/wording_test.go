package detect_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/detect"
)

// TestUnseenWording checks the detector on invitations and hard negatives
// worded unlike anything in the corpus: the rules must carry the meaning,
// not the templates they were written from. Dates are resolved against
// the Date header of Mon 2 Mar 2026 09:00 CET.
func TestUnseenWording(t *testing.T) {
	const date = "\nDate: Mon, 02 Mar 2026 09:00:00 +0100"
	// Probes written for other trades (nursing, schools, shops, kitchens)
	// and their near misses, dated in November.
	const nov = "\nDate: Tue, 10 Nov 2026 09:00:00 +0100"
	tests := []struct {
		name, headers, body string
		want                bool
		kind                string
		times               []string // RFC 3339, compared as instants
		company, role       string
		location, format    string
		interviewers        []string
	}{
		{
			name:    "en: invitation with p.m. and ET",
			headers: "From: Dana Cole <dana@umbra.example>\nSubject: Platform Engineer at Umbra - next step" + date,
			body:    "Hi Alex,\n\nThanks for your interest in the Platform Engineer opening at Umbra. The hiring team would love to chat with you.\nAre you free for a 30-minute video call on Wednesday, March 11 at 2:30 p.m. ET? If not, send me a few times that suit you.\n\nDana Cole\nUmbra",
			want:    true, kind: "invitation", times: []string{"2026-03-11T14:30:00-04:00"}, company: "Umbra", role: "Platform Engineer", format: "video",
		},
		{
			name:    "en: onsite confirmed through an ATS, US date",
			headers: "From: Vela Systems <no-reply@smartrecruiters.com>\nReply-To: Jo Park <jo.park@velasystems.example>\nSubject: Your on-site interview is confirmed" + "\nDate: Mon, 02 Mar 2026 09:00:00 -0800",
			body:    "Hello Alex,\n\nYour on-site interview at Vela Systems is confirmed for 03/12/2026 at 9:30 AM PST.\nAddress: 100 Market St, San Francisco, CA 94105\n\nPlease bring a photo ID.\n\nJo Park\nRecruiting, Vela Systems",
			want:    true, kind: "invitation", times: []string{"2026-03-12T09:30:00-08:00"}, company: "Vela Systems", location: "100 Market St, San Francisco, CA 94105", format: "onsite",
		},
		{
			name:    "en: reschedule, pushed back",
			headers: "From: Sam Reed <sam@orbitlabs.example>\nSubject: Change to your technical interview" + date,
			body:    "Hi Alex,\n\nOur interviewer fell ill, so we need to push back your technical interview. Would Friday 13 March at 11:00 GMT work for you instead?\n\nSorry for the short notice,\nSam",
			want:    true, kind: "reschedule", times: []string{"2026-03-13T11:00:00Z"},
		},
		{
			name:    "en: reminder, tomorrow at 10",
			headers: "From: Orbit Labs Talent <talent@orbitlabs.example>\nSubject: See you tomorrow" + date,
			body:    "Hi Alex,\n\nA quick note to remind you that your panel interview with Orbit Labs takes place tomorrow at 10 at our office.\n\nBest,\nThe Orbit Labs team",
			want:    true, kind: "reminder", times: []string{"2026-03-03T10:00:00+01:00"},
		},
		{
			name:    "en: outreach",
			headers: "From: Priya Nair <priya@quasar.example>\nSubject: Senior Data Engineer at Quasar" + date,
			body:    "Hi Alex,\n\nI'm a talent partner at Quasar. We're growing our data team and your open-source work caught my eye. Do you have 15 minutes next week for an introductory call about our Senior Data Engineer role? Here's my calendar: https://calendly.com/priya-quasar/intro\n\nPriya",
			want:    true, kind: "outreach", role: "Senior Data Engineer",
		},
		{
			name:    "de: invitation on site, 14.00 Uhr",
			headers: "From: Lena Vogt <l.vogt@fichtenwerk.example>\nSubject: Ihre Bewerbung als Data Analyst (m/w/d)" + date,
			body:    "Guten Tag Herr Meier,\n\nvielen Dank für Ihre Unterlagen. Gerne möchten wir Sie persönlich kennenlernen und laden Sie zu einem Gespräch am 12.03.2026 um 14.00 Uhr in unser Büro ein.\nAdresse: Hauptstraße 5, 10115 Berlin\n\nBitte geben Sie uns kurz Bescheid.\n\nViele Grüße\nLena Vogt\nFichtenwerk GmbH",
			want:    true, kind: "invitation", times: []string{"2026-03-12T14:00:00+01:00"}, company: "Fichtenwerk GmbH", role: "Data Analyst (m/w/d)", location: "Hauptstraße 5, 10115 Berlin", format: "onsite",
		},
		{
			name:    "de: reschedule to übermorgen",
			headers: "From: Lena Vogt <l.vogt@fichtenwerk.example>\nSubject: Verlegung unseres Gesprächs" + date,
			body:    "Guten Tag Herr Meier,\n\nleider müssen wir unser Vorstellungsgespräch verlegen. Würde Ihnen stattdessen übermorgen um 10 Uhr passen?\n\nViele Grüße\nLena Vogt",
			want:    true, kind: "reschedule", times: []string{"2026-03-04T10:00:00+01:00"},
		},
		{
			name:    "fr: video interview, 10 h 30",
			headers: "From: Claire Martin <c.martin@atrium.example>\nSubject: Votre candidature chez Atrium" + date,
			body:    "Bonjour,\n\nSuite à votre candidature, nous souhaiterions échanger avec vous lors d'un entretien en visioconférence le mardi 10 mars à 10 h 30. Merci de nous confirmer votre disponibilité.\n\nCordialement,\nClaire Martin\nAtrium",
			want:    true, kind: "invitation", times: []string{"2026-03-10T10:30:00+01:00"}, format: "video",
		},
		{
			name:    "fr: reminder après-demain",
			headers: "From: Atrium Recrutement <recrutement@atrium.example>\nSubject: Rappel de votre entretien" + date,
			body:    "Bonjour,\n\nNous vous rappelons que votre entretien aura lieu après-demain à 15h dans nos locaux.\n\nL'équipe Atrium",
			want:    true, kind: "reminder", times: []string{"2026-03-04T15:00:00+01:00"},
		},
		{
			name:    "es: invitation, a las 4 de la tarde",
			headers: "From: Marta Ruiz <marta@nubeverde.example>\nSubject: Entrevista en Nube Verde" + date,
			body:    "Hola Lucía:\n\nNos gustaría conocerte en una entrevista por videollamada el jueves 12 de marzo a las 4 de la tarde. ¿Te viene bien?\n\nUn saludo,\nMarta Ruiz\nNube Verde",
			want:    true, kind: "invitation", times: []string{"2026-03-12T16:00:00+01:00"},
		},
		{
			name:    "es: outreach",
			headers: "From: Jorge Díaz <jorge@solaria.example>\nSubject: ¿Hablamos?" + date,
			body:    "Hola Lucía:\n\nHe visto tu perfil y creo que encajarías muy bien en el puesto de Ingeniera de Datos que estamos cubriendo en Solaria. ¿Tendrías 20 minutos esta semana para una llamada?\n\nJorge",
			want:    true, kind: "outreach",
		},
		{
			name:    "en: calendar mail without an attachment, bare Meet link",
			headers: "From: Google Calendar <calendar-notification@google.com>\nReply-To: Noor Ali <noor@nimbus.example>\nSubject: Invitation: Technical Interview - Alex Kim @ Thu Mar 12, 2026 4pm - 5pm (GMT)" + date,
			body:    "You have been invited to the following event.\n\nTechnical Interview - Alex Kim\nWhen: Thu Mar 12, 2026 4pm - 5pm (GMT)\nJoining info: meet.google.com/abc-defg-hij\nOrganizer: noor@nimbus.example\n\nInvitation from Google Calendar",
			want:    true, kind: "invitation", times: []string{"2026-03-12T16:00:00Z"}, format: "video",
		},
		{
			name:    "en: final round next Thursday the 12th, 1pm to 4pm",
			headers: "From: Noor Ali <noor@nimbus.example>\nSubject: Final round at Nimbus" + date,
			body:    "Hi Alex,\n\nWe'd be delighted to have you come in for a final round with our leadership team next Thursday, the 12th, from 1pm to 4pm. Let me know if that works and I'll send the details.\n\nNoor",
			want:    true, kind: "invitation", times: []string{"2026-03-12T13:00:00+01:00"}, format: "onsite",
		},
		{
			name:    "de: Teams-Call zwischen 10 und 11 Uhr",
			headers: "From: Jana Roth <jana.roth@birkenhof.example>\nSubject: Einladung zum Kennenlernen" + date,
			body:    "Hallo Frau Schmidt,\n\nwir würden uns freuen, Sie am Donnerstag, 12. März, zwischen 10 und 11 Uhr zu einem Teams-Call zu begrüßen. Passt Ihnen das?\n\nViele Grüße\nJana Roth",
			want:    true, kind: "invitation", times: []string{"2026-03-12T10:00:00+01:00"},
		},
		{
			name:    "fr: premier appel jeudi prochain vers 14 h",
			headers: "From: Hugo Blanc <hugo@lumen-rh.example>\nSubject: Poste de Data Analyst" + date,
			body:    "Bonjour,\n\nVotre profil a retenu notre attention pour le poste de Data Analyst. Seriez-vous disponible pour un premier appel de 20 min jeudi prochain vers 14 h ?\n\nHugo Blanc",
			want:    true, times: []string{"2026-03-05T14:00:00+01:00"},
		},
		{
			name:    "es: lunes 16 a las 10:00 (hora de Madrid)",
			headers: "From: Inés Gil <ines@rumbo.example>\nSubject: Entrevista con el equipo de producto" + date,
			body:    "Hola Lucía:\n\nTe escribo para proponerte una entrevista con el equipo de producto el próximo lunes 16 a las 10:00 (hora de Madrid). ¿Te encaja?\n\nInés",
			want:    true, kind: "invitation", times: []string{"2026-03-16T10:00:00+01:00"},
		},
		{
			name:    "en: outreach about a role, quick chat",
			headers: "From: Noor Ali <noor@nimbus.example>\nSubject: Staff Backend Engineer at Nimbus" + date,
			body:    "Hi Alex, hope you're well! I'm reaching out regarding a Staff Backend Engineer role at Nimbus. Your experience at Stripe really stood out. Would you be open to a quick chat this week?\n\nNoor",
			want:    true, kind: "outreach",
		},
		{
			name:    "en negative: job alert",
			headers: "From: JobFinder <alerts@jobfinder.example>\nSubject: 5 new jobs for Backend Engineer in Berlin" + date,
			body:    "5 new jobs match your search.\n\nBackend Engineer - Nimbus - Berlin\nPlatform Engineer - Umbra - Remote\n\nBe interview-ready: apply by Friday.\n\nUnsubscribe",
		},
		{
			name:    "en negative: one-way video interview completed",
			headers: "From: HireVue <no-reply@hirevue.com>\nSubject: Your interview is complete" + date,
			body:    "Hi Alex,\n\nThanks for completing your video interview for Nimbus. The hiring team will review your responses and get back to you.",
		},
		{
			name:    "de negative: Absage nach dem Gespräch",
			headers: "From: Jana Roth <jana.roth@birkenhof.example>\nSubject: Ihre Bewerbung" + date,
			body:    "Sehr geehrte Frau Schmidt,\n\nvielen Dank für das Gespräch am Montag. Wir haben uns leider für einen anderen Kandidaten entschieden.\n\nMit freundlichen Grüßen\nJana Roth",
		},
		{
			name:    "fr negative: candidature reçue",
			headers: "From: Lumen RH <noreply@lumen-rh.example>\nSubject: Candidature reçue" + date,
			body:    "Bonjour,\n\nNous avons bien reçu votre candidature pour le poste de Data Analyst. Si votre profil correspond, nous vous contacterons pour fixer un entretien.",
		},
		{
			name:    "es negative: fuera del proceso",
			headers: "From: Rumbo <seleccion@rumbo.example>\nSubject: Tu candidatura" + date,
			body:    "Hola Lucía:\n\nGracias por tu tiempo. Hemos decidido continuar con otros perfiles que se ajustan más a lo que buscamos.",
		},
		{
			name:    "en: reschedule from the old time to the new",
			headers: "From: Dana Cole <dana@quillon.example>\nSubject: Re: Your interview at Quillon" + date,
			body:    "Hi Sam,\n\nAll sorted: I have moved your interview from Wednesday 4 March at 11:00 CET to Friday 6 March at 15:30 CET. The video link stays the same.\n\nDana",
			want:    true, kind: "reschedule", times: []string{"2026-03-06T15:30:00+01:00"},
		},
		{
			name:    "de: alter Termin wird abgesagt, neuer angeboten",
			headers: "From: Lena Roth <lena.roth@falkwerk.example>\nSubject: Neuer Termin für Ihr Vorstellungsgespräch" + date,
			body:    "Guten Tag Herr Weber,\n\nleider müssen wir Ihr Vorstellungsgespräch am Donnerstag, 5. März um 10 Uhr absagen, da unser Teamleiter verreist ist.\n\nStattdessen können wir Ihnen Montag, 9. März um 14 Uhr anbieten. Passt Ihnen das?\n\nViele Grüße\nLena Roth",
			want:    true, kind: "reschedule", times: []string{"2026-03-09T14:00:00+01:00"},
		},
		{
			name:    "fr: créneau prévu annulé, un autre à la place",
			headers: "From: Hugo Petit <hugo.petit@ardoise.example>\nSubject: Modification de votre entretien" + date,
			body:    "Bonjour,\n\nJ'ai dû annuler le créneau prévu le mercredi 4 mars à 9h30 et je vous propose à la place le jeudi 12 mars à 16h, toujours en visio.\n\nBien à vous,\nHugo Petit",
			want:    true, kind: "reschedule", times: []string{"2026-03-12T16:00:00+01:00"},
		},
		{
			name:    "fr: jury listed with titles, no meeting word",
			headers: "From: Inès Morel <ines.morel@ardoise.example>\nSubject: Convocation – Chargé de mission" + date,
			body:    "Madame,\n\nVous êtes convoquée le mardi 10 mars à 10h00 au 4 place du Marché, 35000 Rennes.\n\nComposition du jury : Paul Girard (Directeur technique) et Léa Martin (Responsable RH).\n\nMerci de confirmer votre venue.\n\nInès Morel",
			want:    true, times: []string{"2026-03-10T10:00:00+01:00"}, interviewers: []string{"Paul Girard", "Léa Martin"},
		},
		{
			name:    "en: the interviewer named after 'will be'",
			headers: "From: Kit Nolan <kit@harbor.example>\nSubject: Design interview at Harbor" + date,
			body:    "Hi Alex,\n\nCould you do Thursday 12 March at 4pm GMT for the portfolio review? Your interviewer will be Priya Shah, Design Lead.\n\nKit",
			want:    true, times: []string{"2026-03-12T16:00:00Z"}, interviewers: []string{"Priya Shah"},
		},
		{
			name:    "de: Gesprächspartnerin, Anrede großgeschrieben",
			headers: "From: Jonas Beck <jonas.beck@lindwerk.example>\nSubject: Ihr zweites Gespräch" + date,
			body:    "Sehr geehrte Frau Kaya,\n\nim zweiten Gespräch am Freitag, 13. März um 11 Uhr lernen Sie Eva Brandt (Leiterin Controlling) kennen.\n\nBitte bestätigen Sie den Termin.\n\nJonas Beck",
			want:    true, times: []string{"2026-03-13T11:00:00+01:00"}, interviewers: []string{"Eva Brandt"},
		},
		{
			name:    "en: nurse recruiter (outside tech)",
			headers: "From: Maria Gomez <mgomez@stlukes-health.example>\nTo: Alex <alex@mailbox.example>\nSubject: RN position - 3 West" + nov,
			body:    "Hi Alex,\n\nThis is Maria from St. Luke's talent team. The nurse manager on 3 West reviewed your application and would like to meet you. Are you able to come in Thursday the 19th at 1:30? It should take about 45 minutes. Please bring your license.\n\nThanks,\nMaria",
			want:    true,
		},
		{
			name:    "en: teacher (outside tech)",
			headers: "From: Principal Okoye <okoye@riverside-academy.example>\nTo: Alex <alex@mailbox.example>\nSubject: Your application - Year 5 teacher" + nov,
			body:    "Dear Alex,\n\nThank you for applying. We would be delighted if you could join us on Monday 23 November from 9:00 to 12:00 for a tour, a short lesson observation and a conversation with me and our deputy head.\n\nPlease let the school office know if this is convenient.\n\nKind regards,\nJ. Okoye\nHeadteacher, Riverside Academy",
			want:    true,
		},
		{
			name:    "en: terse recruiter (outside tech)",
			headers: "From: Tom <tom@staffhub.example>\nTo: Alex <alex@mailbox.example>\nSubject: quick call" + nov,
			body:    "Alex - got a warehouse ops manager role, great fit for you. free for 10 mins tomorrow 2pm?\n\nTom",
			want:    true,
		},
		{
			name:    "en: warehouse ATS (outside tech)",
			headers: "From: Hiring Team <noreply@workday.example>\nTo: Alex <alex@mailbox.example>\nSubject: Next step: Shift Supervisor" + nov,
			body:    "Hello Alex,\n\nGood news! You have been shortlisted for Shift Supervisor. Select a time for your interview using the link below.\n\nhttps://calendly.com/acme-logistics/supervisor-interview\n\nAcme Logistics Talent",
			want:    true,
		},
		{
			name:    "de: Pflege (outside tech)",
			headers: "From: Sabine Koch <s.koch@klinikum-nord.example>\nTo: Alex <alex@mailbox.example>\nSubject: Ihre Bewerbung als Pflegefachkraft" + nov,
			body:    "Liebe Frau Yilmaz,\n\nvielen Dank für Ihre Bewerbung. Wir möchten Sie gerne persönlich kennenlernen und schlagen Mittwoch, den 25.11., 10:00 Uhr auf Station 4 vor. Melden Sie sich bitte an der Pforte.\n\nHerzliche Grüße\nSabine Koch\nPflegedirektion",
			want:    true,
		},
		{
			name:    "fr: restaurant (outside tech)",
			headers: "From: Chef Martin <martin@bistrot-des-halles.example>\nTo: Alex <alex@mailbox.example>\nSubject: Candidature commis de cuisine" + nov,
			body:    "Bonjour,\n\nMerci pour ton CV. Passe nous voir samedi 21 à 15h, entre les services, on fera un essai en cuisine d'une heure.\n\nMartin\nBistrot des Halles",
			want:    true,
		},
		{
			name:    "es: comercio (outside tech)",
			headers: "From: Lucía Pérez <lucia@tiendas-sol.example>\nTo: Alex <alex@mailbox.example>\nSubject: Proceso de selección dependiente" + nov,
			body:    "Hola Ana:\n\nHemos revisado tu candidatura para dependienta en nuestra tienda de Valencia. ¿Podrías venir el jueves 19 de noviembre a las 17:00 para una entrevista con la encargada?\n\nUn saludo,\nLucía Pérez\nRRHH Tiendas Sol",
			want:    true,
		},
		{
			name:    "en negative: dentist",
			headers: "From: Smile Dental <appointments@smiledental.example>\nTo: Alex <alex@mailbox.example>\nSubject: Appointment reminder" + nov,
			body:    "Hi Alex, this is a reminder of your cleaning appointment on Thursday 19 November at 10:00 with Dr. Reyes. Reply C to confirm.",
			want:    false,
		},
		{
			name:    "en negative: podcast",
			headers: "From: Sam Host <sam@devtalk-podcast.example>\nTo: Alex <alex@mailbox.example>\nSubject: Guest on DevTalk?" + nov,
			body:    "Hi Alex,\n\nI host DevTalk, a podcast about engineering careers. Would you like to be interviewed for an episode? We record remotely; pick a slot here: https://calendly.com/devtalk/recording\n\nSam",
			want:    false,
		},
		{
			name:    "en negative: you interview",
			headers: "From: Priya <priya@mycorp.example>\nTo: Alex <alex@mailbox.example>\nSubject: Can you interview a candidate Thursday?" + nov,
			body:    "Hi Alex, could you take the 2pm interview with a backend candidate on Thursday? I'll send the CV and scorecard.\n\nPriya",
			want:    false,
		},
		{
			name:    "de negative: Absage mit Termin",
			headers: "From: Personal <bewerbung@firma.example>\nTo: Alex <alex@mailbox.example>\nSubject: Ihre Bewerbung" + nov,
			body:    "Sehr geehrte Frau Yilmaz,\n\nleider müssen wir Ihnen mitteilen, dass wir uns für eine andere Bewerberin entschieden haben. Das für Donnerstag, 19.11. um 10 Uhr geplante Gespräch entfällt daher.\n\nMit freundlichen Grüßen",
			want:    false,
		},
		{
			name:    "en negative: thank you",
			headers: "From: Dana <dana@acme.example>\nTo: Alex <alex@mailbox.example>\nSubject: Thanks for today" + nov,
			body:    "Hi Alex, thanks for coming in today and meeting the team. We'll be in touch by Friday with next steps.\n\nDana",
			want:    false,
		},
		{
			name:    "en: outreach agency (probe)",
			headers: "From: Rhys Bell <rhys@northbridge-search.example>\nTo: Alex <alex@mailbox.example>\nSubject: Finance Director opportunity" + nov,
			body:    "Hi Alex,\n\nI'm working with a family-owned manufacturer near Leeds on a Finance Director appointment. Your background at Carrow looks like a strong match. Would you have 20 minutes on Thursday or Friday afternoon for a confidential conversation?\n\nBest,\nRhys Bell\nNorthbridge Search",
			want:    true,
		},
		{
			name:    "en: reminder tomorrow (probe)",
			headers: "From: Jess Park <jess@brightline.example>\nTo: Alex <alex@mailbox.example>\nSubject: See you tomorrow" + nov,
			body:    "Hi Alex,\n\nJust a quick note ahead of tomorrow's 11:00 conversation with Omar and me. We'll meet at our office on Canal Street; ask for me at reception.\n\nJess\nBrightline",
			want:    true,
		},
		{
			name:    "en: video ATS (probe)",
			headers: "From: Greenleaf Careers <careers@greenleaf-energy.example>\nTo: Alex <alex@mailbox.example>\nSubject: Video interview - Field Technician" + nov,
			body:    "Dear Alex,\n\nWe are pleased to invite you to a video interview for the Field Technician role on 18 November 2026 at 10:30 (GMT). The interview will take place on Microsoft Teams: https://teams.microsoft.com/l/meetup-join/abc123\n\nGreenleaf Energy Recruitment",
			want:    true,
		},
		{
			name:    "de: Reminder (probe)",
			headers: "From: Lea Hartmann <lea.hartmann@stadtwerke-ulm.example>\nTo: Alex <alex@mailbox.example>\nSubject: Morgen 10 Uhr" + nov,
			body:    "Hallo Herr Demir,\n\nkurz zur Erinnerung an unser Gespräch morgen um 10 Uhr bei uns im Verwaltungsgebäude, Zimmer 214.\n\nBis morgen\nLea Hartmann\nStadtwerke Ulm",
			want:    true,
		},
		{
			name:    "de: Terminvorschläge (probe)",
			headers: "From: Tobias Graf <t.graf@graf-elektro.example>\nTo: Alex <alex@mailbox.example>\nSubject: Ihre Bewerbung Elektroniker" + nov,
			body:    "Hallo Herr Demir,\n\ndanke für Ihre Unterlagen. Ich würde Sie gern kennenlernen. Geht bei Ihnen Dienstag 17 Uhr oder Donnerstag 8 Uhr?\n\nGruß\nTobias Graf\nGraf Elektrotechnik",
			want:    true,
		},
		{
			name:    "fr: visio (probe)",
			headers: "From: Claire Roux <claire.roux@mutuelle-atlantique.example>\nTo: Alex <alex@mailbox.example>\nSubject: Votre candidature – conseiller clientèle" + nov,
			body:    "Bonjour Monsieur Diallo,\n\nVotre profil a retenu notre attention. Je vous propose un échange en visio mardi 17 novembre à 14h30. Voici le lien : https://meet.google.com/abc-defg-hij\n\nCordialement,\nClaire Roux\nMutuelle Atlantique",
			want:    true,
		},
		{
			name:    "es: video (probe)",
			headers: "From: Javier Ortega <jortega@clinica-levante.example>\nTo: Alex <alex@mailbox.example>\nSubject: Entrevista auxiliar de enfermería" + nov,
			body:    "Hola Carmen:\n\nNos gustaría conocerte por videollamada el miércoles 18 de noviembre a las 12:00. Te dejo el enlace: https://zoom.us/j/99887766\n\nSaludos,\nJavier Ortega\nClínica Levante",
			want:    true,
		},
		{
			name:    "es: agenda (probe)",
			headers: "From: Equipo de Selección <seleccion@grupo-ribera.example>\nTo: Alex <alex@mailbox.example>\nSubject: Elige tu horario" + nov,
			body:    "Hola Carmen:\n\nHas pasado a la siguiente fase del proceso de Administrativa. Reserva tu entrevista aquí: https://calendly.com/grupo-ribera/entrevista\n\nEquipo de Selección, Grupo Ribera",
			want:    true,
		},
		{
			name:    "en negative: webinar (probe)",
			headers: "From: CareerBoost <events@careerboost.example>\nTo: Alex <alex@mailbox.example>\nSubject: Tonight: salary negotiation live" + nov,
			body:    "Hi Alex,\n\nJoin us tonight at 7pm for a live session on negotiating your next offer. Link: https://zoom.us/j/5551234\n\nUnsubscribe",
			want:    false,
		},
		{
			name:    "en negative: offer call (probe)",
			headers: "From: Dana <dana@acme.example>\nTo: Alex <alex@mailbox.example>\nSubject: Offer details" + nov,
			body:    "Hi Alex, we're delighted to offer you the role! Can we hop on a call Thursday at 3pm to walk through the package and start date?\n\nDana",
			want:    false,
		},
		{
			name:    "de negative: Kundentermin (probe)",
			headers: "From: Jan Vogt <jan.vogt@softline-crm.example>\nTo: Alex <alex@mailbox.example>\nSubject: Demo unseres CRM" + nov,
			body:    "Hallo Herr Demir,\n\nwie besprochen zeige ich Ihnen gern unser CRM in einer 30-minütigen Demo. Passt Ihnen Mittwoch 14 Uhr?\n\nJan Vogt\nVertrieb, Softline",
			want:    false,
		},
		{
			name:    "es negative: encuesta (probe)",
			headers: "From: Grupo Ribera <encuestas@grupo-ribera.example>\nTo: Alex <alex@mailbox.example>\nSubject: ¿Qué tal tu entrevista?" + nov,
			body:    "Hola Carmen:\n\nGracias por participar en nuestro proceso. Nos ayudarías respondiendo a esta breve encuesta sobre tu entrevista del martes: https://forms.example/xyz\n\nGracias",
			want:    false,
		},
		{
			name:    "en negative: recruiter rejection w time (probe)",
			headers: "From: Jess <jess@brightline.example>\nTo: Alex <alex@mailbox.example>\nSubject: Update" + nov,
			body:    "Hi Alex, thanks for your time on Tuesday at 11. Unfortunately we've decided to move forward with another candidate. Best of luck.",
			want:    false,
		},
		{
			name:    "en: the new time before 'instead of' the old day",
			headers: "From: Omar Haddad <omar@brightline.example>\nTo: Alex <alex@mailbox.example>\nSubject: Your interview at Brightline" + nov,
			body:    "Alex, something came up on my side. Can we do your interview on Friday, 10 a.m. instead of Thursday? Same place.\n\nOmar",
			want:    true, times: []string{"2026-11-13T10:00:00+01:00"},
		},
		{
			name:    "en negative: 1:1 with manager (probe)",
			headers: "From: Priya Shah <priya@mycorp.example>\nTo: Alex <alex@mailbox.example>\nSubject: 1:1 moved" + nov,
			body:    "Hi Alex, I've moved our 1:1 to Thursday 3pm - clash with the board prep. Same room.\n\nPriya",
			want:    false,
		},
		{
			name:    "en negative: vendor demo (probe)",
			headers: "From: Luke from Hirely <luke@hirely.example>\nTo: Alex <alex@mailbox.example>\nSubject: Quick demo of Hirely's interview scheduling" + nov,
			body:    "Hi Alex,\n\nI noticed Northwind is hiring fast. Hirely automates interview scheduling for recruiting teams. Could I show you a 20-minute demo on Thursday at 2pm?\n\nLuke, Account Executive",
			want:    false,
		},
		{
			name:    "en negative: candidate feedback request (probe)",
			headers: "From: Greenhouse <no-reply@greenhouse.io>\nTo: Alex <alex@mailbox.example>\nSubject: Scorecard due: Backend Engineer interview" + nov,
			body:    "Hi Alex,\n\nYour scorecard for the interview with Jordan Lee on Monday 9 November at 11:00 is overdue. Please submit it here: https://app.greenhouse.io/scorecards/123",
			want:    false,
		},
		{
			name:    "en negative: rejection after interview (probe)",
			headers: "From: Acme Talent <talent@acme.example>\nTo: Alex <alex@mailbox.example>\nSubject: Your interview with Acme" + nov,
			body:    "Dear Alex,\n\nThank you for interviewing with us on Monday. After careful consideration we will not be moving forward. We wish you every success.\n\nAcme Talent",
			want:    false,
		},
		{
			name:    "en negative: offer call (probe)",
			headers: "From: Sara <sara@acme.example>\nTo: Alex <alex@mailbox.example>\nSubject: Good news!" + nov,
			body:    "Hi Alex, I'm thrilled to tell you we'd like to make you an offer for the Data Analyst role. Are you free Thursday at 4pm to go through the details?\n\nSara",
			want:    false,
		},
		{
			name:    "de negative: Zahnarzt (probe)",
			headers: "From: Praxis Dr. Weber <termine@praxis-weber.example>\nTo: Alex <alex@mailbox.example>\nSubject: Terminbestätigung" + nov,
			body:    "Sehr geehrte Frau Demir,\n\nhiermit bestätigen wir Ihren Termin am Donnerstag, 19.11., um 9:30 Uhr.\n\nIhre Praxis Dr. Weber",
			want:    false,
		},
		{
			name:    "de negative: Podcast (probe)",
			headers: "From: Jonas <jonas@techtalk-podcast.example>\nTo: Alex <alex@mailbox.example>\nSubject: Gast in unserem Podcast?" + nov,
			body:    "Hallo Frau Demir,\n\nwir würden Sie gern für unseren Podcast interviewen. Hätten Sie am Donnerstag um 15 Uhr Zeit für die Aufnahme?\n\nJonas",
			want:    false,
		},
		{
			name:    "fr negative: newsletter (probe)",
			headers: "From: Cadremploi <news@cadremploi.example>\nTo: Alex <alex@mailbox.example>\nSubject: 5 conseils pour réussir votre entretien" + nov,
			body:    "Bonjour,\n\nCette semaine : comment préparer votre entretien d'embauche. Webinaire gratuit jeudi 19 novembre à 18h.\n\nSe désinscrire",
			want:    false,
		},
		{
			name:    "es negative: reunión de vecinos (probe)",
			headers: "From: Comunidad Calle Mayor 5 <admin@fincas-sol.example>\nTo: Alex <alex@mailbox.example>\nSubject: Convocatoria junta de vecinos" + nov,
			body:    "Estimados vecinos:\n\nSe convoca junta ordinaria el jueves 19 de noviembre a las 19:00 en el portal.\n\nLa administración",
			want:    false,
		},
		{
			name:    "en: interview invite w/ salary (probe)",
			headers: "From: Tom Reid <tom@brightpath.example>\nTo: Alex <alex@mailbox.example>\nSubject: Interview - Operations Manager" + nov,
			body:    "Hi Alex,\n\nThanks for applying. The role pays 55-60k plus bonus. We'd like to invite you to an interview on Thursday 19 November at 10:00 at our Leeds office.\n\nTom",
			want:    true,
		},
		{
			name:    "en: reminder with job (probe)",
			headers: "From: Acme Recruiting <recruiting@acme.example>\nTo: Alex <alex@mailbox.example>\nSubject: Reminder: your interview tomorrow" + nov,
			body:    "Hi Alex, a reminder that your interview for the Data Analyst role is tomorrow at 10:00. Reply if anything changes.",
			want:    true,
		},
		{
			name:    "en negative: team offsite invitation",
			headers: "From: Chris <chris@mycorp.example>\nSubject: Invitation: Team offsite planning @ Wed Mar 11, 2026 2pm - 3pm (CET)" + date,
			body:    "Team offsite planning\nWhen: Wed Mar 11, 2026 2pm - 3pm (CET)\nJoin Zoom Meeting: https://zoom.us/j/123456789\nAgenda: venue, budget, dates.",
		},
		{
			name:    "en negative: interview with our CEO on the blog",
			headers: "From: Nimbus Blog <blog@nimbus.example>\nSubject: Interview with our CEO" + date,
			body:    "In this month's newsletter: an interview with our CEO about hiring, remote work and what's next. Read the full Q&A on our blog.\n\nUnsubscribe",
		},
		{
			name:    "en: ATS table, ISO date and UTC offset",
			headers: "From: Kestrel <notifications@ashbyhq.com>\nReply-To: Ana Ruiz <ana@kestrel.example>\nSubject: Interview scheduled: Backend Engineer" + date,
			body:    "Hi Alex,\n\nYour interview for the Backend Engineer role has been scheduled.\n\nDate: 2026-03-12\nTime: 14:00 - 15:00 UTC+1\nInterviewers: Ana Ruiz, Tom Lee\nLocation: https://zoom.us/j/987654321\n\nIf you need to reschedule, reply to this email.",
			want:    true, kind: "invitation", times: []string{"2026-03-12T14:00:00+01:00"}, format: "video",
		},
		{
			name:    "fr: date numérique et heure",
			headers: "From: Paul Durand <p.durand@orme.example>\nSubject: Entretien – Chef de projet" + date,
			body:    "Bonjour Madame,\n\nNous avons le plaisir de vous proposer un entretien le 12/03/2026 à 15:00 dans nos bureaux, 8 rue de la Paix, 75002 Paris.\n\nMerci de nous confirmer votre présence.\n\nPaul Durand",
			want:    true, kind: "invitation", times: []string{"2026-03-12T15:00:00+01:00"}, location: "8 rue de la Paix, 75002 Paris", format: "onsite",
		},
		{
			name:    "es: reprogramación",
			headers: "From: Inés Gil <ines@rumbo.example>\nSubject: Cambio en tu entrevista" + date,
			body:    "Hola Lucía:\n\nPor un imprevisto tenemos que aplazar tu entrevista. ¿Podrías el viernes 13 de marzo a las 12:30?\n\nPerdona las molestias,\nInés",
			want:    true, kind: "reschedule", times: []string{"2026-03-13T12:30:00+01:00"},
		},
		{
			name:    "de: Erinnerung morgen",
			headers: "From: Birkenhof Recruiting <noreply@personio.de>\nSubject: Ihr Termin morgen" + date,
			body:    "Hallo Frau Schmidt,\n\nwir freuen uns auf das Vorstellungsgespräch morgen um 9:30 Uhr. Den Zugangslink finden Sie hier: https://teams.microsoft.com/l/meetup-join/abc\n\nIhr Birkenhof-Team",
			want:    true, times: []string{"2026-03-03T09:30:00+01:00"}, format: "video",
		},
		{
			name:    "en negative: coding assessment to complete",
			headers: "From: Codility <no-reply@codility.com>\nSubject: Your coding test for Nimbus" + date,
			body:    "Hi Alex,\n\nNimbus has invited you to complete a coding test. The test takes 90 minutes. Please complete it by Friday, March 6.\n\nStart the test: https://app.codility.com/test/abc",
		},
		{
			name:    "en negative: you are asked for your availability as an interviewer",
			headers: "From: Recruiting Ops <recruiting@mycorp.example>\nSubject: Availability request: onsite loop" + date,
			body:    "Hi Alex,\n\nWe're scheduling an onsite loop for a Senior Engineer candidate next week. Please share your availability to interview on Tuesday or Wednesday between 10am and 4pm.",
		},
		{
			name:    "en negative: career fair",
			headers: "From: City Tech Meetup <events@citytech.example>\nSubject: Join our hiring fair on March 12" + date,
			body:    "Meet 40 hiring companies at our spring career fair on Thursday, March 12 from 5pm to 9pm. Bring your CV! Register here: https://citytech.example/fair\n\nUnsubscribe from event emails",
		},
		{
			name:    "de negative: Podcast-Anfrage",
			headers: "From: Tom Berg <tom@techfunk.example>\nSubject: Interviewanfrage" + date,
			body:    "Hallo Alex,\n\nfür unseren Podcast würden wir dich gerne zu deiner Arbeit an Open-Source-Tools interviewen. Hättest du am Donnerstag um 15 Uhr Zeit für eine Aufnahme?\n\nTom",
		},
		{
			name:    "fr negative: refus",
			headers: "From: Orme RH <rh@orme.example>\nSubject: Votre candidature" + date,
			body:    "Madame,\n\nNous vous remercions pour l'entretien du 2 mars. Après réflexion, nous ne pouvons pas donner une suite favorable à votre candidature.",
		},
		{
			name:    "es negative: recordatorio de la dentista",
			headers: "From: Clínica Sonrisa <citas@sonrisa.example>\nSubject: Recordatorio de su cita" + date,
			body:    "Le recordamos su cita el jueves 12 de marzo a las 10:00. Si no puede acudir, avísenos con 24 horas de antelación.",
		},
		{
			name:    "en negative: offer with a call to discuss it",
			headers: "From: Noor Ali <noor@nimbus.example>\nSubject: Your offer from Nimbus" + date,
			body:    "Hi Alex,\n\nCongratulations! We're thrilled to offer you the Staff Backend Engineer position. Your offer letter is attached. Let's schedule a call to walk through the package - would Thursday at 4pm work?\n\nNoor",
		},
		{
			name:    "en negative: rejection that offers to stay in touch",
			headers: "From: Noor Ali <noor@nimbus.example>\nSubject: Staff Backend Engineer" + date,
			body:    "Hi Alex,\n\nThank you for interviewing with us. Unfortunately, we've decided to move forward with another candidate. We'd love to stay in touch for future roles.\n\nNoor",
		},
		{
			name:    "en negative: interview cancelled, position filled",
			headers: "From: Noor Ali <noor@nimbus.example>\nSubject: Interview on Thursday cancelled" + date,
			body:    "Hi Alex,\n\nI'm sorry to let you know that we have to cancel your interview on Thursday at 3pm: the position has been filled internally.\n\nNoor",
		},
		{
			name:    "en negative: webinar on interviewing with a Zoom link",
			headers: "From: Career Lab <events@careerlab.example>\nSubject: Live: ace your technical interview" + date,
			body:    "Join our free webinar on Thursday, March 12 at 6pm CET: how to ace your technical interview.\n\nZoom: https://zoom.us/j/5550001\n\nYou are receiving this because you subscribed to Career Lab events. Unsubscribe",
		},
		{
			name:    "en negative: newsletter from a job board about interviews",
			headers: "From: JobFinder <news@jobfinder.example>\nSubject: This week: interview invitations are up 20%" + date,
			body:    "Our data shows candidates received 20% more interview invitations this month. Here are five tips to prepare.\n\nRead more on our blog.\n\nUnsubscribe",
		},
		{
			name:    "en negative: rejection after meeting the team",
			headers: "From: Vela Systems <no-reply@smartrecruiters.com>\nSubject: Your application at Vela Systems" + date,
			body:    "Hi Alex,\n\nThank you for meeting with our team last Tuesday. After much deliberation, we will not be progressing your application further. We wish you all the best.",
		},
		{
			name:    "en negative: application received, conditional",
			headers: "From: Umbra Careers <jobs@umbra.example>\nSubject: We've got your application" + date,
			body:    "Hi Alex,\n\nWe've got your application for Product Designer! Our team will review it and, should your profile match, reach out to arrange a first conversation.",
		},
		{
			name:    "en negative: on-camera interview for a video series",
			headers: "From: Max Stone <max@techtalks.example>\nSubject: Interview for TechTalks" + date,
			body:    "Hi Alex,\n\nI'm producing a video series for TechTalks and would love to interview you on camera about your open-source work for an upcoming episode. Would Tuesday at 2pm work?",
		},
		{
			name:    "en negative: asked to sit on a panel",
			headers: "From: Kim Ito <kim@mycorp.example>\nSubject: Panel for Thursday" + date,
			body:    "Hi Alex,\n\nCould you sit on the interview panel for our Staff Engineer candidate on Thursday at 11? Please leave your feedback in Lever afterwards.",
		},
		{
			name:    "en negative: sales call",
			headers: "From: Ray Burns <ray@acmecrm.example>\nSubject: 20 minutes on Thursday?" + date,
			body:    "Hi Alex,\n\nI'd love to walk you through how our CRM helps engineering teams ship faster. Can I grab 20 minutes on your calendar Thursday at 3pm? Here's a link to pick a time: https://calendly.com/ray-acme/demo",
		},
		{
			name:    "de negative: newsletter with webinar",
			headers: "From: Karriere-Newsletter <news@karriere.example>\nSubject: So meistern Sie das Vorstellungsgespräch" + date,
			body:    "Liebe Leserinnen und Leser,\n\nin unserem Webinar am Donnerstag um 18 Uhr zeigen wir, wie Sie im Vorstellungsgespräch überzeugen. Jetzt anmelden!\n\nNewsletter abbestellen",
		},
		{
			name:    "fr negative: survey",
			headers: "From: Atrium <sondage@atrium.example>\nSubject: Votre avis compte" + date,
			body:    "Bonjour,\n\nComment s'est déroulé votre entretien avec Atrium ? Répondez à notre questionnaire en 3 minutes, vos réponses restent anonymes.",
		},
		{
			name:    "es negative: offer",
			headers: "From: Marta Ruiz <marta@nubeverde.example>\nSubject: Oferta" + date,
			body:    "Hola Lucía:\n\nNos complace ofrecerte el puesto de Desarrolladora Backend. Adjuntamos la carta de oferta con el salario y la fecha de incorporación. Te agradeceríamos una respuesta antes del 10 de marzo.",
		},
		{
			name:    "en negative: coffee with a friend",
			headers: "From: Jamie <jamie@mail.example>\nSubject: coffee?" + date,
			body:    "Hey! Are you free for coffee Saturday at 11? Want to hear all about the new job!",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := detect.Classify(mail(tt.headers, tt.body))
			if r.IsInvitation != tt.want {
				t.Fatalf("IsInvitation = %v (raw %.2f), want %v; reasons:\n%s", r.IsInvitation, r.Raw, tt.want, strings.Join(r.Reasons, "\n"))
			}
			if !tt.want {
				return
			}
			if tt.kind != "" && r.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", r.Kind, tt.kind)
			}
			if tt.times != nil {
				ok := len(r.ProposedTimes) == len(tt.times)
				for i := 0; ok && i < len(tt.times); i++ {
					want, _ := time.Parse(time.RFC3339, tt.times[i])
					ok = r.ProposedTimes[i].Equal(want)
				}
				if !ok {
					t.Errorf("ProposedTimes = %v, want %v", r.ProposedTimes, tt.times)
				}
			}
			if tt.interviewers != nil && !slices.Equal(r.Interviewers, tt.interviewers) {
				t.Errorf("Interviewers = %q, want %q", r.Interviewers, tt.interviewers)
			}
			for _, f := range []struct{ name, got, want string }{
				{"Company", r.Company, tt.company}, {"Role", r.Role, tt.role}, {"Location", r.Location, tt.location}, {"Format", r.Format, tt.format},
			} {
				if f.want != "" && f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
		})
	}
}

// TestAmbiguousNumericDates: 03/12/2026 is read the way that lies ahead of
// the Date header, whatever the language's habit.
func TestAmbiguousNumericDates(t *testing.T) {
	for _, tt := range []struct{ date, body, want string }{
		{"Sat, 28 Nov 2026 10:00:00 +0000", "We would like to invite you to an interview on 12/03/2026 at 15:00 GMT for the Data Engineer role.", "2026-12-03T15:00:00Z"},
		{"Mon, 02 Mar 2026 10:00:00 +0100", "Nous souhaitons vous inviter à un entretien le 12/03/2026 à 15:00 (heure de Paris) pour le poste de Data Engineer.", "2026-03-12T15:00:00+01:00"},
		{"Mon, 02 Mar 2026 10:00:00 -0500", "We would like to invite you to an interview on 03/12/2026 at 3:00 PM ET for the Data Engineer role.", "2026-03-12T15:00:00-04:00"},
	} {
		r := detect.Classify(mail("From: Kim <kim@globex.example>\nSubject: Interview\nDate: "+tt.date, tt.body))
		want, _ := time.Parse(time.RFC3339, tt.want)
		if len(r.ProposedTimes) != 1 || !r.ProposedTimes[0].Equal(want) {
			t.Errorf("%s: ProposedTimes = %v, want %s", tt.body, r.ProposedTimes, tt.want)
		}
	}
}

// TestRangesAndOldTimes: ranges whose start is not a clock on its own, and
// the old time of a move, in the four languages.
func TestRangesAndOldTimes(t *testing.T) {
	for _, tt := range []struct{ date, subject, body, want string }{
		{"Tue, 10 Nov 2026 09:00:00 -0800", "Interview arrangements", "I am pleased to invite you to an interview.\n\nDate and time: Mon, Dec 7, 2026, 4–5 p.m. Pacific Time\nVenue: 3900 Hangar Way, El Segundo, CA 90245", "2026-12-07T16:00:00-08:00"},
		{"Tue, 10 Nov 2026 09:00:00 +0100", "Einladung zum Videointerview", "wir laden Sie herzlich zu einem Videointerview ein.\n\nTermin: Mittwoch, 18.11., 09.00 - 10.00 Uhr (MEZ)\n\nhttps://meet.google.com/abc-defg-hij", "2026-11-18T09:00:00+01:00"},
		{"Tue, 10 Nov 2026 09:00:00 +0100", "Su entrevista", "Le escribo para concretar su entrevista por videollamada.\n\nFecha y hora: lunes, 16 de nov., de 11.15 a 11.45 h (hora española)", "2026-11-16T11:15:00+01:00"},
		{"Tue, 10 Nov 2026 09:00:00 +0100", "Fase final", "Nos complace invitarle a la fase final del proceso. Será el día 13 de noviembre de 2026, entre las 09:00 y las 13:00 (hora de Bogotá), en nuestras oficinas.", "2026-11-13T09:00:00-05:00"},
		{"Tue, 10 Nov 2026 09:00:00 +0000", "Change to your interview", "I'm sorry: Kim Lee, who was due to lead your interview on Wed, Nov 18, 2026 at 11:30 a.m. London time, is off sick. Could we move it to Thu, Nov 26, 2026 at 11:30 a.m. London time instead?", "2026-11-26T11:30:00Z"},
	} {
		r := detect.Classify(mail("From: Kim <kim@globex.example>\nSubject: "+tt.subject+"\nDate: "+tt.date, tt.body))
		want, _ := time.Parse(time.RFC3339, tt.want)
		if len(r.ProposedTimes) != 1 || !r.ProposedTimes[0].Equal(want) {
			t.Errorf("%s: ProposedTimes = %v, want %s", tt.body, r.ProposedTimes, tt.want)
		}
	}
}

// TestAddressShapes: street addresses without a cue, in the shapes of
// several countries, with the words that lead into them left out.
func TestAddressShapes(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"We'd like to meet you in person on Thu 19 Nov at 10:00 AEDT at our office, Level 9, 88 Pitt Street, Sydney NSW 2000.", "Level 9, 88 Pitt Street, Sydney NSW 2000"},
		{"Please come to our office at 12 Marina Link, #18-02, Singapore 018982 on Thu 19 Nov at 10:00 SGT for the interview.", "12 Marina Link, #18-02, Singapore 018982"},
		{"Nos gustaría verte en persona en la oficina (Avenida de los Ceibos\n1830, Piso 4, C1425 Buenos Aires) el jueves 19 de noviembre a las 14.30 h para la entrevista.", "Avenida de los Ceibos 1830, Piso 4, C1425 Buenos Aires"},
		{"La entrevista será presencial el jueves 19 de noviembre a las 10:00 en Carrera 11 # 93-40, Oficina 502, Bogotá. Al llegar, pregunte en recepción.", "Carrera 11 # 93-40, Oficina 502, Bogotá"},
		{"Your interview is on site on Thu 19 Nov at 10:00 GMT: Unit 6, Ancoats Mill, Manchester M4 6BF.", "Unit 6, Ancoats Mill, Manchester M4 6BF"},
		{"Ihr Vorstellungsgespräch findet am Donnerstag, 19.11., um 10 Uhr statt. Sie finden uns unter Neckarpark 3, 70173 Stuttgart.", "Neckarpark 3, 70173 Stuttgart"},
	} {
		r := detect.Classify(mail("From: Kim Lee <kim@globex.example>\nSubject: Your interview\nDate: Tue, 10 Nov 2026 09:00:00 +0000", tt.body))
		if r.Location != tt.want {
			t.Errorf("%s\nLocation = %q, want %q", tt.body, r.Location, tt.want)
		}
	}
}

// TestOpenRequestForATime: invitations whose only handle is a request to
// name a time, worded outside the phrase lists.
func TestOpenRequestForATime(t *testing.T) {
	for _, tt := range []struct{ from, subject, body string }{
		{"Rhea Voss <rhea@lindqvist-search.example>", "Head of Data – a confidential search", "Hi Alex,\n\nI am leading a confidential search for a logistics group that is hiring a Head of Data, and your background fits what they need. Could you tell me a moment in the coming days when you would be free for a short call about the role?\n\nRhea"},
		{"Paul Morel <paul.morel@ardoise.example>", "Votre candidature – Chargé de projet", "Bonjour,\n\nMerci pour votre candidature au poste de chargé de projet. Avant d'aller plus loin, pourriez-vous m'indiquer quelques jours où vous êtes joignable pour un premier appel ?\n\nPaul Morel"},
		{"Eva Brandt <eva.brandt@lindwerk.example>", "Ihre Bewerbung als Projektleiterin", "Hallo Frau Kaya,\n\nvielen Dank für Ihre Bewerbung. Sagen Sie mir doch kurz, an welchem Tag Sie für ein erstes Telefonat Zeit hätten.\n\nViele Grüße\nEva Brandt"},
		{"Lucía Pérez <lucia@tiendas-sol.example>", "Tu candidatura", "Hola Ana:\n\nGracias por tu candidatura para el puesto de encargada de tienda. ¿Me dices qué día te viene bien para una llamada de veinte minutos?\n\nLucía"},
	} {
		r := detect.Classify(mail("From: "+tt.from+"\nTo: Alex <alex@mailbox.example>\nSubject: "+tt.subject+"\nDate: Tue, 10 Nov 2026 09:00:00 +0100", tt.body))
		if !r.IsInvitation {
			t.Errorf("%s: not an invitation (%.2f):\n%s", tt.subject, r.Raw, strings.Join(r.Reasons, "\n"))
		}
	}
}
