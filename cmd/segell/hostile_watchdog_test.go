//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// outcome is what one child process did.
type outcome struct {
	code           int
	wall, cpu      time.Duration // cpu: user + system time
	maxRSS         int64
	killed         string // "time" or "memory" when the watchdog killed it
	stdout, stderr string
}

func (o outcome) String() string {
	first, _, _ := strings.Cut(strings.TrimSpace(o.stderr), "\n")
	if first == "" {
		first, _, _ = strings.Cut(strings.TrimSpace(o.stdout), "\n")
	}
	if len(first) > 160 {
		first = first[:160] + "…"
	}
	k := ""
	if o.killed != "" {
		k = " killed (" + o.killed + ")"
	}
	return fmt.Sprintf("exit %d%s, %.2fs (cpu %.2fs), %d MB: %q", o.code, k, o.wall.Seconds(), o.cpu.Seconds(), o.maxRSS>>20, first)
}

// watchdog runs child processes: each in its own process group, killed
// (the whole group) when it passes three times its time ceiling or its
// memory ceiling. Memory is enforced by polling VmRSS in /proc and read back as
// the peak RSS (rusage Maxrss); GOMEMLIMIT tells the child's runtime the
// same limit. RLIMIT_AS cannot be the ceiling itself: a Go binary reserves
// more than 256 MB of address space at start ("failed to reserve page
// summary memory") and cgo threads need their stacks, so prlimit --as is
// only a backstop, at four times the ceiling plus 4 GiB. At most two
// children run at once (the machine has two cores).
type watchdog struct {
	slots   chan struct{}
	prlimit string
}

func (w *watchdog) run(c ceiling, env []string, name string, args ...string) outcome {
	w.slots <- struct{}{}
	defer func() { <-w.slots }()
	if w.prlimit != "" {
		args = append([]string{"--as=" + strconv.FormatInt(4*c.mem+4<<30, 10), "--", name}, args...)
		name = w.prlimit
	}
	cmd := exec.Command(name, args...)
	cmd.Env = append(append(os.Environ(), env...), "GOMEMLIMIT="+strconv.FormatInt(c.mem, 10))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return outcome{code: -1, stderr: err.Error()}
	}
	var mu sync.Mutex
	killed := ""
	kill := func(why string) {
		mu.Lock()
		if killed == "" {
			killed = why
		}
		mu.Unlock()
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		deadline := time.After(3 * c.time)
		for {
			select {
			case <-done:
				return
			case <-deadline:
				kill("time")
				return
			case <-tick.C:
				if rss(cmd.Process.Pid) > c.mem {
					kill("memory")
					return
				}
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	o := outcome{wall: time.Since(start), stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		o.maxRSS = ru.Maxrss << 10
		o.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	mu.Lock()
	o.killed = killed
	mu.Unlock()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		o.stderr += err.Error()
	}
	return o
}

// rss reads a process's resident set size from /proc (0 once it is gone).
func rss(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
