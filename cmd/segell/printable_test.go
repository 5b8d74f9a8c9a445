package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
)

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"Signatura1":                  "Signatura1",
		"Aprovació «definitiva»":      "Aprovació «definitiva»",
		"a\nResultat: vàlides":        `a\x0AResultat: vàlides`,
		"\x1b[32mOK\x1b[0m":           `\x1B[32mOK\x1B[0m`,
		"fdp.exe\u202Etxt":            `fdp.exe\u202Etxt`,
		"bad \xff byte":               `bad \xFF byte`,
		"tab\tand\rreturn\u0085next":  `tab\x09and\x0Dreturn\u0085next`,
		"Ștefan Łukasz Ελένη Дмитрий": "Ștefan Łukasz Ελένη Дмитрий",
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestVerifyEscapesFieldNames gives a signature field a name that starts a
// new line with a forged verdict: the text report must show it escaped, and
// the only "Resultat" line must be the real one.
func TestVerifyEscapesFieldNames(t *testing.T) {
	root := testenv.RepoRoot(t)
	certs := filepath.Join(root, "certs-example")
	dir := t.TempDir()
	signed := filepath.Join(dir, "signed.pdf")
	code, out, errOut := segell(t, "sign", "--p12", filepath.Join(certs, "alcalde.p12"), "--pin", "2222",
		filepath.Join(root, "signer", "testdata", "corpus", "fpdf.pdf"), "-o", signed)
	if code != 0 {
		t.Fatalf("sign: exit %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(signed)
	if err != nil {
		t.Fatal(err)
	}
	// Same length, so that every offset stays right.
	forged := bytes.Replace(data, []byte("/T(Signatura1)"), []byte("/T(\nResultat:)"), 1)
	if bytes.Equal(forged, data) {
		t.Fatal("the signed file has no field named Signatura1")
	}
	path := filepath.Join(dir, "forged.pdf")
	if err := os.WriteFile(path, forged, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = segell(t, "verify", "--roots", filepath.Join(certs, "root-ca.pem"), path)
	if code != 1 {
		t.Fatalf("verify of a changed file: exit %d, want 1\n%s", code, out)
	}
	if !strings.Contains(out, `camp \x0AResultat:`) {
		t.Errorf("the field name is not shown escaped:\n%s", out)
	}
	if n := strings.Count(out, "\nResultat:"); n != 1 {
		t.Errorf("%d lines start with Resultat:, want only the real verdict:\n%s", n, out)
	}
}
