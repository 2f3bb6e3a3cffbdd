package sayyes

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ProgressWriter shows a backfill's progress. On a terminal it redraws one
// line in place (carriage return, then erase to the end of the line): a
// bar, count/total, rate and ETA. Anywhere else (a log file, a pipe, CI) it
// writes a plain line every Every messages or Interval, whichever comes
// first, and one at the end.
type ProgressWriter struct {
	w   io.Writer
	tty bool
	// Every and Interval pace the plain lines (defaults 500 and 10s).
	Every    int
	Interval time.Duration
	// Redraw is the shortest time between two redraws on a terminal.
	Redraw time.Duration
	now    func() time.Time

	mu        sync.Mutex
	started   bool
	lastAt    time.Time
	lastDone  int
	drawn     bool // a bar is on the current terminal line
	lastState BackfillProgress
}

// NewProgressWriter writes to w; tty selects the in-place bar.
func NewProgressWriter(w io.Writer, tty bool) *ProgressWriter {
	return &ProgressWriter{w: w, tty: tty, Every: 500, Interval: 10 * time.Second, Redraw: 100 * time.Millisecond, now: time.Now}
}

// Update records progress and draws it when due. It is a
// BackfillOptions.Progress.
func (p *ProgressWriter) Update(pr BackfillProgress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	first := !p.started
	p.started = true
	p.lastState = pr
	final := pr.Done >= pr.Total
	if p.tty {
		if first || final || now.Sub(p.lastAt) >= p.Redraw || !p.drawn {
			p.draw(now)
		}
		return
	}
	if first || final || pr.Done-p.lastDone >= p.Every || now.Sub(p.lastAt) >= p.Interval {
		p.draw(now)
	}
}

// Println writes a line of its own, keeping the bar below it.
func (p *ProgressWriter) Println(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
	fmt.Fprintln(p.w, s)
	if p.tty && p.started {
		p.draw(p.now())
	}
}

// Finish ends the bar's line, so what follows starts on a line of its own.
func (p *ProgressWriter) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

func (p *ProgressWriter) draw(now time.Time) {
	pr := p.lastState
	p.lastAt, p.lastDone = now, pr.Done
	pct := 100
	if pr.Total > 0 {
		pct = pr.Done * 100 / pr.Total
	}
	rate, eta := p.rate(now, pr)
	inv := fmt.Sprintf("%d invitation", pr.Stats.Invitations)
	if pr.Stats.Invitations != 1 {
		inv += "s"
	}
	if p.tty {
		const width = 24
		fill := width
		if pr.Total > 0 {
			fill = pr.Done * width / pr.Total
		}
		bar := strings.Repeat("=", fill)
		if fill < width {
			bar += ">" + strings.Repeat(" ", width-fill-1)
		}
		fmt.Fprintf(p.w, "\r[%s] %d/%d %3d%%  %s  ETA %s  %s  %s\x1b[K", bar, pr.Done, pr.Total, pct, rate, eta, inv, clip(pr.Mailbox, 24))
		p.drawn = true
		return
	}
	where := ""
	if pr.Mailbox != "" {
		where = ", " + strings.TrimSpace(pr.Account+" "+pr.Mailbox)
	}
	fmt.Fprintf(p.w, "backfill: %d/%d messages (%d%%), %s, ETA %s, %s found%s\n", pr.Done, pr.Total, pct, rate, eta, inv, where)
}

// rate is messages per second over this run (not the resumed part); the ETA
// assumes it holds for the rest.
func (p *ProgressWriter) rate(now time.Time, pr BackfillProgress) (rate, eta string) {
	rate, eta = "- msg/s", "--"
	left := pr.Total - pr.Done
	if left <= 0 {
		eta = "0s"
	}
	el := now.Sub(pr.Started)
	n := pr.Done - pr.Resumed
	if pr.Started.IsZero() || el < 200*time.Millisecond || n <= 0 {
		return rate, eta
	}
	r := float64(n) / el.Seconds()
	rate = fmt.Sprintf("%.0f msg/s", r)
	if r < 10 {
		rate = fmt.Sprintf("%.1f msg/s", r)
	}
	if left > 0 {
		eta = FormatETA(time.Duration(float64(left) / r * float64(time.Second)))
	}
	return rate, eta
}

// FormatETA renders a remaining time compactly: <1s, 45s, 3m05s, 2h10m.
func FormatETA(d time.Duration) string {
	switch {
	case d > 0 && d < time.Second:
		return "<1s"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	default:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
