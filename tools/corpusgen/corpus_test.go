package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

const corpusDir = "../../testdata/corpus"

func listFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// The checked-in corpus must be exactly what the generator produces.
func TestCorpusUpToDate(t *testing.T) {
	tmp := t.TempDir()
	if err := run(tmp, defaultSeed); err != nil {
		t.Fatal(err)
	}
	want := listFiles(t, tmp)
	got := listFiles(t, corpusDir)
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Fatalf("file list differs from a fresh generation (%d vs %d files); run: go run ./tools/corpusgen -out testdata/corpus", len(got), len(want))
	}
	for _, f := range want {
		a, _ := os.ReadFile(filepath.Join(tmp, f))
		b, _ := os.ReadFile(filepath.Join(corpusDir, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from a fresh generation; run: go run ./tools/corpusgen -out testdata/corpus", f)
		}
	}
}

func TestGenerationDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := run(a, defaultSeed); err != nil {
		t.Fatal(err)
	}
	if err := run(b, defaultSeed); err != nil {
		t.Fatal(err)
	}
	for _, f := range listFiles(t, a) {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two runs with the same seed", f)
		}
	}
}

func decodeBody(t *testing.T, name string, r io.Reader, cte string) []byte {
	t.Helper()
	switch strings.ToLower(cte) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "", "7bit", "8bit":
	default:
		t.Errorf("%s: unexpected transfer encoding %q", name, cte)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Errorf("%s: decoding %s body: %v", name, cte, err)
	}
	return b
}

// walk parses a MIME entity recursively and returns its leaf content types.
func walk(t *testing.T, name string, header map[string][]string, body io.Reader, depth int) []string {
	t.Helper()
	get := func(k string) string {
		if v := header[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	ct := get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Errorf("%s: bad Content-Type %q: %v", name, ct, err)
		return nil
	}
	if strings.HasPrefix(mt, "multipart/") {
		if params["boundary"] == "" {
			t.Errorf("%s: multipart without boundary", name)
			return nil
		}
		mr := multipart.NewReader(body, params["boundary"])
		var leaves []string
		n := 0
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: reading %s: %v", name, mt, err)
				return leaves
			}
			n++
			leaves = append(leaves, walk(t, name, p.Header, p, depth+1)...)
		}
		if n == 0 {
			t.Errorf("%s: empty %s", name, mt)
		}
		return leaves
	}
	data := decodeBody(t, name, body, get("Content-Transfer-Encoding"))
	if strings.HasPrefix(mt, "text/") {
		cs := strings.ToLower(params["charset"])
		switch cs {
		case "utf-8":
			if !isValidUTF8(data) {
				t.Errorf("%s: %s declared utf-8 but is not", name, mt)
			}
		case "iso-8859-1":
		default:
			t.Errorf("%s: %s with charset %q", name, mt, cs)
		}
		if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
			t.Errorf("%s: %s content has bare LF", name, mt)
		}
	}
	if mt == "text/calendar" {
		s := string(data)
		for _, need := range []string{"BEGIN:VCALENDAR", "METHOD:REQUEST", "BEGIN:VEVENT", "DTSTART", "DTEND", "ORGANIZER", "ATTENDEE", "END:VCALENDAR"} {
			if !strings.Contains(s, need) {
				t.Errorf("%s: calendar lacks %s", name, need)
			}
		}
	}
	return []string{mt}
}

