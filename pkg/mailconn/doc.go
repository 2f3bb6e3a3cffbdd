// Package mailconn opens the user's IMAP and SMTP connections the same way
// for every service: direct TLS, STARTTLS or (loopback only, unless allowed)
// plain text; certificates verified against the system roots or a given CA;
// deadlines on every network step so a silent server cannot hang a
// goroutine. It also finds special-use folders and classifies SMTP failures
// as transient or permanent.
package mailconn
