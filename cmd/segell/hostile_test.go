//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/stamp"
)

// hostileCase is one entry of testdata/hostile/cases.json, written by
// testdata/hostile/gen: a class of hostile input and what each operation
// must do with it ("ok", "refuse" or "either").
type hostileCase struct {
	Name, What, Source        string
	Large, Signed             bool
	Sign, Verify, Copy, Stamp string
	Forbid                    map[string][]string
}

func (c hostileCase) expect(op string) string {
	return map[string]string{"sign": c.Sign, "verify": c.Verify, "copy": c.Copy, "stamp": c.Stamp}[op]
}

// hostileOps are the operations every case is run against.
var hostileOps = []string{"sign", "verify", "copy", "stamp"}

// ceiling bounds one child process: safety ceilings that catch a hang or a
// bomb, not speed measurements (issue 8). The children are built without
// -race even when the tests run with it, so the ceilings hold under
// `make test` too.
type ceiling struct {
	time time.Duration
	mem  int64 // bytes of peak RSS
}

var (
	smallCeiling = ceiling{2 * time.Second, 256 << 20}
	largeCeiling = ceiling{20 * time.Second, 2 << 30}
)

// TestHostileStampChild is the stamping child of TestHostile (there is no
// stamp command): it stamps SEGELL_HOSTILE_STAMP into
// SEGELL_HOSTILE_STAMP_OUT and exits like the CLI would.
func TestHostileStampChild(t *testing.T) {
	in := os.Getenv("SEGELL_HOSTILE_STAMP")
	if in == "" {
		return // only run as TestHostile's child
	}
	fail := func(err error) {
		fmt.Fprintf(os.Stderr, "segell stamp: %s\n", describe("stamp", err))
		os.Exit(1)
	}
	f, err := os.Open(in)
	if err != nil {
		fail(err)
	}
	st, err := stamp.New(stamp.Config{})
	if err != nil {
		fail(err)
	}
	csv, _ := stamp.NewCSV(nil)
	eni, _ := stamp.NewENI("L01170950", 2026, nil)
	h := stamp.Header{DocumentType: "Còpia autèntica", Organ: "Ajuntament de Lloret de Mar", Reference: "2666/2026/000123",
		CSV: csv, ENI: eni, Origin: stamp.OriginCitizen, Date: time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC),
		ValidationURL: "https://seu.lloret.cat/validacio"}
	var out bytes.Buffer
	if _, err := st.Stamp(context.Background(), f, &out, h, stamp.Options{}); err != nil {
		fail(err)
	}
	if err := os.WriteFile(os.Getenv("SEGELL_HOSTILE_STAMP_OUT"), out.Bytes(), 0o644); err != nil {
		fail(err)
	}
	os.Exit(0)
}

// raceEnabled reports whether this test binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" && s.Value == "true" {
			return true
		}
	}
	return false
}