func isValidUTF8(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

func TestCorpusParses(t *testing.T) {
	files := listFiles(t, corpusDir)
	dec := new(mime.WordDecoder)
	n := 0
	for _, f := range files {
		if !strings.HasSuffix(f, ".eml") {
			continue
		}
		n++
		raw, err := os.ReadFile(filepath.Join(corpusDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
			t.Errorf("%s: bare LF line ending", f)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		for _, h := range []string{"Message-Id", "Date", "From", "To", "Subject", "Mime-Version"} {
			if msg.Header.Get(h) == "" {
				t.Errorf("%s: missing %s", f, h)
			}
		}
		d, err := msg.Header.Date()
		// Interviews fall in 2026; a mail about one may be sent in December.
		if err != nil || d.Before(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)) || d.Year() > 2026 {
			t.Errorf("%s: Date %q: %v", f, msg.Header.Get("Date"), err)
		}
		if _, err := msg.Header.AddressList("From"); err != nil {
			t.Errorf("%s: From: %v", f, err)
		}
		if _, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
			t.Errorf("%s: Subject: %v", f, err)
		}
		leaves := walk(t, f, msg.Header, msg.Body, 0)
		hasText := false
		for _, l := range leaves {
			if l == "text/plain" || l == "text/html" {
				hasText = true
			}
		}
		if !hasText {
			t.Errorf("%s: no text body", f)
		}
	}
	if n < 450 {
		t.Errorf("only %d messages", n)
	}
}

func TestLabels(t *testing.T) {
	fh, err := os.Open(filepath.Join(corpusDir, "labels.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	seen := map[string]Label{}
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var l Label
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("bad label line %q: %v", sc.Text(), err)
		}
		if _, dup := seen[l.File]; dup {
			t.Errorf("duplicate label for %s", l.File)
		}
		seen[l.File] = l
		if l.ProposedTimes == nil || l.Interviewers == nil {
			t.Errorf("%s: null list", l.File)
		}
		pos := strings.Contains(l.File, "/pos/")
		if l.IsInvitation != pos {
			t.Errorf("%s: is_invitation=%v", l.File, l.IsInvitation)
		}
		if !pos && l.Kind != "" {
			t.Errorf("%s: negative with kind %q", l.File, l.Kind)
		}
		for _, p := range l.ProposedTimes {
			if _, err := time.Parse(time.RFC3339, p); err != nil {
				t.Errorf("%s: proposed time %q: %v", l.File, p, err)
			}
		}
		if l.RespondBy != "" {
			if _, err := time.Parse("2006-01-02", l.RespondBy); err != nil {
				t.Errorf("%s: respond_by %q", l.File, l.RespondBy)
			}
		}
	}
	counts := map[string]int{}
	for _, f := range listFiles(t, corpusDir) {
		if !strings.HasSuffix(f, ".eml") {
			continue
		}
		if _, ok := seen[f]; !ok {
			t.Errorf("%s has no label", f)
		}
		counts[strings.Join(strings.Split(f, "/")[:2], "/")]++
		delete(seen, f)
	}
	for f := range seen {
		t.Errorf("label for missing file %s", f)
	}
	pos := counts["train/pos"] + counts["holdout/pos"]
	neg := counts["train/neg"] + counts["holdout/neg"]
	if pos < 150 || neg < 300 {
		t.Errorf("need >=150 positives and >=300 negatives, have %d and %d", pos, neg)
	}
	// Retired holdouts joined train, so train is most of the corpus; the
	// holdout must stay big enough to measure.
	share := float64(counts["train/pos"]+counts["train/neg"]) / float64(pos+neg)
	if share < 0.65 || share > 0.90 {
		t.Errorf("train share %.2f", share)
	}
	if n := counts["holdout/pos"] + counts["holdout/neg"]; n < 300 || counts["holdout/pos"] < 100 {
		t.Errorf("holdout of %d messages (%d invitations): too small to measure", n, counts["holdout/pos"])
	}
}

// Holdout templates must never be used for train messages and vice versa,
// and every template must be used.
func TestSplitIsolation(t *testing.T) {
	tpls, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	items, err := plan(tpls, defaultSeed)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.tpl.Split != it.split {
			t.Errorf("%s used for %s", it.tpl.Source, it.split)
		}
	}
	bodies := map[string]string{}
	for _, ts := range tpls {
		for _, tp := range ts {
			if s, ok := bodies[tp.Body]; ok && s != tp.Split {
				t.Errorf("%s: same body text in both splits", tp.Source)
			}
			bodies[tp.Body] = tp.Split
		}
	}
}
