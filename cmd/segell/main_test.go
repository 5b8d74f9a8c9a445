package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/templates"
)

func segell(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSignAndVerifyCommands(t *testing.T) {
	root := testenv.RepoRoot(t)
	certs := filepath.Join(root, "certs-example")
	in := filepath.Join(root, "signer", "testdata", "corpus", "qpdf-objstm.pdf")
	dir := t.TempDir()
	once, twice := filepath.Join(dir, "1.pdf"), filepath.Join(dir, "2.pdf")

	// A TSA started by the tsa command itself.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		var o, e bytes.Buffer
		done <- run(ctx, []string{"tsa", "--cert", filepath.Join(certs, "tsa.pem"), "--key", filepath.Join(certs, "tsa.key.pem"), "--listen", addr}, &o, &e)
	}()
	defer func() { cancel(); <-done }()
	waitListening(t, addr)

	code, out, errOut := segell(t, "sign", "--p12", filepath.Join(certs, "alcalde.p12"), "--pin", "2222", "--visible", "1,300,40,220,70",
		"--reason", "Aprovació", "--certify", in, "-o", once)
	if code != 0 {
		t.Fatalf("sign: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = segell(t, "sign", "--p12", filepath.Join(certs, "secretaria.p12"), "--pin", "3333", "--tsa", "http://"+addr+"/", once, "-o", twice)
	if code != 0 || !strings.Contains(out, "B-T") {
		t.Fatalf("sign --tsa: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = segell(t, "verify", "--roots", filepath.Join(certs, "root-ca.pem"), "--json", twice)
	if code != 0 {
		t.Fatalf("verify: exit %d\n%s%s", code, out, errOut)
	}
	var rep struct {
		Valid      bool
		Signatures []struct {
			Level               string
			Certified           bool
			CoversWholeDocument bool
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("verify --json: %v\n%s", err, out)
	}
	if !rep.Valid || len(rep.Signatures) != 2 || !rep.Signatures[0].Certified || rep.Signatures[1].Level != "B-T" || !rep.Signatures[1].CoversWholeDocument {
		t.Fatalf("verify --json: %+v", rep)
	}
	// Without the example root the signatures are not trusted: exit 1.
	if code, _, _ := segell(t, "verify", twice); code != 1 {
		t.Fatalf("verify without roots: exit %d, want 1", code)
	}
}

func waitListening(t *testing.T, addr string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("nothing listens on %s", addr)
}

func TestCommandErrors(t *testing.T) {
	root := testenv.RepoRoot(t)
	certs := filepath.Join(root, "certs-example")
	in := filepath.Join(root, "signer", "testdata", "corpus", "fpdf.pdf")
	out := filepath.Join(t.TempDir(), "out.pdf")
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"wrong PIN", []string{"sign", "--p12", filepath.Join(certs, "alcalde.p12"), "--pin", "9999", in, "-o", out}, 1, "el PIN o la contrasenya no són correctes"},
		{"missing output", []string{"sign", "--p12", filepath.Join(certs, "alcalde.p12"), "--pin", "2222", in}, 2, "usage"},
		{"bad --visible", []string{"sign", "--p12", filepath.Join(certs, "alcalde.p12"), "--pin", "2222", "--visible", "1,2,3", in, "-o", out}, 2, "PAGE,X,Y,W,H"},
		{"unsigned file", []string{"verify", in}, 1, "el PDF no té cap signatura"},
		{"not a PDF", []string{"verify", filepath.Join(certs, "README.md")}, 1, "el fitxer no és un PDF"},
		{"unknown command", []string{"segella"}, 2, "unknown command"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := segell(t, tc.args...)
			if code != tc.code || !strings.Contains(stdout+stderr, tc.msg) {
				t.Fatalf("exit %d (want %d), output lacks %q:\n%s%s", code, tc.code, tc.msg, stdout, stderr)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a failed sign left an output file")
	}
}

func TestCertsInitAndDemo(t *testing.T) {
	dir := t.TempDir()
	certs := filepath.Join(dir, "certs")
	if code, out, errOut := segell(t, "certs", "init", certs); code != 0 {
		t.Fatalf("certs init: %d\n%s%s", code, out, errOut)
	}
	for _, f := range []string{"root-ca.pem", "root-ca.crl", "issuing-ca.pem", "issuing-ca.crl", "segell-organ.p12", "alcalde.p12", "secretaria.p12", "vocal-policia.p12", "tsa.pem", "tsa.key.pem", "README.md"} {
		if _, err := os.Stat(filepath.Join(certs, f)); err != nil {
			t.Errorf("certs init did not write %s", f)
		}
	}
	code, out, errOut := segell(t, "demo", "--certs", certs, "--out", filepath.Join(dir, "demo"), "--data-dir", filepath.Join(dir, "data"))
	if code != 0 || !strings.Contains(out, "són vàlides i de confiança") || !strings.Contains(out, "volant-segellat.pdf") ||
		!strings.Contains(out, "acta                   ") || !strings.Contains(out, "decret-denegacio       ") || !strings.Contains(out, "3 signatures") ||
		strings.Contains(out, "NO VÀLIDES") || !strings.Contains(out, "tres mesos") {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errOut)
	}
}

// TestCopyCommand makes authentic copies of corpus files: JSON on stdout
// with a CSV, an ENI identifier, the SHA-256 of the output and the page
// count; the copy verifies; a signed PDF is refused.
func TestCopyCommand(t *testing.T) {
	root := testenv.RepoRoot(t)
	certs := filepath.Join(root, "certs-example")
	dir := t.TempDir()
	nss := testenv.NSSDB(t, filepath.Join(certs, "root-ca.pem"))
	pdfsig := testenv.Tool(t, "pdfsig")
	corpus, _ := filepath.Glob(filepath.Join(root, "signer", "testdata", "corpus", "*.pdf"))
	for _, path := range corpus {
		name := filepath.Base(path)
		if strings.HasPrefix(name, "signed-") {
			continue
		}
		out := filepath.Join(dir, "copia-"+name)
		code, stdout, stderr := segell(t, "copy", "--p12", filepath.Join(certs, "segell-organ.p12"), "--pin", "1111",
			"--organ", "L01170950", "--type", "TD11", "--origin", "administracio", "--reference", "2666/2026/000123",
			filepath.Join(root, "signer", "testdata", "corpus", name), "-o", out)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", name, code, stdout, stderr)
		}
		var res struct {
			CSV, ENI, SHA256 string
			Pages            int
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatalf("copy output %q: %v", stdout, err)
		}
		data, _ := os.ReadFile(out)
		sum := sha256.Sum256(data)
		if res.SHA256 != hex.EncodeToString(sum[:]) || res.Pages < 1 {
			t.Fatalf("%s: %+v does not describe the file", name, res)
		}
		if _, err := stamp.ParseCSV(res.CSV); err != nil {
			t.Fatalf("%s: CSV %q: %v", name, res.CSV, err)
		}
		if _, err := stamp.ParseENI(res.ENI); err != nil {
			t.Fatalf("%s: ENI %q: %v", name, res.ENI, err)
		}
		if code, o, e := segell(t, "verify", "--roots", filepath.Join(certs, "root-ca.pem"), out); code != 0 {
			t.Fatalf("%s: verify exit %d\n%s%s", name, code, o, e)
		}
		ps, _ := exec.Command(pdfsig, "-nssdir", nss, out).CombinedOutput()
		if !strings.Contains(string(ps), "Signature is Valid.") || !strings.Contains(string(ps), "Certificate is Trusted.") || !strings.Contains(string(ps), "Total document signed") {
			t.Fatalf("%s: pdfsig:\n%s", name, ps)
		}
	}
	code, _, stderr := segell(t, "copy", "--p12", filepath.Join(certs, "segell-organ.p12"), "--pin", "1111", "--organ", "L01170950",
		"--type", "TD01", "--origin", "ciutada", filepath.Join(root, "signer", "testdata", "corpus", "signed-pdfsig.pdf"), "-o", filepath.Join(dir, "x.pdf"))
	if code != 1 || !strings.Contains(stderr, "ja està signat") {
		t.Fatalf("copy of a signed PDF: exit %d, %s", code, stderr)
	}
	if code, _, stderr := segell(t, "copy", "--p12", filepath.Join(certs, "segell-organ.p12"), "--pin", "1111", "--organ", "L01170951",
		"--type", "TD01", "--origin", "ciutada", filepath.Join(root, "signer", "testdata", "corpus", "fpdf.pdf"), "-o", filepath.Join(dir, "y.pdf")); code != 2 || !strings.Contains(stderr, "check digit") {
		t.Fatalf("copy with a bad DIR3: exit %d, %s", code, stderr)
	}
}

// TestRenderCommand renders every kind from its example data, stamped and
// bare; the stamped one carries the CSV it prints.
func TestRenderCommand(t *testing.T) {
	pdftotext := testenv.Tool(t, "pdftotext")
	root := testenv.RepoRoot(t)
	dir := t.TempDir()
	for _, kind := range templates.Kinds() {
		data := filepath.Join(root, "templates", "testdata", kind+".json")
		out := filepath.Join(dir, kind+".pdf")
		code, stdout, stderr := segell(t, "render", kind, data, "-o", out)
		if code != 0 {
			t.Fatalf("render %s: exit %d\n%s%s", kind, code, stdout, stderr)
		}
		var res struct{ CSV string }
		if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.CSV == "" {
			t.Fatalf("render %s printed %q", kind, stdout)
		}
		text, err := exec.Command(pdftotext, out, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", kind, err)
		}
		if !strings.Contains(string(text), res.CSV) {
			t.Fatalf("render %s: the PDF lacks its CSV %s", kind, res.CSV)
		}
		bare := filepath.Join(dir, kind+"-bare.pdf")
		if code, _, stderr := segell(t, "render", "--no-stamp", kind, data, "-o", bare); code != 0 {
			t.Fatalf("render --no-stamp %s: %s", kind, stderr)
		}
		text, err = exec.Command(pdftotext, bare, "-").Output()
		if err != nil || len(strings.TrimSpace(string(text))) < 100 {
			t.Fatalf("pdftotext of the bare %s: %v (%d bytes of text)", kind, err, len(text))
		}
		if strings.Contains(string(text), "CSV") {
			t.Fatalf("render --no-stamp %s is stamped", kind)
		}
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"issued": "2026-11-22"}`), 0o644)
	if code, _, stderr := segell(t, "render", "volant-empadronament", bad, "-o", filepath.Join(dir, "x.pdf")); code != 1 || !strings.Contains(stderr, "person.name") {
		t.Fatalf("render with a missing field: exit %d, %s", code, stderr)
	}
}
