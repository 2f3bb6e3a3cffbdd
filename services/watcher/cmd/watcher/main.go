// Command watcher runs the Sayyes watcher service against the NATS server named
// by nats.url in the config.
package main

import (
	"os"

	"github.com/sayyes/sayyes/pkg/app"
)

func main() {
	os.Exit(app.Main("watcher", os.Args[1:], os.Stderr, run))
}
