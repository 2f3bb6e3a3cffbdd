package mailmsg_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sayyes/sayyes/pkg/calendar"
	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// hostileDir is the corpus written by tools/hostilegen.
const hostileDir = "../../testdata/hostile"

// perFileBudget bounds parse + classify + calendar decoding of one corpus
// file. Parsing takes milliseconds and classification up to about a second
// (the detector's rules over a 150 KB subject); the race detector slows
// both some twenty-fold (see race_test.go).
var perFileBudget = 5 * time.Second * raceSlowdown

type hostileFile struct{ name, category, expect, desc string }

// hostileManifest reads MANIFEST.tsv and checks it matches the directory.
func hostileManifest(t testing.TB) []hostileFile {
	t.Helper()
	f, err := os.Open(filepath.Join(hostileDir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatalf("hostile corpus missing (go run ./tools/hostilegen -out testdata/hostile): %v", err)
	}
	defer f.Close()
	var out []hostileFile
	listed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.SplitN(line, "\t", 4)
		if len(cols) != 4 {
			t.Fatalf("MANIFEST.tsv: bad row %q", line)
		}
		out = append(out, hostileFile{cols[0], cols[1], cols[2], cols[3]})
		listed[cols[0]] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	onDisk, err := filepath.Glob(filepath.Join(hostileDir, "*.eml*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range onDisk {
		if !listed[filepath.Base(p)] {
			t.Errorf("%s is not in MANIFEST.tsv; regenerate the corpus", filepath.Base(p))
		}
	}
	if len(onDisk) != len(out) {
		t.Errorf("%d files on disk, %d in MANIFEST.tsv", len(onDisk), len(out))
	}
	return out
}

// readHostile returns a corpus file's raw message, inflating *.eml.gz.
func readHostile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(hostileDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(name, ".gz") {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return raw
}

// outcome is what one corpus file produced.
type outcome struct {
	msg     *mailmsg.Message
	err     error
	res     detect.Result
	calErrs []error
	panic   any
	stack   []byte
	took    time.Duration
}

// runHostile parses, classifies and decodes the calendars of raw, as the
// watcher and the advisor would, and gives up waiting after budget.
func runHostile(raw []byte, budget time.Duration) (outcome, bool) {
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				o.panic, o.stack = p, debug.Stack()
			}
			o.took = time.Since(start)
			done <- o
		}()
		o.msg, o.err = mailmsg.Parse(raw, mailmsg.DefaultLimits)
		if o.err != nil {
			return
		}
		o.res = detect.Classify(o.msg)
		for _, c := range o.msg.Calendars {
			if _, err := calendar.Parse(c); err != nil {
				o.calErrs = append(o.calErrs, err)
			}
		}
	}()
	select {
	case o := <-done:
		return o, true
	case <-time.After(budget):
		return outcome{}, false
	}
}

// headerFields are the decoded values a reply or digest may put in a header.
func headerFields(m *mailmsg.Message) map[string]string {
	f := map[string]string{"Subject": m.Subject, "Message-ID": m.MessageID}
	add := func(key, name, address string) {
		f[key+".Name"], f[key+".Address"] = name, address
	}
	add("From", m.From.Name, m.From.Address)
	add("Sender", m.Sender.Name, m.Sender.Address)
	for i, a := range m.ReplyTo {
		add(fmt.Sprintf("Reply-To[%d]", i), a.Name, a.Address)
	}
	for i, a := range m.To {
		add(fmt.Sprintf("To[%d]", i), a.Name, a.Address)
	}
	for i, a := range m.Cc {
		add(fmt.Sprintf("Cc[%d]", i), a.Name, a.Address)
	}
	for i, id := range m.InReplyTo {
		f[fmt.Sprintf("In-Reply-To[%d]", i)] = id
	}
	for i, id := range m.References {
		f[fmt.Sprintf("References[%d]", i)] = id
	}
	for i, a := range m.Attachments {
		f[fmt.Sprintf("Attachments[%d]", i)] = a
	}
	return f
}

// singleLine reports the first character that must not appear in a header
// field: any control character (C0, DEL, C1) or a Unicode line separator.
func singleLine(s string) (rune, bool) {
	if !utf8.ValidString(s) {
		return utf8.RuneError, false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return r, false
		}
	}
	return 0, true
}

