package detect

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// Model is a linear model over binary features: score = Bias + the sum of
// the weights of the features present.
type Model struct {
	Bias    float64            `json:"bias"`
	Weights map[string]float64 `json:"weights"`
	// Words says the model weighs word features ("w:", "s:"); when false
	// they are not computed at all.
	Words bool `json:"words,omitempty"`
	// Trained says on what and how, for the record.
	Trained string `json:"trained"`
}

//go:embed model.json
var modelJSON []byte

// defaultModel is parsed once; it is never modified.
var defaultModel = mustModel(modelJSON)

func mustModel(b []byte) *Model {
	m, err := ParseModel(b)
	if err != nil {
		panic(err) // the embedded model is checked by tests
	}
	return m
}

// ParseModel decodes a model file.
func ParseModel(b []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("detect: model: %w", err)
	}
	return &m, nil
}

// maxReasons bounds the reasons listed per decision.
const maxReasons = 6

// Score sums the weights and explains the decision with the features that
// pushed hardest, in the direction of the decision first.
func (m *Model) Score(f *featureSet) (float64, []string) {
	type contrib struct {
		i int
		w float64
	}
	raw := m.Bias
	var cs []contrib
	for i, n := range f.names {
		if w, ok := m.Weights[n]; ok && w != 0 {
			raw += w
			cs = append(cs, contrib{i, w})
		}
	}
	sign := 1.0
	if raw < 0 {
		sign = -1
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].w*sign > cs[j].w*sign })
	var reasons []string
	for _, c := range cs {
		if len(reasons) == maxReasons || math.Abs(c.w) < 0.2 {
			break
		}
		b := strconv.AppendFloat(make([]byte, 0, 96), c.w, 'f', 1, 64)
		if c.w >= 0 {
			b = append([]byte{'+'}, b...)
		}
		b = append(b, ' ')
		b = append(b, f.ev[c.i].String()...)
		reasons = append(reasons, string(b))
	}
	if len(reasons) == 0 {
		reasons = []string{"+0.0 no sign of an interview invitation"}
	}
	return raw, reasons
}
