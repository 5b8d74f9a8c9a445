package signer_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/pki"
	"github.com/segell/segell/signer"
)

func corpusFile(t testing.TB, name string) []byte { return testenv.CorpusFile(t, name) }

// TestBadInput: every kind of bad input is a clear, typed error and nothing is written.
func TestBadInput(t *testing.T) {
	good := corpusFile(t, "fpdf.pdf")
	sx := bytes.LastIndex(good, []byte("startxref"))
	brokenXref := append(append([]byte(nil), good[:sx]...), []byte("startxref\n17\n%%EOF\n")...)
	encryptedByTrailer := bytes.Replace(corpusFile(t, "handmade-form.pdf"), []byte("/Root 1 0 R"), []byte("/Root 1 0 R/Encrypt<</Filter/Standard>>"), 1)
	tests := []struct {
		name string
		pdf  []byte
		want []error
	}{
		{"empty file", nil, []error{signer.ErrNotPDF}},
		{"not a PDF", []byte("Benvolguda senyora,\nno és un PDF."), []error{signer.ErrNotPDF}},
		{"truncated to half", good[:len(good)/2], []error{signer.ErrTruncated, signer.ErrBrokenXref}},
		{"truncated before the trailer", good[:sx], []error{signer.ErrTruncated, signer.ErrBrokenXref}},
		{"startxref points nowhere", brokenXref, []error{signer.ErrBrokenXref}},
		{"encrypted (trailer /Encrypt)", encryptedByTrailer, []error{signer.ErrEncrypted}},
	}
	s := newSigner(t, loadKey(t, "alcalde", "2222"))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := s.Sign(context.Background(), bytes.NewReader(tc.pdf), &out, signer.Options{})
			if !isOneOf(err, tc.want) {
				t.Fatalf("Sign: got %v, want one of %v", err, tc.want)
			}
			if out.Len() != 0 {
				t.Fatalf("Sign wrote %d bytes for bad input", out.Len())
			}
			if _, err := signer.Verify(bytes.NewReader(tc.pdf), int64(len(tc.pdf)), signer.VerifyOptions{}); !isOneOf(err, tc.want) {
				t.Fatalf("Verify: got %v, want one of %v", err, tc.want)
			}
		})
	}
}

