package main

import (
	"fmt"
	"math/rand"
	"net/mail"
	"strings"
	"time"
)

func generate(it *item) (err error) {
	t := it.tpl
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: %v", t.Source, p)
		}
	}()
	g := &gen{r: rand.New(rand.NewSource(it.seed)), it: it, t: t, lang: it.lang, split: it.split}
	g.planPeople()
	g.planTimes()
	g.planLinks()
	g.buildVals()
	g.used = map[string]bool{}
	g.compose()
	return nil
}

func splitIdx(split string) int {
	if split == "holdout" {
		return 1
	}
	return 0
}

var brandPalette = []string{"#24a47f", "#3b5bdb", "#d9480f", "#7048e8", "#0b7285", "#c2255c", "#2f9e44", "#1864ab", "#e67700", "#5f3dc4"}

func brandColor(s string) string {
	n := 0
	for _, r := range s {
		n = n*31 + int(r)
	}
	if n < 0 {
		n = -n
	}
	return brandPalette[n%len(brandPalette)]
}

type calInfo struct {
	style string // google, outlook, ats, plain
	ev    event
}

func (g *gen) compose() {
	t := g.t
	f := &filler{get: g.get, used: g.used, src: t.Source}
	si := splitIdx(g.split)
	kind := g.kind

	// ---- text of the new message ----
	defGreet := "formal"
	if g.lang == "en" {
		defGreet = "informal"
	}
	switch kind {
	case "bulk", "social", "platform":
		defGreet = "none"
	case "colleague", "friend":
		defGreet = "informal"
	}
	greet := t.meta("greet", defGreet)
	defSign := greet
	switch kind {
	case "colleague", "friend":
		defSign = "first"
	case "ats-noreply":
		defSign = "team"
	case "bulk", "social", "platform":
		defSign = "none"
	}
	sign := t.meta("sign", defSign)

	var parts []string
	if greet != "none" {
		parts = append(parts, pick(g.r, greetings[g.lang][greet][si]))
	}
	parts = append(parts, t.Body)
	if sign != "none" {
		form := sign
		if form != "formal" && form != "informal" {
			form = greet
			if form == "none" {
				form = "informal"
			}
		}
		closing := pick(g.r, closings[g.lang][form][si])
		var sig string
		switch sign {
		case "team":
			sig = pick(g.r, teamSigs[g.lang][si])
		case "first":
			sig = "{sender_first}"
		case "name":
			sig = "{sender}"
		default:
			if kind == "colleague" || kind == "friend" {
				sig = "{sender_first}"
			} else if kind == "media" {
				sig = "{sender}\n{sender_title}, {podcast}\n{podcast_url}"
			} else {
				sig = pick(g.r, sigBlocks[si])
			}
		}
		parts = append(parts, closing+"\n"+sig)
	}
	if (kind == "person" || kind == "vendor" || kind == "colleague" || kind == "calendar") && t.meta("disclaimer", "") != "no" && g.chance(0.25) {
		parts = append(parts, pick(g.r, disclaimers[g.lang][si]))
	}
	// ---- sender, recipient ----
	atsInfo := atsByKey[g.atsKey]
	atsFrom := strings.ReplaceAll(atsInfo.From, "{slug}", strings.ReplaceAll(companySlug(g.comp), "-", ""))
	var fromName, fromAddr, replyTo, replyToAddr string
	brand := f.fill(t.meta("brand", g.comp.Name))
	switch kind {
	case "ats":
		fromName = pick(g.r, []string{g.comp.Name, g.comp.Name + " Recruiting", g.sender.Name() + " (" + g.comp.Name + ")", g.sender.Name() + " at " + g.comp.Name})
		fromAddr = atsFrom
		replyToAddr = g.sender.Email
		if g.chance(0.7) {
			replyTo = formatAddrPlaceholder(g.sender.Name(), g.sender.Email)
		} else {
			replyTo = g.sender.Email
		}
	case "ats-noreply":
		fromName = pick(g.r, []string{g.comp.Name, g.comp.Name + " Careers", g.comp.Name + " Talent Team"})
		fromAddr = atsFrom
	case "bulk":
		fromName = brand
		fromAddr = pick(g.r, []string{"news", "hello", "newsletter", "alerts"}) + "@" + slugify(brand) + ".example"
	case "social":
		fromName = brand
		if g.chance(0.4) {
			fromName = g.vals["person2"] + " via " + brand
		}
		fromAddr = pick(g.r, []string{"notifications", "messages-noreply", "invitations"}) + "@" + slugify(brand) + ".example"
	case "platform":
		fromName = brand
		fromAddr = "noreply@" + slugify(brand) + ".example"
	default:
		fromName, fromAddr = g.sender.Name(), g.sender.Email
	}
	if v := t.meta("from", ""); v != "" {
		a, err := mail.ParseAddress(f.fill(v))
		if err != nil {
			panic(fmt.Sprintf("bad from %q: %v", v, err))
		}
		fromName, fromAddr = a.Name, a.Address
	}
	toAddr, toName := meEmail, meFirst+" "+meLast
	if kind == "colleague" || kind == "vendor" || t.meta("to", "") == "work" {
		toAddr = meWorkEmail
	}
	if t.meta("to", "") == "undisclosed" {
		toAddr, toName = "", ""
	}

	if kind == "bulk" || kind == "social" || kind == "platform" {
		dom := fromAddr[strings.Index(fromAddr, "@")+1:]
		g.vals["unsub_url"] = g.tracked("links."+dom, "unsubscribe")
		g.vals["prefs_url"] = g.tracked("links."+dom, "preferences")
		g.vals["track_url"] = g.tracked("links."+dom, "view")
	}
	body := f.fill(strings.Join(parts, "\n\n"))
	if g.lang == "fr" {
		body = frenchSpacing(body)
	}
	subject := f.fill(pick(g.r, t.Subjects))

	// ---- calendar part ----
	wantICS := t.meta("ics", "") == "yes" || kind == "calendar" || (t.meta("ics", "") == "maybe" && g.chance(0.5))
	var cal *calInfo
	if wantICS {
		cal = g.buildEvent(f, subject, fromName, fromAddr)
	}

	if cal != nil && kind == "calendar" && cal.style == "google" {
		subject = googleInviteSubject(g.lang, cal.ev, toAddr)
	}

	// ---- quoted history ----
	var quoteText, quoteAttr string
	var quoteHdr []string
	var quoteBlocks []block
	mimeOpts := t.list("mime")
	if len(mimeOpts) == 0 {
		switch kind {
		case "person", "colleague", "friend", "vendor", "media":
			mimeOpts = []string{"plain", "alt", "alt"}
		default:
			mimeOpts = []string{"alt"}
		}
	}
	mimeKind := pick(g.r, mimeOpts)
	skin := ""
	switch kind {
	case "ats", "ats-noreply", "platform":
		skin = "ats"
	case "bulk":
		skin = "newsletter"
	case "social":
		skin = "social"
	case "calendar":
		if cal.style == "google" {
			skin = "calendar"
		} else {
			skin = "outlook"
		}
	default:
		skin = pick(g.r, []string{"gmail", "gmail", "outlook"})
	}
	if s := t.meta("skin", ""); s != "" {
		skin = s
	}
	isReply := t.Quote != ""
	if isReply && (skin == "ats" || skin == "newsletter" || skin == "social" || skin == "calendar") {
		skin = "gmail"
	}
	inReplyTo, quoteStyle := "", ""
	if isReply {
		qf := &filler{get: g.get, src: t.Source} // quoted text never counts for labels
		qName, qAddr := g.sender.Name(), g.sender.Email
		if t.QuoteBy == "user" {
			qName, qAddr = meFirst+" "+meLast, toAddr
			if qAddr == "" {
				qAddr = meEmail
			}
		}
		qDate := g.date.Add(-time.Duration(3+g.r.Intn(70)) * time.Hour)
		if strings.Contains(t.Quote, "{past_when}") {
			qDate = g.past.Add(-time.Duration(30+g.r.Intn(100)) * time.Hour).In(g.date.Location())
		}
		qSubject := subject
		quoteBlocks = parseBlocks(qf.fill(t.Quote))
		qtext := blocksText(quoteBlocks, textOpts{bullet: "- ", wrap: 72})
		style := "gmail"
		if skin == "outlook" {
			style = "outlook"
		} else if g.split == "holdout" && g.chance(0.5) {
			style = "thunderbird"
		}
		quoteStyle = style
		switch style {
		case "outlook":
			quoteHdr = outlookQuoteHeader(g.lang, qName, qAddr, toName, toAddr, fromName, fromAddr, t.QuoteBy, qDate, qSubject)
			quoteText = "________________________________\n" + strings.Join(quoteHdr, "\n") + "\n\n" + qtext
		default:
			quoteAttr = quoteAttribution(g.lang, style, qName, qAddr, qDate)
			var ql []string
			for _, l := range strings.Split(qtext, "\n") {
				if l == "" {
					ql = append(ql, ">")
				} else {
					ql = append(ql, "> "+l)
				}
			}
			quoteText = quoteAttr + "\n" + strings.Join(ql, "\n")
		}
		subject = pick(g.r, rePrefix[g.lang]) + subject
		inReplyTo = g.msgID(qAddr, "person")
	}

	// ---- footers ----
	var footer []string
	switch kind {
	case "ats", "ats-noreply", "platform":
		if kind == "ats-noreply" {
			footer = append(footer, noReplyLines[g.lang])
		}
		if kind == "platform" {
			footer = append(footer, f.fill(bulkFooter(g.lang, brand)))
		} else {
			footer = append(footer, f.fill(strings.ReplaceAll(pick(g.r, atsFooters[g.lang]), "{ats}", atsInfo.Name)))
		}
	case "bulk", "social":
		footer = append(footer, f.fill(bulkFooter(g.lang, brand)))
		footer = append(footer, f.fill(unsubLine(g.lang)))
	}

	// ---- charset and encodings ----
	allText := subject + body + quoteText + strings.Join(footer, "") + fromName
	charset := "utf-8"
	if g.lang != "en" && skin != "calendar" && cal == nil && canLatin1(allText) && g.chance(0.4) {
		charset = "iso-8859-1"
	}
	if charset == "iso-8859-1" {
		body = latin1Safe(body)
		subject = latin1Safe(subject)
		quoteText = latin1Safe(quoteText)
		for i := range footer {
			footer[i] = latin1Safe(footer[i])
		}
	}
	textCTE := func(s string) string {
		if isASCII(s) {
			if g.chance(0.15) {
				return "quoted-printable"
			}
			return "7bit"
		}
		return pick(g.r, []string{"8bit", "quoted-printable", "quoted-printable", "base64"})
	}
	htmlCTE := func() string { return pick(g.r, []string{"quoted-printable", "quoted-printable", "base64"}) }

	// ---- build text and HTML bodies ----
	blocks := parseBlocks(body)
	wrap := 76
	if g.chance(0.3) {
		wrap = 0 // long lines, left to the transfer encoding
	}
	bullet := pick(g.r, []string{"* ", "- ", "• "})
	if charset == "iso-8859-1" && bullet == "• " {
		bullet = "- "
	}
	to := textOpts{bullet: bullet, btnForm: g.r.Intn(3), wrap: wrap}
	text := blocksText(blocks, to)
	var calRows [][2]string
	var calTitle string
	if skin == "calendar" {
		calTitle, calRows = g.calendarRows(cal)
		var head []string
		head = append(head, calTitle, "")
		for _, r := range calRows {
			head = append(head, r[0], r[1], "")
		}
		text = strings.Join(head, "\n") + "\n" + text
		footer = append(footer, calendarFooter(g.lang))
	}
	if quoteText != "" {
		text += "\n\n" + quoteText
	}
	if len(footer) > 0 {
		sep := "\n\n--\n"
		if kind == "bulk" || kind == "social" {
			sep = "\n\n" + strings.Repeat("_", 40) + "\n"
		}
		text += sep + strings.Join(footer, "\n")
	}
	if wrap > 0 {
		// Keep every line within RFC 5322's limit even when left unencoded.
		var ls []string
		for _, l := range strings.Split(text, "\n") {
			if len(l) > 900 {
				ls = append(ls, wrapLine(l, 76)...)
			} else {
				ls = append(ls, l)
			}
		}
		text = strings.Join(ls, "\n")
	}

	textPart := &part{Type: "text/plain", Charset: charset, Text: text}
	textPart.CTE = textCTE(text)
	if wrap == 0 && textPart.CTE == "7bit" || wrap == 0 && textPart.CTE == "8bit" {
		textPart.CTE = "quoted-printable"
	}
	var htmlPart *part
	if mimeKind != "plain" || skin == "calendar" {
		hc := htmlCtx{skin: skin, lang: g.lang, charset: strings.ToUpper(charset), title: subject, brand: brand, color: brandColor(brand),
			blocks: blocks, footer: footer, quoteAttr: quoteAttr, quoteHdr: quoteHdr, quote: quoteBlocks, calTitle: calTitle, calRows: calRows}
		if charset == "utf-8" {
			hc.charset = "UTF-8"
		}
		if skin == "ats" || skin == "newsletter" || skin == "social" {
			dom := fromAddr[strings.Index(fromAddr, "@")+1:]
			if !strings.HasSuffix(dom, ".example") && !strings.HasSuffix(dom, ".test") {
				dom = g.comp.Domain
			}
			hc.pixel = g.tracked("t."+dom, "o") + "&e=open"
			if g.chance(0.5) {
				hc.logo = "https://assets." + dom + "/logos/" + slugify(brand) + ".png"
			}
		}
		if skin == "newsletter" || skin == "social" {
			hc.viewOnline = [2]string{map[string]string{"en": "View in browser", "de": "Im Browser ansehen", "fr": "Voir la version en ligne", "es": "Ver en el navegador"}[g.lang], g.vals["track_url"]}
		}
		if skin == "calendar" {
			hc.rsvp = g.rsvpLinks()
		}
		h := renderHTML(hc)
		if charset == "iso-8859-1" {
			h = latin1Safe(h)
		}
		htmlPart = &part{Type: "text/html", Charset: charset, Text: h, CTE: htmlCTE()}
	}

	var root *part
	bnd := func() string { return g.boundary(kind, skin) }
	if htmlPart != nil {
		root = &part{Type: "multipart/alternative", Boundary: bnd(), Children: []*part{textPart, htmlPart}}
	} else {
		root = textPart
	}
	if cal != nil {
		ics := cal.ev.ics()
		calCTE := pick(g.r, []string{"7bit", "base64", "quoted-printable"})
		if !isASCII(ics) && calCTE == "7bit" {
			calCTE = "8bit"
		}
		inline := &part{Type: "text/calendar", Charset: "utf-8", Params: [][2]string{{"method", cal.ev.methodOr()}}, Text: ics, CTE: calCTE}
		attach := func(ctype string) *part {
			return &part{Type: ctype, Params: [][2]string{{"name", "invite.ics"}}, Text: ics, CTE: "base64",
				Headers: [][2]string{{"Content-Disposition", "attachment; filename=\"invite.ics\""}}}
		}
		switch cal.style {
		case "google":
			alt := root
			if alt.Type != "multipart/alternative" {
				alt = &part{Type: "multipart/alternative", Boundary: bnd(), Children: []*part{root}}
			}
			alt.Children = append(alt.Children, inline)
			root = &part{Type: "multipart/mixed", Boundary: bnd(), Children: []*part{alt, attach("application/ics")}}
		case "outlook":
			if root.Type != "multipart/alternative" {
				root = &part{Type: "multipart/alternative", Boundary: bnd(), Children: []*part{root}}
			}
			inline.CTE = "base64"
			root.Children = append(root.Children, inline)
		default: // ats or plain: calendar file attached to the message
			a := attach("text/calendar")
			a.Charset = "utf-8"
			a.Params = [][2]string{{"method", cal.ev.methodOr()}, {"name", "invite.ics"}}
			root = &part{Type: "multipart/mixed", Boundary: bnd(), Children: []*part{root, a}}
		}
	}

	// ---- headers ----
	m := &message{Body: root}
	useB := g.chance(0.3)
	if g.chance(0.6) {
		m.add("Return-Path", "<"+g.returnPath(kind, fromAddr, atsInfo)+">")
		m.add("Received", g.received(fromAddr, toAddr))
	}
	m.add("Date", g.fmtDate(g.date))
	m.add("From", formatAddr(fromName, fromAddr, charset, useB))
	if v := t.meta("replyto", ""); v != "" {
		a, err := mail.ParseAddress(f.fill(v))
		if err != nil {
			panic(err)
		}
		replyTo = formatAddrPlaceholder(a.Name, a.Address)
		replyToAddr = a.Address
	}
	if replyTo != "" {
		a, _ := mail.ParseAddress(replyTo)
		m.add("Reply-To", formatAddr(a.Name, a.Address, charset, useB))
	}
	if toAddr == "" {
		m.add("To", "undisclosed-recipients:;")
	} else if g.chance(0.6) {
		m.add("To", formatAddr(toName, toAddr, charset, useB))
	} else {
		m.add("To", toAddr)
	}
	if kind == "colleague" && g.chance(0.3) {
		cc := g.vals["colleague"]
		m.add("Cc", formatAddr(cc, strings.ToLower(strings.ReplaceAll(asciiFold(cc), " ", "."))+"@"+employerDom, charset, useB))
	}
	m.add("Subject", encodeWord(subject, charset, useB))
	m.add("Message-ID", g.msgID(fromAddr, skin))
	if inReplyTo != "" {
		m.add("In-Reply-To", inReplyTo)
		refs := inReplyTo
		if g.chance(0.4) {
			refs = g.msgID(fromAddr, "person") + " " + inReplyTo
		}
		m.add("References", refs)
	}
	switch skin {
	case "outlook":
		m.add("Thread-Topic", encodeWord(strings.TrimPrefix(subject, "Re: "), charset, useB))
		m.add("Content-Language", map[string]string{"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES"}[g.lang])
		m.add("X-Mailer", "Microsoft Outlook 16.0")
	}
	if quoteStyle == "thunderbird" {
		m.add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.2")
	}
	switch kind {
	case "ats", "ats-noreply", "platform":
		m.add("Auto-Submitted", "auto-generated")
		m.add("X-Auto-Response-Suppress", "All")
		if g.chance(0.5) {
			m.add("List-Unsubscribe", "<"+g.vals["unsub_url"]+">")
		}
	case "bulk", "social":
		m.add("Precedence", "bulk")
		m.add("List-Unsubscribe", "<"+g.vals["unsub_url"]+">, <mailto:unsubscribe@"+fromAddr[strings.Index(fromAddr, "@")+1:]+"?subject=unsubscribe>")
		m.add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
		m.add("List-Id", "<"+slugify(brand)+"."+fromAddr[strings.Index(fromAddr, "@")+1:]+">")
	}
	g.it.eml = m.bytes()

	// ---- label ----
	g.it.label = g.label(cal, fromName, replyTo, replyToAddr, fromAddr)
	slug := t.Tag
	if slug == "" {
		slug = companySlug(g.comp)
	}
	g.it.slug = g.it.cat + "-" + slug
}

