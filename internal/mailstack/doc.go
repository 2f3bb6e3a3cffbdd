// Package mailstack starts a real mail stack for end-to-end tests: Dovecot
// (IMAP, IMAPS, LMTP) and Postfix (SMTP, submission) from the Debian
// packages, each running from a private configuration under one directory
// and listening on 127.0.0.1 only.
//
// Every user of a stack lives in the stack's one domain (default
// "sayyes.test"); mail sent by SMTP to name@domain is delivered by Postfix
// over LMTP to Dovecot and stored as Maildir under the stack's directory.
// Mail to any other domain bounces at once (there is no outbound relay).
//
// Listeners:
//
//   - IMAPAddr: IMAP; plaintext LOGIN allowed, STARTTLS offered.
//   - IMAPSAddr: IMAP over implicit TLS.
//   - SMTPAddr: SMTP as an MX would see it: no AUTH, STARTTLS offered,
//     clients on 127.0.0.0/8 may relay into the stack's domain.
//   - SubmissionAddr: submission: STARTTLS required, then AUTH PLAIN/LOGIN
//     with a stack user's name@domain and password.
//
// With Options.OAuth2IntrospectionURL set, IMAP and submission also accept
// SASL XOAUTH2 and OAUTHBEARER, with bearer tokens checked against that
// (test-provided) introspection endpoint.
//
// TLS listeners use a self-signed ECDSA certificate for 127.0.0.1, ::1 and
// localhost generated at start; verify it with Stack.CAFile or
// Stack.TLSConfig.
//
// The packages are installed by .ci/install-mailstack.sh; the daemons must be
// started as root (Dovecot switches to the mail user for mail access). Use
// Require in tests: it skips when the stack is not installed, except under CI
// (env CI set), where it fails the test instead.
package mailstack
