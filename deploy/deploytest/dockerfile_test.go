package deploytest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// dockerfile is the parsed deploy/Dockerfile.
type dockerfile struct {
	stages   []instructions.Stage
	metaArgs map[string]string // global ARG defaults
}

// parseDockerfile parses with BuildKit's parser and instruction parser,
// running the lint rules BuildKit applies at parse time (`docker build
// --check` runs these and more): any parser or lint warning fails.
func parseDockerfile(t *testing.T, data []byte) (*dockerfile, error) {
	t.Helper()
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var warnings []string
	for _, w := range res.Warnings {
		warnings = append(warnings, fmt.Sprintf("line %d: %s", w.Location.Start.Line, w.Short))
	}
	lint := linter.New(&linter.Config{Warn: func(rule, _, _, msg string, loc []parser.Range) {
		line := 0
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		warnings = append(warnings, linter.LintFormatShort(rule, msg, line))
	}})
	stages, metaArgs, err := instructions.Parse(res.AST, lint)
	if err != nil {
		return nil, err
	}
	if len(warnings) > 0 {
		return nil, errors.New(strings.Join(warnings, "\n"))
	}
	df := &dockerfile{stages: stages, metaArgs: map[string]string{}}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			v := ""
			if kv.Value != nil {
				v = *kv.Value
			}
			df.metaArgs[kv.Key] = v
		}
	}
	return df, nil
}

// expand substitutes build args the way BuildKit does in FROM lines.
func expand(t *testing.T, s string, args map[string]string) string {
	t.Helper()
	res, err := shell.NewLex('\\').ProcessWordWithMatches(s, shell.EnvsFromSlice(envSlice(args)))
	if err != nil {
		t.Fatalf("expanding %q: %v", s, err)
	}
	for name := range res.Unmatched {
		t.Errorf("%q uses ${%s}, which no global ARG declares", s, name)
	}
	return res.Result
}

func envSlice(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	return out
}

func (df *dockerfile) stage(name string) (*instructions.Stage, bool) {
	for i := range df.stages {
		if df.stages[i].Name == name {
			return &df.stages[i], true
		}
	}
	return nil, false
}

// chain returns the stages a build with args ends in, from the final stage
// back to the one built FROM an image, and that image.
func (df *dockerfile) chain(t *testing.T, args map[string]string) ([]*instructions.Stage, string) {
	t.Helper()
	st := &df.stages[len(df.stages)-1]
	var out []*instructions.Stage
	for range len(df.stages) {
		out = append(out, st)
		base := expand(t, st.BaseName, args)
		next, ok := df.stage(base)
		if !ok {
			return out, base
		}
		st = next
	}
	t.Fatal("stage cycle")
	return nil, ""
}

func TestDockerfileLintCatchesProblems(t *testing.T) {
	for name, bad := range map[string]string{
		"casing":      "FROM golang:1.26 as builder\nRUN true\n",
		"maintainer":  "FROM scratch\nMAINTAINER someone\n",
		"unknown cmd": "FROM scratch\nFROMM scratch\n",
	} {
		if _, err := parseDockerfile(t, []byte(bad)); err == nil {
			t.Errorf("%s: no error or warning", name)
		}
	}
}