func (e event) methodOr() string {
	if e.Method == "" {
		return "REQUEST"
	}
	return e.Method
}

func formatAddrPlaceholder(name, addr string) string {
	return (&mail.Address{Name: name, Address: addr}).String()
}

func bulkFooter(lang, brand string) string {
	switch lang {
	case "de":
		return "Sie erhalten diese E-Mail, weil Sie bei " + brand + " registriert sind."
	case "fr":
		return "Vous recevez cet e-mail car vous êtes inscrite sur " + brand + "."
	case "es":
		return "Recibes este correo porque estás registrada en " + brand + "."
	}
	return "You are receiving this email because you signed up for " + brand + "."
}

func unsubLine(lang string) string {
	switch lang {
	case "de":
		return "Abmelden: {unsub_url} | Einstellungen: {prefs_url}"
	case "fr":
		return "Se désinscrire : {unsub_url} | Préférences : {prefs_url}"
	case "es":
		return "Darse de baja: {unsub_url} | Preferencias: {prefs_url}"
	}
	return "Unsubscribe: {unsub_url} | Email preferences: {prefs_url}"
}

func calendarFooter(lang string) string {
	switch lang {
	case "de":
		return "Einladung von Google Kalender. Sie erhalten diese E-Mail, weil Sie Gast dieses Termins sind."
	case "fr":
		return "Invitation de Google Agenda. Vous recevez cet e-mail, car vous êtes invitée à cet événement."
	case "es":
		return "Invitación de Google Calendar. Recibes este correo porque eres invitada a este evento."
	}
	return "Invitation from Google Calendar. You are receiving this email because you are an attendee on the event."
}

