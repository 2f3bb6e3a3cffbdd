package config

import (
	"sort"
	"strings"
)

// Preset is what a known mail provider needs: servers, security and the
// names of its Drafts and Sent folders (used when the server does not mark
// them as special-use).
type Preset struct {
	IMAPHost, SMTPHost    string
	IMAPPort, SMTPPort    int
	IMAPSecurity, SMTPSec string
	Drafts, Sent          string
	// Needs says, in plain words, what the account must have enabled.
	Needs string
}

// Presets are the providers `provider:` accepts, besides generic.
func Presets() map[string]Preset {
	return map[string]Preset{
		"gmail": {IMAPHost: "imap.gmail.com", IMAPPort: 993, IMAPSecurity: SecurityTLS,
			SMTPHost: "smtp.gmail.com", SMTPPort: 465, SMTPSec: SecurityTLS,
			Drafts: "[Gmail]/Drafts", Sent: "[Gmail]/Sent Mail",
			Needs: "2-step verification and an app password (Google account > Security > App passwords), or OAuth2; IMAP is on by default"},
		"outlook": {IMAPHost: "outlook.office365.com", IMAPPort: 993, IMAPSecurity: SecurityTLS,
			SMTPHost: "smtp-mail.outlook.com", SMTPPort: 587, SMTPSec: SecurityStartTLS,
			Drafts: "Drafts", Sent: "Sent Items",
			Needs: "OAuth2 (Outlook.com no longer accepts passwords over IMAP): run `sayyes auth login --provider microsoft`"},
		"office365": {IMAPHost: "outlook.office365.com", IMAPPort: 993, IMAPSecurity: SecurityTLS,
			SMTPHost: "smtp.office365.com", SMTPPort: 587, SMTPSec: SecurityStartTLS,
			Drafts: "Drafts", Sent: "Sent Items",
			Needs: "OAuth2, and IMAP plus authenticated SMTP enabled for the mailbox by your administrator"},
		"fastmail": {IMAPHost: "imap.fastmail.com", IMAPPort: 993, IMAPSecurity: SecurityTLS,
			SMTPHost: "smtp.fastmail.com", SMTPPort: 465, SMTPSec: SecurityTLS,
			Drafts: "Drafts", Sent: "Sent",
			Needs: "an app password with IMAP and SMTP access (Settings > Privacy & Security > App passwords)"},
		"icloud": {IMAPHost: "imap.mail.me.com", IMAPPort: 993, IMAPSecurity: SecurityTLS,
			SMTPHost: "smtp.mail.me.com", SMTPPort: 587, SMTPSec: SecurityStartTLS,
			Drafts: "Drafts", Sent: "Sent Messages",
			Needs: "an app-specific password (appleid.apple.com > Sign-In and Security)"},
		"yahoo": {IMAPHost: "imap.mail.yahoo.com", IMAPPort: 993, IMAPSecurity: SecurityTLS,
			SMTPHost: "smtp.mail.yahoo.com", SMTPPort: 465, SMTPSec: SecurityTLS,
			Drafts: "Draft", Sent: "Sent",
			Needs: "an app password (Account Info > Account security > Generate app password)"},
	}
}

// ProviderNames lists the accepted provider values, generic included.
func ProviderNames() []string {
	names := []string{"generic"}
	for n := range Presets() {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// GuessProvider returns the preset name for an address's domain, or
// "generic".
func GuessProvider(address string) string {
	_, domain, _ := strings.Cut(strings.ToLower(address), "@")
	switch domain {
	case "gmail.com", "googlemail.com":
		return "gmail"
	case "outlook.com", "hotmail.com", "live.com", "msn.com":
		return "outlook"
	case "fastmail.com", "fastmail.fm":
		return "fastmail"
	case "icloud.com", "me.com", "mac.com":
		return "icloud"
	case "yahoo.com", "ymail.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es":
		return "yahoo"
	}
	return "generic"
}

// applyPreset fills what the user left empty from the provider's preset.
// Explicit settings always win.
func (a *Account) applyPreset() {
	p, ok := Presets()[a.Provider]
	if !ok {
		return
	}
	fill := func(s *Server, host string, port int, sec string) {
		if s.Host == "" {
			s.Host = host
		}
		if s.Security == "" {
			s.Security = sec
		}
		if s.Port == 0 && s.Security == sec {
			s.Port = port
		}
	}
	fill(&a.IMAP, p.IMAPHost, p.IMAPPort, p.IMAPSecurity)
	fill(&a.SMTP, p.SMTPHost, p.SMTPPort, p.SMTPSec)
	if a.DraftsMailbox == "" {
		a.DraftsMailbox = p.Drafts
	}
	if a.SentMailbox == "" {
		a.SentMailbox = p.Sent
	}
}
