//go:build race

package mailmsg_test

// raceSlowdown scales time budgets: the race detector makes the parser and
// the detector roughly twenty times slower.
const raceSlowdown = 20