func (g *gen) rsvpLinks() [][2]string {
	eid := g.token(40, mixedAlnum)
	labels := map[string][3]string{"en": {"Yes", "Maybe", "No"}, "de": {"Ja", "Vielleicht", "Nein"}, "fr": {"Oui", "Peut-être", "Non"}, "es": {"Sí", "Quizás", "No"}}[g.lang]
	var out [][2]string
	for i, l := range labels {
		out = append(out, [2]string{l, fmt.Sprintf("https://calendar.google.com/calendar/event?action=RESPOND&eid=%s&rst=%d", eid, i+1)})
	}
	return out
}

var calLabels = map[string][4]string{
	"en": {"When", "Joining info", "Where", "Guests"},
	"de": {"Wann", "Teilnahmeinformationen", "Wo", "Gäste"},
	"fr": {"Quand", "Participer", "Où", "Invités"},
	"es": {"Cuándo", "Información para unirse", "Dónde", "Invitados"},
}

func calWhen(lang string, s, e time.Time) string {
	city := s.Location().String()
	city = strings.ReplaceAll(city[strings.LastIndex(city, "/")+1:], "_", " ")
	switch lang {
	case "de":
		return fmt.Sprintf("%s, %d. %s %d ⋅ %s–%s (%s %s)", deDays[s.Weekday()], s.Day(), deMonA[s.Month()], s.Year(), s.Format("15:04"), e.Format("15:04"), strings.Replace(utcOffsetLabel(s), "UTC", "GMT", 1), city)
	case "fr":
		return fmt.Sprintf("%s %d %s %d ⋅ %s – %s (%s %s)", frDays[s.Weekday()], s.Day(), frMonA[s.Month()], s.Year(), s.Format("15:04"), e.Format("15:04"), strings.Replace(utcOffsetLabel(s), "UTC", "GMT", 1), city)
	case "es":
		return fmt.Sprintf("%s, %d de %s de %d ⋅ %s – %s (%s %s)", esDays[s.Weekday()], s.Day(), esMonths[s.Month()], s.Year(), s.Format("15:04"), e.Format("15:04"), strings.Replace(utcOffsetLabel(s), "UTC", "GMT", 1), city)
	}
	fam := map[string]string{"us-east": "Eastern Time", "us-central": "Central Time", "us-mountain": "Mountain Time", "us-pacific": "Pacific Time",
		"uk": "United Kingdom Time", "ie": "Ireland Time", "cet": "Central European Time", "sg": "Singapore Standard Time", "au": "Eastern Australia Time",
		"mx": "Mexico City Time", "co": "Colombia Time", "ar": "Argentina Time"}[zoneFamily(s.Location().String())]
	_, a1 := h12(s)
	_, a2 := h12(e)
	return fmt.Sprintf("%s %s %d, %d ⋅ %s%s – %s%s (%s - %s)", enDays[s.Weekday()], enMonths[s.Month()][:3], s.Day(), s.Year(),
		enClock(s, false, ":"), strings.ToLower(a1), enClock(e, false, ":"), strings.ToLower(a2), fam, city)
}

