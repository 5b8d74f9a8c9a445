package signer_test

import (
	"context"
	"crypto"
	"crypto/sha256"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digitorus/timestamp"
	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// TestTSAWithOpenSSL asks our TSA for a token with openssl's own request and
// has openssl verify the reply against the example root.
func TestTSAWithOpenSSL(t *testing.T) {
	openssl := testenv.Tool(t, "openssl")
	k := loadTSAKey(t)
	tsa, err := signer.NewTSA(signer.TSAConfig{Cert: k.Cert, Chain: k.Chain, Key: k.Signer})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(tsa)
	defer srv.Close()
	dir := t.TempDir()
	data, query, reply := filepath.Join(dir, "data.txt"), filepath.Join(dir, "q.tsq"), filepath.Join(dir, "r.tsr")
	os.WriteFile(data, []byte("Acta de la sessió 7/2026 de la COPE"), 0o644)
	if out, err := exec.Command(openssl, "ts", "-query", "-data", data, "-sha256", "-cert", "-out", query).CombinedOutput(); err != nil {
		t.Fatalf("openssl ts -query: %v\n%s", err, out)
	}
	q, _ := os.ReadFile(query)
	resp, err := http.Post(srv.URL, "application/timestamp-query", strings.NewReader(string(q)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "application/timestamp-reply" {
		t.Fatalf("reply: %s %s", resp.Status, ct)
	}
	f, _ := os.Create(reply)
	if _, err := f.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command(openssl, "ts", "-verify", "-data", data, "-in", reply,
		"-CAfile", filepath.Join(examplePKI(t), "root-ca.pem"), "-untrusted", filepath.Join(examplePKI(t), "tsa.pem")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verification: OK") {
		t.Fatalf("openssl ts -verify: %v\n%s", err, out)
	}
}

func TestTSAClient(t *testing.T) {
	client := startTSA(t)
	tok, err := client.Timestamp(context.Background(), []byte("dades"))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := timestamp.Parse(tok)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256([]byte("dades"))
	if ts.HashAlgorithm != crypto.SHA256 || string(ts.HashedMessage) != string(want[:]) {
		t.Fatal("the token does not cover our data")
	}
	// A dead TSA is a clear ErrTSA, and signing with it writes nothing.
	dead := signer.NewTSAClient("http://127.0.0.1:1/", nil)
	if _, err := dead.Timestamp(context.Background(), []byte("x")); !errors.Is(err, signer.ErrTSA) {
		t.Fatalf("dead TSA: got %v, want ErrTSA", err)
	}
	// Something that is not a TSA.
	notTSA := httptest.NewServer(http.NotFoundHandler())
	defer notTSA.Close()
	if _, err := signer.NewTSAClient(notTSA.URL, nil).Timestamp(context.Background(), []byte("x")); !errors.Is(err, signer.ErrTSA) {
		t.Fatalf("not a TSA: got %v, want ErrTSA", err)
	}
}

// TestTSARefusesSealCertificate: a TSA needs the timeStamping usage.
func TestTSARefusesSealCertificate(t *testing.T) {
	seal := loadKey(t, "segell-organ", "1111")
	if _, err := signer.NewTSA(signer.TSAConfig{Cert: seal.Cert, Key: seal.Signer}); !errors.Is(err, signer.ErrCertUsage) {
		t.Fatalf("got %v, want ErrCertUsage", err)
	}
}
