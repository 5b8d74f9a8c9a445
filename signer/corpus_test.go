package signer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// TestCorpus signs every file of the corpus in four ways and asks poppler's
// pdfsig, qpdf and our own Verify about each result.
func TestCorpus(t *testing.T) {
	nss := testenv.NSSDB(t, filepath.Join(examplePKI(t), "root-ca.pem"))
	mayor := newSigner(t, loadKey(t, "alcalde", "2222"))
	secretary := newSigner(t, loadKey(t, "secretaria", "3333"))
	tsa := startTSA(t)

	modes := []struct {
		name  string
		steps func(in []byte) []byte
		level string
	}{
		{"B-B", func(in []byte) []byte { return sign(t, mayor, in, signer.Options{}) }, "B-B"},
		{"B-T", func(in []byte) []byte { return sign(t, mayor, in, signer.Options{TSA: tsa}) }, "B-T"},
		{"visible", func(in []byte) []byte {
			return sign(t, mayor, in, signer.Options{Reason: "Aprovació de l'acta", Visible: &signer.Placement{Page: 1, X: 320, Y: 40, W: 220, H: 70}})
		}, "B-B"},
		{"two-signers", func(in []byte) []byte {
			once := sign(t, mayor, in, signer.Options{Reason: "Signatura de l'alcalde"})
			return sign(t, secretary, once, signer.Options{Reason: "Signatura de la secretària", TSA: tsa})
		}, "B-T"},
	}
	for _, path := range corpus(t) {
		in, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(path), ".pdf")
		if err := pdfcpuValidate(in); err != nil {
			t.Fatalf("%s: pdfcpu rejects the original: %v", name, err)
		}
		for _, m := range modes {
			t.Run(name+"/"+m.name, func(t *testing.T) {
				out := m.steps(in)
				if len(out) < len(in) || string(out[:len(in)]) != string(in) {
					t.Fatal("the original bytes were not kept: not an incremental update")
				}
				rep := verify(t, out)
				if !rep.Valid() {
					t.Fatalf("Verify: not valid: %+v", rep.Signatures)
				}
				last := rep.Signatures[len(rep.Signatures)-1]
				if !last.CoversWholeDocument || last.Level != m.level {
					t.Errorf("Verify: last signature covers whole=%v level=%s, want true and %s", last.CoversWholeDocument, last.Level, m.level)
				}
				ps := pdfsig(t, nss, out)
				if len(ps) != len(rep.Signatures) {
					t.Fatalf("pdfsig sees %d signatures, Verify %d", len(ps), len(rep.Signatures))
				}
				totals := 0
				for i, r := range ps {
					if !r.valid || !r.trusted {
						t.Errorf("pdfsig: signature %d not valid and trusted:\n%s", i+1, r.text)
					}
					if r.total {
						totals++
					}
				}
				if totals != 1 {
					t.Errorf("pdfsig: %d signatures cover the total document, want exactly the last one", totals)
				}
				qpdfCheck(t, out)
				if err := pdfcpuValidate(out); err != nil {
					t.Errorf("pdfcpu validate: %v", err)
				}
			})
		}
	}
}

// TestTamper changes one signed byte: Verify and pdfsig must both object.
func TestTamper(t *testing.T) {
	nss := testenv.NSSDB(t, filepath.Join(examplePKI(t), "root-ca.pem"))
	in, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "signer", "testdata", "corpus", "ghostscript.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	out := sign(t, newSigner(t, loadKey(t, "alcalde", "2222")), in, signer.Options{Reason: "Aprovació"})
	tests := []struct {
		name string
		at   func([]byte) int
	}{
		{"signing time in the signature dictionary", func(b []byte) int { return strings.LastIndex(string(b), "(D:2") + 3 }},
		{"a byte of the original document", func(b []byte) int { return strings.Index(string(b), "/MediaBox") + 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad := append([]byte(nil), out...)
			i := tc.at(bad)
			bad[i] ^= 0x01
			rep := verify(t, bad)
			if rep.Valid() || rep.Signatures[0].Integrity {
				t.Fatalf("Verify accepts a changed byte at %d: %+v", i, rep.Signatures[0])
			}
			for _, r := range pdfsig(t, nss, bad) {
				if r.valid {
					t.Fatalf("pdfsig accepts a changed byte at %d:\n%s", i, r.text)
				}
			}
		})
	}
}

// TestTamperCorpus: for every corpus file, one changed byte in the newest
// signature's dictionary (its /M) makes both Verify and pdfsig reject it.
func TestTamperCorpus(t *testing.T) {
	nss := testenv.NSSDB(t, filepath.Join(examplePKI(t), "root-ca.pem"))
	s := newSigner(t, loadKey(t, "alcalde", "2222"))
	for _, path := range corpus(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			in, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			bad := sign(t, s, in, signer.Options{})
			i := strings.LastIndex(string(bad), "/M(D:2") + len("/M(D:2")
			bad[i] ^= 0x01
			rep := verify(t, bad)
			last := rep.Signatures[len(rep.Signatures)-1]
			if rep.Valid() || last.Integrity {
				t.Fatalf("Verify accepts a changed byte: %+v", last)
			}
			ps := pdfsig(t, nss, bad)
			if ps[len(ps)-1].valid {
				t.Fatalf("pdfsig accepts a changed byte:\n%s", ps[len(ps)-1].text)
			}
		})
	}
}
