package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpusIsCurrent regenerates the corpus into a temporary directory and
// compares it with testdata/hostile: a change to the generator must come
// with a regenerated corpus. Compressed files are compared inflated, since
// compress/flate output may differ between Go releases.
func TestCorpusIsCurrent(t *testing.T) {
	dir := t.TempDir()
	if err := write(dir, build()); err != nil {
		t.Fatal(err)
	}
	committed := filepath.Join("..", "..", "testdata", "hostile")
	fresh, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	old, err := filepath.Glob(filepath.Join(committed, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(old) != len(fresh) {
		t.Errorf("testdata/hostile has %d files, the generator writes %d; run go run ./tools/hostilegen -out testdata/hostile", len(old), len(fresh))
	}
	for _, p := range fresh {
		name := filepath.Base(p)
		want, got := content(t, p), content(t, filepath.Join(committed, name))
		if !bytes.Equal(want, got) {
			t.Errorf("%s differs from a fresh generation; run go run ./tools/hostilegen -out testdata/hostile", name)
		}
	}
}

// TestNoLargeFiles: nothing committed exceeds 1 MB.
func TestNoLargeFiles(t *testing.T) {
	dir := t.TempDir()
	if err := write(dir, build()); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, p := range files {
		if fi, err := os.Stat(p); err != nil || fi.Size() > 1<<20 {
			t.Errorf("%s: %v, over 1 MB", filepath.Base(p), err)
		}
	}
}

func content(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Error(err)
		return nil
	}
	if !strings.HasSuffix(path, ".gz") {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}