func (g *gen) calendarRows(c *calInfo) (string, [][2]string) {
	l := calLabels[g.lang]
	rows := [][2]string{{l[0], calWhen(g.lang, c.ev.Start, c.ev.End)}}
	if strings.HasPrefix(c.ev.Location, "https://") {
		rows = append(rows, [2]string{l[1], c.ev.Location})
	} else if c.ev.Location != "" {
		rows = append(rows, [2]string{l[2], c.ev.Location})
	}
	var who []string
	org := map[string]string{"en": "organizer", "de": "Organisator", "fr": "organisateur", "es": "organizador"}[g.lang]
	who = append(who, c.ev.OrgName+" - "+org)
	for _, a := range c.ev.Attendees {
		if a.Email != c.ev.OrgEmail {
			who = append(who, a.Name)
		}
	}
	rows = append(rows, [2]string{l[3], strings.Join(who, "\n")})
	return c.ev.Summary, rows
}

// buildEvent makes the VEVENT for a calendar invitation.
func (g *gen) buildEvent(f *filler, subject, fromName, fromAddr string) *calInfo {
	t := g.t
	c := &calInfo{}
	switch g.kind {
	case "calendar":
		c.style = pick(g.r, []string{"google", "google", "outlook"})
	case "ats", "ats-noreply", "platform":
		c.style = "ats"
	case "person", "colleague", "vendor", "media":
		c.style = pick(g.r, []string{"outlook", "plain", "google"})
	default:
		c.style = "plain"
	}
	if s := t.meta("ics_style", ""); s != "" {
		c.style = s
	}
	summary := t.meta("ics_summary", "")
	if summary == "" {
		if g.kind == "calendar" {
			summary = subject
		} else {
			summary = map[string]string{
				"en": "Interview: {me_full} <> {company} ({role})",
				"de": "Vorstellungsgespräch {me_full} – {company}",
				"fr": "Entretien {me_full} / {company} – {role}",
				"es": "Entrevista {me_full} – {company} ({role})",
			}[g.lang]
		}
	}
	g.used["ics"] = true
	ev := event{
		UID:      g.token(26, lowerAlnum) + "@" + fromAddr[strings.Index(fromAddr, "@")+1:],
		Summary:  f.fill(summary),
		Start:    g.T,
		End:      g.T.Add(time.Duration(g.dur) * time.Minute),
		OrgName:  g.sender.Name(),
		OrgEmail: g.sender.Email,
		Stamp:    g.date.Add(-time.Duration(g.r.Intn(120)) * time.Second),
	}
	if g.kind == "colleague" || g.kind == "vendor" || g.kind == "media" || g.kind == "friend" || t.meta("from", "") != "" {
		ev.OrgName, ev.OrgEmail = fromName, fromAddr
	}
	loc := t.meta("ics_location", "")
	if loc != "" {
		ev.Location = f.fill(loc)
	} else {
		switch t.meta("format", "") {
		case "video":
			ev.Location = g.meetingURL
			g.used["meeting_url"] = true
		case "onsite":
			ev.Location = g.comp.Address
			g.used["location"] = true
		case "phone":
			ev.Location = map[string]string{"en": "Phone call", "de": "Telefonat", "fr": "Appel téléphonique", "es": "Llamada telefónica"}[g.lang]
		}
	}
	if strings.HasPrefix(ev.Location, "https://") && g.chance(0.5) {
		ev.URL = ev.Location
	}
	desc := strings.TrimSpace(blocksText(parseBlocks((&filler{get: g.get, src: t.Source}).fill(t.Body)), textOpts{bullet: "- ", wrap: 0}))
	if len(desc) > 700 {
		desc = desc[:strings.LastIndex(desc[:700], " ")] + " ..."
	}
	ev.Description = desc
	ev.TZMode = map[string]string{"google": "iana", "outlook": "windows"}[c.style]
	if ev.TZMode == "" {
		ev.TZMode = pick(g.r, []string{"utc", "iana"})
	}
	ev.ProdID = map[string]string{
		"google":  "-//Google Inc//Google Calendar 70.9054//EN",
		"outlook": "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
		"plain":   "-//Apple Inc.//macOS 15.1//EN",
		"ats":     "-//" + atsByKey[g.atsKey].Name + "//Interview Scheduling//EN",
	}[c.style]
	if g.it.cat == "reschedule" {
		ev.Sequence = 1 + g.r.Intn(2)
	}
	ev.Attendees = append(ev.Attendees, attendee{Name: meFirst + " " + meLast, Email: meEmail})
	if !g.it.pos && (g.kind == "colleague" || t.meta("to", "") == "work") {
		ev.Attendees[0].Email = meWorkEmail
	}
	if g.it.pos && (g.used["interviewers"] || g.used["interviewer"] || g.used["interviewers_list"]) {
		n := len(g.interviewers)
		if !g.used["interviewers"] && !g.used["interviewers_list"] {
			n = 1
		}
		for _, p := range g.interviewers[:n] {
			ev.Attendees = append(ev.Attendees, attendee{Name: p.Name(), Email: p.Email, PartStat: "ACCEPTED"})
		}
	}
	if !g.it.pos && t.uses("candidate") {
		ev.Attendees = append(ev.Attendees, attendee{Name: g.vals["candidate"], Email: strings.ToLower(strings.ReplaceAll(asciiFold(g.vals["candidate"]), " ", ".")) + "@candidates.example", Role: "OPT-PARTICIPANT"})
	}
	ev.Attendees = append(ev.Attendees, attendee{Name: ev.OrgName, Email: ev.OrgEmail, PartStat: "ACCEPTED"})
	c.ev = ev
	return c
}

