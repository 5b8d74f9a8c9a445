package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
)

// csvLike matches a CSV as people write it (groups of four symbols of its
// alphabet): none may appear in a log, seeded documents included.
var csvLike = regexp.MustCompile(`[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}`)

// askedCSV is a code the log test asks for.
const askedCSV = "GTBX-9VHD-2NZ8-RS6R-FMJH-Y5"

// syncBuffer collects a server's log while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs "segell serve" in process on a free port and returns its
// URL, its log, and a stop function that cancels it (as SIGTERM does) and
// returns its exit code and how long it took to stop.
func startServe(t *testing.T, args ...string) (string, *syncBuffer, func() (int, time.Duration)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), pw, logs)
		pw.Close()
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "segell: "); ok {
				urls <- u
			}
		}
		close(urls)
	}()
	var url string
	select {
	case u, ok := <-urls:
		if !ok {
			cancel()
			t.Fatalf("serve exited with %d before serving:\n%s", <-done, logs)
		}
		url = u
	case <-time.After(5 * time.Minute):
		cancel()
		t.Fatalf("serve did not start:\n%s", logs)
	}
	stop := func() (int, time.Duration) {
		start := time.Now()
		cancel()
		select {
		case code := <-done:
			return code, time.Since(start)
		case <-time.After(20 * time.Second):
			t.Fatalf("serve did not stop within 20 s")
			return -1, 0
		}
	}
	t.Cleanup(func() { cancel() })
	return url, logs, stop
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestServeDemo starts the service with --demo on an empty data folder:
// it seeds the demo month before it listens, answers /healthz, /readyz and
// /metrics, stops cleanly when cancelled, and a second start on the same
// folder reuses the data.
func TestServeDemo(t *testing.T) {
	certs := filepath.Join(testenv.RepoRoot(t), "certs-example")
	data := t.TempDir()
	args := []string{"--demo", "--certs", certs, "--data-dir", data}

	url, logs, stop := startServe(t, args...)
	if !strings.Contains(logs.String(), "seeding demo data") || !strings.Contains(logs.String(), "demo data seeded") {
		t.Fatalf("first start did not seed:\n%s", logs)
	}
	if code, body := httpGet(t, url+"readyz"); code != 200 {
		t.Fatalf("/readyz: %d %s\n%s", code, body, logs)
	}
	if code, body := httpGet(t, url+"healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, body := httpGet(t, url+"metrics"); code != 200 || !strings.Contains(body, `route="GET /readyz"`) {
		t.Errorf("/metrics: %d\n%s", code, body)
	}
	if code, body := httpGet(t, url); code != 200 || !strings.Contains(body, "/validacio") {
		t.Errorf("/: %d\n%s", code, body)
	}
	// A CSV in a query string or a path never reaches the log.
	httpGet(t, url+"validacio?csv="+askedCSV)
	httpGet(t, url+"api/v1/documents/"+strings.ReplaceAll(askedCSV, "-", ""))
	if code, took := stop(); code != 0 || took > 15*time.Second {
		t.Fatalf("stop: exit %d after %v\n%s", code, took, logs)
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) || !strings.Contains(logs.String(), `"route":"GET /healthz"`) {
		t.Errorf("log lacks the access log or the stop:\n%s", logs)
	}
	if csvLike.MatchString(logs.String()) || strings.Contains(logs.String(), strings.ReplaceAll(askedCSV, "-", "")) {
		t.Errorf("a CSV reached the log:\n%s", logs)
	}

	url, logs, stop = startServe(t, args...)
	if strings.Contains(logs.String(), "seeding demo data") || !strings.Contains(logs.String(), "demo data present") {
		t.Errorf("second start reseeded:\n%s", logs)
	}
	if code, _ := httpGet(t, url+"readyz"); code != 200 {
		t.Errorf("second start /readyz: %d", code)
	}
	if code, _ := stop(); code != 0 {
		t.Errorf("second stop: exit %d", code)
	}
}

// TestServeUsage refuses half a TLS configuration.
func TestServeUsage(t *testing.T) {
	if code, _, _ := segell(t, "serve", "--tls-cert", "x.pem"); code != 2 {
		t.Errorf("--tls-cert without --tls-key: exit %d, want 2", code)
	}
}

// TestServeMetricsListen moves /metrics off the service's address.
func TestServeMetricsListen(t *testing.T) {
	url, logs, stop := startServe(t, "--data-dir", t.TempDir(), "--metrics-listen", "127.0.0.1:0")
	defer stop()
	var addr string
	for _, line := range strings.Split(logs.String(), "\n") {
		var l struct{ Msg, Addr string }
		if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "metrics" {
			addr = l.Addr
		}
	}
	if addr == "" {
		t.Fatalf("no metrics address logged:\n%s", logs)
	}
	httpGet(t, url+"healthz")
	if code, body := httpGet(t, "http://"+addr+"/metrics"); code != 200 || !strings.Contains(body, `route="GET /healthz"`) {
		t.Errorf("metrics address: %d\n%s", code, body)
	}
	if code, _ := httpGet(t, url+"metrics"); code != 404 {
		t.Errorf("/metrics on the service address: %d, want 404", code)
	}
}

// TestServeSIGTERM runs the service as a process of its own (this test
// binary again) and stops it with SIGTERM: it exits 0 well within 15 s.
func TestServeSIGTERM(t *testing.T) {
	if args := os.Getenv("SEGELL_TEST_SERVE_ARGS"); args != "" {
		os.Exit(run(context.Background(), strings.Fields(args), os.Stdout, os.Stderr))
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeSIGTERM$")
	cmd.Env = append(os.Environ(), "SEGELL_TEST_SERVE_ARGS=serve --listen 127.0.0.1:0 --data-dir "+t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(out)
	var url string
	for url == "" && sc.Scan() {
		url, _ = strings.CutPrefix(sc.Text(), "segell: ")
	}
	if url == "" {
		t.Fatalf("no URL printed:\n%s", logs.String())
	}
	if code, _ := httpGet(t, url+"readyz"); code != 200 {
		t.Fatalf("/readyz: %d\n%s", code, logs.String())
	}
	go io.Copy(io.Discard, out)
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("still running 15 s after SIGTERM")
	}
	t.Logf("stopped %v after SIGTERM", time.Since(start))
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no clean stop in the log:\n%s", logs.String())
	}
}
