// Command trainmodel fits the detector's linear model (pkg/detect/model.json)
// on the TRAIN split of the labeled corpus: L2-regularised logistic
// regression over the binary features detect.FeatureNames produces, classes
// weighted to balance. It never reads the holdout split, which stays a
// fair test. Deterministic: the same corpus gives the same model.
//
// Hyperparameters are chosen by grouped k-fold cross-validation on the
// train split: all messages of a group (by default one category in one
// language, e.g. "reminder/de") are held out together, so a setting is
// judged on wording it was not fitted to, as the holdout split's
// independently written templates will be.
//
//	go run ./tools/trainmodel -corpus testdata/corpus -out pkg/detect/model.json        # search, then fit
//	go run ./tools/trainmodel -search=false -words=false -l2-rules 0.003             # fit one setting
//	go run ./tools/trainmodel -cv-only                                                # report CV, write nothing
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sayyes/sayyes/pkg/corpus"
	"github.com/sayyes/sayyes/pkg/detect"
	"github.com/sayyes/sayyes/pkg/mailmsg"
)

type params struct {
	words      bool
	lambda     float64 // L2 on word features
	lambdaRule float64 // L2 on rule and structure features
	minDocs    int
	epochs     int
}

func (p params) String() string {
	if !p.words {
		return fmt.Sprintf("rules only, l2-rules %g", p.lambdaRule)
	}
	return fmt.Sprintf("rules+words, l2-words %g, l2-rules %g, min-docs %d", p.lambda, p.lambdaRule, p.minDocs)
}

func main() {
	dir := flag.String("corpus", "testdata/corpus", "labeled corpus directory")
	out := flag.String("out", "pkg/detect/model.json", "where to write the model")
	p := params{}
	flag.IntVar(&p.epochs, "epochs", 600, "gradient steps")
	flag.BoolVar(&p.words, "words", false, "add word features (s:, w:) to the rules (with -search=false)")
	flag.Float64Var(&p.lambda, "l2", 0.1, "L2 regularisation of word features (with -search=false)")
	flag.Float64Var(&p.lambdaRule, "l2-rules", 0.003, "L2 regularisation of rule and structure features (with -search=false)")
	flag.IntVar(&p.minDocs, "min-docs", 3, "ignore features seen in fewer training messages")
	search := flag.Bool("search", true, "choose words, l2 and l2-rules by grouped cross-validation")
	folds := flag.Int("folds", 5, "cross-validation folds")
	group := flag.String("group", "category-language", "cross-validation groups: category-language, company, category, or set (the template file a message came from: one author's batch, each its own fold)")
	templates := flag.String("templates", "tools/corpusgen/templates", "template files, for -group set")
	cvOnly := flag.Bool("cv-only", false, "print the cross-validation figures of the chosen setting and write nothing")
	verbose := flag.Bool("v", false, "list the cross-validation mistakes of the chosen setting")
	flag.Parse()
	if err := run(*dir, *templates, *out, p, *search, *folds, *group, *cvOnly, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "trainmodel:", err)
		os.Exit(1)
	}
}

type example struct {
	file  string
	feats []string
	y     float64
	group string
}

func load(dir, templates, group string) ([]example, error) {
	labels, err := corpus.Load(dir)
	if err != nil {
		return nil, err
	}
	var sets map[string]string
	if group == "set" {
		if sets, err = templateSets(templates); err != nil {
			return nil, err
		}
	}
	var exs []example
	for _, l := range labels {
		if l.Split() != "train" {
			continue // the holdout split is never read
		}
		raw, err := os.ReadFile(filepath.Join(dir, l.File))
		if err != nil {
			return nil, err
		}
		m, err := mailmsg.Parse(raw, mailmsg.DefaultLimits)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", l.File, err)
		}
		e := example{file: l.File, feats: detect.FeatureNames(m)}
		if l.IsInvitation {
			e.y = 1
		}
		switch group {
		case "company":
			e.group = l.Company
			if e.group == "" {
				e.group = l.File // negatives without a company stand alone
			}
		case "category":
			e.group = l.Category
		case "set":
			e.group = setOf(l.File, sets)
		default:
			e.group = l.Category + "/" + l.Language
		}
		exs = append(exs, e)
	}
	return exs, nil
}

// model is a fitted logistic regression.
type model struct {
	bias  float64
	w     map[string]float64
	words bool
}

func isWord(f string) bool { return strings.HasPrefix(f, "w:") || strings.HasPrefix(f, "s:") }