// goBuild runs the go command with args in the package folder.
func goBuild(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command(testenv.Tool(t, "go"), args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestHostile runs every file of the hostile corpus (issue 8) against
// sign, verify, copy and stamp, each in a child process under the
// watchdog: no fatal error, no input under 1 MB above 2 s or 256 MB, none
// up to 50 MB above 20 s or 2 GB; each case's expectation holds, a refusal
// is a sentence and not a runtime error, and every output of an operation
// that exits 0 passes qpdf --check (and, signed, verifies).
// SEGELL_HOSTILE_REPORT=FILE writes every outcome as a table.
func TestHostile(t *testing.T) {
	root := testenv.RepoRoot(t)
	certs := filepath.Join(root, "certs-example")
	qpdf := testenv.Tool(t, "qpdf")
	dir := t.TempDir()
	bin := filepath.Join(dir, "segell")
	goBuild(t, "build", "-o", bin, ".")
	stamper := os.Args[0]
	if raceEnabled() { // the children run without -race, under the same ceilings
		stamper = filepath.Join(dir, "segell.test")
		goBuild(t, "test", "-c", "-o", stamper, ".")
	}
	large := filepath.Join(dir, "large")
	goBuild(t, "run", "./testdata/hostile/gen", "-large", "-out", large, "-certs", certs)
	data, err := os.ReadFile(filepath.Join("testdata", "hostile", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []hostileCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 100 {
		t.Fatalf("cases.json lists %d cases, want at least 100", len(cases))
	}
	h := &hostileRun{wd: &watchdog{slots: make(chan struct{}, 2)}, bin: bin, stamper: stamper, certs: certs, qpdf: qpdf}
	if p, err := exec.LookPath("prlimit"); err == nil {
		h.wd.prlimit = p
	}
	t.Run("visible-not-finite", func(t *testing.T) { h.visibleNotFinite(t, root) })
	t.Run("corpus", func(t *testing.T) {
		for _, c := range cases {
			in := filepath.Join("testdata", "hostile", c.Name+".pdf")
			if c.Large {
				in = filepath.Join(large, c.Name+".pdf")
			}
			t.Run(c.Name, func(t *testing.T) {
				t.Parallel()
				h.runCase(t, c, in)
			})
		}
	})
	if path := os.Getenv("SEGELL_HOSTILE_REPORT"); path != "" {
		sort.Strings(h.report)
		os.WriteFile(path, []byte(strings.Join(h.report, "\n")+"\n"), 0o644)
	}
}

// hostileRun is what the cases of one TestHostile share.
type hostileRun struct {
	wd                        *watchdog
	bin, stamper, certs, qpdf string
	mu                        sync.Mutex
	report                    []string // "case\top\texpect\tverdict\toutcome\tproblems"
}

// op runs one operation on in; out is where it writes (if it does).
func (h *hostileRun) op(c ceiling, op, in, out string) outcome {
	switch op {
	case "sign":
		return h.wd.run(c, nil, h.bin, "sign", "--p12", filepath.Join(h.certs, "alcalde.p12"), "--pin", "2222", in, "-o", out)
	case "verify":
		return h.wd.run(c, nil, h.bin, "verify", "--roots", filepath.Join(h.certs, "root-ca.pem"), in)
	case "copy":
		return h.wd.run(c, nil, h.bin, "copy", "--p12", filepath.Join(h.certs, "segell-organ.p12"), "--pin", "1111",
			"--organ", "L01170950", "--type", "TD01", "--origin", "ciutada", in, "-o", out)
	}
	return h.wd.run(c, []string{"SEGELL_HOSTILE_STAMP=" + in, "SEGELL_HOSTILE_STAMP_OUT=" + out}, h.stamper, "-test.run=^TestHostileStampChild$", "-test.count=1")
}

func (h *hostileRun) runCase(t *testing.T, c hostileCase, in string) {
	st, err := os.Stat(in)
	if err != nil {
		t.Fatal(err)
	}
	ceil := smallCeiling
	if st.Size() >= 1<<20 {
		ceil = largeCeiling
	}
	dir := t.TempDir()
	inputWarns := -1 // qpdf --check exit status of the input, once needed
	for _, op := range hostileOps {
		out := filepath.Join(dir, op+".pdf")
		o := h.op(ceil, op, in, out)
		problems := checkOutcome(c, op, o, ceil)
		if o.code == 0 && op != "verify" {
			if inputWarns < 0 {
				inputWarns = qpdfCheck(h.qpdf, in)
			}
			problems = append(problems, h.checkOutput(c, op, out, ceil, inputWarns)...)
		} else if op != "verify" {
			if _, err := os.Stat(out); err == nil {
				problems = append(problems, "exit "+strconv.Itoa(o.code)+" but an output file was written")
			}
		}
		h.judge(t, c.Name+"/"+op, c.expect(op), o, problems)
	}
}

// judge fails t with problems and records the outcome for the report.
func (h *hostileRun) judge(t *testing.T, key, expect string, o outcome, problems []string) {
	verdict := "pass"
	if len(problems) > 0 {
		verdict = "FAIL"
		t.Errorf("%s: %s\n\t%s", key, o, strings.Join(problems, "\n\t"))
	}
	h.mu.Lock()
	h.report = append(h.report, strings.Join([]string{strings.Replace(key, "/", "\t", 1), expect, verdict, o.String(), strings.Join(problems, "; ")}, "\t"))
	h.mu.Unlock()
}

// runtimeTexts betray a Go runtime failure rather than a message for people.
var runtimeTexts = []string{"fatal error:", "panic:", "goroutine ", "runtime error", "index out of range", "slice bounds",
	"nil pointer", "invalid memory address", "stack overflow", "out of memory"}

// checkOutcome lists what is wrong with o for the case's expectation.
func checkOutcome(c hostileCase, op string, o outcome, ceil ceiling) []string {
	var p []string
	text := o.stdout + o.stderr
	for _, s := range runtimeTexts {
		if strings.Contains(text, s) {
			p = append(p, fmt.Sprintf("the output holds %q", s))
			break
		}
	}
	switch {
	case o.killed != "":
		p = append(p, "killed by the watchdog ("+o.killed+")")
	case o.code < 0:
		p = append(p, "killed by a signal")
	}
	// Over time only when both wall and CPU time are: the two cores are
	// shared, which stretches the wall time of a quick child, and the
	// garbage collector's threads add CPU time to a quick wall time.
	if o.wall > ceil.time && o.cpu > ceil.time {
		p = append(p, fmt.Sprintf("%.1fs (cpu %.1fs), above the %v ceiling", o.wall.Seconds(), o.cpu.Seconds(), ceil.time))
	}
	if o.maxRSS > ceil.mem {
		p = append(p, fmt.Sprintf("peak RSS %d MB, above the %d MB ceiling", o.maxRSS>>20, ceil.mem>>20))
	}
	switch want := c.expect(op); {
	case want == "ok" && o.code != 0:
		p = append(p, "expected success")
	case want == "refuse" && o.code == 0:
		p = append(p, "expected a refusal, got exit 0")
	case o.code != 0 && o.code != 1 && o.code >= 0:
		p = append(p, fmt.Sprintf("exit %d: neither success nor a refusal", o.code))
	}
	if o.code == 1 && !(op == "verify" && o.stderr == "" && strings.Contains(o.stdout, "Resultat:")) {
		if !strings.HasPrefix(o.stderr, "segell "+op+": ") || strings.Count(strings.TrimSpace(o.stderr), "\n") > 0 {
			p = append(p, "the refusal is not one line \"segell "+op+": …\"")
		}
	}
	for _, k := range []string{"*", op} {
		for _, s := range c.Forbid[k] {
			if strings.Contains(text, s) {
				p = append(p, fmt.Sprintf("the output holds %q", s))
			}
		}
	}
	for _, r := range text {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e' {
			p = append(p, fmt.Sprintf("the output holds the control character %U", r))
			break
		}
	}
	return p
}

// checkOutput checks what an operation that exited 0 wrote: qpdf --check
// passes (warnings only where the input had them too), and a first
// signature verifies.
func (h *hostileRun) checkOutput(c hostileCase, op, out string, ceil ceiling, inputWarns int) []string {
	if _, err := os.Stat(out); err != nil {
		return []string{"exit 0 but no output file"}
	}
	var p []string
	switch s := qpdfCheck(h.qpdf, out); {
	case s == 3 && inputWarns == 0:
		p = append(p, "qpdf --check warns about the output (not about the input)")
	case s != 0 && s != 3:
		p = append(p, fmt.Sprintf("qpdf --check fails on the output (exit %d)", s))
	}
	if op == "sign" && !c.Signed {
		if o := h.op(ceil, "verify", out, ""); o.code != 0 {
			p = append(p, "the signed output does not verify: "+o.String())
		}
	}
	return p
}

// qpdfCheck returns qpdf --check's exit status: 0 clean, 3 warnings, 2 errors.
func qpdfCheck(qpdf, path string) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := exec.CommandContext(ctx, qpdf, "--check", path).Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// visibleNotFinite: --visible with NaN or an infinity is refused (a usage
// error or a refusal) and writes nothing.
func (h *hostileRun) visibleNotFinite(t *testing.T, root string) {
	in := filepath.Join(root, "signer", "testdata", "corpus", "fpdf.pdf")
	for _, v := range []string{"1,NaN,1,50,20", "1,1,NaN,50,20", "1,1,1,NaN,20", "1,1,1,50,NaN", "NaN,1,1,50,20",
		"1,Inf,1,50,20", "1,-Inf,1,50,20", "1,1,+Inf,50,20", "1,1,1,Inf,20", "1,1,1,50,Inf", "Inf,1,1,50,20", "1,1e999,1,50,20"} {
		out := filepath.Join(t.TempDir(), "out.pdf")
		o := h.wd.run(smallCeiling, nil, h.bin, "sign", "--p12", filepath.Join(h.certs, "alcalde.p12"), "--pin", "2222", "--visible", v, in, "-o", out)
		var p []string
		if o.code != 1 && o.code != 2 {
			p = append(p, "expected exit 2 (usage) or 1")
		}
		if _, err := os.Stat(out); err == nil {
			p = append(p, "an output file was written")
		}
		for _, s := range runtimeTexts {
			if strings.Contains(o.stdout+o.stderr, s) {
				p = append(p, fmt.Sprintf("the output holds %q", s))
			}
		}
		h.judge(t, "visible/"+v, "refuse", o, p)
	}
}
