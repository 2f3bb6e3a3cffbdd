package deploytest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/sayyes/sayyes/pkg/config"
)

// Paths relative to this package's directory, where `go test` runs.
const (
	deployDir = ".."
	repoRoot  = "../.."
)

// services are the split services; "sayyes" is the all-in-one.
var services = []string{"watcher", "advisor", "mailer"}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// secretRef is one password_file the config names.
type secretRef struct {
	Key  string // e.g. accounts[0].imap.password_file
	Env  string // the SAYYES_* variable that overrides it
	Path string // the path in the config
}

// passwordFiles lists the password_file entries of a parsed config.
func passwordFiles(cfg *config.Config) []secretRef {
	var refs []secretRef
	for i, a := range cfg.Accounts {
		for _, s := range []struct {
			name string
			srv  config.Server
		}{{"imap", a.IMAP}, {"smtp", a.SMTP}} {
			if s.srv.PasswordFile == "" {
				continue
			}
			refs = append(refs, secretRef{
				Key:  fmt.Sprintf("accounts[%d].%s.password_file", i, s.name),
				Env:  fmt.Sprintf("SAYYES_ACCOUNTS_%d_%s_PASSWORD_FILE", i, strings.ToUpper(s.name)),
				Path: s.srv.PasswordFile,
			})
		}
	}
	return refs
}

// checkShippedConfig runs a configuration file shipped in deploy/ through
// the project's own loader: config.Parse first (unknown keys are errors),
// then the whole of config.Load (environment overrides, secret files,
// defaults, validation) with env added and every password_file pointed at
// a fake secret, since the real paths (/run/secrets/...) exist only in the
// container. It returns the parsed (not loaded) config, whose
// password_file paths the caller checks against its mounts.
func checkShippedConfig(t *testing.T, name string, data []byte, env []string) *config.Config {
	t.Helper()
	var parsed config.Config
	if err := config.Parse(data, &parsed); err != nil {
		t.Fatalf("%s: config.Parse: %v", name, err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sayyes.yaml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	environ := append([]string(nil), env...)
	for _, ref := range passwordFiles(&parsed) {
		fake := filepath.Join(dir, "secret-"+strings.NewReplacer("[", "", "]", "", ".", "-").Replace(ref.Key))
		if err := os.WriteFile(fake, []byte("fake-password\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		environ = append(environ, ref.Env+"="+fake)
	}
	cfg, err := config.Load(path, environ)
	if err != nil {
		t.Fatalf("%s: config.Load: %v", name, err)
	}
	for i, a := range cfg.Accounts {
		if a.IMAP.Password == "" {
			t.Errorf("%s: accounts[%d] has no IMAP password after loading the secret files", name, i)
		}
	}
	return &parsed
}

// workspaceUses returns the module directories named in go.work.
func workspaceUses(t *testing.T) ([]string, string) {
	t.Helper()
	wf, err := modfile.ParseWork("go.work", readFile(t, filepath.Join(repoRoot, "go.work")), nil)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, u := range wf.Use {
		dirs = append(dirs, filepath.ToSlash(filepath.Clean(u.Path)))
	}
	return dirs, wf.Go.Version
}

// natsServerMinor returns "2.15" for the nats-server module in go.mod: the
// server the project embeds and tests against. The images in compose.yaml
// and k8s/ must be of the same minor version.
func natsServerMinor(t *testing.T) string {
	t.Helper()
	mf, err := modfile.Parse("go.mod", readFile(t, filepath.Join(repoRoot, "go.mod")), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range mf.Require {
		if r.Mod.Path == "github.com/nats-io/nats-server/v2" {
			m := regexp.MustCompile(`^v(\d+\.\d+)\.`).FindStringSubmatch(r.Mod.Version)
			if m == nil {
				t.Fatalf("unexpected nats-server version %s", r.Mod.Version)
			}
			return m[1]
		}
	}
	t.Fatal("go.mod does not require github.com/nats-io/nats-server/v2")
	return ""
}

// checkNATSImage checks a nats image reference: the official image, with a
// tag of the embedded server's minor version.
func checkNATSImage(t *testing.T, where, image string) {
	t.Helper()
	minor := natsServerMinor(t)
	name, tag, _ := strings.Cut(image, ":")
	if name != "nats" {
		t.Errorf("%s: image %q is not the official nats image", where, image)
	}
	if tag != minor && !strings.HasPrefix(tag, minor+"-") && !strings.HasPrefix(tag, minor+".") {
		t.Errorf("%s: image %q: want nats %s.x, the version go.mod embeds and the tests run", where, image, minor)
	}
}
