// Package mailmsg turns a raw RFC 5322 message into what Sayyes needs from
// it: decoded header facts, the readable text (from text/plain, or from HTML
// when that is all there is), and any text/calendar parts. It is built for
// hostile input: sizes, part counts and nesting depth are capped, decoding
// problems are recorded rather than fatal wherever some text can still be
// recovered, and nothing here panics on malformed mail.
package mailmsg

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode legacy charsets (ISO-8859-x, Windows-125x, ...)
	"github.com/emersion/go-message/mail"

	"github.com/sayyes/sayyes/pkg/event"
)

// Limits bound the work done on one message.
type Limits struct {
	MaxParts     int   // leaf parts examined
	MaxDepth     int   // multipart nesting
	MaxTextBytes int64 // decoded text kept per part
	MaxHeader    int64 // bytes of header per entity
}

// DefaultLimits suit invitations: they are small, and anything beyond these
// bounds is not what the detector needs.
var DefaultLimits = Limits{MaxParts: 200, MaxDepth: 20, MaxTextBytes: 256 << 10, MaxHeader: 256 << 10}

// Message is the parsed mail.
type Message struct {
	MessageID  string
	InReplyTo  []string
	References []string
	From       event.Address
	Sender     event.Address
	ReplyTo    []event.Address
	To         []event.Address
	Cc         []event.Address
	Subject    string
	Date       time.Time
	// Header gives access to any other header field, decoded.
	Header mail.Header

	Text      string // plain text, or text rendered from HTML
	HTML      string // the HTML part, if any
	Calendars []string
	// Attachments lists file names and types, for reasons and warnings.
	Attachments []string
	// Problems are non-fatal decoding issues, kept for dead-letter reasons.
	Problems []string
	// Hash is the SHA-256 of the raw bytes, hex, set only when the message
	// has no Message-ID: it stands in for one.
	Hash string
}

// ErrNotMail is returned when the input has no usable header at all.
var ErrNotMail = errors.New("not an RFC 5322 message")

// Parse reads a message from raw.
func Parse(raw []byte, lim Limits) (*Message, error) {
	m := &Message{}
	// go-message wraps its input in a bufio.Reader unless it already is
	// one: a pooled reader saves 4 KiB of garbage per message.
	br := readers.Get().(*bufio.Reader)
	br.Reset(bytes.NewReader(raw))
	defer func() { br.Reset(nil); readers.Put(br) }()
	ent, err := message.ReadWithOptions(br, &message.ReadOptions{MaxHeaderBytes: lim.MaxHeader})
	if ent == nil {
		return nil, fmt.Errorf("mailmsg: reading header: %w", errors.Join(ErrNotMail, err))
	}
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil, fmt.Errorf("mailmsg: reading header: %w", errors.Join(ErrNotMail, err))
	}
	if err != nil {
		m.Problems = append(m.Problems, err.Error())
	}
	if ent.Header.Len() == 0 {
		return nil, fmt.Errorf("mailmsg: %w: no header fields", ErrNotMail)
	}
	h := mail.Header{Header: ent.Header}
	m.Header = h
	m.parseHeader(h)
	if m.MessageID == "" {
		sum := sha256.Sum256(raw)
		m.Hash = hex.EncodeToString(sum[:])
	}

	w := walker{lim: lim, m: m}
	w.walk(ent, 0)
	if m.Text == "" && m.HTML != "" {
		m.Text = HTMLText(m.HTML)
	}
	return m, nil
}

func (m *Message) parseHeader(h mail.Header) {
	var err error
	if m.MessageID, err = h.MessageID(); err != nil {
		m.Problems = append(m.Problems, "Message-ID: "+err.Error())
		m.MessageID = strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")
	}
	m.MessageID = CleanHeader(m.MessageID)
	m.InReplyTo = msgIDs(h, "In-Reply-To")
	m.References = msgIDs(h, "References")
	m.From = first(m.addrs(h, "From"))
	m.Sender = first(m.addrs(h, "Sender"))
	m.ReplyTo = m.addrs(h, "Reply-To")
	m.To = m.addrs(h, "To")
	m.Cc = m.addrs(h, "Cc")
	if s, err := h.Subject(); err == nil {
		m.Subject = CleanHeader(s)
	} else {
		m.Subject = CleanHeader(h.Get("Subject"))
		m.Problems = append(m.Problems, "Subject: "+err.Error())
	}
	if d, err := parseDate(h); err == nil {
		m.Date = d
	} else if h.Has("Date") {
		m.Problems = append(m.Problems, "Date: "+err.Error())
	}
}

func msgIDs(h mail.Header, key string) []string {
	ids, err := h.MsgIDList(key)
	if err != nil || len(ids) == 0 {
		// Tolerate sloppy lists: take anything between angle brackets.
		var out []string
		for _, f := range strings.Fields(h.Get(key)) {
			if id := strings.Trim(f, "<>,"); id != "" && strings.Contains(id, "@") {
				out = append(out, CleanHeader(id))
			}
		}
		return out
	}
	for i := range ids {
		ids[i] = CleanHeader(ids[i])
	}
	return ids
}

