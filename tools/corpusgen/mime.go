package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"mime"
	"mime/quotedprintable"
	"regexp"
	"strings"
	"unicode/utf8"
)

// part is a MIME entity. Leaf parts hold decoded text in Text and are
// encoded with Charset/CTE when serialised.
type part struct {
	Type     string      // e.g. text/plain, multipart/alternative
	Params   [][2]string // extra Content-Type parameters
	Charset  string      // utf-8 or iso-8859-1 (text leaves)
	CTE      string      // 7bit, 8bit, quoted-printable, base64
	Headers  [][2]string // extra headers (Content-Disposition, ...)
	Text     string      // leaf content, "\n" line ends
	Children []*part
	Boundary string
}

type header struct{ k, v string }

type message struct {
	Headers []header
	Body    *part
}

func (m *message) add(k, v string) { m.Headers = append(m.Headers, header{k, v}) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// latin1Safe replaces the few characters our text uses that ISO-8859-1
// lacks, so a Latin-1 message says the same thing.
var latin1Repl = strings.NewReplacer("–", "-", "—", "-", "’", "'", "‘", "'", "“", "\"", "”", "\"", "…", "...", "€", "EUR", "•", "-", "⋅", "-", "œ", "oe", "Œ", "OE", "→", "->", "✓", "-", "\u202f", "\u00a0")

func latin1Safe(s string) string { return latin1Repl.Replace(s) }

func toLatin1(s string) []byte {
	s = latin1Safe(s)
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			panic(fmt.Sprintf("character %q not representable in ISO-8859-1", r))
		}
		b = append(b, byte(r))
	}
	return b
}

func canLatin1(s string) bool {
	for _, r := range latin1Safe(s) {
		if r > 0xff {
			return false
		}
	}
	return true
}

