package main

// Fictional people, companies, roles and vendors. Every name below was made
// up for this corpus; company domains use the reserved .example and .test
// TLDs. Real vendor domains appear only for applicant-tracking, scheduling
// and meeting services (greenhouse.io, calendly.com, zoom.us, ...), because
// those are what real invitations link to.

type company struct {
	Name    string
	Domain  string
	City    string
	Zone    string
	Address string
	Country string // us, uk, ie, ca, sg, au, de, at, ch, fr, be, es, mx, co, ar
}

type namePool struct {
	First []string
	Last  []string
}

// me is the mailbox owner. She is job hunting while employed at Northwind Labs.
const (
	meFirst     = "Mara"
	meLast      = "Lindqvist"
	meEmail     = "mara.lindqvist@mailbox.example"
	meWorkEmail = "mara.lindqvist@northwind-labs.example"
	meZone      = "Europe/Berlin"
	employer    = "Northwind Labs"
	employerDom = "northwind-labs.example"
)

var companies = map[string]map[string][]company{
	"en": {
		"train": {
			{"Acme Robotics", "acme-robotics.example", "Boston", "America/New_York", "200 Harborview Drive, Suite 400, Boston, MA 02210", "us"},
			{"Bluefin Analytics", "bluefin-analytics.example", "Chicago", "America/Chicago", "311 West Lakeside Avenue, 9th Floor, Chicago, IL 60606", "us"},
			{"Copperleaf Health", "copperleaf.example", "Austin", "America/Chicago", "1200 Barton Creek Road, Building B, Austin, TX 78704", "us"},
			{"Driftwood Games", "driftwood-games.example", "Seattle", "America/Los_Angeles", "88 Pier Street, 5th Floor, Seattle, WA 98121", "us"},
			{"Foxglove Security", "foxglove-sec.example", "London", "Europe/London", "14 Candle Yard, London EC2A 4XY", "uk"},
			{"Granite Peak Software", "granitepeak.example", "San Francisco", "America/Los_Angeles", "500 Fremont Lane, Floor 12, San Francisco, CA 94105", "us"},
			{"Harbor & Finch", "harborfinch.example", "New York", "America/New_York", "77 Water Mill Street, 21st Floor, New York, NY 10004", "us"},
			{"Ironbark Logistics", "ironbark.test", "Dublin", "Europe/Dublin", "3 Quayside Walk, Dublin 2, D02 XK40", "ie"},
			{"Juniper Ledger", "juniperledger.example", "Toronto", "America/Toronto", "410 King Crescent West, Suite 800, Toronto, ON M5V 1K4", "ca"},
			{"Kestrel Labs", "kestrel-labs.example", "New York", "America/New_York", "19 Mercer Row, 3rd Floor, New York, NY 10013", "us"},
			{"Lumen Freight", "lumenfreight.example", "Atlanta", "America/New_York", "950 Peachtree Commons, Suite 300, Atlanta, GA 30309", "us"},
			{"Meridian Biotech", "meridianbio.example", "San Diego", "America/Los_Angeles", "6400 Torrey Mesa Court, San Diego, CA 92121", "us"},
			{"Northstar Payments", "northstar-pay.example", "London", "Europe/London", "2 Fenwick Square, London E1 6QQ", "uk"},
			{"Orchard Cloud", "orchardcloud.example", "Portland", "America/Los_Angeles", "1025 Alder Street, Portland, OR 97205", "us"},
			{"Quarry Data", "quarrydata.example", "Edinburgh", "Europe/London", "45 Lothian Wynd, Edinburgh EH3 9AB", "uk"},
			{"Redwood Mobility", "redwoodmobility.example", "Oakland", "America/Los_Angeles", "1600 Broadway Terrace, Oakland, CA 94612", "us"},
			{"Saltmarsh Media", "saltmarsh.example", "New York", "America/New_York", "230 Flatbush Landing, Brooklyn, NY 11217", "us"},
			{"Tidewater Systems", "tidewater.example", "Raleigh", "America/New_York", "700 Glenwood Parkway, Raleigh, NC 27603", "us"},
		},
		"holdout": {
			{"Umbra Aerospace", "umbra-aero.example", "Los Angeles", "America/Los_Angeles", "3900 Hangar Way, El Segundo, CA 90245", "us"},
			{"Vantage Loop", "vantageloop.test", "Chicago", "America/Chicago", "233 Wacker Point, Suite 1500, Chicago, IL 60606", "us"},
			{"Willowbrook Learning", "willowbrook.example", "Manchester", "Europe/London", "Unit 6, Ancoats Mill, Manchester M4 6BF", "uk"},
			{"Zephyr Kitchens", "zephyrkitchens.example", "Denver", "America/Denver", "1750 Blake Yard, Denver, CO 80202", "us"},
			{"Brightwater Capital", "brightwater-cap.test", "New York", "America/New_York", "1 Battery Slip Plaza, 30th Floor, New York, NY 10004", "us"},
			{"Cobalt Finch", "cobaltfinch.example", "Singapore", "Asia/Singapore", "12 Marina Link, #18-02, Singapore 018982", "sg"},
			{"Larkspur Genomics", "larkspur-genomics.example", "Cambridge", "America/New_York", "60 Binney Landing, Cambridge, MA 02142", "us"},
			{"Marigold Fintech", "marigold.test", "Sydney", "Australia/Sydney", "Level 9, 88 Phillip Gate, Sydney NSW 2000", "au"},
			{"Sparrowhawk AI", "sparrowhawk.example", "San Francisco", "America/Los_Angeles", "101 Mission Quay, San Francisco, CA 94105", "us"},
			{"Thistle & Oak Bank", "thistleoak.example", "Glasgow", "Europe/London", "9 Merchant Close, Glasgow G1 1LX", "uk"},
			{"Ravenstone Retail", "ravenstone.example", "Toronto", "America/Toronto", "55 Front Lane East, Toronto, ON M5E 1B2", "ca"},
		},
	},
	"de": {
		"train": {
			{"Nordlicht Software GmbH", "nordlicht-software.example", "Hamburg", "Europe/Berlin", "Speicherstadtweg 12, 20457 Hamburg", "de"},
			{"Bergwerk Digital AG", "bergwerk-digital.example", "München", "Europe/Berlin", "Isartalstraße 48, 80469 München", "de"},
			{"Rheinblick Versicherung AG", "rheinblick.test", "Köln", "Europe/Berlin", "Am Rheinufer 7, 50668 Köln", "de"},
			{"Spreewerk Mobility GmbH", "spreewerk.example", "Berlin", "Europe/Berlin", "Köpenicker Hof 21, 10179 Berlin", "de"},
			{"Alpenglühen Tech GmbH", "alpengluehen.example", "Wien", "Europe/Vienna", "Praterstern-Allee 5, 1020 Wien", "at"},
			{"Kranich Logistik GmbH", "kranich-logistik.example", "Frankfurt am Main", "Europe/Berlin", "Mainkai-Ring 30, 60311 Frankfurt am Main", "de"},
			{"Lindenhof Medizintechnik GmbH", "lindenhof-med.example", "Stuttgart", "Europe/Berlin", "Neckarpark 3, 70173 Stuttgart", "de"},
		},
		"holdout": {
			{"Elbfaden Robotics GmbH", "elbfaden.example", "Dresden", "Europe/Berlin", "Neustädter Markt 9, 01097 Dresden", "de"},
			{"Sturmvogel Energie AG", "sturmvogel.test", "Bremen", "Europe/Berlin", "Weserkai 14, 28195 Bremen", "de"},
			{"Seeblick Fintech AG", "seeblick-fintech.example", "Zürich", "Europe/Zurich", "Limmatquai-Passage 2, 8001 Zürich", "ch"},
			{"Tannenzapf Games GmbH", "tannenzapf.example", "Leipzig", "Europe/Berlin", "Baumwollhof 4, 04179 Leipzig", "de"},
		},
	},
	"fr": {
		"train": {
			{"Atelier Lumière SAS", "atelier-lumiere.example", "Paris", "Europe/Paris", "18 rue des Lanternes, 75011 Paris", "fr"},
			{"Brise Marine", "brise-marine.example", "Nantes", "Europe/Paris", "5 quai de la Fosse-Neuve, 44000 Nantes", "fr"},
			{"Cèdre Numérique", "cedre-numerique.example", "Lyon", "Europe/Paris", "42 cours des Tisserands, 69002 Lyon", "fr"},
			{"Vignoble Data", "vignoble-data.example", "Bordeaux", "Europe/Paris", "9 allée des Chais, 33000 Bordeaux", "fr"},
			{"Hirondelle Paiements", "hirondelle.test", "Paris", "Europe/Paris", "61 boulevard du Moulin-Vert, 75014 Paris", "fr"},
			{"Montagne Bleue Énergie", "montagne-bleue.example", "Grenoble", "Europe/Paris", "3 avenue des Cimes, 38000 Grenoble", "fr"},
			{"Phare Logistique", "phare-logistique.example", "Lille", "Europe/Paris", "27 rue du Beffroi-Neuf, 59000 Lille", "fr"},
		},
		"holdout": {
			{"Érable Solutions", "erable-solutions.example", "Montréal", "America/Toronto", "1450 rue des Érablières, bureau 600, Montréal (Québec) H3B 2K1", "ca"},
			{"Galet Santé", "galet-sante.example", "Marseille", "Europe/Paris", "11 quai des Calanques, 13002 Marseille", "fr"},
			{"Mistral Cybersécurité", "mistral-cyber.test", "Toulouse", "Europe/Paris", "8 place des Aviateurs, 31000 Toulouse", "fr"},
			{"Dune & Sel", "dune-et-sel.example", "Bruxelles", "Europe/Brussels", "22 rue des Brasseurs-Anciens, 1000 Bruxelles", "be"},
		},
	},
	"es": {
		"train": {
			{"Olivo Tecnología", "olivo-tec.example", "Madrid", "Europe/Madrid", "Calle del Almendro Alto 14, 28005 Madrid", "es"},
			{"Brisa Logística", "brisa-logistica.example", "Valencia", "Europe/Madrid", "Avenida del Puerto Viejo 88, 46023 Valencia", "es"},
			{"Faro Digital", "faro-digital.example", "Barcelona", "Europe/Madrid", "Carrer dels Fanals 21, 08003 Barcelona", "es"},
			{"Sierra Verde Energía", "sierraverde.test", "Sevilla", "Europe/Madrid", "Calle Azahar Nuevo 5, 41004 Sevilla", "es"},
			{"Cometa Pagos", "cometa-pagos.example", "Madrid", "Europe/Madrid", "Paseo de los Olmos 112, 28045 Madrid", "es"},
			{"Alcázar Salud", "alcazar-salud.example", "Málaga", "Europe/Madrid", "Calle Brisamar 3, 29016 Málaga", "es"},
			{"Puerto Azul Seguros", "puertoazul.example", "Bilbao", "Europe/Madrid", "Alameda del Muelle 40, 48009 Bilbao", "es"},
		},
		"holdout": {
			{"Nube Andina", "nube-andina.example", "Bogotá", "America/Bogota", "Carrera 11 # 93-40, Oficina 502, Bogotá", "co"},
			{"Jacarandá Software", "jacaranda-sw.example", "Ciudad de México", "America/Mexico_City", "Avenida de los Ahuehuetes 210, Piso 7, Col. Juárez, 06600 Ciudad de México", "mx"},
			{"Tramuntana Labs", "tramuntana.test", "Palma", "Europe/Madrid", "Carrer del Moll Vell 6, 07012 Palma", "es"},
			{"Pampa Datos", "pampa-datos.example", "Buenos Aires", "America/Argentina/Buenos_Aires", "Avenida de los Ceibos 1830, Piso 4, C1425 Buenos Aires", "ar"},
		},
	},
}