func fit(exs []example, p params) model {
	df := map[string]int{}
	for _, e := range exs {
		for _, f := range e.feats {
			if !p.words && isWord(f) {
				continue
			}
			df[f]++
		}
	}
	var vocab []string
	for f, n := range df {
		if n >= p.minDocs {
			vocab = append(vocab, f)
		}
	}
	sort.Strings(vocab)
	index := make(map[string]int, len(vocab))
	for i, f := range vocab {
		index[f] = i
	}
	type row struct {
		f []int
		y float64
	}
	rows := make([]row, 0, len(exs))
	pos := 0.0
	for _, e := range exs {
		var fi []int
		for _, f := range e.feats {
			if j, ok := index[f]; ok {
				fi = append(fi, j)
			}
		}
		rows = append(rows, row{fi, e.y})
		pos += e.y
	}
	n := float64(len(rows))
	wPos, wNeg := n/(2*math.Max(pos, 1)), n/(2*math.Max(n-pos, 1))
	reg := make([]float64, len(vocab))
	for j, f := range vocab {
		reg[j] = p.lambdaRule
		if isWord(f) {
			reg[j] = p.lambda
		}
	}
	w := make([]float64, len(vocab))
	grad := make([]float64, len(vocab))
	bias := 0.0
	lr := 0.5
	for ep := 0; ep < p.epochs; ep++ {
		clear(grad)
		gb := 0.0
		for _, r := range rows {
			z := bias
			for _, j := range r.f {
				z += w[j]
			}
			pr := 1 / (1 + math.Exp(-z))
			cw := wNeg
			if r.y == 1 {
				cw = wPos
			}
			g := cw * (pr - r.y)
			gb += g
			for _, j := range r.f {
				grad[j] += g
			}
		}
		bias -= lr * gb / n
		for j := range w {
			w[j] -= lr * (grad[j]/n + reg[j]*w[j])
		}
	}
	m := model{bias: bias, w: map[string]float64{}, words: p.words}
	for j, f := range vocab {
		if math.Abs(w[j]) >= 0.005 {
			m.w[f] = w[j]
		}
	}
	return m
}

func (m model) score(feats []string) float64 {
	z := m.bias
	for _, f := range feats {
		z += m.w[f]
	}
	return z
}

// explain lists the weighted features of one message, strongest first.
func (m model) explain(feats []string) string {
	type fw struct {
		f string
		w float64
	}
	var fs []fw
	for _, f := range feats {
		if w := m.w[f]; math.Abs(w) >= 0.05 {
			fs = append(fs, fw{f, w})
		}
	}
	sort.Slice(fs, func(i, j int) bool { return math.Abs(fs[i].w) > math.Abs(fs[j].w) })
	var b strings.Builder
	fmt.Fprintf(&b, "        bias %+.2f", m.bias)
	for i, f := range fs {
		if i == 12 {
			break
		}
		fmt.Fprintf(&b, "\n        %+.2f %s", f.w, f.f)
	}
	return b.String()
}

type cvResult struct {
	tp, fp, fn, tn int
	logloss        float64
	mistakes       []string
	scores         []scoredExample // every held-out score, for the threshold table
}

type scoredExample struct {
	z   float64
	pos bool
}

// thresholds prints precision and recall of the held-out scores at a few
// decision thresholds (probabilities), to show what moving it would trade.
func (c cvResult) thresholds() {
	for _, t := range []float64{0.2, 0.3, 0.4, 0.5, 0.6} {
		z := math.Log(t / (1 - t))
		var r cvResult
		for _, s := range c.scores {
			switch {
			case s.pos && s.z >= z:
				r.tp++
			case s.pos:
				r.fn++
			case s.z >= z:
				r.fp++
			}
		}
		fmt.Printf("  threshold %.1f: P %.3f R %.3f (FP %d FN %d)\n", t, r.precision(), r.recall(), r.fp, r.fn)
	}
}

func (c cvResult) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c cvResult) recall() float64    { return ratio(c.tp, c.tp+c.fn) }
func (c cvResult) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// foldOf assigns a group to a fold, deterministically.
func foldOf(group string, k int) int {
	h := fnv.New32a()
	h.Write([]byte(group))
	return int(h.Sum32() % uint32(k))
}

func crossValidate(exs []example, p params, k int) cvResult {
	var res cvResult
	// With no more groups than folds, each group is a fold of its own.
	own := map[string]int{}
	for _, e := range exs {
		if _, ok := own[e.group]; !ok {
			own[e.group] = len(own)
		}
	}
	fold := func(group string) int { return foldOf(group, k) }
	if len(own) <= k {
		fold = func(group string) int { return own[group] }
	}
	for f := 0; f < k; f++ {
		var tr, te []example
		for _, e := range exs {
			if fold(e.group) == f {
				te = append(te, e)
			} else {
				tr = append(tr, e)
			}
		}
		if len(te) == 0 {
			continue
		}
		m := fit(tr, p)
		for _, e := range te {
			z := m.score(e.feats)
			res.scores = append(res.scores, scoredExample{z, e.y == 1})
			pr := 1 / (1 + math.Exp(-z))
			pr = math.Min(math.Max(pr, 1e-6), 1-1e-6)
			if e.y == 1 {
				res.logloss -= math.Log(pr)
			} else {
				res.logloss -= math.Log(1 - pr)
			}
			switch {
			case e.y == 1 && z >= 0:
				res.tp++
			case e.y == 1:
				res.fn++
				res.mistakes = append(res.mistakes, fmt.Sprintf("missed      %-60s %+.2f (%s)\n%s", e.file, z, e.group, m.explain(e.feats)))
			case z >= 0:
				res.fp++
				res.mistakes = append(res.mistakes, fmt.Sprintf("false alarm %-60s %+.2f (%s)\n%s", e.file, z, e.group, m.explain(e.feats)))
			default:
				res.tn++
			}
		}
	}
	res.logloss /= float64(len(exs))
	return res
}

