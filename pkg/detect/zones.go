package detect

import (
	"time"
	_ "time/tzdata" // zone rules travel with the binary: detection must not depend on the host
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("detect: zone " + name + ": " + err.Error()) // embedded tzdata has it; caught by tests
	}
	return loc
}

var (
	zNewYork     = mustZone("America/New_York")
	zChicago     = mustZone("America/Chicago")
	zDenver      = mustZone("America/Denver")
	zLosAngeles  = mustZone("America/Los_Angeles")
	zLondon      = mustZone("Europe/London")
	zDublin      = mustZone("Europe/Dublin")
	zLisbon      = mustZone("Europe/Lisbon")
	zBerlin      = mustZone("Europe/Berlin")
	zParis       = mustZone("Europe/Paris")
	zMadrid      = mustZone("Europe/Madrid")
	zAmsterdam   = mustZone("Europe/Amsterdam")
	zZurich      = mustZone("Europe/Zurich")
	zVienna      = mustZone("Europe/Vienna")
	zBrussels    = mustZone("Europe/Brussels")
	zStockholm   = mustZone("Europe/Stockholm")
	zWarsaw      = mustZone("Europe/Warsaw")
	zRome        = mustZone("Europe/Rome")
	zHelsinki    = mustZone("Europe/Helsinki")
	zCanary      = mustZone("Atlantic/Canary")
	zMexico      = mustZone("America/Mexico_City")
	zBogota      = mustZone("America/Bogota")
	zBuenosAires = mustZone("America/Argentina/Buenos_Aires")
	zSantiago    = mustZone("America/Santiago")
	zToronto     = mustZone("America/Toronto")
	zSaoPaulo    = mustZone("America/Sao_Paulo")
	zKolkata     = mustZone("Asia/Kolkata")
	zSingapore   = mustZone("Asia/Singapore")
	zTokyo       = mustZone("Asia/Tokyo")
	zSydney      = mustZone("Australia/Sydney")
)

// zoneAbbrevs are written zone abbreviations; they only count when written
// in capitals ("ET", not the French "et"). Named daylight or standard time
// is a fixed offset; the generic US names (ET, PT) follow the city's rules.
var zoneAbbrevs = map[string]*time.Location{
	"est": time.FixedZone("EST", -5*3600), "edt": time.FixedZone("EDT", -4*3600),
	"cst": time.FixedZone("CST", -6*3600), "cdt": time.FixedZone("CDT", -5*3600),
	"mst": time.FixedZone("MST", -7*3600), "mdt": time.FixedZone("MDT", -6*3600),
	"pst": time.FixedZone("PST", -8*3600), "pdt": time.FixedZone("PDT", -7*3600),
	"et": zNewYork, "ct": zChicago, "mt": zDenver, "pt": zLosAngeles,
	"gmt": time.UTC, "utc": time.UTC, "z": time.UTC,
	"bst": time.FixedZone("BST", 3600),
	"wet": time.FixedZone("WET", 0), "west": time.FixedZone("WEST", 3600),
	"cet": time.FixedZone("CET", 3600), "cest": time.FixedZone("CEST", 2*3600),
	"mez": time.FixedZone("MEZ", 3600), "mesz": time.FixedZone("MESZ", 2*3600),
	"eet": time.FixedZone("EET", 2*3600), "eest": time.FixedZone("EEST", 3*3600),
	"ist": zKolkata, "sgt": zSingapore, "jst": zTokyo,
	"aest": time.FixedZone("AEST", 10*3600), "aedt": time.FixedZone("AEDT", 11*3600),
}