func encodeBytes(p *part) []byte {
	text := strings.ReplaceAll(p.Text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\n", "\r\n")
	var raw []byte
	if strings.EqualFold(p.Charset, "iso-8859-1") {
		raw = toLatin1(text)
	} else {
		raw = []byte(text)
	}
	switch p.CTE {
	case "base64":
		enc := base64.StdEncoding.EncodeToString(raw)
		var b strings.Builder
		for len(enc) > 76 {
			b.WriteString(enc[:76])
			b.WriteString("\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc)
		b.WriteString("\r\n")
		return []byte(b.String())
	case "quoted-printable":
		var buf bytes.Buffer
		w := quotedprintable.NewWriter(&buf)
		w.Write(raw)
		w.Close()
		out := buf.Bytes()
		if !bytes.HasSuffix(out, []byte("\r\n")) {
			out = append(out, '\r', '\n')
		}
		return out
	default:
		if !bytes.HasSuffix(raw, []byte("\r\n")) {
			raw = append(raw, '\r', '\n')
		}
		return raw
	}
}

func (p *part) contentType() string {
	s := p.Type
	if p.Charset != "" {
		cs := p.Charset
		if strings.EqualFold(cs, "utf-8") && strings.HasPrefix(p.Type, "text/calendar") {
			cs = "UTF-8"
		}
		s += "; charset=\"" + cs + "\""
	}
	for _, kv := range p.Params {
		s += "; " + kv[0] + "=\"" + kv[1] + "\""
	}
	if p.Boundary != "" {
		s += ";\r\n\tboundary=\"" + p.Boundary + "\""
	}
	return s
}

func writePart(b *bytes.Buffer, p *part, top bool) {
	if !top {
		b.WriteString("Content-Type: " + p.contentType() + "\r\n")
		if p.CTE != "" {
			b.WriteString("Content-Transfer-Encoding: " + p.CTE + "\r\n")
		}
		for _, h := range p.Headers {
			b.WriteString(h[0] + ": " + h[1] + "\r\n")
		}
		b.WriteString("\r\n")
	}
	if len(p.Children) > 0 {
		if top {
			b.WriteString("This is a multi-part message in MIME format.\r\n")
		}
		for _, c := range p.Children {
			b.WriteString("\r\n--" + p.Boundary + "\r\n")
			writePart(b, c, false)
		}
		b.WriteString("\r\n--" + p.Boundary + "--\r\n")
		return
	}
	b.Write(encodeBytes(p))
}

func (m *message) bytes() []byte {
	var b bytes.Buffer
	for _, h := range m.Headers {
		b.WriteString(foldHeader(h.k+": "+h.v) + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: " + m.Body.contentType() + "\r\n")
	if m.Body.CTE != "" {
		b.WriteString("Content-Transfer-Encoding: " + m.Body.CTE + "\r\n")
	}
	for _, h := range m.Body.Headers {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("\r\n")
	writePart(&b, m.Body, true)
	return b.Bytes()
}

// foldHeader folds a header line at whitespace to keep lines under 78
// characters where possible (RFC 5322 section 2.2.3).
func foldHeader(s string) string {
	if len(s) <= 78 || strings.Contains(s, "\r\n") {
		return s
	}
	var out strings.Builder
	line := 0
	words := strings.Split(s, " ")
	for i, w := range words {
		if i > 0 {
			if line+1+len(w) > 76 && i > 1 {
				out.WriteString("\r\n ")
				line = 1
			} else {
				out.WriteString(" ")
				line++
			}
		}
		out.WriteString(w)
		line += len(w)
	}
	return out.String()
}

// encodeWord returns s as header text, RFC 2047-encoding it when needed.
func encodeWord(s, charset string, useB bool) string {
	if isASCII(s) {
		return s
	}
	enc := mime.QEncoding
	if useB {
		enc = mime.BEncoding
	}
	var out string
	if strings.EqualFold(charset, "iso-8859-1") {
		out = enc.Encode("ISO-8859-1", string(toLatin1(s)))
	} else {
		out = enc.Encode("UTF-8", s)
	}
	out = strings.ReplaceAll(out, "?q?", "?Q?")
	out = strings.ReplaceAll(out, "?b?", "?B?")
	return out
}

var atextRe = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+/=?^_{|}~ -]+$`)

func formatAddr(name, addr, charset string, useB bool) string {
	if name == "" {
		return addr
	}
	if !isASCII(name) {
		return encodeWord(name, charset, useB) + " <" + addr + ">"
	}
	if atextRe.MatchString(name) {
		return name + " <" + addr + ">"
	}
	return "\"" + strings.ReplaceAll(strings.ReplaceAll(name, "\\", "\\\\"), "\"", "\\\"") + "\" <" + addr + ">"
}

// ---- body markup ----------------------------------------------------------

// block is a paragraph-level element of the simple markup used in
// templates: paragraphs, "* " bullets, "[[Label|url]]" buttons and
// "## " headings.
type block struct {
	Kind  string // p, ul, btn, h
	Lines []string
	Label string
	URL   string
}

var btnRe = regexp.MustCompile(`^\[\[(.+?)\|(\S+)\]\]$`)

func parseBlocks(s string) []block {
	var out []block
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		var cur *block
		for _, line := range strings.Split(para, "\n") {
			switch {
			case btnRe.MatchString(line):
				m := btnRe.FindStringSubmatch(line)
				out = append(out, block{Kind: "btn", Label: m[1], URL: m[2]})
				cur = nil
			case strings.HasPrefix(line, "## "):
				out = append(out, block{Kind: "h", Lines: []string{line[3:]}})
				cur = nil
			case strings.HasPrefix(line, "* "):
				if cur == nil || cur.Kind != "ul" {
					out = append(out, block{Kind: "ul"})
					cur = &out[len(out)-1]
				}
				cur.Lines = append(cur.Lines, line[2:])
			default:
				if cur == nil || cur.Kind != "p" {
					out = append(out, block{Kind: "p"})
					cur = &out[len(out)-1]
				}
				cur.Lines = append(cur.Lines, line)
			}
		}
	}
	return out
}

type textOpts struct {
	bullet  string
	btnForm int
	wrap    int
}

func wrapLine(s string, width int) []string {
	if width <= 0 || len(s) <= width {
		return []string{s}
	}
	var out []string
	var words []string
	for _, w := range strings.Split(s, " ") {
		if w != "" {
			words = append(words, w)
		}
	}
	cur := ""
	lead := s[:len(s)-len(strings.TrimLeft(s, " >"))]
	for _, w := range words {
		if cur == "" {
			cur = w
			continue
		}
		if utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > width {
			out = append(out, cur)
			cur = strings.TrimRight(lead, " ") + w
			if lead != "" {
				cur = lead + w
			}
			continue
		}
		cur += " " + w
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

func blocksText(bs []block, o textOpts) string {
	var paras []string
	for _, b := range bs {
		switch b.Kind {
		case "p":
			var ls []string
			for _, l := range b.Lines {
				if strings.HasPrefix(l, "-- ") || l == "--" {
					ls = append(ls, l)
					continue
				}
				ls = append(ls, wrapLine(l, o.wrap)...)
			}
			paras = append(paras, strings.Join(ls, "\n"))
		case "h":
			paras = append(paras, b.Lines[0])
		case "ul":
			var ls []string
			for _, l := range b.Lines {
				ls = append(ls, o.bullet+l)
			}
			paras = append(paras, strings.Join(ls, "\n"))
		case "btn":
			switch o.btnForm {
			case 0:
				paras = append(paras, b.Label+": "+b.URL)
			case 1:
				paras = append(paras, b.Label+"\n"+b.URL)
			default:
				paras = append(paras, b.Label+" <"+b.URL+">")
			}
		}
	}
	return strings.Join(paras, "\n\n")
}

var urlRe = regexp.MustCompile(`https?://[^\s<>"]+[^\s<>".,;:!?)]`)

func linkify(escaped string, style string) string {
	return urlRe.ReplaceAllStringFunc(escaped, func(u string) string {
		raw := html.UnescapeString(u)
		return `<a href="` + html.EscapeString(raw) + `"` + style + `>` + u + `</a>`
	})
}

func esc(s string) string { return html.EscapeString(s) }