func quoteAttribution(lang, style, name, addr string, d time.Time) string {
	if style == "thunderbird" {
		switch lang {
		case "de":
			return fmt.Sprintf("Am %s um %s schrieb %s:", d.Format("02.01.06"), d.Format("15:04"), name)
		case "fr":
			return fmt.Sprintf("Le %s à %s, %s a écrit :", d.Format("02/01/2006"), d.Format("15:04"), name)
		case "es":
			return fmt.Sprintf("El %d/%d/%s a las %s, %s escribió:", d.Day(), int(d.Month()), d.Format("06"), d.Format("15:04"), name)
		}
		return fmt.Sprintf("On %s %s, %s wrote:", d.Format("01/02/2006"), d.Format("15:04"), name)
	}
	switch lang {
	case "de":
		return fmt.Sprintf("Am %s, %d. %s %d um %s Uhr schrieb %s <%s>:", deDaysA[d.Weekday()], d.Day(), deMonA[d.Month()], d.Year(), d.Format("15:04"), name, addr)
	case "fr":
		return fmt.Sprintf("Le %s. %d %s %d à %s, %s <%s> a écrit :", frDays[d.Weekday()][:3], d.Day(), frMonA[d.Month()], d.Year(), d.Format("15:04"), name, addr)
	case "es":
		return fmt.Sprintf("El %s, %d %s %d a las %s, %s (<%s>) escribió:", string([]rune(esDays[d.Weekday()])[:3]), d.Day(), strings.TrimSuffix(esMonA[d.Month()], "."), d.Year(), d.Format("15:04"), name, addr)
	}
	h, ap := h12(d)
	return fmt.Sprintf("On %s, %s %d, %d at %d:%02d %s %s <%s> wrote:", enDays[d.Weekday()][:3], enMonths[d.Month()][:3], d.Day(), d.Year(), h, d.Minute(), ap, name, addr)
}

