package mailstack

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// daemon is a running master process: Dovecot's (our child, started with
// -F) or Postfix's (daemonized by "postfix start"; known by its pid file).
type daemon struct {
	pid  int
	cmd  *exec.Cmd     // non-nil for a child of ours
	done chan struct{} // closed when cmd has been waited for
}

func (d *daemon) alive() bool {
	if d.done != nil {
		select {
		case <-d.done:
			return false
		default:
			return true
		}
	}
	return procAlive(d.pid)
}

// stop ends the master and its process group. Gracefully (force false):
// SIGTERM, which both masters handle by taking their children down, then
// SIGKILL after 10 s. Forcefully: SIGKILL at once, for Close, where the
// whole directory goes anyway (Dovecot's master sometimes spends a second
// shutting down; a killed Maildir delivery is retried by Postfix).
func (d *daemon) stop(ctx context.Context, force bool) {
	if d.alive() && !force {
		// Signal the whole group, not just the master: Dovecot's master
		// otherwise spends about a second shutting its children down.
		syscall.Kill(-d.pid, syscall.SIGTERM)
		syscall.Kill(d.pid, syscall.SIGTERM)
		grace, cancel := context.WithTimeout(ctx, 10*time.Second)
		waitUntil(grace, func() bool { return !d.alive() || d.onlyMasterLeft() })
		cancel()
		// Even with every child gone, Dovecot's master sometimes sits on
		// a 1 s timer before exiting; by then it has nothing left to do
		// but remove its pid file and sockets, which a restart redoes.
		grace, cancel = context.WithTimeout(ctx, 100*time.Millisecond)
		waitUntil(grace, func() bool { return !d.alive() })
		cancel()
	}
	if d.alive() {
		syscall.Kill(-d.pid, syscall.SIGKILL)
		syscall.Kill(d.pid, syscall.SIGKILL)
		grace, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		waitUntil(grace, func() bool { return !d.alive() })
		cancel()
	}
	// The master is gone; its group id cannot be reused while members of
	// the group are alive, so killing the group now only hits its children.
	if force {
		for _, pid := range groupMembers(d.pid) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	grace, cancel := context.WithTimeout(ctx, 2*time.Second)
	waitUntil(grace, func() bool { return len(groupMembers(d.pid)) == 0 })
	cancel()
	for _, pid := range groupMembers(d.pid) {
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

// onlyMasterLeft reports whether the master is the last live process of its
// process group.
func (d *daemon) onlyMasterLeft() bool {
	m := groupMembers(d.pid)
	return len(m) == 1 && m[0] == d.pid
}

// waitUntil polls cond until it holds or ctx ends; it reports cond's last
// value.
func waitUntil(ctx context.Context, cond func() bool) bool {
	delay := 2 * time.Millisecond
	for {
		if cond() {
			return true
		}
		select {
		case <-ctx.Done():
			return cond()
		case <-time.After(delay):
		}
		if delay < 50*time.Millisecond {
			delay *= 2
		}
	}
}

// procStat returns the state letter and process group of pid.
func procStat(pid int) (state byte, pgrp int, ok bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	// pid (comm) state ppid pgrp ...; comm may contain spaces and parens.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 3 {
		return 0, 0, false
	}
	pgrp, _ = strconv.Atoi(f[2])
	return f[0][0], pgrp, true
}

// procAlive reports whether pid exists and is not a zombie (a daemonized
// master is reaped by init, which may take a moment or never happen).
func procAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	st, _, ok := procStat(pid)
	return ok && st != 'Z' && st != 'X'
}

// groupMembers lists the live processes in process group pgid.
func groupMembers(pgid int) []int {
	if pgid <= 1 {
		return nil
	}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, pg, ok := procStat(pid)
		if ok && pg == pgid && st != 'Z' && st != 'X' {
			pids = append(pids, pid)
		}
	}
	return pids
}

func readPidFile(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		return 0
	}
	return pid
}

func dovecotPidFile(dir string) string { return filepath.Join(dir, "dovecot", "run", "master.pid") }
func postfixPidFile(dir string) string {
	return filepath.Join(dir, "postfix", "queue", "pid", "master.pid")
}

// ownedBy reports whether live process pid belongs to the stack in dir: both
// masters run with their working directory inside it (Dovecot's base_dir,
// Postfix's queue directory). This guards against pid reuse.
func ownedBy(pid int, dir string) bool {
	if !procAlive(pid) {
		return false
	}
	cwd, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/cwd")
	if err != nil {
		return false
	}
	return cwd == dir || strings.HasPrefix(cwd, dir+"/")
}

// killByPidFiles SIGKILLs the masters recorded in dir's pid files, and their
// process groups, if they still run from dir.
func killByPidFiles(dir string) {
	for _, f := range []string{dovecotPidFile(dir), postfixPidFile(dir)} {
		pid := readPidFile(f)
		if pid <= 1 || !ownedBy(pid, dir) {
			continue
		}
		_, pgrp, _ := procStat(pid)
		syscall.Kill(pid, syscall.SIGKILL)
		if pgrp == pid {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			waitUntil(ctx, func() bool { return !procAlive(pid) })
			cancel()
			for _, p := range groupMembers(pid) {
				syscall.Kill(p, syscall.SIGKILL)
			}
		}
	}
}

var sweepOnce sync.Once

// sweepStale removes the default-located stacks of test processes that died
// without calling Close (e.g. a test binary killed by -timeout), killing
// their daemons first.
func sweepStale(logf func(string, ...any)) {
	sweepOnce.Do(func() { sweepStaleNow(logf) })
}

func sweepStaleNow(logf func(string, ...any)) {
	dirs, _ := filepath.Glob(filepath.Join(tmpRoot, dirPrefix+"*"))
	for _, dir := range dirs {
		owner := readPidFile(filepath.Join(dir, "owner.pid"))
		if owner == 0 {
			if fi, err := os.Stat(dir); err != nil || time.Since(fi.ModTime()) < time.Minute {
				continue // being created right now, perhaps
			}
		} else if procAlive(owner) {
			continue
		}
		logf("mailstack: removing stale stack %s (owner pid %d is gone)", dir, owner)
		killByPidFiles(dir)
		os.RemoveAll(dir)
	}
}