func run(dir, templates, out string, p params, search bool, k int, group string, cvOnly, verbose bool) error {
	exs, err := load(dir, templates, group)
	if err != nil {
		return err
	}
	groups := map[string]bool{}
	for _, e := range exs {
		groups[e.group] = true
	}
	fmt.Printf("train split: %d messages, %d groups (%s), %d folds\n", len(exs), len(groups), group, k)
	best := p
	if search {
		var grid []params
		for _, lr := range []float64{0.0003, 0.001, 0.003, 0.01, 0.03} {
			grid = append(grid, params{words: false, lambdaRule: lr, minDocs: p.minDocs, epochs: p.epochs})
			for _, lw := range []float64{0.03, 0.1, 0.3} {
				grid = append(grid, params{words: true, lambda: lw, lambdaRule: lr, minDocs: p.minDocs, epochs: p.epochs})
			}
		}
		type scored struct {
			p   params
			res cvResult
		}
		var all []scored
		for _, g := range grid {
			res := crossValidate(exs, g, k)
			fmt.Printf("  cv %-55s P %.3f R %.3f F1 %.3f log-loss %.3f\n", g, res.precision(), res.recall(), res.f1(), res.logloss)
			all = append(all, scored{g, res})
		}
		// Within 0.01 of the best F1, the simpler model (no word features)
		// wins: words fitted to a few templates are what new wording
		// punishes. Then the higher F1, then the lower log-loss.
		top := 0.0
		for _, s := range all {
			top = math.Max(top, s.res.f1())
		}
		bi := -1
		for i, s := range all {
			if s.res.f1() < top-0.01 {
				continue
			}
			if bi < 0 {
				bi = i
				continue
			}
			b := all[bi]
			switch {
			case b.p.words != s.p.words:
				if b.p.words {
					bi = i
				}
			case s.res.f1() > b.res.f1()+1e-9:
				bi = i
			case s.res.f1() > b.res.f1()-1e-9 && s.res.logloss < b.res.logloss:
				bi = i
			}
		}
		best = all[bi].p
	}
	res := crossValidate(exs, best, k)
	fmt.Printf("chosen: %s\n  grouped %d-fold cv on train: P %.3f R %.3f F1 %.3f (TP %d FP %d FN %d TN %d)\n",
		best, k, res.precision(), res.recall(), res.f1(), res.tp, res.fp, res.fn, res.tn)
	if verbose {
		for _, m := range res.mistakes {
			fmt.Println("   ", m)
		}
		res.thresholds()
	}
	if cvOnly {
		return nil
	}
	m := fit(exs, best)
	correct := 0
	for _, e := range exs {
		if (m.score(e.feats) >= 0) == (e.y == 1) {
			correct++
		}
	}
	weights := map[string]float64{}
	for f, w := range m.w {
		if math.Abs(w) >= 0.01 {
			weights[f] = math.Round(w*1000) / 1000
		}
	}
	dm := detect.Model{
		Bias:    math.Round(m.bias*1000) / 1000,
		Weights: weights,
		Words:   best.words,
		Trained: fmt.Sprintf("logistic regression on %d train messages, %s, %d epochs; grouped %d-fold cv (%s) P %.3f R %.3f; train accuracy %.3f; holdout never read",
			len(exs), best, best.epochs, k, group, res.precision(), res.recall(), float64(correct)/float64(len(exs))),
	}
	b, err := json.MarshalIndent(dm, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Println(dm.Trained)
	fmt.Printf("%d non-zero weights written to %s\n", len(weights), out)
	return nil
}

// templateSets maps each template slug to the file it is written in, less
// the language and polarity ("train5_en_pos.txt" → "train5"). Templates
// without a slug belong to the first sets (the base files and train2),
// which are therefore one group, "base".
func templateSets(dir string) (map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("reading templates in %s: %v", dir, err)
	}
	sets := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		set, _, ok := strings.Cut(filepath.Base(f), "_")
		if !ok || !strings.ContainsAny(set, "0123456789") {
			set = "base"
		}
		for _, line := range strings.Split(string(b), "\n") {
			fs := strings.Fields(line)
			if len(fs) == 6 && fs[0] == "===" {
				sets[fs[5]] = set
			}
		}
	}
	return sets, nil
}

// setOf finds the set of a corpus file from the slug its name ends with.
func setOf(file string, sets map[string]string) string {
	name := strings.TrimSuffix(filepath.Base(file), ".eml")
	best, set := 0, "base"
	for slug, s := range sets {
		if strings.HasSuffix(name, "-"+slug) && len(slug) > best {
			best, set = len(slug), s
		}
	}
	return set
}
