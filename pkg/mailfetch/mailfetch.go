// Package mailfetch reads from an IMAP mailbox what invitation detection
// needs of each message: the header, the text, HTML and calendar parts, and
// the MIME headers of everything else. An attachment costs its MIME header,
// not its bytes, and cannot push a calendar part past the fetch limit.
//
// One FETCH per batch asks for sizes and BODYSTRUCTURE. Messages with
// nothing worth skipping (most mail) are then fetched whole, in one more
// FETCH for the batch; the others are fetched part by part and put back
// together with their original boundaries, so the parser sees the same
// tree with the skipped bodies left empty.
package mailfetch

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Message is one fetched message.
type Message struct {
	UID     imap.UID
	Size    int64 // RFC822.SIZE
	Arrived time.Time
	// Raw is the message, or its reassembly from the needed parts.
	Raw []byte
	// Cut is set when the message or a needed part was longer than the
	// limit and only its beginning was read.
	Cut bool
	// Skipped counts body bytes of parts that were left out.
	Skipped int64
}

// minSkip is the smallest part worth a second round trip to leave out.
const minSkip = 8 << 10

// needed reports whether detection reads a leaf's body: text, HTML and
// calendar data, and forwarded mail, which may carry an invitation.
func needed(bs *imap.BodyStructureSinglePart) bool {
	switch bs.MediaType() {
	case "text/plain", "text/html", "text/calendar", "application/ics", "text/x-vcalendar",
		"message/rfc822", "message/global":
		return true
	}
	return false
}

// plan is what to fetch of one message: nil parts means the whole message.
type plan struct {
	bs      *imap.BodyStructureMultiPart
	skipped int64
}

// planFor decides between a whole fetch and a part fetch. A message is
// fetched in parts only when that leaves out something big, and only when
// every multipart carries its boundary (needed to put it back together).
func planFor(bs imap.BodyStructure) *plan {
	mp, ok := bs.(*imap.BodyStructureMultiPart)
	if !ok {
		return nil
	}
	p := &plan{bs: mp}
	usable := true
	bs.Walk(func(path []int, part imap.BodyStructure) bool {
		switch part := part.(type) {
		case *imap.BodyStructureMultiPart:
			if part.Extended == nil || part.Extended.Params["boundary"] == "" {
				usable = false
			}
		case *imap.BodyStructureSinglePart:
			if !needed(part) {
				p.skipped += int64(part.Size)
			}
		}
		return true
	})
	if !usable || p.skipped < minSkip {
		return nil
	}
	return p
}

// Fetch reads uids. limit caps the bytes read of each message (whole fetch)
// or of its needed parts together (part fetch). The result is in UID order.
// The caller bounds the time the commands may take.
func Fetch(c *imapclient.Client, uids []imap.UID, limit int64) ([]Message, error) {
	if len(uids) == 0 {
		return nil, nil
	}
	infos, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID: true, RFC822Size: true, InternalDate: true,
		BodyStructure: &imap.FetchItemBodyStructure{Extended: true},
	}).Collect()
	if err != nil {
		// A server that answers NO keeps the connection: read the batch
		// whole on it. One that hung up needs the caller to reconnect.
		if out, werr := FetchWhole(c, uids, limit); werr == nil {
			return out, nil
		}
		return nil, &StructureError{UIDs: slices.Clone(uids), Err: err}
	}
	out := make([]Message, 0, len(infos))
	var whole []imap.UID
	var partErr error
	index := map[imap.UID]int{}
	for _, info := range infos {
		index[info.UID] = len(out)
		out = append(out, Message{UID: info.UID, Size: info.RFC822Size, Arrived: info.InternalDate})
		p := planFor(info.BodyStructure)
		if p == nil {
			whole = append(whole, info.UID)
			continue
		}
		m := &out[len(out)-1]
		if err := fetchParts(c, m, p, limit); err != nil {
			// The server could not serve the parts (imapmemserver answers
			// NO on 5000 attachments, or hangs up): fall back to the whole
			// message.
			partErr = err
			whole = append(whole, info.UID)
			*m = Message{UID: m.UID, Size: m.Size, Arrived: m.Arrived}
			if c.State() == imap.ConnStateLogout || c.State() == imap.ConnStateNone {
				return nil, &StructureError{UIDs: slices.Clone(uids), Err: err}
			}
		}
	}
	if len(whole) > 0 {
		got, err := FetchWhole(c, whole, limit)
		if err != nil {
			if partErr != nil {
				// The hang-up may not have shown in the connection state
				// yet when the parts failed; it shows now. The caller
				// reconnects and reads the batch whole.
				return nil, &StructureError{UIDs: slices.Clone(uids), Err: partErr}
			}
			return nil, err
		}
		for _, g := range got {
			if i, ok := index[g.UID]; ok {
				out[i].Raw, out[i].Cut = g.Raw, g.Cut
			}
		}
	}
	slices.SortFunc(out, func(a, b Message) int { return int(a.UID) - int(b.UID) })
	return out, nil
}