var names = map[string]map[string]namePool{
	"en": {
		"train": {
			First: []string{"Jordan", "Priya", "Marcus", "Emily", "Daniel", "Aisha", "Connor", "Rachel", "Tyler", "Megan", "Kevin", "Olivia", "Brandon", "Natalie", "Samir", "Hannah"},
			Last:  []string{"Whitaker", "Okafor", "Lindgren", "Castillo", "Brennan", "Patel", "Nakamura", "Holloway", "Fitzgerald", "Mensah", "Rowe", "Delgado", "Sutherland", "Kowalski"},
		},
		"holdout": {
			First: []string{"Declan", "Imani", "Trevor", "Keiko", "Gareth", "Renee", "Malik", "Fiona", "Wesley", "Chloe"},
			Last:  []string{"Abernathy", "Oyelaran", "Prescott", "Vasquez", "Thornton", "Iyer", "McAllister", "Quinlan", "Bramwell"},
		},
	},
	"de": {
		"train": {
			First: []string{"Katrin", "Jonas", "Sabine", "Florian", "Miriam", "Tobias", "Anja", "Lukas", "Jana", "Matthias"},
			Last:  []string{"Hoffmann", "Krüger", "Brandt", "Vogel", "Scholz", "Neumann", "Lorenz", "Weiß", "Böhm", "Albrecht"},
		},
		"holdout": {
			First: []string{"Henrike", "Jannik", "Ulrike", "Bastian", "Svenja"},
			Last:  []string{"Oberländer", "Wendt", "Kästner", "Rieger", "Haberland"},
		},
	},
	"fr": {
		"train": {
			First: []string{"Camille", "Julien", "Élodie", "Mathieu", "Chloé", "Antoine", "Sandrine", "Hugo", "Léa", "Nicolas"},
			Last:  []string{"Lefèvre", "Moreau", "Girard", "Fontaine", "Rousseau", "Chevalier", "Mercier", "Lambert", "Dupré", "Garnier"},
		},
		"holdout": {
			First: []string{"Gaëlle", "Thibault", "Maëlys", "Grégoire", "Solène"},
			Last:  []string{"Vasseur", "Boucher", "Marchand", "Perrin", "Tessier"},
		},
	},
	"es": {
		"train": {
			First: []string{"Lucía", "Javier", "María José", "Álvaro", "Carmen", "Sergio", "Marta", "Pablo", "Elena", "Diego"},
			Last:  []string{"García Ortega", "Fernández", "Navarro", "Morales", "Ruiz", "Castro", "Iglesias", "Romero", "Gil", "Serrano"},
		},
		"holdout": {
			First: []string{"Ximena", "Rodrigo", "Valentina", "Mateo", "Guadalupe"},
			Last:  []string{"Arce", "Villalobos", "Cárdenas", "Quintero", "Benavides"},
		},
	},
}