// TestHostileCorpus runs every file of testdata/hostile through the parser,
// the detector and the calendar decoder: nothing may panic or stall, each
// file either parses or fails with a reason, as MANIFEST.tsv expects, and no
// decoded header field carries a line break, NUL or other control character.
func TestHostileCorpus(t *testing.T) {
	files := hostileManifest(t)
	if len(files) < 100 {
		t.Fatalf("corpus has %d files, want at least 100", len(files))
	}
	type timing struct {
		name string
		took time.Duration
	}
	var slow []timing
	for _, hf := range files {
		t.Run(hf.name, func(t *testing.T) {
			o, ok := runHostile(readHostile(t, hf.name), perFileBudget)
			if !ok {
				t.Fatalf("%s: parse/classify did not finish within %v", hf.desc, perFileBudget)
			}
			if o.panic != nil {
				t.Fatalf("%s: panic: %v\n%s", hf.desc, o.panic, o.stack)
			}
			slow = append(slow, timing{hf.name, o.took})
			checkOutcome(t, hf, o)
		})
	}
	sort.Slice(slow, func(i, j int) bool { return slow[i].took > slow[j].took })
	for _, s := range slow[:min(5, len(slow))] {
		t.Logf("slowest: %-55s %v", s.name, s.took.Round(time.Millisecond))
	}
}

func checkOutcome(t *testing.T, hf hostileFile, o outcome) {
	t.Helper()
	if o.err != nil {
		// A refusal must say what was wrong, in the package's words.
		if !strings.HasPrefix(o.err.Error(), "mailmsg: ") || !errors.Is(o.err, mailmsg.ErrNotMail) {
			t.Errorf("error without a clear reason: %v", o.err)
		}
		if hf.expect != "reject" && hf.expect != "any" {
			t.Errorf("%s: Parse failed (%v), want it to %s", hf.desc, o.err, hf.expect)
		}
		return
	}
	m := o.msg
	switch hf.expect {
	case "reject":
		t.Errorf("%s: Parse succeeded (subject %.60q, problems %q), want an error", hf.desc, m.Subject, m.Problems)
	case "problems":
		if len(m.Problems) == 0 {
			t.Errorf("%s: no problem recorded", hf.desc)
		}
	}
	for k, v := range headerFields(m) {
		if r, ok := singleLine(v); !ok {
			t.Errorf("header field %s = %.80q contains %U", k, v, r)
		}
	}
	for name, s := range map[string]string{"Text": m.Text, "HTML": m.HTML} {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			t.Errorf("%s is not NUL-free UTF-8", name)
		}
	}
	for i, p := range m.Problems {
		if strings.TrimSpace(p) == "" {
			t.Errorf("problem %d is empty", i)
		}
	}
	if int64(len(m.Text)) > mailmsg.DefaultLimits.MaxTextBytes && m.HTML == "" {
		t.Errorf("text is %d bytes, over the %d cap", len(m.Text), mailmsg.DefaultLimits.MaxTextBytes)
	}
	if _, err := json.Marshal(m.Date); err != nil {
		t.Errorf("Date %v cannot travel in an event: %v", m.Date, err)
	}
	for _, err := range o.calErrs {
		if !strings.HasPrefix(err.Error(), "calendar: ") {
			t.Errorf("calendar error without a clear reason: %v", err)
		}
	}
	checkResult(t, o.res)
}

// checkResult checks what the detector extracted: single-line fields stay
// single-line and the result can be published as JSON.
func checkResult(t *testing.T, r detect.Result) {
	t.Helper()
	for k, v := range map[string]string{
		"Kind": r.Kind, "Company": r.Company, "Role": r.Role, "Stage": r.Stage, "Format": r.Format,
		"MeetingURL": r.MeetingURL, "SchedulingURL": r.SchedulingURL, "SchedulingVendor": r.SchedulingVendor,
		"Location": r.Location, "Language": r.Language,
	} {
		if c, ok := singleLine(v); !ok {
			t.Errorf("detector field %s = %.80q contains %U", k, v, c)
		}
	}
	if r.Score < 0 || r.Score > 1 {
		t.Errorf("score %v outside [0,1]", r.Score)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("detector result cannot be published: %v", err)
	}
}