func outlookQuoteHeader(lang, qName, qAddr, toName, toAddr, fromName, fromAddr, by string, d time.Time, subj string) []string {
	recipName, recipAddr := toName, toAddr
	if by == "user" {
		recipName, recipAddr = fromName, fromAddr
	}
	from := qName + " <" + qAddr + ">"
	to := recipName + " <" + recipAddr + ">"
	switch lang {
	case "de":
		return []string{"Von: " + from, fmt.Sprintf("Gesendet: %s, %d. %s %d %s", deDays[d.Weekday()], d.Day(), deMonths[d.Month()], d.Year(), d.Format("15:04")), "An: " + to, "Betreff: " + subj}
	case "fr":
		return []string{"De : " + from, fmt.Sprintf("Envoyé : %s %d %s %d %s", frDays[d.Weekday()], d.Day(), frMonths[d.Month()], d.Year(), d.Format("15:04")), "À : " + to, "Objet : " + subj}
	case "es":
		return []string{"De: " + from, fmt.Sprintf("Enviado el: %s, %d de %s de %d %s", esDays[d.Weekday()], d.Day(), esMonths[d.Month()], d.Year(), d.Format("15:04")), "Para: " + to, "Asunto: " + subj}
	}
	h, ap := h12(d)
	return []string{"From: " + from, fmt.Sprintf("Sent: %s, %s %d, %d %d:%02d %s", enDays[d.Weekday()], enMonths[d.Month()], d.Day(), d.Year(), h, d.Minute(), ap), "To: " + to, "Subject: " + subj}
}

