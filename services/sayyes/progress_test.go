package sayyes

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// at makes a ProgressWriter's clock read t0+d, and returns a progress
// report of a run that began at t0.
func at(p *ProgressWriter, d time.Duration, pr BackfillProgress) BackfillProgress {
	p.now = func() time.Time { return t0.Add(d) }
	pr.Started = t0
	return pr
}

func TestProgressTerminalRedrawsOneLine(t *testing.T) {
	var b bytes.Buffer
	p := NewProgressWriter(&b, true)
	for i := 1; i <= 10; i++ { // 4 messages a second
		p.Update(at(p, time.Duration(i)*250*time.Millisecond, BackfillProgress{Mailbox: "INBOX", Done: i, Total: 10, Stats: BackfillStats{Invitations: i / 3}}))
		if i == 5 {
			p.Println("published  2026-10-01  dana@acme.example  \"Interview\"")
		}
	}
	p.Finish()
	out := b.String()
	if strings.Count(out, "\n") != 2 {
		t.Errorf("want exactly the printed line and the final newline, got %q", out)
	}
	frames := strings.Split(out, "\r")
	last := frames[len(frames)-1]
	for _, want := range []string{"[========================]", "10/10", "100%", "4.0 msg/s", "ETA 0s", "3 invitations", "INBOX", "\x1b[K"} {
		if !strings.Contains(last, want) {
			t.Errorf("last frame %q lacks %q", last, want)
		}
	}
	mid := frames[3]
	for _, want := range []string{"[=======>", "3/10", " 30%", "4.0 msg/s", "ETA 2s", "1 invitation "} {
		if !strings.Contains(mid, want) {
			t.Errorf("frame %q lacks %q", mid, want)
		}
	}
	if !strings.Contains(out, "\r\x1b[Kpublished  2026-10-01") {
		t.Errorf("a printed line must first clear the bar: %q", out)
	}
}

func TestProgressTerminalThrottles(t *testing.T) {
	var b bytes.Buffer
	p := NewProgressWriter(&b, true)
	for i := 1; i <= 100; i++ { // 1000 a second: one redraw per 100 messages at most
		p.Update(at(p, time.Duration(i)*time.Millisecond, BackfillProgress{Done: i, Total: 100}))
	}
	if n := strings.Count(b.String(), "\r"); n != 2 {
		t.Errorf("%d redraws, want the first and the last", n)
	}
}

func TestProgressPlainLines(t *testing.T) {
	var b bytes.Buffer
	p := NewProgressWriter(&b, false)
	p.Every, p.Interval = 4, time.Hour
	for i := 1; i <= 10; i++ {
		p.Update(at(p, time.Duration(i)*time.Second, BackfillProgress{Account: "personal", Mailbox: "INBOX", Done: i, Total: 10}))
	}
	p.Finish()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	// The first message, every 4 after it, and the last.
	if len(lines) != 4 || strings.Contains(b.String(), "\r") {
		t.Fatalf("lines:\n%s", b.String())
	}
	if !strings.HasPrefix(lines[1], "backfill: 5/10 messages (50%), 1.0 msg/s, ETA 5s, 0 invitations found, personal INBOX") {
		t.Errorf("line: %q", lines[1])
	}
	if !strings.Contains(lines[3], "10/10 messages (100%)") {
		t.Errorf("last line: %q", lines[3])
	}
}

func TestProgressPlainEveryInterval(t *testing.T) {
	var b bytes.Buffer
	p := NewProgressWriter(&b, false)
	p.Every, p.Interval = 1000, 10*time.Second
	for i := 1; i <= 9; i++ { // one message every 4s
		p.Update(at(p, time.Duration(i)*4*time.Second, BackfillProgress{Done: i, Total: 100}))
	}
	if n := strings.Count(b.String(), "\n"); n != 3 {
		t.Errorf("%d lines in 36s, want 3 (at 4s, the first; at 16s and 28s, 10s or more after the one before):\n%s", n, b.String())
	}
}

func TestResumedProgressRateCountsThisRunOnly(t *testing.T) {
	var b bytes.Buffer
	p := NewProgressWriter(&b, false)
	p.Every = 1
	for i := 501; i <= 504; i++ {
		p.Update(at(p, time.Duration(i-500)*time.Second, BackfillProgress{Done: i, Total: 1000, Resumed: 500}))
	}
	if !strings.Contains(b.String(), "504/1000 messages (50%), 1.0 msg/s, ETA 8m16s") {
		t.Errorf("rate must ignore the 500 done by the interrupted run:\n%s", b.String())
	}
}

func TestFormatETA(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 300 * time.Millisecond: "<1s", 45 * time.Second: "45s", 185 * time.Second: "3m05s", 2*time.Hour + 10*time.Minute + 20*time.Second: "2h10m",
	} {
		if got := FormatETA(d); got != want {
			t.Errorf("FormatETA(%s) = %q, want %q", d, got, want)
		}
	}
}
