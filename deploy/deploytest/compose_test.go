package deploytest

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

// loadCompose loads a compose file the way `docker compose` does: schema
// validation, interpolation, normalisation, path resolution and the
// consistency checks (depends_on, volumes, secrets), with an empty
// environment so only the file's own defaults count.
func loadCompose(t *testing.T, file string, content []byte) (*types.Project, error) {
	t.Helper()
	abs, err := filepath.Abs(deployDir)
	if err != nil {
		t.Fatal(err)
	}
	return loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  abs,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(abs, file), Content: content}},
		Environment: types.Mapping{},
	}, func(o *loader.Options) {
		o.SetProjectName("sayyes", true)
	})
}

func TestComposeLoaderIsStrict(t *testing.T) {
	good := readFile(t, filepath.Join(deployDir, "compose.yaml"))
	for name, bad := range map[string]string{
		"unknown key":          strings.Replace(string(good), "    restart: unless-stopped\n", "    restart: unless-stopped\n    restrat: always\n", 1),
		"undefined secret":     strings.Replace(string(good), "    - smtp-password\n", "    - smtp-passwd\n", 1),
		"undefined dependency": strings.Replace(string(good), "    nats:\n      condition", "    natz:\n      condition", 1),
	} {
		if bad == string(good) {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		if _, err := loadCompose(t, "compose.yaml", []byte(bad)); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
}

func TestCompose(t *testing.T) {
	raw := readFile(t, filepath.Join(deployDir, "compose.yaml"))

	// Every ${VAR} has a default: the file works with no environment set.
	var dict map[string]any
	if err := yaml.Unmarshal(raw, &dict); err != nil {
		t.Fatal(err)
	}
	for name, v := range template.ExtractVariables(dict, template.DefaultPattern) {
		if v.DefaultValue == "" {
			t.Errorf("compose.yaml: ${%s} has no default (write ${%s:-value})", name, name)
		}
	}

	p, err := loadCompose(t, "compose.yaml", raw)
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}

	if got, want := p.ServiceNames(), []string{"advisor", "mailer", "nats", "watcher"}; !slices.Equal(sorted(got), want) {
		t.Errorf("services %v, want %v", got, want)
	}
	if got := sorted(p.VolumeNames()); !slices.Equal(got, []string{"nats-data"}) {
		t.Errorf("volumes %v, want [nats-data]", got)
	}

	nats, err := p.GetService("nats")
	if err != nil {
		t.Fatal(err)
	}
	checkNATSImage(t, "compose nats", nats.Image)
	cmd := strings.Join(nats.Command, " ")
	if !strings.Contains(cmd, "-js") || !strings.Contains(cmd, "-sd /data") {
		t.Errorf("nats command %q: want -js -sd /data", cmd)
	}
	if !slices.ContainsFunc(nats.Volumes, func(v types.ServiceVolumeConfig) bool {
		return v.Type == types.VolumeTypeVolume && v.Source == "nats-data" && v.Target == "/data"
	}) {
		t.Error("nats: the named volume nats-data is not mounted at /data")
	}
	if nats.Restart != types.RestartPolicyUnlessStopped {
		t.Errorf("nats: restart %q", nats.Restart)
	}

	cfgFile := filepath.Join(deployDir, "compose.config.yaml")
	cfgAbs, _ := filepath.Abs(cfgFile)
	cfg := checkShippedConfig(t, "compose.config.yaml", readFile(t, cfgFile), nil)
	u, err := url.Parse(cfg.NATS.URL)
	if err != nil || u.Scheme != "nats" || u.Hostname() != "nats" || u.Port() != "4222" {
		t.Errorf("compose.config.yaml: nats.url %q, want nats://nats:4222 (the compose service)", cfg.NATS.URL)
	}
	if cfg.NATS.Replicas != 1 {
		t.Errorf("compose.config.yaml: nats.replicas %d with a single NATS server", cfg.NATS.Replicas)
	}

	for _, name := range services {
		s, err := p.GetService(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if s.Build == nil {
			t.Errorf("%s: not built", name)
		} else {
			if s.Build.Context != root {
				t.Errorf("%s: build context %s, want the repository root (go.work needs every module)", name, s.Build.Context)
			}
			if s.Build.Dockerfile != "deploy/Dockerfile" {
				t.Errorf("%s: dockerfile %q", name, s.Build.Dockerfile)
			}
			if arg := s.Build.Args["SERVICE"]; arg == nil || *arg != name {
				t.Errorf("%s: build arg SERVICE=%v, want %s", name, arg, name)
			}
		}
		if !strings.HasPrefix(s.Image, "sayyes-"+name+":") {
			t.Errorf("%s: image %q", name, s.Image)
		}
		if s.Restart != types.RestartPolicyUnlessStopped {
			t.Errorf("%s: restart %q, want unless-stopped", name, s.Restart)
		}
		if _, ok := s.DependsOn["nats"]; !ok {
			t.Errorf("%s: does not depend on nats", name)
		}
		if !s.ReadOnly || !slices.Contains(s.CapDrop, "ALL") {
			t.Errorf("%s: want read_only and cap_drop ALL", name)
		}
		if !slices.ContainsFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool {
			return v.Type == types.VolumeTypeBind && v.Source == cfgAbs && v.Target == "/etc/sayyes/sayyes.yaml" && v.ReadOnly
		}) {
			t.Errorf("%s: compose.config.yaml is not mounted read-only at /etc/sayyes/sayyes.yaml", name)
		}
		// Every password_file in the config is a secret of this service.
		targets := map[string]bool{}
		for _, sec := range s.Secrets {
			target := sec.Target
			if target == "" {
				target = sec.Source
			}
			if !strings.HasPrefix(target, "/") {
				target = "/run/secrets/" + target
			}
			targets[target] = true
			if _, ok := p.Secrets[sec.Source]; !ok {
				t.Errorf("%s: secret %s is not defined", name, sec.Source)
			}
		}
		for _, ref := range passwordFiles(cfg) {
			if !targets[ref.Path] {
				t.Errorf("%s: %s %s is not a secret mounted in the container", name, ref.Key, ref.Path)
			}
		}
		// SAYYES_* variables set in the file must be config keys.
		var env []string
		for k, v := range s.Environment {
			if strings.HasPrefix(k, "SAYYES_") && v != nil {
				env = append(env, k+"="+*v)
			}
		}
		if len(env) > 0 {
			checkShippedConfig(t, name+" environment", readFile(t, cfgFile), env)
		}
	}
	for n, sec := range p.Secrets {
		dir, _ := filepath.Abs(filepath.Join(deployDir, "secrets"))
		if filepath.Dir(sec.File) != dir {
			t.Errorf("secret %s: file %s, want it under deploy/secrets/ (git-ignored)", n, sec.File)
		}
	}
	ignore := string(readFile(t, filepath.Join(deployDir, ".gitignore")))
	if !strings.Contains(ignore, "/secrets/") {
		t.Error("deploy/.gitignore must keep deploy/secrets/ out of git")
	}
	if _, err := os.Stat(filepath.Join(deployDir, "secrets")); err == nil {
		t.Log("note: deploy/secrets exists here (git-ignored)")
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
