package digest_test

// These tests render the HTML digests in headless Chromium (Debian's
// chromium package; .ci/run installs it) at a phone and a desktop width and
// look at the screenshot: the page must not be blank and the layout must
// hold, that is nothing may stick out sideways. In CI (CI set) a missing
// browser fails the test instead of skipping it.
//
// Chromium's headless window is at least 500 pixels wide, so the digest
// is not loaded as the page itself: a harness page puts it in an iframe of
// exactly the width under test (via srcdoc, so the harness may inspect
// it), measures it after load, and paints a status strip above it: green
// when nothing overflows, magenta when something does. The screenshot
// carries the verdict, and the pixels below the strip show whether the
// digest itself rendered.

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/config"
	"github.com/sayyes/sayyes/pkg/digest"
	"github.com/sayyes/sayyes/pkg/event"
	"github.com/sayyes/sayyes/templates"
)

const (
	stripHeight = 12
	pageHeight  = 2400
)

var widths = []int{375, 1024}

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("headless Chromium is required in CI: apt-get install chromium (see .ci/run)")
	}
	t.Skip("chromium not installed; apt-get install chromium to run the rendering tests")
	return ""
}

// harness wraps page in an iframe of width w and the measuring script.
func harness(page string, w int) string {
	return fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>
html,body{margin:0;padding:0;background:#ffffff}
#strip{position:absolute;left:0;top:0;width:%[1]dpx;height:%[2]dpx;background:#000000}
iframe{position:absolute;left:0;top:%[2]dpx;border:0;width:%[1]dpx;height:%[3]dpx}
</style></head><body><div id="strip"></div><iframe id="f" srcdoc="%[4]s"></iframe>
<script>
window.addEventListener("load", function () {
  var doc = document.getElementById("f").contentDocument;
  var w = %[1]d, bad = [];
  if (doc.documentElement.scrollWidth > w) bad.push("page " + doc.documentElement.scrollWidth);
  var all = doc.body ? doc.body.getElementsByTagName("*") : [];
  for (var i = 0; i < all.length; i++) {
    var r = all[i].getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1) bad.push(all[i].tagName + " " + Math.round(r.right));
  }
  var text = doc.body ? doc.body.innerText.trim().length : 0;
  document.getElementById("strip").style.background = text < 100 ? "#0000ff" : (bad.length ? "#ff00ff" : "#00ff00");
  document.title = bad.join(", ");
});
</script></body></html>`, w, stripHeight, pageHeight-stripHeight, html.EscapeString(page))
}

type shot struct {
	img    image.Image
	width  int // of the digest
	status color.RGBA
}

// screenshot renders page at width w in headless Chromium.
func screenshot(t *testing.T, bin, name, page string, w int) shot {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "page.html")
	if err := os.WriteFile(src, []byte(harness(page, w)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=5000",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--screenshot="+out, fmt.Sprintf("--window-size=%d,%d", max(w, 500), pageHeight),
		"file://"+src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, tail(stderr.String(), 2000))
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, tail(stderr.String(), 2000))
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("SAYYES_SCREENSHOTS"); keep != "" {
		_ = os.MkdirAll(keep, 0o755)
		data, _ := os.ReadFile(out)
		_ = os.WriteFile(filepath.Join(keep, fmt.Sprintf("%s-%d.png", name, w)), data, 0o644)
	}
	r, g, b, _ := img.At(2, 2).RGBA()
	return shot{img: img, width: w, status: color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}}
}

// verdict reads the status strip.
func (s shot) verdict() string {
	switch c := s.status; {
	case c.G > 200 && c.R < 60 && c.B < 60:
		return "ok"
	case c.R > 200 && c.B > 200 && c.G < 60:
		return "overflow"
	case c.B > 200 && c.R < 60 && c.G < 60:
		return "no text"
	}
	return fmt.Sprintf("no verdict (strip %v): the measuring script did not run", s.status)
}

// ink measures the digest area below the strip: the standard deviation of
// the grey level and the share of pixels that differ from the most common
// colour (the background).
func (s shot) ink() (stddev, share float64) {
	b := s.img.Bounds()
	counts := map[color.RGBA]int{}
	var sum, sumSq float64
	n := 0
	for y := b.Min.Y + stripHeight; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Min.X+s.width && x < b.Max.X; x += 2 {
			r, g, bl, _ := s.img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}
			counts[c]++
			grey := 0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)
			sum += grey
			sumSq += grey * grey
			n++
		}
	}
	top := 0
	for _, k := range counts {
		top = max(top, k)
	}
	mean := sum / float64(n)
	return math.Sqrt(sumSq/float64(n) - mean*mean), 1 - float64(top)/float64(n)
}

// has counts pixels close to c in the digest area.
func (s shot) has(c color.RGBA) int {
	b := s.img.Bounds()
	n := 0
	for y := b.Min.Y + stripHeight; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Min.X+s.width && x < b.Max.X; x++ {
			r, g, bl, _ := s.img.At(x, y).RGBA()
			if near(uint8(r>>8), c.R) && near(uint8(g>>8), c.G) && near(uint8(bl>>8), c.B) {
				n++
			}
		}
	}
	return n
}

func near(a, b uint8) bool { return math.Abs(float64(a)-float64(b)) < 12 }

func hex(s string) color.RGBA {
	var c color.RGBA
	fmt.Sscanf(s, "#%02x%02x%02x", &c.R, &c.G, &c.B)
	c.A = 255
	return c
}

func TestDigestRendersInChromium(t *testing.T) {
	bin := chromium(t)
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")

	rich := advise(t, richInvitation(), config.Profile{Name: "Ada Lovelace", Employment: "employed", Competitors: []string{"Initech"}, Timezone: "Europe/Berlin"})
	hostile := advised(strings.Repeat("Unbreakable", 30), "Evil<script>alert(1)</script>Corp", strings.Repeat("W", 120), "Kim Lee")
	hostile.Invitation.Detection.MeetingURL = "https://meet.example/" + strings.Repeat("x", 300)
	hostile.Invitation.Message.From.Address = strings.Repeat("a", 80) + "@" + strings.Repeat("b", 80) + ".example"

	pages := map[string]struct {
		html  string
		color string // the recommendation colour that must show
	}{}
	for name, a := range map[string]struct {
		adv   event.InvitationAdvised
		color string
	}{"rich": {rich, "#1f6f8b"}, "hostile": {hostile, "#1f7a4d"}} {
		v := digest.NewView(digest.Input{Advised: a.adv, Location: loc, Folder: "Drafts", Health: "Watcher connected to INBOX; last check 09:58."})
		_, h, err := digest.Render(set, v)
		if err != nil {
			t.Fatal(err)
		}
		pages[name] = struct{ html, color string }{h, a.color}
	}
	d := digest.NewDaily(now, loc, []digest.Input{{Advised: rich, Folder: "Drafts"}, {Advised: hostile, Folder: "Drafts"}}, "Watcher connected.")
	_, dh, err := digest.RenderDaily(set, d)
	if err != nil {
		t.Fatal(err)
	}
	pages["daily"] = struct{ html, color string }{dh, "#1f6f8b"}

	for name, p := range pages {
		for _, w := range widths {
			t.Run(fmt.Sprintf("%s/%d", name, w), func(t *testing.T) {
				t.Parallel()
				s := screenshot(t, bin, name, p.html, w)
				if v := s.verdict(); v != "ok" {
					t.Errorf("layout at %dpx: %s", w, v)
				}
				sd, share := s.ink()
				if sd < 20 || share < 0.05 {
					t.Errorf("screenshot looks blank: grey stddev %.1f, %.1f%% non-background pixels", sd, share*100)
				}
				if n := s.has(hex(p.color)); n < 500 {
					t.Errorf("the advice banner (%s) is missing: %d pixels", p.color, n)
				}
			})
		}
	}
}

// TestRenderCheckCanFail proves the checks above are not vacuous: a page
// wider than the phone is caught, and so is a blank page.
func TestRenderCheckCanFail(t *testing.T) {
	bin := chromium(t)
	t.Run("overflow", func(t *testing.T) {
		t.Parallel()
		wide := `<html><body><table style="width:900px;background:#1f7a4d"><tr><td>` + strings.Repeat("Some words that fill the table. ", 20) + `</td></tr></table></body></html>`
		if v := screenshot(t, bin, "wide", wide, 375).verdict(); v != "overflow" {
			t.Errorf("a 900px table at 375px: verdict %q, want overflow", v)
		}
	})
	t.Run("blank", func(t *testing.T) {
		t.Parallel()
		s := screenshot(t, bin, "blank", `<html><body style="background:#f4f5f7">`+strings.Repeat("<p></p>", 200)+`</body></html>`, 1024)
		sd, share := s.ink()
		if v := s.verdict(); v != "no text" || sd >= 20 || share >= 0.05 {
			t.Errorf("blank page: verdict %q, stddev %.1f, share %.3f", v, sd, share)
		}
	})
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
