//go:build !race

package mailmsg_test

// raceSlowdown scales time budgets; see race_test.go.
const raceSlowdown = 1