// zonePhrases name zones in words, in the four languages: "Central
// European Time", "hora peninsular", "deutsche Zeit". Each is a sequence
// of folded words. A zone named by one city ("Berlin time", "heure de
// Paris", "hora de Bogotá") is read through cityZones.
var zonePhrases = []struct {
	words []string
	loc   *time.Location
}{
	{[]string{"central", "european", "summer", "time"}, zBerlin},
	{[]string{"central", "european", "time"}, zBerlin},
	{[]string{"eastern", "european", "time"}, zHelsinki},
	{[]string{"western", "european", "time"}, zLisbon},
	{[]string{"eastern", "time"}, zNewYork}, {[]string{"eastern", "standard", "time"}, zNewYork}, {[]string{"eastern", "daylight", "time"}, zNewYork},
	{[]string{"central", "time"}, zChicago}, {[]string{"central", "standard", "time"}, zChicago}, {[]string{"central", "daylight", "time"}, zChicago},
	{[]string{"mountain", "time"}, zDenver}, {[]string{"pacific", "time"}, zLosAngeles}, {[]string{"pacific", "standard", "time"}, zLosAngeles}, {[]string{"pacific", "daylight", "time"}, zLosAngeles},
	{[]string{"uk", "time"}, zLondon}, {[]string{"british", "time"}, zLondon}, {[]string{"irish", "time"}, zDublin},
	{[]string{"german", "time"}, zBerlin}, {[]string{"french", "time"}, zParis}, {[]string{"spanish", "time"}, zMadrid},
	{[]string{"new", "york", "time"}, zNewYork}, {[]string{"san", "francisco", "time"}, zLosAngeles}, {[]string{"los", "angeles", "time"}, zLosAngeles},
	{[]string{"deutsche", "zeit"}, zBerlin}, {[]string{"deutscher", "zeit"}, zBerlin}, {[]string{"berliner", "zeit"}, zBerlin},
	{[]string{"mitteleuropaische", "sommerzeit"}, zBerlin}, {[]string{"mitteleuropaische", "zeit"}, zBerlin}, {[]string{"mitteleuropaischer", "zeit"}, zBerlin},
	{[]string{"wiener", "zeit"}, zVienna}, {[]string{"schweizer", "zeit"}, zZurich}, {[]string{"zurcher", "zeit"}, zZurich}, {[]string{"londoner", "zeit"}, zLondon}, {[]string{"pariser", "zeit"}, zParis},
	{[]string{"heure", "francaise"}, zParis}, {[]string{"heure", "de", "france"}, zParis}, {[]string{"heure", "belge"}, zBrussels}, {[]string{"heure", "suisse"}, zZurich},
	{[]string{"heure", "de", "l", "est"}, zNewYork}, {[]string{"heure", "d", "europe", "centrale"}, zParis}, {[]string{"heure", "de", "new", "york"}, zNewYork},
	{[]string{"hora", "peninsular"}, zMadrid}, {[]string{"hora", "de", "espana"}, zMadrid}, {[]string{"hora", "espanola"}, zMadrid},
	{[]string{"hora", "canaria"}, zCanary}, {[]string{"hora", "de", "canarias"}, zCanary},
	{[]string{"hora", "central", "europea"}, zMadrid}, {[]string{"hora", "del", "centro"}, zMexico},
	{[]string{"hora", "de", "colombia"}, zBogota}, {[]string{"hora", "de", "buenos", "aires"}, zBuenosAires},
	{[]string{"hora", "argentina"}, zBuenosAires}, {[]string{"hora", "de", "chile"}, zSantiago}, {[]string{"hora", "de", "nueva", "york"}, zNewYork},
	// "10am Eastern": the US zones by one word, after the longer phrases.
	{[]string{"eastern"}, zNewYork}, {[]string{"central"}, zChicago}, {[]string{"mountain"}, zDenver}, {[]string{"pacific"}, zLosAngeles},
}