func (m *Message) addrs(h mail.Header, key string) []event.Address {
	if !h.Has(key) {
		return nil
	}
	list, err := h.AddressList(key)
	if err != nil {
		m.Problems = append(m.Problems, key+": "+err.Error())
		// Salvage a bare address so a reply can still be addressed.
		if a := salvageAddress(h.Get(key)); a != "" {
			return []event.Address{{Address: a}}
		}
		return nil
	}
	out := make([]event.Address, 0, len(list))
	for _, a := range list {
		out = append(out, event.Address{Name: CleanHeader(a.Name), Address: CleanHeader(a.Address)})
	}
	return out
}

func salvageAddress(s string) string {
	if i, j := strings.IndexByte(s, '<'), strings.LastIndexByte(s, '>'); i >= 0 && j > i {
		s = s[i+1 : j]
	}
	s = strings.TrimSpace(s)
	// The address is used as is in a reply's To: no control characters
	// and no invalid UTF-8 (fuzzing found "From:@\xe20" kept verbatim).
	if strings.Count(s, "@") == 1 && !strings.ContainsAny(s, " \t\r\n,;") &&
		utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	return ""
}

func first(a []event.Address) event.Address {
	if len(a) == 0 {
		return event.Address{}
	}
	return a[0]
}

type walker struct {
	lim   Limits
	m     *Message
	parts int
}

func (w *walker) walk(e *message.Entity, depth int) {
	if depth > w.lim.MaxDepth {
		w.m.Problems = append(w.m.Problems, fmt.Sprintf("multipart nesting deeper than %d ignored", w.lim.MaxDepth))
		return
	}
	if mr := e.MultipartReader(); mr != nil {
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return
			}
			if err != nil && p == nil {
				w.m.Problems = append(w.m.Problems, "multipart: "+err.Error())
				return
			}
			if w.parts >= w.lim.MaxParts {
				w.m.Problems = append(w.m.Problems, fmt.Sprintf("more than %d parts; the rest ignored", w.lim.MaxParts))
				return
			}
			if err != nil {
				// An unknown charset or encoding: the part is still read, raw.
				w.m.Problems = append(w.m.Problems, "part: "+err.Error())
			}
			w.walk(p, depth+1)
		}
	}
	w.parts++
	ct, params, err := e.Header.ContentType()
	if err != nil {
		ct = "text/plain"
	}
	disp, dparams, _ := e.Header.ContentDisposition()
	name := dparams["filename"]
	if name == "" {
		name = params["name"] // the older Content-Type form
	}
	if name != "" || disp == "attachment" {
		if ct != "text/calendar" && ct != "application/ics" {
			w.m.Attachments = append(w.m.Attachments, CleanHeader(ct+" "+name))
			return
		}
	}
	switch ct {
	case "text/plain", "text/html", "text/calendar", "application/ics":
	default:
		return
	}
	text, err := w.read(e.Body)
	if err != nil {
		w.m.Problems = append(w.m.Problems, ct+" part: "+err.Error())
		// Keep what was decoded before the error.
	}
	text = ValidUTF8(text)
	switch ct {
	case "text/plain":
		if w.m.Text == "" {
			w.m.Text = text
		}
	case "text/html":
		if w.m.HTML == "" {
			w.m.HTML = text
		}
	default:
		w.m.Calendars = append(w.m.Calendars, text)
	}
}

// read decodes a part body up to MaxTextBytes into a string, reusing one
// copy buffer: io.ReadAll's doubling and the []byte-to-string copy were a
// tenth of the parse time.
func (w *walker) read(r io.Reader) (string, error) {
	buf := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(buf)
	var b strings.Builder
	_, err := io.CopyBuffer(&b, io.LimitReader(r, w.lim.MaxTextBytes), *buf)
	return b.String(), err
}

// Buffers reused across messages to cut garbage: everything Parse returns
// is copied out of them before they go back.
var (
	readers  = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}
	copyBufs = sync.Pool{New: func() any { b := make([]byte, 8<<10); return &b }}
)

// parseDate reads the Date field, trying the RFC 5322 form nearly all mail
// uses before the general parser, which tries layouts one by one and
// builds an error for each miss.
func parseDate(h mail.Header) (time.Time, error) {
	v := strings.TrimSpace(h.Get("Date"))
	if i := strings.IndexByte(v, '('); i > 0 && strings.HasSuffix(v, ")") {
		v = strings.TrimSpace(v[:i]) // "... +0100 (CET)"
	}
	if t, err := time.Parse("Mon, 2 Jan 2006 15:04:05 -0700", v); err == nil {
		return t, nil
	}
	return h.Date()
}

// ValidUTF8 replaces invalid sequences and NULs, which lying charsets and
// binary junk produce, so downstream JSON and templates stay well-formed.
func ValidUTF8(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "")
}

// CleanHeader makes text from an email safe to place in a header or a
// single-line field: control characters (C0 such as CR, LF and NUL, DEL,
// and C1 such as NEL) and Unicode line separators become spaces,
// runs of space collapse, and the result is trimmed. Header injection
// through a crafted subject or name stops here.
func CleanHeader(s string) string {
	if isClean(s) {
		return s
	}
	s = ValidUTF8(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		// C1 controls count too: U+0085 (NEL) is a line break to some
		// consumers.
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			r = ' '
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// isClean reports printable ASCII without runs of spaces or space at the
// ends: what CleanHeader would return unchanged, and most header values.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// DecodeWord decodes RFC 2047 encoded-words, leaving malformed ones as they are.
func DecodeWord(s string) string {
	dec := mime.WordDecoder{CharsetReader: message.CharsetReader}
	if out, err := dec.DecodeHeader(s); err == nil {
		return out
	}
	return s
}