var recruiterTitles = map[string][]string{
	"en": {"Technical Recruiter", "Talent Acquisition Partner", "Recruiting Coordinator", "Senior Recruiter", "Talent Partner, Engineering", "Recruiting Lead"},
	"de": {"Talent Acquisition Specialist", "Recruiting Lead", "People & Culture Partner", "HR Business Partner", "Personalreferent/in", "Talent Acquisition"},
	"fr": {"Responsable recrutement", "Talent Acquisition Manager", "RH – Recrutement", "Talent Partner", "Équipe recrutement"},
	"es": {"Responsable de Selección", "Talent Acquisition", "People Partner", "Departamento de Personas", "Selección IT"},
}

var interviewerTitles = map[string][]string{
	"en": {"Engineering Manager", "Staff Engineer", "Head of Product", "Senior Data Scientist", "VP of Engineering", "Design Lead", "Principal Engineer", "Director of Platform"},
	"de": {"Head of Engineering", "Teamlead Backend", "Senior Developer", "CTO", "Product Lead", "Abteilungsleitung IT"},
	"fr": {"CTO", "Lead développement", "Responsable produit", "Responsable technique", "Engineering Manager", "Lead Data"},
	"es": {"CTO", "Tech Lead", "Responsable de Producto", "Responsable de Ingeniería", "Engineering Manager", "Data Lead"},
}

