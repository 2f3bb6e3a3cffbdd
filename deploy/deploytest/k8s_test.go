package deploytest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/validation"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
	psaapi "k8s.io/pod-security-admission/api"
	psapolicy "k8s.io/pod-security-admission/policy"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/sayyes/sayyes/pkg/config"
)

const namespace = "sayyes"

// manifest is one decoded document of deploy/k8s.
type manifest struct {
	where string // file#index
	obj   runtime.Object
}

// k8sDecoder decodes the kinds deploy/k8s uses, strictly: an unknown or
// duplicated field is an error, as `kubectl apply --validate=strict` and
// the API server's field validation treat it.
func k8sDecoder(t *testing.T) runtime.Decoder {
	t.Helper()
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, policyv1.AddToScheme} {
		if err := add(scheme); err != nil {
			t.Fatal(err)
		}
	}
	return serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
}

// decodeDocs splits a multi-document YAML stream and decodes each
// document; documents holding only comments are skipped.
func decodeDocs(dec runtime.Decoder, name string, data []byte) ([]manifest, error) {
	var out []manifest
	r := k8syaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for i := 0; ; i++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		js, err := sigsyaml.YAMLToJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("%s#%d: %w", name, i, err)
		}
		if string(bytes.TrimSpace(js)) == "null" {
			continue
		}
		obj, _, err := dec.Decode(doc, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("%s#%d: %w", name, i, err)
		}
		out = append(out, manifest{where: fmt.Sprintf("%s#%d", name, i), obj: obj})
	}
}

