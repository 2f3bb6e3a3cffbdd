// Package detect decides whether a mail is a job-interview invitation and
// extracts what the advisor needs from it. It is rule-based and runs
// offline: every rule that fires adds a signed weight and a human-readable
// reason, so each decision can be explained to the user and debugged from
// the `sayyes classify` output.
package detect
