// Command trainmodel fits the detector's linear model (pkg/detect/model.json)
// on the TRAIN split of the labeled corpus: L2-regularised logistic
// regression over the binary features detect.FeatureNames produces, classes
// weighted to balance. It never reads the holdout split, which stays a
// fair test. Deterministic: the same corpus gives the same model.
//
//	go run ./tools/trainmodel -corpus testdata/corpus -out pkg/detect/model.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sayyes/sayyes/pkg/corpus"
	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

func main() {
	dir := flag.String("corpus", "testdata/corpus", "labeled corpus directory")
	out := flag.String("out", "pkg/detect/model.json", "where to write the model")
	epochs := flag.Int("epochs", 400, "gradient steps")
	lambda := flag.Float64("l2", 0.05, "L2 regularisation of word features")
	lambdaRule := flag.Float64("l2-rules", 0.002, "L2 regularisation of rule and structure features (r:, x:), kept weak: rules are written to generalise, words are learned from few templates")
	minDocs := flag.Int("min-docs", 3, "ignore features seen in fewer training messages")
	flag.Parse()
	if err := run(*dir, *out, *epochs, *lambda, *lambdaRule, *minDocs); err != nil {
		fmt.Fprintln(os.Stderr, "trainmodel:", err)
		os.Exit(1)
	}
}

type example struct {
	feats []int
	y     float64
}

func run(dir, out string, epochs int, lambda, lambdaRule float64, minDocs int) error {
	labels, err := corpus.Load(dir)
	if err != nil {
		return err
	}
	var docs [][]string
	var ys []float64
	for _, l := range labels {
		if l.Split() != "train" {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, l.File))
		if err != nil {
			return err
		}
		m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
		if err != nil {
			return fmt.Errorf("%s: %w", l.File, err)
		}
		docs = append(docs, detect.FeatureNames(m))
		y := 0.0
		if l.IsInvitation {
			y = 1
		}
		ys = append(ys, y)
	}
	df := map[string]int{}
	for _, d := range docs {
		for _, f := range d {
			df[f]++
		}
	}
	var vocab []string
	for f, n := range df {
		if n >= minDocs {
			vocab = append(vocab, f)
		}
	}
	sort.Strings(vocab)
	index := map[string]int{}
	for i, f := range vocab {
		index[f] = i
	}
	var exs []example
	pos := 0.0
	for i, d := range docs {
		var fi []int
		for _, f := range d {
			if j, ok := index[f]; ok {
				fi = append(fi, j)
			}
		}
		exs = append(exs, example{fi, ys[i]})
		pos += ys[i]
	}
	n := float64(len(exs))
	wPos, wNeg := n/(2*pos), n/(2*(n-pos))

	reg := make([]float64, len(vocab))
	for j, f := range vocab {
		reg[j] = lambda
		if strings.HasPrefix(f, "r:") || strings.HasPrefix(f, "x:") {
			reg[j] = lambdaRule
		}
	}
	w := make([]float64, len(vocab))
	bias := 0.0
	lr := 0.5
	for ep := 0; ep < epochs; ep++ {
		grad := make([]float64, len(w))
		gb := 0.0
		for _, e := range exs {
			z := bias
			for _, j := range e.feats {
				z += w[j]
			}
			p := 1 / (1 + math.Exp(-z))
			cw := wNeg
			if e.y == 1 {
				cw = wPos
			}
			g := cw * (p - e.y)
			gb += g
			for _, j := range e.feats {
				grad[j] += g
			}
		}
		bias -= lr * gb / n
		for j := range w {
			w[j] -= lr * (grad[j]/n + reg[j]*w[j])
		}
	}
	weights := map[string]float64{}
	for j, f := range vocab {
		if math.Abs(w[j]) >= 0.01 {
			weights[f] = math.Round(w[j]*1000) / 1000
		}
	}
	// Training accuracy, for the record.
	correct := 0
	for _, e := range exs {
		z := bias
		for _, j := range e.feats {
			z += w[j]
		}
		if (z >= 0) == (e.y == 1) {
			correct++
		}
	}
	model := detect.Model{
		Bias:    math.Round(bias*1000) / 1000,
		Weights: weights,
		Trained: fmt.Sprintf("logistic regression on %d train messages (%d invitations), %d features seen in >= %d messages, %d epochs, l2 %.3g (rules %.3g); train accuracy %.3f; holdout never read",
			len(exs), int(pos), len(vocab), minDocs, epochs, lambda, lambdaRule, float64(correct)/n),
	}
	b, err := json.MarshalIndent(model, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Println(model.Trained)
	fmt.Printf("%d non-zero weights written to %s\n", len(weights), out)
	return nil
}
