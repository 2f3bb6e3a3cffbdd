package sayyes_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/sayyes/sayyes/internal/sandbox"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/pkg/mailconn"
	"github.com/sayyes/sayyes/services/watcher"
)

// hostileDir is the corpus written by tools/hostilegen.
const hostileDir = "../../testdata/hostile"

type hostileMail struct {
	name, desc string
	raw        []byte
}

// hostileCorpus reads every file listed in MANIFEST.tsv, inflating *.eml.gz.
func hostileCorpus(t *testing.T) []hostileMail {
	t.Helper()
	f, err := os.Open(filepath.Join(hostileDir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatalf("hostile corpus missing (go run ./tools/hostilegen -out testdata/hostile): %v", err)
	}
	defer f.Close()
	var out []hostileMail
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.SplitN(sc.Text(), "\t", 4)
		if len(cols) != 4 || strings.HasPrefix(cols[0], "#") {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(hostileDir, cols[0]))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(cols[0], ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("%s: %v", cols[0], err)
			}
			if raw, err = io.ReadAll(zr); err != nil {
				t.Fatalf("%s: %v", cols[0], err)
			}
		}
		out = append(out, hostileMail{name: cols[0], desc: cols[3], raw: raw})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 100 {
		t.Fatalf("hostile corpus has %d files, want at least 100", len(out))
	}
	return out
}

