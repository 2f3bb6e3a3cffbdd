// Package templates holds the texts Sayyes writes: the digest (text and
// HTML), the reply drafts, and the guidance knowledge base. They are
// embedded in the binaries; a directory given in the config overrides any
// file by its relative path. Every template is parsed at start-up, so a
// broken override is reported with its file and line before anything runs,
// never at send time.
package templates