// TestHostileMemoryBounded: no corpus file makes Parse+Classify allocate
// or keep more than a bounded amount, and the 30 MB attachment and the
// 30 MB inline text cost a small fraction of their size: the result holds
// none of it. (Quadratic unfolding in the detector once allocated 800 MB
// for a 160 KB calendar, and zone lookups 125 MB for 3,000 events.)
func TestHostileMemoryBounded(t *testing.T) {
	const maxAlloc, maxRetained = 64 << 20, 16 << 20 // any file
	const bigAlloc, bigRetained = 16 << 20, 4 << 20  // the 30 MB ones
	for _, hf := range hostileManifest(t) {
		raw := readHostile(t, hf.name)
		alloc, retained := parseCost(raw)
		aLim, rLim := uint64(maxAlloc), int64(maxRetained)
		if strings.Contains(hf.name, "-30mb") {
			aLim, rLim = bigAlloc, bigRetained
			t.Logf("%s: %d MB raw, parse allocated %.1f MB, result retains %.2f MB", hf.name, len(raw)>>20, mb(alloc), mb(uint64(max(retained, 0))))
		}
		if alloc > aLim {
			t.Errorf("%s: Parse+Classify allocated %.1f MB for %.1f MB of input, want at most %.0f MB", hf.name, mb(alloc), mb(uint64(len(raw))), mb(aLim))
		}
		if retained > rLim {
			t.Errorf("%s: the parsed message and result retain %.1f MB, want at most %.0f MB", hf.name, mb(uint64(retained)), mb(uint64(rLim)))
		}
		runtime.KeepAlive(raw)
	}
}

// parseCost parses and classifies raw once and returns the bytes allocated
// meanwhile and the live heap the result keeps beyond raw itself.
func parseCost(raw []byte) (alloc uint64, retained int64) {
	var before, after runtime.MemStats
	gc()
	runtime.ReadMemStats(&before)
	m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
	var res detect.Result
	if err == nil {
		res = detect.Classify(m)
	}
	runtime.ReadMemStats(&after)
	alloc = after.TotalAlloc - before.TotalAlloc
	gc()
	runtime.ReadMemStats(&after)
	retained = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(m)
	runtime.KeepAlive(res)
	return alloc, retained
}

// gc collects twice: sync.Pool caches (the detector pools token buffers)
// survive one collection, and are not something a parsed message holds.
func gc() {
	runtime.GC()
	runtime.GC()
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }

// BenchmarkHostileCorpus parses and classifies the whole hostile corpus,
// the 30 MB attachment and the 5,000-part mail included, one file at a
// time as the watcher would, and reports memory:
//
//   - peak-heap-MB: the highest heap sampled (every 100µs) while Parse and
//     Classify ran, the heap collected before each file; it includes the
//     raw message being parsed, so it can never be below max-input-MB
//   - max-input-MB: the largest raw message
//   - max-parse-alloc-MB: the most one Parse+Classify allocated
//   - max-retained-MB: the most heap one parsed message and its result
//     keep alive
//
// go test -run '^$' -bench HostileCorpus -benchtime 5x ./pkg/mailmsg/
func BenchmarkHostileCorpus(b *testing.B) {
	files := hostileManifest(b)
	var maxIn int
	for _, hf := range files {
		maxIn = max(maxIn, len(readHostile(b, hf.name)))
	}

	var peak atomic.Uint64
	var parsing atomic.Bool
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			if !parsing.Load() {
				continue
			}
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
		}
	}()
	for b.Loop() {
		for _, hf := range files {
			b.StopTimer()
			raw := readHostile(b, hf.name)
			gc()
			parsing.Store(true)
			b.StartTimer()
			if m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits); err == nil {
				detect.Classify(m)
			}
			parsing.Store(false)
		}
	}
	b.StopTimer()
	close(stop)
	<-sampled

	var maxAlloc uint64
	var maxRetained int64
	for _, hf := range files {
		alloc, retained := parseCost(readHostile(b, hf.name))
		maxAlloc = max(maxAlloc, alloc)
		maxRetained = max(maxRetained, retained)
	}
	b.ReportMetric(mb(peak.Load()), "peak-heap-MB")
	b.ReportMetric(mb(uint64(maxIn)), "max-input-MB")
	b.ReportMetric(mb(maxAlloc), "max-parse-alloc-MB")
	b.ReportMetric(mb(uint64(max(maxRetained, 0))), "max-retained-MB")
}
