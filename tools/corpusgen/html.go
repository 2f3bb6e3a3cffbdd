package main

import (
	"strings"
)

type htmlCtx struct {
	skin       string // ats, gmail, outlook, newsletter, social, calendar
	lang       string
	charset    string
	title      string
	brand      string
	color      string
	blocks     []block
	footer     []string
	quoteAttr  string   // gmail-style attribution line
	quoteHdr   []string // outlook-style header lines ("From: ...")
	quote      []block
	pixel      string
	viewOnline [2]string // label, url
	calTitle   string
	calRows    [][2]string
	rsvp       [][2]string
	logo       string
}

func blocksHTML(bs []block, pStyle, aStyle, btnColor string, btnKind string) string {
	var b strings.Builder
	for _, bl := range bs {
		switch bl.Kind {
		case "p":
			var ls []string
			for _, l := range bl.Lines {
				ls = append(ls, linkify(esc(l), aStyle))
			}
			b.WriteString("<p" + pStyle + ">" + strings.Join(ls, "<br>\n") + "</p>\n")
		case "h":
			b.WriteString(`<h2 style="margin:24px 0 8px 0;font-size:18px;line-height:24px;color:#111827;">` + esc(bl.Lines[0]) + "</h2>\n")
		case "ul":
			b.WriteString(`<ul style="margin:0 0 16px 20px;padding:0;">` + "\n")
			for _, l := range bl.Lines {
				b.WriteString(`<li style="margin:0 0 6px 0;">` + linkify(esc(l), aStyle) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		case "btn":
			if btnKind == "link" {
				b.WriteString("<p" + pStyle + `><a href="` + esc(bl.URL) + `"` + aStyle + ">" + esc(bl.Label) + "</a></p>\n")
				continue
			}
			b.WriteString(`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 20px 0;"><tr>` +
				`<td align="center" bgcolor="` + btnColor + `" style="border-radius:4px;">` +
				`<a href="` + esc(bl.URL) + `" target="_blank" style="display:inline-block;padding:12px 24px;font-family:Helvetica,Arial,sans-serif;font-size:15px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:4px;">` +
				esc(bl.Label) + "</a></td></tr></table>\n")
		}
	}
	return b.String()
}

func htmlHead(c htmlCtx) string {
	return "<!DOCTYPE html>\n<html lang=\"" + c.lang + "\">\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=" + c.charset + "\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n<title>" + esc(c.title) + "</title>\n</head>\n"
}

func footerHTML(lines []string) string {
	var ls []string
	for _, l := range lines {
		ls = append(ls, linkify(esc(l), ` style="color:#8a94a6;text-decoration:underline;"`))
	}
	return strings.Join(ls, "<br>\n")
}

func renderHTML(c htmlCtx) string {
	switch c.skin {
	case "gmail":
		return renderGmail(c)
	case "outlook":
		return renderOutlook(c)
	}
	var b strings.Builder
	b.WriteString(htmlHead(c))
	bg := "#f4f5f7"
	if c.skin == "newsletter" {
		bg = "#eef2f6"
	}
	b.WriteString(`<body style="margin:0;padding:0;background-color:` + bg + `;">` + "\n")
	b.WriteString(`<div style="display:none;max-height:0;overflow:hidden;">` + esc(c.title) + "</div>\n")
	b.WriteString(`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:` + bg + `;">` + "\n<tr><td align=\"center\" style=\"padding:24px 12px;\">\n")
	if c.viewOnline[1] != "" {
		b.WriteString(`<p style="margin:0 0 8px 0;font-family:Arial,sans-serif;font-size:11px;color:#6b7280;"><a href="` + esc(c.viewOnline[1]) + `" style="color:#6b7280;">` + esc(c.viewOnline[0]) + "</a></p>\n")
	}
	b.WriteString(`<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:100%;background-color:#ffffff;border-radius:6px;font-family:Helvetica,Arial,sans-serif;">` + "\n")
	header := esc(c.brand)
	if c.logo != "" {
		header = `<img src="` + esc(c.logo) + `" alt="` + esc(c.brand) + `" height="32" style="display:block;border:0;height:32px;">`
	}
	if c.skin != "calendar" {
		b.WriteString(`<tr><td style="padding:20px 32px;border-bottom:3px solid ` + c.color + `;font-size:20px;font-weight:bold;color:#1f2933;">` + header + "</td></tr>\n")
	}
	if c.skin == "calendar" {
		b.WriteString(`<tr><td style="padding:24px 32px 8px 32px;">` + "\n")
		b.WriteString(`<h1 style="margin:0 0 16px 0;font-size:20px;line-height:28px;font-weight:normal;color:#1f2933;">` + esc(c.calTitle) + "</h1>\n")
		b.WriteString(`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="font-size:14px;line-height:20px;color:#1f2933;">` + "\n")
		for _, r := range c.calRows {
			b.WriteString(`<tr><td valign="top" style="padding:0 16px 12px 0;color:#6b7280;white-space:nowrap;">` + esc(r[0]) + `</td><td valign="top" style="padding:0 0 12px 0;">` +
				strings.ReplaceAll(linkify(esc(r[1]), ` style="color:#1a73e8;"`), "\n", "<br>") + "</td></tr>\n")
		}
		b.WriteString("</table>\n")
		if len(c.rsvp) > 0 {
			b.WriteString(`<p style="margin:8px 0 16px 0;font-size:14px;">`)
			for i, r := range c.rsvp {
				if i > 0 {
					b.WriteString(" &nbsp; ")
				}
				b.WriteString(`<a href="` + esc(r[1]) + `" style="display:inline-block;padding:6px 14px;border:1px solid #dadce0;border-radius:4px;color:#1a73e8;text-decoration:none;">` + esc(r[0]) + "</a>")
			}
			b.WriteString("</p>\n")
		}
		b.WriteString("</td></tr>\n")
	}
	b.WriteString(`<tr><td style="padding:24px 32px;font-size:15px;line-height:22px;color:#1f2933;">` + "\n")
	b.WriteString(blocksHTML(c.blocks, ` style="margin:0 0 16px 0;"`, ` style="color:`+c.color+`;"`, c.color, "button"))
	b.WriteString("</td></tr>\n")
	if len(c.footer) > 0 {
		b.WriteString(`<tr><td style="padding:16px 32px 24px 32px;font-size:12px;line-height:18px;color:#8a94a6;border-top:1px solid #e4e7eb;">` + footerHTML(c.footer) + "</td></tr>\n")
	}
	b.WriteString("</table>\n")
	if c.pixel != "" {
		b.WriteString(`<img src="` + esc(c.pixel) + `" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px;">` + "\n")
	}
	b.WriteString("</td></tr>\n</table>\n</body>\n</html>\n")
	return b.String()
}

func renderGmail(c htmlCtx) string {
	var b strings.Builder
	b.WriteString(`<div dir="ltr">`)
	for i, bl := range c.blocks {
		if i > 0 {
			b.WriteString("<div><br></div>")
		}
		switch bl.Kind {
		case "ul":
			b.WriteString("<ul>")
			for _, l := range bl.Lines {
				b.WriteString("<li>" + linkify(esc(l), "") + "</li>")
			}
			b.WriteString("</ul>")
		case "btn":
			b.WriteString(`<div>` + esc(bl.Label) + `: <a href="` + esc(bl.URL) + `">` + esc(bl.URL) + "</a></div>")
		default:
			for _, l := range bl.Lines {
				if l == "" {
					b.WriteString("<div><br></div>")
					continue
				}
				b.WriteString("<div>" + linkify(esc(l), "") + "</div>")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("</div>\n")
	if c.quoteAttr != "" {
		b.WriteString(`<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">` + esc(c.quoteAttr) + "<br></div>\n")
		b.WriteString(`<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">` + "\n")
		b.WriteString(blocksHTML(c.quote, "", "", "#888888", "link"))
		b.WriteString("</blockquote></div>\n")
	}
	return b.String()
}

func renderOutlook(c htmlCtx) string {
	var b strings.Builder
	lang := map[string]string{"en": "EN-US", "de": "DE", "fr": "FR", "es": "ES"}[c.lang]
	b.WriteString(`<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">` + "\n")
	b.WriteString(`<head>` + "\n" + `<meta http-equiv="Content-Type" content="text/html; charset=` + c.charset + `">` + "\n" +
		`<meta name="Generator" content="Microsoft Word 15 (filtered medium)">` + "\n" +
		"<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:Calibri;\n\tpanose-1:2 15 5 2 2 2 4 3 2 4;}\n" +
		"p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n\tfont-family:\"Calibri\",sans-serif;}\n" +
		"a:link, span.MsoHyperlink\n\t{mso-style-priority:99;\n\tcolor:#0563C1;\n\ttext-decoration:underline;}\n" +
		"@page WordSection1\n\t{size:612.0pt 792.0pt;\n\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}\ndiv.WordSection1\n\t{page:WordSection1;}\n--></style>\n</head>\n")
	b.WriteString(`<body lang="` + lang + `" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">` + "\n<div class=\"WordSection1\">\n")
	para := func(bs []block) {
		for _, bl := range bs {
			switch bl.Kind {
			case "ul":
				b.WriteString(`<ul style="margin-top:0cm" type="disc">` + "\n")
				for _, l := range bl.Lines {
					b.WriteString(`<li class="MsoNormal" style="mso-list:l0 level1 lfo1">` + linkify(esc(l), "") + "<o:p></o:p></li>\n")
				}
				b.WriteString("</ul>\n")
			case "btn":
				b.WriteString(`<p class="MsoNormal">` + esc(bl.Label) + `: <a href="` + esc(bl.URL) + `">` + esc(bl.URL) + "</a><o:p></o:p></p>\n")
			default:
				for _, l := range bl.Lines {
					if l == "" {
						b.WriteString(`<p class="MsoNormal"><o:p>&nbsp;</o:p></p>` + "\n")
						continue
					}
					b.WriteString(`<p class="MsoNormal">` + linkify(esc(l), "") + "<o:p></o:p></p>\n")
				}
			}
			b.WriteString(`<p class="MsoNormal"><o:p>&nbsp;</o:p></p>` + "\n")
		}
	}
	para(c.blocks)
	if len(c.quoteHdr) > 0 || c.quoteAttr != "" {
		b.WriteString(`<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">` + "\n<p class=\"MsoNormal\">")
		if len(c.quoteHdr) > 0 {
			var hs []string
			for _, h := range c.quoteHdr {
				k, v, _ := strings.Cut(h, ":")
				hs = append(hs, "<b>"+esc(k)+":</b>"+esc(v))
			}
			b.WriteString(strings.Join(hs, "<br>\n"))
		} else {
			b.WriteString(esc(c.quoteAttr))
		}
		b.WriteString("<o:p></o:p></p>\n</div>\n<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>\n")
		para(c.quote)
	}
	b.WriteString("</div>\n</body>\n</html>\n")
	return b.String()
}