// cityZones give the zone of a city named in "heure de Toulouse", "hora de
// Bogotá", "Manchester time", "Ortszeit Hamburg": the cities of the
// countries the four languages are written in, and the larger hubs.
var cityZones = map[string]*time.Location{
	"paris": zParis, "lyon": zParis, "marseille": zParis, "toulouse": zParis, "bordeaux": zParis, "lille": zParis, "nantes": zParis,
	"strasbourg": zParis, "nice": zParis, "rennes": zParis, "montpellier": zParis, "grenoble": zParis, "luxembourg": zParis,
	"bruxelles": zBrussels, "brussels": zBrussels, "liege": zBrussels, "anvers": zBrussels, "antwerp": zBrussels, "gand": zBrussels,
	"geneve": zZurich, "geneva": zZurich, "genf": zZurich, "lausanne": zZurich, "zurich": zZurich, "bale": zZurich, "basel": zZurich, "bern": zZurich, "berne": zZurich,
	"berlin": zBerlin, "hamburg": zBerlin, "munchen": zBerlin, "munich": zBerlin, "koln": zBerlin, "cologne": zBerlin, "frankfurt": zBerlin,
	"stuttgart": zBerlin, "dusseldorf": zBerlin, "leipzig": zBerlin, "dresden": zBerlin, "hannover": zBerlin, "bremen": zBerlin, "nurnberg": zBerlin,
	"wien": zVienna, "vienna": zVienna, "vienne": zVienna, "graz": zVienna, "linz": zVienna, "salzburg": zVienna,
	"madrid": zMadrid, "barcelona": zMadrid, "valencia": zMadrid, "sevilla": zMadrid, "bilbao": zMadrid, "malaga": zMadrid, "zaragoza": zMadrid,
	"mexico": zMexico, "cdmx": zMexico, "monterrey": zMexico, "guadalajara": zMexico,
	"bogota": zBogota, "medellin": zBogota, "cali": zBogota, "lima": zBogota, "santiago": zSantiago, "montevideo": zBuenosAires,
	"london": zLondon, "londres": zLondon, "manchester": zLondon, "edinburgh": zLondon, "glasgow": zLondon, "birmingham": zLondon, "leeds": zLondon, "bristol": zLondon,
	"dublin": zDublin, "cork": zDublin, "lisbon": zLisbon, "lisboa": zLisbon, "lisbonne": zLisbon, "porto": zLisbon,
	"amsterdam": zAmsterdam, "rotterdam": zAmsterdam, "stockholm": zStockholm, "warsaw": zWarsaw, "rome": zRome, "roma": zRome, "milan": zRome, "milano": zRome,
	"toronto": zToronto, "montreal": zToronto, "ottawa": zToronto, "boston": zNewYork, "atlanta": zNewYork, "miami": zNewYork,
	"chicago": zChicago, "austin": zChicago, "dallas": zChicago, "houston": zChicago, "denver": zDenver, "seattle": zLosAngeles, "portland": zLosAngeles,
	"singapore": zSingapore, "tokyo": zTokyo, "sydney": zSydney, "melbourne": zSydney, "bangalore": zKolkata, "bengaluru": zKolkata, "mumbai": zKolkata,
}

// cityZoneAt reads a zone named by its city at token k: "heure de Lyon",
// "hora local de Lima", "Leeds time", "Ortszeit Hamburg". It returns the
// last token.
func (d *doc) cityZoneAt(k int) (*time.Location, int, bool) {
	switch {
	case d.isWord(k, "heure", "hora"):
		j := k + 1
		if d.isWord(j, "locale", "local") {
			j++
		}
		if d.isWord(j, "de", "d") {
			if loc, ok := cityZones[d.tok(j+1).w]; ok {
				return loc, j + 1, true
			}
		}
	case d.isWord(k, "ortszeit"):
		if loc, ok := cityZones[d.tok(k+1).w]; ok {
			return loc, k + 1, true
		}
	default:
		if loc, ok := cityZones[d.tok(k).w]; ok {
			j := k + 1
			if d.isWord(j, "local") {
				j++
			}
			if d.isWord(j, "time") {
				return loc, j, true
			}
		}
	}
	return nil, 0, false
}
