package deploytest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/sayyes/sayyes/pkg/bus"
)

func TestNATSSingleConfig(t *testing.T) {
	opts, err := server.ProcessConfigFile(filepath.Join(deployDir, "nats", "nats-single.conf"))
	if err != nil {
		t.Fatal(err)
	}
	if !opts.JetStream || opts.StoreDir != "/var/lib/nats" {
		t.Errorf("JetStream %v in %q, want on in /var/lib/nats (nats.service's StateDirectory)", opts.JetStream, opts.StoreDir)
	}
	if opts.Host != "127.0.0.1" || opts.Port != 4222 {
		t.Errorf("listens on %s:%d, want 127.0.0.1:4222", opts.Host, opts.Port)
	}
	if opts.HTTPHost != "127.0.0.1" || opts.HTTPPort != 8222 {
		t.Errorf("monitoring on %s:%d, want 127.0.0.1:8222", opts.HTTPHost, opts.HTTPPort)
	}
	if opts.Cluster.Port != 0 || len(opts.Routes) != 0 {
		t.Error("the single-node config has a cluster block")
	}

	// And it runs: a server from this file (ports and store moved to the
	// test's own) takes Sayyes' streams and buckets with one replica.
	opts.Port, opts.HTTPPort, opts.StoreDir = -1, -1, t.TempDir()
	s := startServer(t, opts)
	setupBus(t, s.ClientURL(), 1)
}

func TestNATSClusterConfig(t *testing.T) {
	file := filepath.Join(deployDir, "nats", "nats-cluster.conf")
	// server_name comes from the environment (nats.service sets it); the
	// server refuses to start without it.
	t.Setenv("NATS_SERVER_NAME", "")
	os.Unsetenv("NATS_SERVER_NAME")
	if _, err := server.ProcessConfigFile(file); err == nil || !strings.Contains(err.Error(), "NATS_SERVER_NAME") {
		t.Errorf("without NATS_SERVER_NAME: err %v, want one naming the variable", err)
	}
	t.Setenv("NATS_SERVER_NAME", "nats-1")
	opts, err := server.ProcessConfigFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if opts.ServerName != "nats-1" {
		t.Errorf("server_name %q, want it from $NATS_SERVER_NAME", opts.ServerName)
	}
	if !opts.JetStream || opts.StoreDir != "/var/lib/nats" {
		t.Errorf("JetStream %v in %q, want on in /var/lib/nats", opts.JetStream, opts.StoreDir)
	}
	if opts.Cluster.Name == "" || opts.Cluster.Port != 6222 {
		t.Errorf("cluster %q on port %d, want a name and port 6222", opts.Cluster.Name, opts.Cluster.Port)
	}
	if len(opts.Routes) != 3 {
		t.Fatalf("%d routes, want 3", len(opts.Routes))
	}
	for _, r := range opts.Routes {
		if r.Scheme != "nats" || r.Port() != "6222" {
			t.Errorf("route %s: want nats://HOST:6222", r)
		}
	}
	if opts.HTTPHost != "127.0.0.1" {
		t.Errorf("monitoring on %q, want loopback", opts.HTTPHost)
	}

	if testing.Short() {
		t.Skip("-short: not forming a 3-node cluster")
	}
	// And it forms a cluster: three servers from this file, with the three
	// host names replaced by loopback ports, elect a JetStream leader and
	// take Sayyes' streams and buckets with three replicas. (The ports are
	// picked free, then bound: if another process takes one in between, try
	// again with new ones.)
	var servers []*server.Server
	for attempt := 1; servers == nil; attempt++ {
		servers, err = startCluster(t, file)
		if err != nil && attempt == 3 {
			t.Fatal(err)
		}
	}
	// Wait for the JetStream meta leader: until then API requests go
	// unanswered.
	deadline := time.Now().Add(20 * time.Second)
	for !slices.ContainsFunc(servers, (*server.Server).JetStreamIsLeader) {
		if time.Now().After(deadline) {
			t.Fatal("the cluster elected no JetStream meta leader")
		}
		time.Sleep(50 * time.Millisecond)
	}
	var urls []string
	for _, s := range servers {
		urls = append(urls, s.ClientURL())
	}
	setupBus(t, strings.Join(urls, ","), 3)
}

func startServer(t *testing.T, opts *server.Options) *server.Server {
	t.Helper()
	s, err := tryStartServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

func tryStartServer(opts *server.Options) (*server.Server, error) {
	opts.NoSigs, opts.NoLog = true, true
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, err
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("nats server %s not ready", opts.ServerName)
	}
	return s, nil
}

// startCluster starts three servers from the cluster config file, with
// routes between free loopback ports instead of the three host names.
func startCluster(t *testing.T, file string) ([]*server.Server, error) {
	t.Helper()
	ports := freePorts(t, 3)
	var routes []*url.URL
	for _, p := range ports {
		routes = append(routes, &url.URL{Scheme: "nats", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	var servers []*server.Server
	for i := range 3 {
		t.Setenv("NATS_SERVER_NAME", fmt.Sprintf("nats-%d", i+1))
		o, err := server.ProcessConfigFile(file)
		if err != nil {
			t.Fatal(err)
		}
		o.Host, o.Port, o.HTTPPort, o.StoreDir = "127.0.0.1", -1, -1, t.TempDir()
		o.Cluster.Host, o.Cluster.Port = "127.0.0.1", ports[i]
		o.Routes = routes
		s, err := tryStartServer(o)
		if err != nil {
			for _, s := range servers {
				s.Shutdown()
			}
			return nil, err
		}
		servers = append(servers, s)
	}
	for _, s := range servers {
		t.Cleanup(s.Shutdown)
	}
	return servers, nil
}

// setupBus creates Sayyes' streams, consumers and buckets (what every
// service does at start) with the given replica count.
func setupBus(t *testing.T, urls string, replicas int) {
	t.Helper()
	nc, err := nats.Connect(urls)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	b, err := bus.New(nc, log, bus.Options{Replicas: replicas})
	if err != nil {
		t.Fatal(err)
	}
	// A fresh cluster may still be settling: retry a few short attempts.
	for range 5 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = b.Setup(ctx)
		cancel()
		if err == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("bus setup with %d replicas: %v", replicas, err)
	}
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ls []net.Listener
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}
