package detect_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

// corpusMessages reads every .eml of the labeled corpus (both splits: the
// benchmark measures speed, not accuracy).
func corpusMessages(b *testing.B) [][]byte {
	b.Helper()
	files, err := filepath.Glob("../../testdata/corpus/*/*/*.eml")
	if err != nil || len(files) == 0 {
		b.Fatalf("no corpus messages: %v", err)
	}
	raws := make([][]byte, 0, len(files))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
	}
	return raws
}

// cpuTime is the CPU time this process has used (user and system, all
// threads). On a busy machine wall time overstates the cost; msgs/cpu-s
// is throughput per core that other processes cannot distort.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkClassify measures classification from raw MIME, as the watcher
// does it: mailmsg.Parse then detect.Classify, over the whole corpus in
// turn. msgs/s is per core with -cpu 1.
//
//	go test -run '^$' -bench Classify -benchmem -cpu 1 ./pkg/detect/
func BenchmarkClassify(b *testing.B) {
	raws := corpusMessages(b)
	b.Run("parse+classify", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		cpu0 := cpuTime()
		for b.Loop() {
			m, err := mailmsg.Parse(raws[n%len(raws)], mailmsg.DefaultLimits)
			if err != nil {
				b.Fatal(err)
			}
			detect.Classify(m)
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
		b.ReportMetric(float64(n)/(cpuTime()-cpu0).Seconds(), "msgs/cpu-s")
	})
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		cpu0 := cpuTime()
		for b.Loop() {
			if _, err := mailmsg.Parse(raws[n%len(raws)], mailmsg.DefaultLimits); err != nil {
				b.Fatal(err)
			}
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
		b.ReportMetric(float64(n)/(cpuTime()-cpu0).Seconds(), "msgs/cpu-s")
	})
	msgs := make([]*mailmsg.Message, len(raws))
	for i, raw := range raws {
		m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		msgs[i] = m
	}
	b.Run("classify", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		cpu0 := cpuTime()
		for b.Loop() {
			detect.Classify(msgs[n%len(msgs)])
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
		b.ReportMetric(float64(n)/(cpuTime()-cpu0).Seconds(), "msgs/cpu-s")
	})
}