// ---- header helpers ----------------------------------------------------------

func (g *gen) fmtDate(t time.Time) string {
	layout := "Mon, 02 Jan 2006 15:04:05 -0700"
	if g.chance(0.3) {
		layout = "Mon, 2 Jan 2006 15:04:05 -0700"
	}
	s := t.Format(layout)
	if t.Location() == time.UTC {
		if g.chance(0.5) {
			s += " (UTC)"
		}
	} else if abbr, _ := t.Zone(); g.chance(0.3) && strings.Trim(abbr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		s += " (" + abbr + ")"
	}
	return s
}

func (g *gen) msgID(addr, style string) string {
	dom := addr[strings.Index(addr, "@")+1:]
	switch style {
	case "gmail", "person":
		if g.chance(0.5) {
			return "<CA" + g.token(2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ+") + g.token(44, mixedAlnum+"_-+") + "@mail.gmail.com>"
		}
		return "<" + g.uuid() + "@" + dom + ">"
	case "outlook":
		p := g.token(2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + g.token(1, digits) + "P" + g.token(3, digits) + "MB" + g.token(4, digits)
		return "<" + p + g.token(22, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "@" + p + ".EURP" + g.token(3, digits) + ".PROD.OUTLOOK.COM>"
	}
	return "<" + g.token(20, hexDigits) + "." + g.token(6, digits) + "@" + dom + ">"
}

func (g *gen) boundary(kind, skin string) string {
	switch skin {
	case "gmail", "calendar":
		return "0000000000" + g.token(16, hexDigits)
	case "outlook":
		return "_000_" + g.token(28, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "_"
	}
	if g.chance(0.5) {
		return "----=_Part_" + g.token(6, digits) + "_" + g.token(9, digits) + "." + g.token(13, digits)
	}
	return "b1_" + g.token(32, hexDigits)
}

func (g *gen) returnPath(kind, from string, a ats) string {
	if kind == "ats" || kind == "ats-noreply" {
		rp := strings.ReplaceAll(a.ReturnPath, "{n}", g.token(12, lowerAlnum))
		return strings.ReplaceAll(rp, "{slug}", strings.ReplaceAll(companySlug(g.comp), "-", ""))
	}
	if kind == "bulk" || kind == "social" || kind == "platform" {
		return "bounce-" + g.token(10, lowerAlnum) + "@" + from[strings.Index(from, "@")+1:]
	}
	return from
}

func (g *gen) received(from, to string) string {
	dom := from[strings.Index(from, "@")+1:]
	ip := fmt.Sprintf("%s.%d", pick(g.r, []string{"192.0.2", "198.51.100", "203.0.113"}), 1+g.r.Intn(254))
	host := pick(g.r, []string{"mail", "smtp", "out", "mta"}) + fmt.Sprint(1+g.r.Intn(9)) + "." + dom
	rcpt := to
	if rcpt == "" {
		rcpt = meEmail
	}
	rdom := rcpt[strings.Index(rcpt, "@")+1:]
	d := g.date.Add(time.Duration(2+g.r.Intn(40)) * time.Second).UTC()
	return fmt.Sprintf("from %s (%s [%s])\r\n\tby mx1.%s (Postfix) with ESMTPS id %s\r\n\tfor <%s>; %s",
		host, host, ip, rdom, g.token(10, "0123456789ABCDEF"), rcpt, d.Format("Mon, 02 Jan 2006 15:04:05 -0700 (MST)"))
}

// ---- label -------------------------------------------------------------------

func (g *gen) label(cal *calInfo, fromName, replyTo, replyToAddr, fromAddr string) Label {
	u := g.used
	l := Label{Category: g.it.cat, Language: g.lang, ProposedTimes: []string{}, Interviewers: []string{}}
	jobRelated := map[string]bool{"rejection": true, "application-received": true, "offer": true, "coding-test-result": true, "survey-feedback": true, "thank-you-followup": true}
	if !g.it.pos {
		if jobRelated[g.it.cat] {
			if u["company"] || strings.Contains(fromName, g.comp.Name) {
				l.Company = g.comp.Name
			}
			if u["role"] {
				l.Role = g.role
			}
		}
		return l
	}
	l.IsInvitation = true
	l.Kind = map[string]string{"reschedule": "reschedule", "reminder": "reminder", "outreach": "outreach"}[g.it.cat]
	if l.Kind == "" {
		l.Kind = "invitation"
	}
	if u["company"] || strings.Contains(fromName, g.comp.Name) {
		l.Company = g.comp.Name
	}
	if u["role"] {
		l.Role = g.role
	}
	name := g.sender.Name()
	if u["sender"] || strings.Contains(fromName, name) || strings.Contains(replyTo, name) || g.kind == "person" || g.kind == "calendar" {
		l.Recruiter = name
	}
	switch {
	case replyToAddr != "":
		l.ReplyTo = replyToAddr
	case g.kind == "person" || g.kind == "calendar":
		l.ReplyTo = fromAddr
	case u["sender_email"]:
		l.ReplyTo = g.sender.Email
	}
	l.Stage = g.t.meta("stage", "")
	l.Format = g.t.meta("format", "")
	ics := cal != nil
	if u["when"] || u["when_np"] || u["when_range"] || u["when_range_np"] || ics {
		l.ProposedTimes = append(l.ProposedTimes, g.T.Format(time.RFC3339))
	}
	if u["slots"] {
		for _, s := range g.slots {
			v := s.Format(time.RFC3339)
			if len(l.ProposedTimes) == 0 || l.ProposedTimes[0] != v {
				l.ProposedTimes = append(l.ProposedTimes, v)
			}
		}
	}
	if u["duration"] || u["duration_adj"] || u["when_range"] || u["when_range_np"] || ics {
		l.DurationMinutes = g.dur
	}
	if u["meeting_url"] {
		l.MeetingURL = g.meetingURL
	}
	if u["sched_url"] {
		l.SchedulingURL = g.schedURL
		l.SchedulingVendor = g.vendor
	}
	if u["location"] {
		l.Location = g.comp.Address
	}
	if u["interviewers"] || u["interviewers_list"] {
		for _, p := range g.interviewers {
			l.Interviewers = append(l.Interviewers, p.Name())
		}
	} else if u["interviewer"] {
		l.Interviewers = append(l.Interviewers, g.interviewers[0].Name())
	}
	if u["respond_by"] {
		l.RespondBy = g.respondBy.Format("2006-01-02")
	}
	return l
}

func googleInviteSubject(lang string, ev event, to string) string {
	s, e := ev.Start, ev.End
	abbr := zoneAbbr(lang, s)
	if strings.Trim(abbr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		abbr = strings.Replace(utcOffsetLabel(s), "UTC", "GMT", 1)
	}
	switch lang {
	case "de":
		return fmt.Sprintf("Einladung: %s @ %s %d. %s %d %s - %s (%s) (%s)", ev.Summary, deDaysA[s.Weekday()], s.Day(), deMonA[s.Month()], s.Year(), s.Format("15:04"), e.Format("15:04"), abbr, to)
	case "fr":
		return fmt.Sprintf("Invitation: %s @ %s %d %s %d %s - %s (%s) (%s)", ev.Summary, frDays[s.Weekday()][:3]+".", s.Day(), frMonA[s.Month()], s.Year(), s.Format("15:04"), e.Format("15:04"), abbr, to)
	case "es":
		return fmt.Sprintf("Invitación: %s @ %s %d de %s de %d %s - %s (%s) (%s)", ev.Summary, string([]rune(esDays[s.Weekday()])[:3]), s.Day(), strings.TrimSuffix(esMonA[s.Month()], "."), s.Year(), s.Format("15:04"), e.Format("15:04"), abbr, to)
	}
	_, a1 := h12(s)
	_, a2 := h12(e)
	return fmt.Sprintf("Invitation: %s @ %s %s %d, %d %s%s - %s%s (%s) (%s)", ev.Summary, enDays[s.Weekday()][:3], enMonths[s.Month()][:3], s.Day(), s.Year(),
		enClock(s, false, ":"), strings.ToLower(a1), enClock(e, false, ":"), strings.ToLower(a2), abbr, to)
}

// frenchSpacing puts the no-break space French typography wants before
// high punctuation, so wrapped text never starts a line with "?".
func frenchSpacing(s string) string {
	r := strings.NewReplacer(" ?", "\u00a0?", " !", "\u00a0!", " :", "\u00a0:", " ;", "\u00a0;", " »", "\u00a0»", "« ", "«\u00a0")
	return r.Replace(s)
}