// TestHostileCorpusPipeline delivers every file of testdata/hostile to the
// sandbox INBOX, then an ordinary invitation and, once that is digested, a
// sentinel invitation. Setup: the three services on embedded NATS against
// the sandbox (newHarness). It checks that
//   - no service stops or crashes (harness.start fails the test if one
//     returns an error; a panic would end the test binary),
//   - the invitations are each digested exactly once,
//   - every hostile file was processed or dead-lettered by the watcher
//     with a reason, and the watcher's verdict on each agrees with
//     watcher.Detect on the bytes it fetched (the first max_fetch_bytes);
//     an invitation whose event is over the bus limit (a 200 KB subject of
//     characters JSON escapes six-fold) is trimmed or dead-lettered, never
//     retried forever,
//   - no digest carries an injected header or goes to an extra recipient.
//
// imapmemserver serves an empty body for messages it cannot parse itself;
// the watcher dead-letters those as "empty message body from server".
func TestHostileCorpusPipeline(t *testing.T) {
	corpus := hostileCorpus(t)
	h := newHarness(t)
	acct := h.cfg.Accounts[0]
	// What the watcher will make of each file: it fetches the first
	// max_fetch_bytes and calls watcher.Detect.
	// Some detection events are over the bus's payload limit as they come
	// out of the detector: the watcher must trim or dead-letter those, or
	// it would retry the mailbox from that message forever.
	type verdict struct {
		err       error
		isInv     bool
		oversized bool
	}
	verdicts := make([]verdict, len(corpus))
	maxPayload := h.node.Bus.Conn().MaxPayload()
	for i, m := range corpus {
		fetched := m.raw[:min(len(m.raw), acct.MaxFetchBytes)]
		inv, isInv, err := watcher.Detect("hostile", fetched, event.Source{}, len(m.raw) > acct.MaxFetchBytes)
		verdicts[i] = verdict{err: err, isInv: isInv}
		if isInv {
			b, err := json.Marshal(inv)
			verdicts[i].oversized = err != nil || int64(len(b)) > maxPayload
			if verdicts[i].oversized {
				t.Logf("%s: its detection event is %d bytes, over the %d-byte bus limit (%v)", m.name, len(b), maxPayload, err)
			}
		}
	}

	// Deliver before the services start, so that the corpus gets UIDs 1..n
	// and the invitation n+1: digests are delivered to INBOX too, and would
	// otherwise interleave.
	for _, m := range corpus {
		if err := h.sb.Deliver(m.raw); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	inv, invID := invitation(1)
	if err := h.sb.Deliver(inv); err != nil {
		t.Fatal(err)
	}
	uids := inboxUIDs(t, h)
	if len(uids) != len(corpus)+1 {
		t.Fatalf("INBOX holds %d messages, delivered %d", len(uids), len(corpus)+1)
	}

	h.startAll()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	waitDigest(ctx, t, h, invID)
	// The watcher handles a mailbox in UID order and dead-letters before it
	// moves on, so every hostile file has been handled by now.
	sent, sentID := invitation(2)
	if err := h.sb.Deliver(sent); err != nil {
		t.Fatal(err)
	}
	got := waitDigest(ctx, t, h, sentID)

	by := digests(t, got)
	for _, id := range []string{invID, sentID} {
		if n := len(by[id]); n != 1 {
			t.Errorf("invitation %s: %d digests, want exactly 1", id, n)
		}
	}
	for id, ds := range by {
		if len(ds) > 1 {
			t.Errorf("%d digests for %s", len(ds), id)
		}
	}
	for i, r := range got {
		if len(r.To) != 1 || r.To[0] != acct.DigestTo {
			t.Errorf("digest %d went to %v, want only %s", i, r.To, acct.DigestTo)
		}
		hdr, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(r.Data))).ReadMIMEHeader()
		if err != nil {
			t.Errorf("digest %d: reading header: %v", i, err)
			continue
		}
		for _, k := range []string{"Bcc", "X-Injected"} {
			if v := hdr.Values(k); len(v) > 0 {
				t.Errorf("digest %d carries an injected %s: %q (subject %q)", i, k, v, hdr.Get("Subject"))
			}
		}
	}

	dls, err := h.node.Bus.DeadLetters(ctx, 10*len(corpus))
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[uint32]event.DeadLetter{}
	for _, dl := range dls {
		if dl.Reason == "" {
			t.Errorf("dead letter without a reason: %+v", dl)
		}
		if dl.Stage != "watcher" {
			t.Logf("dead letter from %s (not the watcher): %s", dl.Stage, dl.Reason)
			continue
		}
		if dl.Source == nil || dl.Source.UID == 0 {
			t.Errorf("watcher dead letter without a source: %+v", dl)
			continue
		}
		if _, dup := byUID[dl.Source.UID]; dup {
			t.Errorf("UID %d dead-lettered twice", dl.Source.UID)
		}
		byUID[dl.Source.UID] = dl
	}
	if dl, ok := byUID[uint32(uids[len(corpus)])]; ok {
		t.Errorf("the ordinary invitation was dead-lettered: %s", dl.Reason)
	}

	var processed, emptyBody, refused, invitations int
	for i, m := range corpus {
		dl, dead := byUID[uint32(uids[i])]
		derr := verdicts[i].err
		if verdicts[i].isInv && !dead {
			invitations++
		}
		switch {
		case dead && dl.Reason == "empty message body from server":
			emptyBody++
		case dead && verdicts[i].oversized && derr == nil:
			refused++ // too big for the bus even after trimming
		case dead:
			refused++
			if derr == nil || dl.Reason != derr.Error() {
				t.Errorf("%s (%s): dead-lettered with %q, but watcher.Detect gives %v", m.name, m.desc, dl.Reason, derr)
			}
		default:
			processed++
			if derr != nil {
				t.Errorf("%s (%s): neither dead-lettered nor processable: %v", m.name, m.desc, derr)
			}
		}
	}
	t.Logf("%d hostile files: %d processed (%d of them invitations), %d dead-lettered as unparseable or too big, %d served empty by the IMAP server; %d digests in all",
		len(corpus), processed, invitations, refused, emptyBody, len(got))
}

// waitDigest waits until the SMTP sandbox has a digest for the invitation
// with Message-ID id and returns everything received so far.
func waitDigest(ctx context.Context, t *testing.T, h *harness, id string) []sandbox.Received {
	t.Helper()
	n := 1
	for {
		got, err := h.sb.WaitReceived(ctx, n)
		if err != nil {
			t.Fatalf("waiting for the digest of %s: %v", id, err)
		}
		if len(digests(t, got)[id]) > 0 {
			return got
		}
		n = len(got) + 1
	}
}

// inboxUIDs lists INBOX's UIDs in ascending order, which is APPEND order.
func inboxUIDs(t *testing.T, h *harness) []imap.UID {
	t.Helper()
	c, err := mailconn.DialIMAP(context.Background(), h.cfg.Accounts[0].IMAP, 10*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	res, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	uids := res.AllUIDs()
	slices.Sort(uids)
	return uids
}
