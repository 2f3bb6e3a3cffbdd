package corpus

import (
	"os"
	"testing"
)

func TestReport(t *testing.T) {
	labels, err := Load("../../testdata/corpus")
	if err != nil {
		t.Fatal(err)
	}
	for _, split := range []string{"train", "holdout"} {
		r := Evaluate("../../testdata/corpus", labels, split)
		if testing.Verbose() {
			r.Print(os.Stdout, os.Getenv("SAYYES_TEST_VERBOSE") != "")
		}
	}
}