var roles = map[string][]string{
	"en": {"Backend Engineer", "Senior Frontend Engineer", "Data Analyst", "Product Manager", "Site Reliability Engineer", "Machine Learning Engineer", "UX Designer", "Platform Engineer", "Staff Software Engineer", "Solutions Architect", "QA Automation Engineer", "Engineering Manager", "Data Engineer", "Security Engineer", "iOS Developer"},
	"de": {"Backend-Entwickler (m/w/d)", "Senior Java Developer (m/w/d)", "Data Engineer (w/m/d)", "Product Owner (m/w/d)", "DevOps Engineer (m/w/d)", "UX Designer (m/w/d)", "Softwareentwickler Go (m/w/d)", "IT-Security Analyst (m/w/d)"},
	"fr": {"Développeur Backend H/F", "Data Scientist H/F", "Chef de projet digital H/F", "Ingénieur DevOps (F/H)", "Product Designer H/F", "Développeur Full-Stack H/F", "Ingénieur QA H/F", "Product Owner F/H"},
	"es": {"Desarrollador/a Backend", "Ingeniero/a de Datos", "Product Manager", "Analista de Datos", "Ingeniero/a DevOps", "Diseñador/a UX/UI", "Desarrollador/a Full Stack", "Ingeniero/a de QA"},
}