// TestEncryptedByQpdf uses a file really encrypted by qpdf (AES-256).
func TestEncryptedByQpdf(t *testing.T) {
	qpdf := testenv.Tool(t, "qpdf")
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "enc.pdf")
	if err := os.WriteFile(in, corpusFile(t, "fpdf.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(qpdf, "--encrypt", "usuari", "propietari", "256", "--", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	s := newSigner(t, loadKey(t, "alcalde", "2222"))
	if _, err := s.SignFile(context.Background(), out, filepath.Join(dir, "signed.pdf"), signer.Options{}); !errors.Is(err, signer.ErrEncrypted) {
		t.Fatalf("got %v, want ErrEncrypted", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "signed.pdf")); !os.IsNotExist(err) {
		t.Fatal("an output file was left behind")
	}
}

func isOneOf(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

func TestWrongPIN(t *testing.T) {
	_, err := signer.LoadPKCS12File(filepath.Join(examplePKI(t), "alcalde.p12"), "0000")
	if !errors.Is(err, signer.ErrWrongPIN) {
		t.Fatalf("got %v, want ErrWrongPIN", err)
	}
}

func TestKeyMismatch(t *testing.T) {
	a, b := loadKey(t, "alcalde", "2222"), loadKey(t, "secretaria", "3333")
	_, err := signer.New(signer.Config{Key: &signer.Key{Signer: a.Signer, Cert: b.Cert, Chain: b.Chain}})
	if !errors.Is(err, signer.ErrKeyMismatch) {
		t.Fatalf("got %v, want ErrKeyMismatch", err)
	}
}

// TestExpiredCertificate signs with a certificate that expired yesterday.
func TestExpiredCertificate(t *testing.T) {
	rootKey, _ := pki.NewKey(pki.P256, rand.Reader)
	root, err := pki.Issue(nil, pki.CATemplate("Test root", time.Now().AddDate(-2, 0, 0), time.Now().AddDate(5, 0, 0), 1), rootKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	leafKey, _ := pki.NewKey(pki.P256, rand.Reader)
	p := pki.DemoSigners()[0]
	leaf, err := pki.Issue(root, pki.PersonTemplate(pki.Lloret, p, time.Now().AddDate(-1, 0, 0), time.Now().AddDate(0, 0, -1)), leafKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := newSigner(t, &signer.Key{Signer: leaf.Key, Cert: leaf.Cert, Chain: leaf.Chain})
	_, err = s.Sign(context.Background(), bytes.NewReader(corpusFile(t, "fpdf.pdf")), io.Discard, signer.Options{})
	if !errors.Is(err, signer.ErrCertExpired) {
		t.Fatalf("got %v, want ErrCertExpired", err)
	}
}

func TestPageOutOfRange(t *testing.T) {
	s := newSigner(t, loadKey(t, "alcalde", "2222"))
	_, err := s.Sign(context.Background(), bytes.NewReader(corpusFile(t, "fpdf.pdf")), io.Discard,
		signer.Options{Visible: &signer.Placement{Page: 3, X: 10, Y: 10, W: 100, H: 50}})
	if !errors.Is(err, signer.ErrPageRange) {
		t.Fatalf("got %v, want ErrPageRange", err)
	}
}

// TestCertify: a certification signature (DocMDP P=2) first, an approval
// signature after it; a second certification is refused.
func TestCertify(t *testing.T) {
	nss := testenv.NSSDB(t, filepath.Join(examplePKI(t), "root-ca.pem"))
	seal := newSigner(t, loadKey(t, "segell-organ", "1111"))
	mayor := newSigner(t, loadKey(t, "alcalde", "2222"))
	for _, name := range []string{"fpdf.pdf", "qpdf-objstm.pdf", "hybrid.pdf"} {
		t.Run(name, func(t *testing.T) {
			certified := sign(t, seal, corpusFile(t, name), signer.Options{Certify: true, Reason: "Certificació"})
			both := sign(t, mayor, certified, signer.Options{Reason: "Aprovació"})
			rep := verify(t, both)
			if !rep.Valid() || !rep.Signatures[0].Certified || rep.Signatures[1].Certified {
				t.Fatalf("Verify: %+v", rep.Signatures)
			}
			for i, r := range pdfsig(t, nss, both) {
				if !r.valid || !r.trusted {
					t.Errorf("pdfsig signature %d:\n%s", i+1, r.text)
				}
			}
			qpdfCheck(t, both)
			_, err := seal.Sign(context.Background(), bytes.NewReader(certified), io.Discard, signer.Options{Certify: true})
			if !errors.Is(err, signer.ErrAlreadySigned) {
				t.Fatalf("second certification: got %v, want ErrAlreadySigned", err)
			}
		})
	}
	// A document already signed by another tool cannot be certified afterwards.
	_, err := seal.Sign(context.Background(), bytes.NewReader(corpusFile(t, "signed-pdfsig.pdf")), io.Discard, signer.Options{Certify: true})
	if !errors.Is(err, signer.ErrAlreadySigned) {
		t.Fatalf("certify a signed file: got %v, want ErrAlreadySigned", err)
	}
	if !strings.Contains(signer.ErrAlreadySigned.Error(), "first") {
		t.Fatal("ErrAlreadySigned should say why")
	}
}

// TestCertifiedNoChanges: a document certified with P=1 takes no more signatures.
func TestCertifiedNoChanges(t *testing.T) {
	seal := newSigner(t, loadKey(t, "segell-organ", "1111"))
	certified := sign(t, seal, corpusFile(t, "fpdf.pdf"), signer.Options{Certify: true})
	if !bytes.Contains(certified, []byte("/P 2/V/1.2")) {
		t.Fatal("certification signature without /P 2")
	}
	locked := bytes.Replace(certified, []byte("/P 2/V/1.2"), []byte("/P 1/V/1.2"), 1)
	mayor := newSigner(t, loadKey(t, "alcalde", "2222"))
	if _, err := mayor.Sign(context.Background(), bytes.NewReader(locked), io.Discard, signer.Options{}); !errors.Is(err, signer.ErrCertified) {
		t.Fatalf("got %v, want ErrCertified", err)
	}
}

// TestChangesAfterSignature appends an unsigned incremental update that
// replaces the page's text after a signature (a shadow attack): the signed
// bytes are intact, but Verify must report the change and fail.
func TestChangesAfterSignature(t *testing.T) {
	mayor := newSigner(t, loadKey(t, "alcalde", "2222"))
	signed := sign(t, mayor, corpusFile(t, "handmade-form.pdf"), signer.Options{})
	tail := string(signed[bytes.LastIndex(signed, []byte("trailer")):])
	size := tail[strings.Index(tail, "/Size")+6:]
	size = size[:strings.IndexAny(size, "/>")]
	sx := strings.TrimSpace(strings.Split(tail[strings.Index(tail, "startxref")+9:], "%%EOF")[0])
	content := "BT /F1 14 Tf 72 740 Td (Sol.licitud DENEGADA) Tj ET"
	var upd bytes.Buffer
	off := len(signed)
	fmt.Fprintf(&upd, "4 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	xref := len(signed) + upd.Len()
	fmt.Fprintf(&upd, "xref\n4 1\n%010d 00000 n \ntrailer\n<</Size %s/Root 1 0 R/Prev %s>>\nstartxref\n%d\n%%%%EOF\n", off, strings.TrimSpace(size), sx, xref)
	attacked := append(append([]byte(nil), signed...), upd.Bytes()...)
	qpdfCheck(t, attacked)

	rep := verify(t, attacked)
	s := rep.Signatures[0]
	if !s.Integrity || s.CoversWholeDocument || s.ChangesAfter != "modified" || rep.Valid() {
		t.Fatalf("Verify: %+v", s)
	}
	if len(s.LaterChanges) != 1 || !strings.Contains(s.LaterChanges[0], "object 4") {
		t.Fatalf("LaterChanges %v, want the page content (object 4)", s.LaterChanges)
	}
	// A later signature is not a change: the first signature stays valid.
	twice := sign(t, newSigner(t, loadKey(t, "secretaria", "3333")), signed, signer.Options{})
	if rep := verify(t, twice); !rep.Valid() || rep.Signatures[0].ChangesAfter != "signatures" {
		t.Fatalf("Verify after a second signature: %+v", rep.Signatures[0])
	}
}
