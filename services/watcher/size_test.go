package watcher

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sayyes/sayyes/pkg/event"
)

func TestFitEvent(t *testing.T) {
	big := strings.Repeat("x", 600<<10)
	inv := event.InvitationDetected{Detection: event.Detection{Calendar: big, Reasons: []string{big}, Company: "Acme"}}
	if reason := fitEvent(&inv); reason != "" {
		t.Fatalf("trimmable event refused: %s", reason)
	}
	b, _ := json.Marshal(inv)
	if len(b) > maxEventBytes || inv.Detection.Company != "Acme" {
		t.Fatalf("event still %d bytes", len(b))
	}
	huge := event.InvitationDetected{Message: event.Message{Excerpt: strings.Repeat("y", 2<<20)}}
	if reason := fitEvent(&huge); !strings.Contains(reason, "exceeds the bus limit") {
		t.Fatalf("untrimmable event: reason %q", reason)
	}
}
