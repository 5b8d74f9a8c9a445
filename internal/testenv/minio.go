package testenv

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// MinIOServer is a real MinIO server run by a test, on loopback, with its
// data in a temporary folder that the test may inspect (or damage).
type MinIOServer struct {
	Endpoint  string // host:port
	AccessKey string
	SecretKey string
	DataDir   string
	bin       string
	cmd       *exec.Cmd
	t         testing.TB
	kmsKey    [32]byte
}

// minioBinary finds MinIO: SEGELL_MINIO_BIN, the PATH, or $GOPATH/bin
// (where `go install github.com/minio/minio@latest` puts it).
func minioBinary() string {
	if b := os.Getenv("SEGELL_MINIO_BIN"); b != "" {
		return b
	}
	if p, err := exec.LookPath("minio"); err == nil {
		return p
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, _ := os.UserHomeDir()
		gopath = filepath.Join(home, "go")
	}
	p := filepath.Join(gopath, "bin", "minio")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// MinIO starts a MinIO server for the test and stops it at the end.
func MinIO(t testing.TB) *MinIOServer {
	t.Helper()
	bin := minioBinary()
	if bin == "" {
		Missing(t, "the MinIO server (go install github.com/minio/minio@latest, or SEGELL_MINIO_BIN)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var rnd [8]byte
	rand.Read(rnd[:])
	m := &MinIOServer{Endpoint: addr, AccessKey: "segelltest", SecretKey: hex.EncodeToString(rnd[:]), DataDir: t.TempDir(), bin: bin, t: t}
	rand.Read(m.kmsKey[:])
	m.Start()
	t.Cleanup(m.Stop)
	return m
}

// Start (re)starts the server on the same address and data.
func (m *MinIOServer) Start() {
	m.t.Helper()
	cmd := exec.Command(m.bin, "server", m.DataDir, "--address", m.Endpoint, "--console-address", "127.0.0.1:0", "--quiet")
	// A static KMS key lets the server encrypt objects (SSE-S3) as production would.
	cmd.Env = append(os.Environ(), "MINIO_ROOT_USER="+m.AccessKey, "MINIO_ROOT_PASSWORD="+m.SecretKey, "MINIO_BROWSER=off", "MINIO_UPDATE=off",
		"MINIO_KMS_SECRET_KEY=segell-test-key:"+base64.StdEncoding.EncodeToString(m.kmsKey[:]))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		m.t.Fatalf("start MinIO: %v", err)
	}
	m.cmd = cmd
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(fmt.Sprintf("http://%s/minio/health/ready", m.Endpoint))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && m.answersSigned() {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	m.Stop()
	m.t.Fatalf("MinIO did not become ready on %s", m.Endpoint)
}

// Stop stops the server (it can be started again).
func (m *MinIOServer) Stop() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	m.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { m.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		m.cmd.Process.Kill()
		<-done
	}
	m.cmd = nil
}

// answersSigned reports whether the server serves an authenticated request:
// "ready" comes a moment before its credentials are loaded.
func (m *MinIOServer) answersSigned() bool {
	c, err := minio.New(m.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(m.AccessKey, m.SecretKey, ""), MaxRetries: 1})
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = c.ListBuckets(ctx)
	return err == nil
}