// Colleagues of the mailbox owner at Northwind Labs, friends and other
// private contacts; split so holdout senders never appear in train.
var colleagues = map[string][]string{
	"train":   {"Tom Vance", "Ines Harlow", "Ravi Chandrasekar", "Beatrix Olen", "Felix Marrow", "Nadia Korsakova", "Owen Pryce", "Sofia Brandauer"},
	"holdout": {"Hugo Ellery", "Yasmin Tarrant", "Lars Edevane", "Petra Holmqvist", "Caleb Stroud"},
}

var friends = map[string]map[string][]string{
	"en": {"train": {"Jess", "Ben", "Carol", "Mikey", "Laura"}, "holdout": {"Theo", "Ruth", "Poppy", "Nate"}},
	"de": {"train": {"Steffi", "Jan", "Birgit", "Basti"}, "holdout": {"Uli", "Kathi", "Rolf"}},
	"fr": {"train": {"Margaux", "Bastien", "Inès", "Sylvie"}, "holdout": {"Lou", "Clément", "Odile"}},
	"es": {"train": {"Nuria", "Quique", "Irene", "Pilar"}, "holdout": {"Chema", "Paula", "Rocío"}},
}

// Applicant-tracking systems that send mail on a company's behalf.
type ats struct {
	Key, Name, From, ReturnPath string
}

var atsByKey = map[string]ats{
	"greenhouse":      {"greenhouse", "Greenhouse", "no-reply@greenhouse.io", "bounces+{n}@em.greenhouse.io"},
	"lever":           {"lever", "Lever", "jobs@lever.co", "bounce-{n}@hire.lever.co"},
	"workable":        {"workable", "Workable", "noreply@candidates.workablemail.com", "bounces-{n}@candidates.workablemail.com"},
	"personio":        {"personio", "Personio", "noreply@personio.de", "bounce-{n}@mail.personio.de"},
	"welcome":         {"welcome", "Welcome to the Jungle", "no-reply@welcometothejungle.com", "bounce-{n}@mail.welcometothejungle.com"},
	"goodtime":        {"goodtime", "GoodTime", "notifications@goodtime.io", "bounce-{n}@goodtime.io"},
	"ashby":           {"ashby", "Ashby", "notifications@ashbyhq.com", "bounces+{n}@ashbyhq.com"},
	"smartrecruiters": {"smartrecruiters", "SmartRecruiters", "no-reply@smartrecruiters.com", "bounce-{n}@smartrecruiters.com"},
	"teamtailor":      {"teamtailor", "Teamtailor", "no-reply@teamtailor-mail.com", "bounce-{n}@teamtailor-mail.com"},
	"recruitee":       {"recruitee", "Recruitee", "noreply@recruitee.com", "bounce-{n}@recruitee.com"},
	"workday":         {"workday", "Workday", "{slug}@myworkday.com", "{slug}-bounce@myworkday.com"},
	"join":            {"join", "JOIN", "noreply@join.com", "bounce-{n}@join.com"},
}