// StructureError reports that the server could not describe the structure
// of a batch: some servers drop the connection on a message they cannot
// take apart. The caller reconnects and reads those messages with
// FetchWhole, so one such message cannot block a mailbox.
type StructureError struct {
	UIDs []imap.UID
	Err  error
}

func (e *StructureError) Error() string { return "reading message structure: " + e.Err.Error() }
func (e *StructureError) Unwrap() error { return e.Err }

// FetchWhole reads uids with BODY.PEEK[]<0.limit>, without asking for
// their structure. The result is in UID order.
func FetchWhole(c *imapclient.Client, uids []imap.UID, limit int64) ([]Message, error) {
	if len(uids) == 0 {
		return nil, nil
	}
	section := &imap.FetchItemBodySection{Peek: true, Partial: &imap.SectionPartial{Offset: 0, Size: limit}}
	msgs, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID: true, RFC822Size: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetching messages: %w", err)
	}
	out := make([]Message, 0, len(msgs))
	for _, msg := range msgs {
		raw := msg.FindBodySection(section)
		out = append(out, Message{UID: msg.UID, Size: msg.RFC822Size, Arrived: msg.InternalDate, Raw: raw, Cut: msg.RFC822Size > int64(len(raw))})
	}
	slices.SortFunc(out, func(a, b Message) int { return int(a.UID) - int(b.UID) })
	return out, nil
}

// fetchParts reads the header, every part's MIME header and the bodies of
// the needed leaves, in one FETCH, and reassembles the message.
func fetchParts(c *imapclient.Client, m *Message, p *plan, limit int64) error {
	header := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
	sections := []*imap.FetchItemBodySection{header}
	mime := map[string]*imap.FetchItemBodySection{}
	bodies := map[string]*imap.FetchItemBodySection{}
	budget := limit
	p.bs.Walk(func(path []int, part imap.BodyStructure) bool {
		if len(path) == 0 {
			return true
		}
		key := pathKey(path)
		s := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierMIME, Part: path, Peek: true}
		mime[key] = s
		sections = append(sections, s)
		if leaf, ok := part.(*imap.BodyStructureSinglePart); ok && needed(leaf) {
			n := min(int64(leaf.Size), budget)
			if n < int64(leaf.Size) {
				m.Cut = true
			}
			budget -= n
			if n > 0 {
				b := &imap.FetchItemBodySection{Part: path, Peek: true, Partial: &imap.SectionPartial{Offset: 0, Size: n}}
				bodies[key] = b
				sections = append(sections, b)
			}
		}
		return true
	})
	msgs, err := c.Fetch(imap.UIDSetNum(m.UID), &imap.FetchOptions{UID: true, BodySection: sections}).Collect()
	if err != nil {
		return fmt.Errorf("fetching parts of message %d: %w", m.UID, err)
	}
	if len(msgs) == 0 {
		return nil // expunged meanwhile: an empty message, as a whole fetch would give
	}
	got := msgs[0]
	var buf bytes.Buffer
	buf.Write(got.FindBodySection(header))
	a := assembler{buf: &buf, find: func(key string, body bool) []byte {
		s := mime[key]
		if body {
			s = bodies[key]
		}
		if s == nil {
			return nil
		}
		return got.FindBodySection(s)
	}}
	a.multipart(p.bs, nil)
	m.Raw = buf.Bytes()
	m.Skipped = p.skipped
	return nil
}

type assembler struct {
	buf  *bytes.Buffer
	find func(key string, body bool) []byte
}

// multipart writes the children of bs between its original boundaries
// (RFC 2046 section 5.1.1). Preamble and epilogue are dropped.
func (a assembler) multipart(bs *imap.BodyStructureMultiPart, path []int) {
	boundary := bs.Extended.Params["boundary"]
	for i, child := range bs.Children {
		p := append(slices.Clone(path), i+1)
		key := pathKey(p)
		a.buf.WriteString("\r\n--" + boundary + "\r\n")
		h := a.find(key, false)
		a.buf.Write(h)
		if len(h) == 0 || !bytes.HasSuffix(h, []byte("\n\n")) && !bytes.HasSuffix(h, []byte("\r\n\r\n")) {
			a.buf.WriteString("\r\n") // the server sent no header: an empty one
		}
		switch child := child.(type) {
		case *imap.BodyStructureMultiPart:
			a.multipart(child, p)
		case *imap.BodyStructureSinglePart:
			a.buf.Write(a.find(key, true))
		}
	}
	a.buf.WriteString("\r\n--" + boundary + "--\r\n")
}

func pathKey(path []int) string {
	var b strings.Builder
	for i, n := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		fmt.Fprint(&b, n)
	}
	return b.String()
}
