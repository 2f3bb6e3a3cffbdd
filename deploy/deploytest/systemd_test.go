package deploytest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/coreos/go-systemd/v22/unit"
	"github.com/nats-io/nats-server/v2/server"
)

// unitFile is a parsed unit: section -> key -> values, in order.
type unitFile map[string]map[string][]string

func parseUnit(t *testing.T, name string) unitFile {
	t.Helper()
	f, err := os.Open(filepath.Join(deployDir, "systemd", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opts, err := unit.DeserializeOptions(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	u := unitFile{}
	for _, o := range opts {
		if u[o.Section] == nil {
			u[o.Section] = map[string][]string{}
		}
		u[o.Section][o.Name] = append(u[o.Section][o.Name], o.Value)
	}
	return u
}

// get returns the single value of a key ("" if unset), failing on repeats.
func (u unitFile) get(t *testing.T, section, key string) string {
	t.Helper()
	v := u[section][key]
	if len(v) > 1 {
		t.Errorf("[%s] %s set %d times", section, key, len(v))
	}
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// hardening every unit must have, with the values it must have.
var hardening = map[string]string{
	"NoNewPrivileges":       "yes",
	"ProtectSystem":         "strict",
	"ProtectHome":           "yes",
	"PrivateTmp":            "yes",
	"PrivateDevices":        "yes",
	"CapabilityBoundingSet": "",
	"RestrictSUIDSGID":      "yes",
	"LockPersonality":       "yes",
	"RestrictNamespaces":    "yes",
	"ProtectKernelModules":  "yes",
	"ProtectKernelTunables": "yes",
	"ProtectControlGroups":  "yes",
	"UMask":                 "0077",
}

func checkHardening(t *testing.T, name string, u unitFile) {
	t.Helper()
	for k, want := range hardening {
		vals, ok := u["Service"][k]
		if !ok {
			t.Errorf("%s: [Service] %s= missing", name, k)
		} else if got := vals[len(vals)-1]; got != want {
			t.Errorf("%s: %s=%s, want %s", name, k, got, want)
		}
	}
	if u.get(t, "Service", "User") == "" || u.get(t, "Service", "User") == "root" {
		t.Errorf("%s: must run as a dedicated user", name)
	}
	if u.get(t, "Install", "WantedBy") != "multi-user.target" {
		t.Errorf("%s: WantedBy=multi-user.target missing", name)
	}
}

// checkCredentials checks that the SAYYES_*_FILE variables point at
// credentials the unit loads, and that the variables are real config keys:
// the example config loads with them, %d replaced by fake credentials.
func checkCredentials(t *testing.T, name string, u unitFile) {
	t.Helper()
	creds := map[string]bool{}
	for _, lc := range u["Service"]["LoadCredential"] {
		id, src, ok := strings.Cut(lc, ":")
		if !ok || !strings.HasPrefix(src, "/etc/sayyes/credentials/") {
			t.Errorf("%s: LoadCredential=%s, want ID:/etc/sayyes/credentials/FILE", name, lc)
		}
		creds[id] = true
	}
	dir := t.TempDir()
	var environ []string
	used := map[string]bool{}
	for _, e := range u["Service"]["Environment"] {
		for _, kv := range strings.Fields(e) {
			k, v, _ := strings.Cut(kv, "=")
			if !strings.HasPrefix(k, "SAYYES_") {
				continue
			}
			if cred, ok := strings.CutPrefix(v, "%d/"); ok {
				if !creds[cred] {
					t.Errorf("%s: %s=%s, but no LoadCredential=%s:...", name, k, v, cred)
				}
				used[cred] = true
				v = filepath.Join(dir, cred)
				if err := os.WriteFile(v, []byte("fake\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if k == "SAYYES_DATA_DIR" {
				v = t.TempDir()
			}
			environ = append(environ, k+"="+v)
		}
	}
	for c := range creds {
		if !used[c] {
			t.Errorf("%s: credential %s is loaded but no SAYYES_*_FILE points at it", name, c)
		}
	}
	if !slices.ContainsFunc(environ, func(s string) bool { return strings.HasPrefix(s, "SAYYES_ACCOUNTS_0_IMAP_PASSWORD_FILE=") }) {
		t.Errorf("%s: no SAYYES_ACCOUNTS_0_IMAP_PASSWORD_FILE", name)
	}
	checkShippedConfig(t, name+" with sayyes.example.yaml", readFile(t, filepath.Join(deployDir, "sayyes.example.yaml")), environ)
}

func TestSystemdAllInOne(t *testing.T) {
	u := parseUnit(t, "sayyes.service")
	checkHardening(t, "sayyes.service", u)
	if got := u.get(t, "Service", "ExecStart"); got != "/usr/local/bin/sayyes run --config /etc/sayyes/sayyes.yaml" {
		t.Errorf("ExecStart=%s", got)
	}
	if u.get(t, "Service", "User") != "sayyes" || u.get(t, "Service", "StateDirectory") != "sayyes" {
		t.Error("want User=sayyes and StateDirectory=sayyes")
	}
	if !slices.Contains(u["Service"]["ReadWritePaths"], "/var/lib/sayyes") {
		t.Error("ReadWritePaths=/var/lib/sayyes missing")
	}
	if !slices.Contains(u["Service"]["Environment"], "SAYYES_DATA_DIR=/var/lib/sayyes") {
		t.Error("the data dir must be the state directory: Environment=SAYYES_DATA_DIR=/var/lib/sayyes")
	}
	checkCredentials(t, "sayyes.service", u)
}

func TestSystemdSplitServices(t *testing.T) {
	metricsPorts := map[string]string{}
	for _, svc := range services {
		name := "sayyes-" + svc + ".service"
		u := parseUnit(t, name)
		checkHardening(t, name, u)
		if got, want := u.get(t, "Service", "ExecStart"), "/usr/local/bin/"+svc+" --config /etc/sayyes/sayyes.yaml"; got != want {
			t.Errorf("%s: ExecStart=%s, want %s", name, got, want)
		}
		if _, err := os.Stat(filepath.Join(repoRoot, "services", svc, "cmd", svc)); err != nil {
			t.Errorf("%s: no command for it: %v", name, err)
		}
		if !slices.ContainsFunc(u["Unit"]["After"], func(s string) bool { return slices.Contains(strings.Fields(s), "nats.service") }) {
			t.Errorf("%s: not ordered after nats.service", name)
		}
		if len(u["Service"]["ReadWritePaths"]) > 0 || len(u["Service"]["StateDirectory"]) > 0 {
			t.Errorf("%s: the split services keep no local state", name)
		}
		checkCredentials(t, name, u)
		// One host may run all three from one config: each needs a
		// metrics port of its own.
		for _, e := range u["Service"]["Environment"] {
			if v, ok := strings.CutPrefix(e, "SAYYES_METRICS_LISTEN="); ok {
				if other, dup := metricsPorts[v]; dup {
					t.Errorf("%s and %s both serve metrics on %s", name, other, v)
				}
				metricsPorts[v] = name
			}
		}
	}
	if len(metricsPorts) != len(services) {
		t.Errorf("want SAYYES_METRICS_LISTEN in each split unit, got %v", metricsPorts)
	}
}

func TestSystemdNATS(t *testing.T) {
	u := parseUnit(t, "nats.service")
	checkHardening(t, "nats.service", u)
	exec := strings.Fields(u.get(t, "Service", "ExecStart"))
	if len(exec) != 3 || filepath.Base(exec[0]) != "nats-server" || exec[1] != "--config" {
		t.Fatalf("ExecStart=%v", exec)
	}
	state := "/var/lib/" + u.get(t, "Service", "StateDirectory")
	if !slices.Contains(u["Service"]["ReadWritePaths"], state) {
		t.Errorf("ReadWritePaths does not include %s", state)
	}
	if !slices.Contains(u["Service"]["Environment"], "NATS_SERVER_NAME=%H") {
		t.Error("nats-cluster.conf needs Environment=NATS_SERVER_NAME=%H")
	}
	if !strings.Contains(u.get(t, "Service", "ExecStop"), "SIGUSR2") {
		t.Error("ExecStop should send SIGUSR2 (lame duck mode)")
	}
	// Both shipped NATS configs keep JetStream in the state directory.
	t.Setenv("NATS_SERVER_NAME", "n1")
	for _, c := range []string{"nats-single.conf", "nats-cluster.conf"} {
		o, err := server.ProcessConfigFile(filepath.Join(deployDir, "nats", c))
		if err != nil {
			t.Fatal(err)
		}
		if o.StoreDir != state {
			t.Errorf("%s: store_dir %s, want %s (StateDirectory)", c, o.StoreDir, state)
		}
	}
}

// systemd's own checks, where systemd-analyze is installed: `verify`
// (unknown keys, bad values, missing targets: any output is a failure) and
// `security --offline` (the exposure score).
func TestSystemdAnalyze(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed")
	}
	system := "/usr/lib/systemd/system"
	if _, err := os.Stat(filepath.Join(system, "multi-user.target")); err != nil {
		t.Skip("no systemd unit directory to verify against")
	}
	// A root with the host's targets, the units, and stand-ins for the
	// binaries (verify checks that ExecStart is executable).
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.CopyFS(filepath.Join(root, system), os.DirFS(system)))
	must(os.MkdirAll(filepath.Join(root, "usr/local/bin"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "bin"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "etc/systemd/system"), 0o755))
	for _, b := range []string{"usr/local/bin/sayyes", "usr/local/bin/watcher", "usr/local/bin/advisor", "usr/local/bin/mailer", "usr/local/bin/nats-server", "bin/kill"} {
		must(os.WriteFile(filepath.Join(root, b), []byte("#!/bin/sh\n"), 0o755))
	}
	units, _ := filepath.Glob(filepath.Join(deployDir, "systemd", "*.service"))
	for _, f := range units {
		must(os.WriteFile(filepath.Join(root, "etc/systemd/system", filepath.Base(f)), readFile(t, f), 0o644))
	}
	for _, f := range units {
		name := filepath.Base(f)
		dst := filepath.Join(root, "etc/systemd/system", name)
		out, err := exec.Command(sa, "verify", "--man=no", "--root="+root, dst).CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("systemd-analyze verify %s: %v\n%s", name, err, out)
		}
		out, err = exec.Command(sa, "security", "--offline=yes", "--threshold=20", "--no-pager", "--root="+root, dst).CombinedOutput()
		if err != nil {
			t.Errorf("systemd-analyze security %s: exposure above 2.0 (or failed): %v\n%s", name, err, lastLines(out, 3))
		} else {
			t.Logf("%s: %s", name, lastLines(out, 1))
		}
	}
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