var atsPool = map[string][]string{
	"train":   {"greenhouse", "lever", "workable", "personio", "welcome"},
	"holdout": {"ashby", "smartrecruiters", "teamtailor", "recruitee", "workday", "join"},
}

// Scheduling-link vendors. Calendly and Doodle are common enough to appear in
// both splits; the rest are split.
var schedPool = map[string][]string{
	"train":   {"calendly", "goodtime", "greenhouse", "lever", "doodle", "microsoft-bookings"},
	"holdout": {"ashby", "calendly", "cal.com", "savvycal", "google-calendar", "hubspot", "doodle"},
}

var schedNames = map[string]string{
	"calendly": "Calendly", "goodtime": "GoodTime", "greenhouse": "Greenhouse", "lever": "Lever",
	"doodle": "Doodle", "microsoft-bookings": "Microsoft Bookings", "ashby": "Ashby", "cal.com": "Cal.com",
	"savvycal": "SavvyCal", "google-calendar": "Google Calendar", "hubspot": "HubSpot Meetings",
}

var platformPool = map[string][]string{
	"train":   {"zoom", "teams", "meet", "webex"},
	"holdout": {"zoom", "teams", "meet", "webex", "whereby", "jitsi"},
}

var platformNames = map[string]string{
	"zoom": "Zoom", "teams": "Microsoft Teams", "meet": "Google Meet", "webex": "Webex", "whereby": "Whereby", "jitsi": "Jitsi Meet",
}

// Made-up social network, coding-test, survey and newsletter brands.
var networks = map[string][]string{"train": {"Linkwise", "ProNetto"}, "holdout": {"Workfolk", "Circlework"}}
var testPlatforms = map[string][]string{"train": {"CodeArena", "SkillBench"}, "holdout": {"TestForge", "HireQuest Assess"}}
var surveyVendors = map[string][]string{"train": {"Candidate Pulse", "FeedbackLoop"}, "holdout": {"Hirewell Insights"}}
var newsletters = map[string]map[string][]string{
	"en": {"train": {"The Offer Letter", "Career Compass Weekly"}, "holdout": {"Hired & Happy", "The Interview Desk"}},
	"de": {"train": {"Karrierekompass", "Jobwelt Digest"}, "holdout": {"Bewerbungsbrief"}},
	"fr": {"train": {"Cap Carrière", "La Lettre de l'Emploi"}, "holdout": {"Décroche ton job"}},
	"es": {"train": {"Rumbo Profesional", "Empleo al Día"}, "holdout": {"Tu Próximo Empleo"}},
}
var jobBoards = map[string][]string{"train": {"JobRadar", "StellenNetz"}, "holdout": {"TalentHarbor", "OfertaPlus"}}
var podcasts = map[string]map[string][]string{
	"en": {"train": {"Build Things Podcast", "The Stack Talk"}, "holdout": {"Shipping Stories"}},
	"de": {"train": {"Techtalk Nord", "Code & Kaffee"}, "holdout": {"Digitalfunk"}},
	"fr": {"train": {"Les Bâtisseurs du Web", "Octet Radio"}, "holdout": {"Carnet Tech"}},
	"es": {"train": {"Código Abierto Podcast", "Charlas Tech"}, "holdout": {"Bits y Café"}},
}
var products = map[string][]string{
	"train":   {"LogPilot", "Qubitly CI", "StackSentry", "Opsbeacon"},
	"holdout": {"TraceHarbor", "Deployra", "Metricwell"},
}
