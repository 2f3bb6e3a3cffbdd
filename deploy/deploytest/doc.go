// Package deploytest checks the deployment files in deploy/ with the tools
// that read them for real: the Kubernetes API types (strict decoding) and
// the pod security admission policies, the compose-spec loader, BuildKit's
// Dockerfile parser and linter, the nats-server configuration parser (and a
// real server started from the configs), go-systemd's unit parser (and
// systemd-analyze where it is installed), and Sayyes' own config loader for
// every configuration file shipped there. No Docker engine or cluster is
// needed; everything runs in a few seconds.
package deploytest
