package corpus

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Print writes the report for people: the decision's precision and recall,
// the confusion list, the kind accuracy and the per-field accuracy.
func (r *Report) Print(w io.Writer, verbose bool) {
	n := r.TP + r.FP + r.FN + r.TN
	fmt.Fprintf(w, "split %s: %d messages (%d invitations)\n", r.Split, n, r.TP+r.FN)
	fmt.Fprintf(w, "  precision %.3f  recall %.3f   (TP %d, FP %d, FN %d, TN %d)\n", r.Precision(), r.Recall(), r.TP, r.FP, r.FN, r.TN)
	if r.TP > 0 {
		fmt.Fprintf(w, "  kind accuracy %.3f (%d of %d detected invitations)\n", float64(r.KindCorrect)/float64(r.TP), r.KindCorrect, r.TP)
		if verbose {
			for _, m := range r.KindMisses {
				fmt.Fprintf(w, "        %s\n", m)
			}
		}
	}
	if len(r.Mistakes) > 0 {
		fmt.Fprintf(w, "  confusion list:\n")
		for _, m := range r.Mistakes {
			what := "false positive"
			if m.Want {
				what = "missed invitation"
			}
			fmt.Fprintf(w, "    %-17s %-55s score %.3f (%s)\n", what, m.File, m.Score, m.Category)
			if verbose {
				for _, reason := range m.Reasons {
					fmt.Fprintf(w, "        %s\n", reason)
				}
			}
		}
	}
	names := make([]string, 0, len(r.Fields))
	for k := range r.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "  field accuracy (over detected invitations with a labeled value):\n")
	for _, k := range names {
		f := r.Fields[k]
		fmt.Fprintf(w, "    %-18s %.3f  (%d/%d, %d spurious)\n", k, f.Accuracy(), f.Correct, f.Labeled, f.Spurious)
		if verbose {
			for _, m := range f.Misses {
				fmt.Fprintf(w, "        %s\n", strings.TrimSpace(m))
			}
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
}
