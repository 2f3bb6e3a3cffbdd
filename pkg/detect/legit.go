package detect

import (
	"fmt"
	"strings"

	"github.com/sayyes/sayyes/pkg/event"
)

// Legitimacy: recruiting scams look like invitations. They come from
// addresses that do not belong to the company they name, move the
// conversation to chat apps, and ask for money, identity documents or bank
// details. Each finding is a flag with its reason; the decision itself is
// not changed, the digest shows the warning.

var chatApps = map[string]string{
	"whatsapp": "WhatsApp", "telegram": "Telegram", "signal": "Signal", "wechat": "WeChat", "viber": "Viber",
	"hangouts": "Google Hangouts", "wickr": "Wickr", "threema": "Threema", "kakaotalk": "KakaoTalk", "line": "",
}

// moneyPhrases ask the candidate to pay.
var moneyPhrases = []string{
	"pay a fee", "pay the fee", "processing fee", "registration fee", "training fee", "application fee", "equipment fee", "refundable deposit", "security deposit",
	"send money", "wire transfer", "western union", "moneygram", "gift card", "gift cards", "bitcoin", "crypto", "cryptocurrency", "purchase the equipment",
	"buy the equipment", "cashier s check", "deposit the check", "deposit the cheque", "pay for your", "payment of", "advance payment",
	"gebuhr", "bearbeitungsgebuhr", "vorauszahlung", "vorkasse", "uberweisen sie", "kaution", "gutschein",
	"frais de dossier", "frais d inscription", "frais de formation", "paiement de", "virement de", "carte cadeau", "caution",
	"tarifa de", "cuota de", "pago de", "pagar una", "transferencia de", "tarjeta regalo", "deposito de",
}

// idWords name identity documents; they only count when the mail asks to
// send or upload them ("bring a photo ID" to the reception is normal).
var idWords = []string{
	"passport", "id card", "identity card", "driver s license", "drivers license", "driving licence", "social security number", "ssn", "photo id", "copy of your id", "national insurance number",
	"reisepass", "personalausweis", "ausweis", "fuhrerschein", "sozialversicherungsnummer", "steuer id",
	"passeport", "carte d identite", "piece d identite", "permis de conduire", "numero de securite sociale",
	"pasaporte", "dni", "documento de identidad", "carnet de conducir", "numero de la seguridad social",
}

var sendVerbs = map[string]bool{
	"send": true, "upload": true, "provide": true, "submit": true, "scan": true, "forward": true, "email": true, "attach": true, "share": true, "copy": true,
	"senden": true, "schicken": true, "hochladen": true, "ubermitteln": true, "kopie": true, "zusenden": true,
	"envoyer": true, "envoyez": true, "transmettre": true, "telecharger": true, "copie": true, "scanner": true, "fournir": true,
	"enviar": true, "envie": true, "envienos": true, "subir": true, "copia": true, "escanear": true, "adjuntar": true, "facilitar": true,
}

var bankPhrases = []string{
	"bank account", "bank details", "account number", "routing number", "iban", "sort code", "credit card", "debit card", "card number",
	"bankverbindung", "kontonummer", "kontodaten", "kreditkarte",
	"coordonnees bancaires", "rib", "numero de compte", "carte bancaire", "carte de credit",
	"cuenta bancaria", "datos bancarios", "numero de cuenta", "tarjeta de credito",
}

func legitimacy(a *analysis, r *Result) []event.Flag {
	var flags []event.Flag
	add := func(code, reason string) {
		for _, f := range flags {
			if f.Code == code {
				return
			}
		}
		flags = append(flags, event.Flag{Code: code, Reason: reason})
	}
	m := a.m
	fromDomain := domainOf(m.From.Address)
	// The sender's domain: a company name should be spelled by it, unless a
	// hiring system or a scheduling service sent the mail.
	if fromDomain != "" && r.Company != "" && !IsATSDomain(fromDomain) {
		switch {
		case IsFreeMailDomain(fromDomain):
			add("free-mail", fmt.Sprintf("sent from a personal %s address, not from %s's own domain", fromDomain, r.Company))
		case !a.companyMatches(r.Company, fromDomain):
			add("sender-domain", fmt.Sprintf("the sender's domain %s does not match the company %s or a known hiring system", fromDomain, r.Company))
		}
	}
	for _, rt := range m.ReplyTo {
		d := domainOf(rt.Address)
		if d == "" || d == fromDomain || IsATSDomain(d) {
			continue
		}
		if IsFreeMailDomain(d) {
			add("free-mail", fmt.Sprintf("replies go to a personal %s address (%s)", d, rt.Address))
		} else if r.Company != "" && !a.companyMatches(r.Company, d) {
			add("sender-domain", fmt.Sprintf("replies go to %s, which does not match the company %s", rt.Address, r.Company))
		}
	}
	d := a.d
	for i := range d.toks {
		t := &d.toks[i]
		if t.k != tWord {
			continue
		}
		if app, ok := chatApps[t.w]; ok && app != "" {
			if t.w == "signal" && !d.isWord(i+1, "app", "messenger") && !d.isWord(i-1, "on", "via", "per", "sur", "por", "auf") {
				continue
			}
			add("chat-app", fmt.Sprintf("asks to continue on %s: %q", app, d.snippetAt(int(t.s), int(t.e))))
		}
	}
	if hits := a.cues[cueMoney]; len(hits) > 0 {
		t := d.toks[hits[0]]
		add("money", fmt.Sprintf("mentions a payment: %q", d.snippetAt(int(t.s), int(t.e))))
	}
	if hits := a.cues[cueBank]; len(hits) > 0 {
		t := d.toks[hits[0]]
		add("bank-details", fmt.Sprintf("asks about bank or card details: %q", d.snippetAt(int(t.s), int(t.e))))
	}
	for _, i := range a.cues[cueID] {
		// A send/upload verb nearby: "bring a photo ID" to the reception is normal.
		asks := false
		for k := max(int(i)-12, 0); k < min(int(i)+12, len(d.toks)); k++ {
			if d.toks[k].k == tWord && sendVerbs[d.toks[k].w] {
				asks = true
				break
			}
		}
		if asks {
			t := d.toks[i]
			add("id-documents", fmt.Sprintf("asks for identity documents: %q", d.snippetAt(int(t.s), int(t.e))))
			break
		}
	}
	return flags
}

// companyMatches reports whether domain spells company (or the reverse):
// copperleaf.example for "Copperleaf Health", harborfinch.example for
// "Harbor & Finch".
func (a *analysis) companyMatches(company, domain string) bool {
	label := letters(orgLabel(domain))
	if label == "" {
		return false
	}
	c := letters(foldASCII(company))
	cde := letters(foldASCII(germanFold.Replace(company)))
	for _, x := range []string{c, cde} {
		if x == "" {
			continue
		}
		if strings.HasPrefix(x, label) || strings.HasPrefix(label, x) {
			return true
		}
		// Initials or the first word: "ibm" for "International Business Machines", "acme" for "Acme Robotics".
		first := letters(foldASCII(strings.Fields(company)[0]))
		if len(first) >= 3 && strings.HasPrefix(label, first) {
			return true
		}
	}
	return false
}
