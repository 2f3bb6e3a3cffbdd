package mailmsg

import (
	"strings"

	"golang.org/x/net/html"
)

// HTMLText renders HTML as plain text for detection: block elements become
// line breaks, links keep their target in angle brackets (scheduling and
// meeting links often hide behind a button), scripts and styles vanish.
func HTMLText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidy(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "head", "title":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table", "section":
				b.WriteByte('\n')
			case "td", "th":
				b.WriteByte(' ')
			case "a":
				if tt == html.StartTagToken && hasAttr {
					for {
						k, v, more := z.TagAttr()
						if string(k) == "href" && strings.HasPrefix(string(v), "http") {
							b.WriteString(" <" + string(v) + "> ")
						}
						if !more {
							break
						}
					}
				}
			}
		}
	}
}

// tidy collapses blank runs left by markup.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
