// Command mailer runs the Sayyes mailer service against the NATS server named
// by nats.url in the config.
package main

import (
	"os"

	"github.com/sayyes/sayyes/pkg/app"
)

func main() {
	os.Exit(app.Main("mailer", os.Args[1:], os.Stderr, run))
}