func TestDockerfile(t *testing.T) {
	df, err := parseDockerfile(t, readFile(t, filepath.Join(deployDir, "Dockerfile")))
	if err != nil {
		t.Fatalf("deploy/Dockerfile:\n%v", err)
	}
	uses, goVersion := workspaceUses(t)

	// The builder: golang of the workspace's Go version.
	b, ok := df.stage("builder")
	if !ok {
		t.Fatal("no stage named builder")
	}
	img := expand(t, b.BaseName, df.metaArgs)
	minor := strings.Join(strings.SplitN(goVersion, ".", 3)[:2], ".")
	if img != "golang:"+minor && !strings.HasPrefix(img, "golang:"+minor+"-") && !strings.HasPrefix(img, "golang:"+minor+".") {
		t.Errorf("builder FROM %s, want golang:%s (go.work says go %s)", img, minor, goVersion)
	}

	// Module files are copied before the download, the source after it:
	// every module go.work names must be there, or the workspace fails.
	var beforeDownload []string
	downloaded, built := false, false
	for _, c := range b.Commands {
		switch c := c.(type) {
		case *instructions.CopyCommand:
			if !downloaded {
				for _, src := range c.SourcePaths {
					beforeDownload = append(beforeDownload, filepath.ToSlash(filepath.Clean(src)))
				}
			}
		case *instructions.RunCommand:
			line := strings.Join(c.CmdLine, " ")
			if strings.Contains(line, "go mod download") {
				downloaded = true
			}
			if strings.Contains(line, "go build") {
				built = true
				if !downloaded {
					t.Error("go build runs before go mod download")
				}
				for _, want := range []string{"CGO_ENABLED=0", "-trimpath", `-ldflags "-s -w"`, "./services/${SERVICE}/cmd/${SERVICE}"} {
					if !strings.Contains(line, want) {
						t.Errorf("the build step lacks %s: %s", want, line)
					}
				}
			}
		}
	}
	if !downloaded || !built {
		t.Fatal("the builder must run go mod download, then go build")
	}
	for _, f := range []string{"go.work", "go.work.sum"} {
		if !slices.Contains(beforeDownload, f) {
			t.Errorf("%s is not copied before go mod download", f)
		}
	}
	for _, u := range uses {
		for _, f := range []string{"go.mod", "go.sum"} {
			p := filepath.ToSlash(filepath.Join(u, f))
			if !slices.Contains(beforeDownload, p) {
				t.Errorf("%s (module %s in go.work) is not copied before go mod download", p, u)
			}
		}
	}

	// Each SERVICE ends in a non-root distroless image whose entrypoint
	// runs that service's binary with the config.
	if df.metaArgs["SERVICE"] == "" {
		t.Error("no global ARG SERVICE with a default")
	}
	for _, svc := range append(slices.Clone(services), "sayyes") {
		args := map[string]string{}
		for k, v := range df.metaArgs {
			args[k] = v
		}
		args["SERVICE"] = svc
		chain, base := df.chain(t, args)
		user, entry := "", []string(nil)
		for _, st := range chain { // from the final stage back
			for i := len(st.Commands) - 1; i >= 0; i-- {
				switch c := st.Commands[i].(type) {
				case *instructions.UserCommand:
					if user == "" {
						user = c.User
					}
				case *instructions.EntrypointCommand:
					if entry == nil {
						if c.PrependShell {
							t.Errorf("%s: ENTRYPOINT in shell form; use the JSON (exec) form", svc)
						}
						entry = c.CmdLine
					}
				case *instructions.ExposeCommand:
					t.Errorf("%s: EXPOSE %v, but no service listens", svc, c.Ports)
				}
			}
		}
		if !strings.HasPrefix(base, "gcr.io/distroless/static") && base != "scratch" {
			t.Errorf("%s: final image built FROM %s, want distroless static or scratch", svc, base)
		}
		nonrootBase := strings.HasSuffix(base, ":nonroot")
		if user == "" && !nonrootBase {
			t.Errorf("%s: final stage has no USER and a base that runs as root", svc)
		}
		if u, _, _ := strings.Cut(user, ":"); user != "" && (u == "0" || u == "root") {
			t.Errorf("%s: USER %s is root", svc, user)
		}
		want := []string{"/usr/local/bin/" + svc, "--config", "/etc/sayyes/sayyes.yaml"}
		if svc == "sayyes" {
			want = []string{"/usr/local/bin/sayyes", "run", "--config", "/etc/sayyes/sayyes.yaml"}
		}
		if !slices.Equal(entry, want) {
			t.Errorf("%s: ENTRYPOINT %q, want %q", svc, entry, want)
		}
		if _, err := os.Stat(filepath.Join(repoRoot, "services", svc, "cmd", svc)); err != nil {
			t.Errorf("%s: %v", svc, err)
		}
	}
}

// The build context is the repository root, filtered by
// deploy/Dockerfile.dockerignore: everything the Dockerfile copies and
// every source and embedded file of the four commands must get through
// (go list says which), and tests, test data and .git must not.
func TestDockerIgnore(t *testing.T) {
	f, err := os.Open(filepath.Join(deployDir, "Dockerfile.dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	excluded := func(rel string) bool {
		ex, err := pm.MatchesOrParentMatches(filepath.ToSlash(rel))
		if err != nil {
			t.Fatal(err)
		}
		return ex
	}

	df, err := parseDockerfile(t, readFile(t, filepath.Join(deployDir, "Dockerfile")))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range df.stages {
		for _, c := range st.Commands {
			if cp, ok := c.(*instructions.CopyCommand); ok && cp.From == "" {
				for _, src := range cp.SourcePaths {
					if src != "." && excluded(src) {
						t.Errorf("COPY %s: excluded from the build context", src)
					}
				}
			}
		}
	}

	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not in PATH")
	}
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for _, svc := range append(slices.Clone(services), "sayyes") {
		pkgs = append(pkgs, "./services/"+svc+"/cmd/"+svc)
	}
	cmd := exec.Command(goBin, append([]string{"list", "-e", "-deps", "-json=Dir,Standard,GoFiles,CgoFiles,EmbedFiles,Module"}, pkgs...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOFLAGS=-mod=readonly")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			Dir                           string
			Standard                      bool
			GoFiles, CgoFiles, EmbedFiles []string
			Module                        *struct{ Dir string }
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if p.Standard || p.Module == nil || !strings.HasPrefix(p.Module.Dir+"/", root+"/") {
			continue // the standard library and downloaded modules
		}
		for _, f := range slices.Concat(p.GoFiles, p.CgoFiles, p.EmbedFiles) {
			rel, err := filepath.Rel(root, filepath.Join(p.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			checked++
			if excluded(rel) {
				t.Errorf("%s is needed by the build but excluded from the context", rel)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d files checked: go list found too little", checked)
	}
	uses, _ := workspaceUses(t)
	for _, u := range uses {
		for _, f := range []string{"go.mod", "go.sum"} {
			if p := filepath.Join(u, f); excluded(p) {
				t.Errorf("%s is excluded", p)
			}
		}
	}
	for _, rel := range []string{".git/config", "bin/sayyes", "testdata/corpus/README.md", "pkg/config/config_test.go", "demo-output/x.eml", "sayyes-data/jetstream", "deploy/secrets/imap-password"} {
		if !excluded(rel) {
			t.Errorf("%s gets into the build context", rel)
		}
	}
}
