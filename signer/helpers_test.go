package signer_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// examplePKI is certs-example/, the committed example PKI.
func examplePKI(t testing.TB) string {
	return filepath.Join(testenv.RepoRoot(t), "certs-example")
}

func loadKey(t testing.TB, name, pin string) *signer.Key {
	t.Helper()
	k, err := signer.LoadPKCS12File(filepath.Join(examplePKI(t), name+".p12"), pin)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newSigner(t testing.TB, k *signer.Key) *signer.Signer {
	t.Helper()
	s, err := signer.New(signer.Config{Key: k})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func exampleRoots(t testing.TB) *x509.CertPool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(examplePKI(t), "root-ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(data)
	return pool
}

// startTSA runs segell's TSA with the example TSA certificate on a loopback port.
func startTSA(t testing.TB) *signer.TSAClient {
	t.Helper()
	k := loadTSAKey(t)
	tsa, err := signer.NewTSA(signer.TSAConfig{Cert: k.Cert, Chain: k.Chain, Key: k.Signer})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(tsa)
	t.Cleanup(srv.Close)
	return signer.NewTSAClient(srv.URL, nil)
}

func sign(t testing.TB, s *signer.Signer, in []byte, opts signer.Options) []byte {
	t.Helper()
	var out bytes.Buffer
	if _, err := s.Sign(context.Background(), bytes.NewReader(in), &out, opts); err != nil {
		t.Fatalf("sign: %v", err)
	}
	return out.Bytes()
}

func verify(t testing.TB, pdf []byte) *signer.Report {
	t.Helper()
	rep, err := signer.Verify(bytes.NewReader(pdf), int64(len(pdf)), signer.VerifyOptions{Roots: exampleRoots(t)})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return rep
}

func corpus(t testing.TB) []string { return testenv.CorpusFiles(t) }

// pdfsigResult is what poppler's pdfsig says of one signature.
type pdfsigResult struct {
	valid, trusted, total bool
	text                  string
}

// pdfsig runs poppler's pdfsig with an NSS database trusting the example root.
func pdfsig(t testing.TB, nss string, pdf []byte) []pdfsigResult {
	t.Helper()
	tool := testenv.Tool(t, "pdfsig")
	path := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(tool, "-nssdir", nss, path).CombinedOutput()
	var res []pdfsigResult
	for _, block := range strings.Split(string(out), "Signature #")[1:] {
		res = append(res, pdfsigResult{
			valid:   strings.Contains(block, "Signature Validation: Signature is Valid."),
			trusted: strings.Contains(block, "Certificate Validation: Certificate is Trusted."),
			total:   strings.Contains(block, "Total document signed"),
			text:    block,
		})
	}
	if len(res) == 0 {
		t.Fatalf("pdfsig found no signatures:\n%s", out)
	}
	return res
}

func qpdfCheck(t testing.TB, pdf []byte) { testenv.QPDFCheck(t, pdf) }

// pdfcpuValidate runs pdfcpu's own validator in relaxed mode.
func pdfcpuValidate(pdf []byte) error {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	return api.Validate(bytes.NewReader(pdf), conf)
}