func loadK8s(t *testing.T) []manifest {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(deployDir, "k8s", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no deploy/k8s/*.yaml: %v", err)
	}
	if more, _ := filepath.Glob(filepath.Join(deployDir, "k8s", "*.yml")); len(more) > 0 {
		t.Fatalf("use .yaml, not .yml: %v", more)
	}
	dec := k8sDecoder(t)
	var all []manifest
	for _, f := range files {
		ms, err := decodeDocs(dec, filepath.Base(f), readFile(t, f))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ms...)
	}
	return all
}

// The strict decoder must really reject what the API server would: a
// misspelt field, a field in the wrong place, a wrong type.
func TestK8sDecoderIsStrict(t *testing.T) {
	dec := k8sDecoder(t)
	good := readFile(t, filepath.Join(deployDir, "k8s", "20-watcher.yaml"))
	if _, err := decodeDocs(dec, "20-watcher.yaml", good); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]string{
		"unknown field":   strings.Replace(string(good), "  replicas: 1\n", "  replicas: 1\n  replica: 1\n", 1),
		"misplaced field": strings.Replace(string(good), "          imagePullPolicy: IfNotPresent\n", "          imagePullPolicy: IfNotPresent\n          runAsNonRoot: true\n", 1),
		"wrong type":      strings.Replace(string(good), "  replicas: 1\n", "  replicas: one\n", 1),
		"duplicate field": strings.Replace(string(good), "  replicas: 1\n", "  replicas: 1\n  replicas: 2\n", 1),
		"unknown kind":    strings.Replace(string(good), "kind: Deployment", "kind: Deploymnet", 1),
	} {
		if bad == string(good) {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		if _, err := decodeDocs(dec, name, []byte(bad)); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}

func TestK8sManifests(t *testing.T) {
	ms := loadK8s(t)

	var (
		deployments  = map[string]*appsv1.Deployment{}
		statefulsets = map[string]*appsv1.StatefulSet{}
		svcs         = map[string]*corev1.Service{}
		configmaps   = map[string]*corev1.ConfigMap{}
		secrets      = map[string]*corev1.Secret{}
		pdbs         []*policyv1.PodDisruptionBudget
		nsObj        *corev1.Namespace
	)
	seen := map[string]string{}
	for _, m := range ms {
		acc, err := metaOf(m.obj)
		if err != nil {
			t.Fatalf("%s: %v", m.where, err)
		}
		kind := fmt.Sprintf("%T", m.obj)
		id := kind + "/" + acc.GetName()
		if prev, dup := seen[id]; dup {
			t.Errorf("%s: %s defined again (first in %s)", m.where, id, prev)
		}
		seen[id] = m.where
		for _, msg := range validation.IsDNS1123Subdomain(acc.GetName()) {
			t.Errorf("%s: name %q: %s", m.where, acc.GetName(), msg)
		}
		if _, isNS := m.obj.(*corev1.Namespace); !isNS && acc.GetNamespace() != namespace {
			t.Errorf("%s: %s is in namespace %q, want %q", m.where, id, acc.GetNamespace(), namespace)
		}
		for k, v := range acc.GetLabels() {
			for _, msg := range append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...) {
				t.Errorf("%s: label %s=%s: %s", m.where, k, v, msg)
			}
		}
		switch o := m.obj.(type) {
		case *corev1.Namespace:
			nsObj = o
		case *appsv1.Deployment:
			deployments[o.Name] = o
		case *appsv1.StatefulSet:
			statefulsets[o.Name] = o
		case *corev1.Service:
			svcs[o.Name] = o
		case *corev1.ConfigMap:
			configmaps[o.Name] = o
		case *corev1.Secret:
			secrets[o.Name] = o
		case *policyv1.PodDisruptionBudget:
			pdbs = append(pdbs, o)
		default:
			t.Errorf("%s: unexpected kind %T", m.where, m.obj)
		}
	}
	if nsObj == nil || nsObj.Name != namespace {
		t.Fatalf("no Namespace %q", namespace)
	}

	// Every pod template, by workload, for the cross-references below.
	pods := map[string]*corev1.PodTemplateSpec{}
	for n, d := range deployments {
		pods["Deployment/"+n] = &d.Spec.Template
		checkSelector(t, "Deployment/"+n, d.Spec.Selector, d.Spec.Template.Labels)
	}
	for n, s := range statefulsets {
		pods["StatefulSet/"+n] = &s.Spec.Template
		checkSelector(t, "StatefulSet/"+n, s.Spec.Selector, s.Spec.Template.Labels)
	}

	t.Run("services", func(t *testing.T) {
		want := map[string]int32{"watcher": 1, "advisor": 2, "mailer": 2}
		for svc, replicas := range want {
			d := deployments["sayyes-"+svc]
			if d == nil {
				t.Errorf("no Deployment sayyes-%s", svc)
				continue
			}
			if got := ptrOr(d.Spec.Replicas, 1); got != replicas {
				t.Errorf("Deployment sayyes-%s: replicas %d, want %d", svc, got, replicas)
			}
			checkSayyesPod(t, d, svc, configmaps)
		}
		if d := deployments["sayyes-watcher"]; d != nil && d.Spec.Strategy.Type != appsv1.RecreateDeploymentStrategyType {
			t.Errorf("Deployment sayyes-watcher: strategy %q, want Recreate (never two watchers at once)", d.Spec.Strategy.Type)
		}
		if len(deployments) != len(want) {
			t.Errorf("Deployments %v, want sayyes-{watcher,advisor,mailer}", keys(deployments))
		}
	})

	t.Run("every Deployment runs as non-root with limits", func(t *testing.T) {
		for n, d := range deployments {
			spec := d.Spec.Template.Spec
			for _, c := range spec.Containers {
				where := "Deployment/" + n + " container " + c.Name
				if !runsAsNonRoot(spec.SecurityContext, c.SecurityContext) {
					t.Errorf("%s: securityContext.runAsNonRoot is not true", where)
				}
				if c.Resources.Limits.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
					t.Errorf("%s: resources.limits needs cpu and memory", where)
				}
			}
		}
	})

	t.Run("containers hardened", func(t *testing.T) {
		for w, p := range pods {
			for _, c := range p.Spec.Containers {
				where := w + " container " + c.Name
				sc := c.SecurityContext
				if sc == nil {
					t.Errorf("%s: no securityContext", where)
					continue
				}
				if !runsAsNonRoot(p.Spec.SecurityContext, sc) {
					t.Errorf("%s: not runAsNonRoot", where)
				}
				if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
					t.Errorf("%s: readOnlyRootFilesystem is not true", where)
				}
				if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
					t.Errorf("%s: allowPrivilegeEscalation is not false", where)
				}
				if sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0 {
					t.Errorf("%s: capabilities must drop ALL and add none", where)
				}
				for _, rl := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
					req, lim := c.Resources.Requests[rl], c.Resources.Limits[rl]
					if req.IsZero() || lim.IsZero() {
						t.Errorf("%s: %s needs a request and a limit", where, rl)
					} else if req.Cmp(lim) > 0 {
						t.Errorf("%s: %s request %s above limit %s", where, rl, req.String(), lim.String())
					}
				}
				checkMounts(t, where, p.Spec, c, configmaps, secrets, statefulsetClaims(statefulsets, w))
			}
		}
	})

	// The namespace claims the "restricted" Pod Security Standard; the
	// upstream admission policy code must agree for every pod template.
	t.Run("pod security restricted", func(t *testing.T) {
		level := nsObj.Labels[psaapi.EnforceLevelLabel]
		if level != string(psaapi.LevelRestricted) {
			t.Fatalf("namespace %s: %s=%q, want restricted", namespace, psaapi.EnforceLevelLabel, level)
		}
		eval, err := psapolicy.NewEvaluator(psapolicy.DefaultChecks(), nil)
		if err != nil {
			t.Fatal(err)
		}
		lv := psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()}
		for w, p := range pods {
			for _, r := range eval.EvaluatePod(lv, &p.ObjectMeta, &p.Spec) {
				if !r.Allowed {
					t.Errorf("%s: violates restricted: %s: %s", w, r.ForbiddenReason, r.ForbiddenDetail)
				}
			}
		}
	})

	t.Run("config map holds a valid Sayyes config", func(t *testing.T) {
		cm := configmaps["sayyes-config"]
		if cm == nil {
			t.Fatal("no ConfigMap sayyes-config")
		}
		data, ok := cm.Data["sayyes.yaml"]
		if !ok {
			t.Fatal("ConfigMap sayyes-config has no key sayyes.yaml")
		}
		cfg := checkShippedConfig(t, "ConfigMap sayyes-config", []byte(data), nil)

		// nats.url names the client Service, on a port it serves.
		u, err := url.Parse(cfg.NATS.URL)
		if err != nil || u.Scheme != "nats" {
			t.Fatalf("nats.url %q is not a nats:// URL", cfg.NATS.URL)
		}
		host := u.Hostname()
		svcName, rest, _ := strings.Cut(host, ".")
		if rest != namespace+".svc" && rest != namespace+".svc.cluster.local" && rest != "" {
			t.Errorf("nats.url host %q is not a Service in namespace %s", host, namespace)
		}
		svc := svcs[svcName]
		if svc == nil {
			t.Fatalf("nats.url names Service %q, which is not defined", svcName)
		}
		port, _ := strconv.Atoi(u.Port())
		if !slices.ContainsFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool { return p.Port == int32(port) }) {
			t.Errorf("nats.url port %d is not a port of Service %s", port, svcName)
		}
		// Streams cannot have more replicas than there are servers.
		if sts := statefulsets["nats"]; sts != nil && sts.Spec.Replicas != nil && int32(cfg.NATS.Replicas) > *sts.Spec.Replicas {
			t.Errorf("nats.replicas %d > %d NATS servers", cfg.NATS.Replicas, *sts.Spec.Replicas)
		}

		// Every password_file is a key of a Secret mounted at that path in
		// every service (the loader reads them all, whichever the service).
		for _, ref := range passwordFiles(cfg) {
			for svc := range deployments {
				if !secretFileMounted(deployments[svc].Spec.Template.Spec, secrets, ref.Path) {
					t.Errorf("%s %s is not a Secret key mounted in Deployment %s", ref.Key, ref.Path, svc)
				}
			}
		}
	})

	t.Run("secret placeholders", func(t *testing.T) {
		s := secrets["sayyes-mail"]
		if s == nil {
			t.Fatal("no Secret sayyes-mail")
		}
		for _, k := range []string{"imap-password", "smtp-password"} {
			v, ok := s.StringData[k]
			if !ok {
				t.Errorf("Secret sayyes-mail has no key %s", k)
			} else if !strings.Contains(v, "CHANGE-ME") {
				t.Errorf("Secret sayyes-mail %s: a shipped value must be an obvious placeholder (CHANGE-ME)", k)
			}
		}
	})

	t.Run("nats statefulset", func(t *testing.T) {
		checkNATSStatefulSet(t, statefulsets["nats"], svcs, configmaps)
	})

	t.Run("services select pods and name their ports", func(t *testing.T) {
		for n, svc := range svcs {
			matched := 0
			for w, p := range pods {
				if !labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(p.Labels)) {
					continue
				}
				matched++
				for _, sp := range svc.Spec.Ports {
					if sp.TargetPort.StrVal != "" && !hasPort(p.Spec, sp.TargetPort.StrVal) {
						t.Errorf("Service %s port %s: target port %q is not a container port of %s", n, sp.Name, sp.TargetPort.StrVal, w)
					}
				}
			}
			if len(svc.Spec.Selector) == 0 || matched == 0 {
				t.Errorf("Service %s selects no pod template", n)
			}
		}
	})

	t.Run("disruption budgets select a workload", func(t *testing.T) {
		for _, pdb := range pdbs {
			sel, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
			if err != nil {
				t.Fatalf("PDB %s: %v", pdb.Name, err)
			}
			n := 0
			for _, p := range pods {
				if sel.Matches(labels.Set(p.Labels)) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("PDB %s selects %d workloads, want 1", pdb.Name, n)
			}
		}
	})
}

func metaOf(obj runtime.Object) (metav1.Object, error) {
	acc, ok := obj.(metav1.Object)
	if !ok {
		return nil, fmt.Errorf("%T has no object metadata", obj)
	}
	return acc, nil
}

func ptrOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func checkSelector(t *testing.T, where string, sel *metav1.LabelSelector, podLabels map[string]string) {
	t.Helper()
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil || s.Empty() {
		t.Errorf("%s: bad or empty selector: %v", where, err)
		return
	}
	if !s.Matches(labels.Set(podLabels)) {
		t.Errorf("%s: selector %s does not match the pod template's labels %v", where, s, podLabels)
	}
}

func runsAsNonRoot(pod *corev1.PodSecurityContext, c *corev1.SecurityContext) bool {
	if c != nil && c.RunAsNonRoot != nil {
		return *c.RunAsNonRoot
	}
	return pod != nil && pod.RunAsNonRoot != nil && *pod.RunAsNonRoot
}

func hasPort(spec corev1.PodSpec, name string) bool {
	for _, c := range spec.Containers {
		for _, p := range c.Ports {
			if p.Name == name {
				return true
			}
		}
	}
	return false
}

func containerPort(t *testing.T, c corev1.Container, name string) int32 {
	t.Helper()
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	t.Errorf("container %s has no port %q", c.Name, name)
	return 0
}

func statefulsetClaims(sts map[string]*appsv1.StatefulSet, workload string) []string {
	name, ok := strings.CutPrefix(workload, "StatefulSet/")
	if !ok || sts[name] == nil {
		return nil
	}
	var out []string
	for _, c := range sts[name].Spec.VolumeClaimTemplates {
		out = append(out, c.Name)
	}
	return out
}

// checkMounts checks that every mount names a volume (or a claim
// template) and that configMap and secret volumes reference objects and
// keys defined in deploy/k8s.
func checkMounts(t *testing.T, where string, spec corev1.PodSpec, c corev1.Container, cms map[string]*corev1.ConfigMap, secs map[string]*corev1.Secret, claims []string) {
	t.Helper()
	vols := map[string]corev1.Volume{}
	for _, v := range spec.Volumes {
		vols[v.Name] = v
	}
	for _, m := range c.VolumeMounts {
		v, ok := vols[m.Name]
		if !ok {
			if !slices.Contains(claims, m.Name) {
				t.Errorf("%s: mount %q names no volume", where, m.Name)
			}
			continue
		}
		switch {
		case v.ConfigMap != nil:
			cm := cms[v.ConfigMap.Name]
			if cm == nil {
				t.Errorf("%s: volume %s: ConfigMap %s is not defined", where, v.Name, v.ConfigMap.Name)
				continue
			}
			for _, it := range v.ConfigMap.Items {
				if _, ok := cm.Data[it.Key]; !ok {
					t.Errorf("%s: volume %s: ConfigMap %s has no key %s", where, v.Name, cm.Name, it.Key)
				}
			}
			if !m.ReadOnly {
				t.Errorf("%s: config mount %s should be readOnly", where, m.Name)
			}
		case v.Secret != nil:
			if secs[v.Secret.SecretName] == nil {
				t.Errorf("%s: volume %s: Secret %s is not defined", where, v.Name, v.Secret.SecretName)
			}
			if !m.ReadOnly {
				t.Errorf("%s: secret mount %s should be readOnly", where, m.Name)
			}
		}
	}
	for _, v := range spec.Volumes {
		if !slices.ContainsFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool { return m.Name == v.Name }) {
			t.Errorf("%s: volume %s is never mounted", where, v.Name)
		}
	}
}

// secretFileMounted reports whether file (e.g. /run/secrets/sayyes/imap-password)
// is a key of a Secret volume mounted at its directory.
func secretFileMounted(spec corev1.PodSpec, secs map[string]*corev1.Secret, file string) bool {
	dir, key := path.Split(file)
	dir = path.Clean(dir)
	for _, c := range spec.Containers {
		for _, m := range c.VolumeMounts {
			if path.Clean(m.MountPath) != dir || m.SubPath != "" {
				continue
			}
			for _, v := range spec.Volumes {
				if v.Name != m.Name || v.Secret == nil {
					continue
				}
				s := secs[v.Secret.SecretName]
				if s == nil {
					continue
				}
				name := key
				if len(v.Secret.Items) > 0 {
					name = ""
					for _, it := range v.Secret.Items {
						if it.Path == key {
							name = it.Key
						}
					}
				}
				_, inString := s.StringData[name]
				_, inData := s.Data[name]
				if name != "" && (inString || inData) {
					return true
				}
			}
		}
	}
	return false
}

func checkSayyesPod(t *testing.T, d *appsv1.Deployment, svc string, cms map[string]*corev1.ConfigMap) {
	t.Helper()
	spec := d.Spec.Template.Spec
	if len(spec.Containers) != 1 {
		t.Fatalf("Deployment %s: want one container", d.Name)
	}
	c := spec.Containers[0]
	if cms["sayyes-config"] == nil {
		t.Fatal("no ConfigMap sayyes-config")
	}
	if name, _, _ := strings.Cut(c.Image, ":"); path.Base(name) != "sayyes-"+svc {
		t.Errorf("Deployment %s: image %q, want sayyes-%s (deploy/Dockerfile with SERVICE=%s)", d.Name, c.Image, svc, svc)
	}
	if len(c.Command) > 0 || len(c.Args) > 0 {
		t.Errorf("Deployment %s: the image's entrypoint already passes --config; command/args override it", d.Name)
	}
	// The image reads /etc/sayyes/sayyes.yaml: the ConfigMap key must land there.
	found := false
	for _, m := range c.VolumeMounts {
		for _, v := range spec.Volumes {
			if v.Name == m.Name && v.ConfigMap != nil && v.ConfigMap.Name == "sayyes-config" && len(v.ConfigMap.Items) == 0 &&
				path.Clean(m.MountPath) == "/etc/sayyes" && m.SubPath == "" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("Deployment %s: ConfigMap sayyes-config is not mounted at /etc/sayyes", d.Name)
	}
	if _, ok := cms["sayyes-config"].Data["sayyes.yaml"]; !ok {
		t.Errorf("ConfigMap sayyes-config has no sayyes.yaml")
	}
	// Probes: /healthz and /readyz on metrics.listen, which must listen on
	// all interfaces (the kubelet probes the pod's address) on the port
	// the container declares.
	var cfg config.Config
	if err := config.Parse([]byte(cms["sayyes-config"].Data["sayyes.yaml"]), &cfg); err != nil {
		t.Fatal(err)
	}
	host, portStr, err := net.SplitHostPort(cfg.Metrics.Listen)
	if err != nil || (host != "" && host != "0.0.0.0" && host != "::") {
		t.Fatalf("ConfigMap sayyes-config: metrics.listen %q, want :PORT (all interfaces) for the probes", cfg.Metrics.Listen)
	}
	port, _ := strconv.Atoi(portStr)
	if got := containerPort(t, c, "metrics"); int(got) != port {
		t.Errorf("Deployment %s: container port metrics %d, but metrics.listen is %s", d.Name, got, cfg.Metrics.Listen)
	}
	for name, pr := range map[string]struct {
		probe *corev1.Probe
		path  string
	}{"startupProbe": {c.StartupProbe, "/healthz"}, "livenessProbe": {c.LivenessProbe, "/healthz"}, "readinessProbe": {c.ReadinessProbe, "/readyz"}} {
		if pr.probe == nil || pr.probe.HTTPGet == nil {
			t.Errorf("Deployment %s: no HTTP %s", d.Name, name)
			continue
		}
		g := pr.probe.HTTPGet
		if g.Path != pr.path || (g.Port.StrVal != "metrics" && int(g.Port.IntVal) != port) {
			t.Errorf("Deployment %s: %s GET %s on %s, want %s on the metrics port", d.Name, name, g.Path, g.Port.String(), pr.path)
		}
	}
	if d.Spec.Template.Annotations["prometheus.io/port"] != portStr {
		t.Errorf("Deployment %s: prometheus.io/port annotation %q, want %s", d.Name, d.Spec.Template.Annotations["prometheus.io/port"], portStr)
	}
	for _, e := range c.Env {
		if strings.HasPrefix(e.Name, "SAYYES_") {
			// A SAYYES_ variable must be a real config key: run it through the loader.
			cfgData := cms["sayyes-config"].Data["sayyes.yaml"]
			checkShippedConfig(t, "Deployment "+d.Name+" env "+e.Name, []byte(cfgData), []string{e.Name + "=" + e.Value})
		}
	}
}

func checkNATSStatefulSet(t *testing.T, sts *appsv1.StatefulSet, svcs map[string]*corev1.Service, cms map[string]*corev1.ConfigMap) {
	t.Helper()
	if sts == nil {
		t.Fatal("no StatefulSet nats")
	}
	replicas := int32(1)
	if sts.Spec.Replicas != nil {
		replicas = *sts.Spec.Replicas
	}
	if replicas != 3 {
		t.Errorf("StatefulSet nats: %d replicas, want 3 (a JetStream cluster)", replicas)
	}
	headless := svcs[sts.Spec.ServiceName]
	if headless == nil || headless.Spec.ClusterIP != corev1.ClusterIPNone {
		t.Fatalf("StatefulSet nats: serviceName %q is not a headless Service", sts.Spec.ServiceName)
	}
	if !headless.Spec.PublishNotReadyAddresses {
		t.Errorf("Service %s: publishNotReadyAddresses must be true so routes resolve before the cluster is ready", headless.Name)
	}
	if len(sts.Spec.VolumeClaimTemplates) != 1 {
		t.Fatalf("StatefulSet nats: want one volumeClaimTemplate")
	}
	claim := sts.Spec.VolumeClaimTemplates[0]
	if claim.Spec.Resources.Requests.Storage().IsZero() {
		t.Errorf("volumeClaimTemplate %s: no storage request", claim.Name)
	}
	spec := sts.Spec.Template.Spec
	if len(spec.Containers) != 1 {
		t.Fatal("StatefulSet nats: want one container")
	}
	c := spec.Containers[0]
	checkNATSImage(t, "StatefulSet nats", c.Image)
	monitor := containerPort(t, c, "monitor")
	for name, p := range map[string]*corev1.Probe{"startupProbe": c.StartupProbe, "livenessProbe": c.LivenessProbe, "readinessProbe": c.ReadinessProbe} {
		if p == nil || p.HTTPGet == nil {
			t.Errorf("nats: %s must be an HTTP probe of /healthz", name)
			continue
		}
		if u, err := url.Parse(p.HTTPGet.Path); err != nil || u.Path != "/healthz" {
			t.Errorf("nats: %s path %q, want /healthz", name, p.HTTPGet.Path)
		}
		if p.HTTPGet.Port.StrVal != "monitor" && p.HTTPGet.Port.IntVal != monitor {
			t.Errorf("nats: %s on port %s, want the monitoring port %d", name, p.HTTPGet.Port.String(), monitor)
		}
	}

	// The server configuration: decode it with nats-server's own parser,
	// with the pod's environment.
	var cmName string
	mounts := map[string]string{} // mount path -> volume name
	for _, m := range c.VolumeMounts {
		mounts[path.Clean(m.MountPath)] = m.Name
	}
	for _, v := range spec.Volumes {
		if v.ConfigMap != nil {
			cmName = v.ConfigMap.Name
		}
	}
	cm := cms[cmName]
	if cm == nil {
		t.Fatalf("nats: ConfigMap %q not defined", cmName)
	}
	confPath := ""
	for i, a := range c.Args {
		if (a == "--config" || a == "-c") && i+1 < len(c.Args) {
			confPath = c.Args[i+1]
		}
	}
	conf, ok := cm.Data[path.Base(confPath)]
	if confPath == "" || !ok {
		t.Fatalf("nats: args %v do not name a key of ConfigMap %s", c.Args, cmName)
	}
	if mounts[path.Dir(confPath)] == "" {
		t.Errorf("nats: %s is not under a mount", confPath)
	}
	var envNames []string
	for _, e := range c.Env {
		envNames = append(envNames, e.Name)
	}
	if !slices.Contains(envNames, "POD_NAME") {
		t.Fatal("nats: no POD_NAME env for server_name")
	}
	t.Setenv("POD_NAME", sts.Name+"-0")
	f := filepath.Join(t.TempDir(), "nats.conf")
	if err := os.WriteFile(f, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := server.ProcessConfigFile(f)
	if err != nil {
		t.Fatalf("nats.conf: %v", err)
	}
	if opts.ServerName != sts.Name+"-0" {
		t.Errorf("nats.conf: server_name %q, want the pod name", opts.ServerName)
	}
	if !opts.JetStream {
		t.Error("nats.conf: JetStream is off")
	}
	if opts.Port != int(containerPort(t, c, "client")) || opts.Cluster.Port != int(containerPort(t, c, "cluster")) || opts.HTTPPort != int(monitor) {
		t.Errorf("nats.conf ports client %d cluster %d http %d do not match the container ports", opts.Port, opts.Cluster.Port, opts.HTTPPort)
	}
	if opts.Cluster.Name == "" {
		t.Error("nats.conf: the cluster has no name")
	}
	// One route per pod, by its stable DNS name under the headless Service.
	var want, got []string
	for i := range replicas {
		want = append(want, fmt.Sprintf("%s-%d.%s.%s.svc.cluster.local:%d", sts.Name, i, headless.Name, namespace, opts.Cluster.Port))
	}
	for _, r := range opts.Routes {
		got = append(got, r.Host)
	}
	if !slices.Equal(got, want) {
		t.Errorf("nats.conf routes %v, want %v", got, want)
	}
	if !strings.HasPrefix(opts.StoreDir, path.Clean(findMount(c, claim.Name))+"/") && opts.StoreDir != findMount(c, claim.Name) {
		t.Errorf("nats.conf store_dir %s is not on the volume %s", opts.StoreDir, claim.Name)
	}
	if opts.PidFile != "" && mounts[path.Dir(opts.PidFile)] == "" {
		t.Errorf("nats.conf pid_file %s is not on a writable mount (the root filesystem is read-only)", opts.PidFile)
	}
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Exec == nil ||
		!slices.Contains(c.Lifecycle.PreStop.Exec.Command, "ldm="+opts.PidFile) {
		t.Errorf("nats: preStop should signal lame duck mode through %s", opts.PidFile)
	}
	grace := int64(30)
	if spec.TerminationGracePeriodSeconds != nil {
		grace = *spec.TerminationGracePeriodSeconds
	}
	if ld := int64((opts.LameDuckDuration + opts.LameDuckGracePeriod).Seconds()); ld >= grace {
		t.Errorf("nats: lame duck %ds does not fit in terminationGracePeriodSeconds %d", ld, grace)
	}
}

func findMount(c corev1.Container, volume string) string {
	for _, m := range c.VolumeMounts {
		if m.Name == volume {
			return path.Clean(m.MountPath)
		}
	}
	return "(not mounted)"
}
