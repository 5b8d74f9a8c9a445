package signer_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/pki"
	"github.com/segell/segell/signer"
)

// Fuzz targets of the PDF input to signing and verifying. Run one with
//
//	go test -run '^$' -fuzz '^FuzzSign$' -fuzztime 300000x -fuzzminimizetime 200x ./signer/
//
// (or make fuzz). They make thousands of executions a second because:
//   - the seeds are small (testenv.FuzzSeedLimit). The fuzzer minimizes every input
//     that finds new coverage before it goes on, in time proportional to the
//     input's size; with corpus files of up to 64 KB as seeds, FuzzSign's
//     workers spent their time minimizing until -fuzzminimizetime (60 s)
//     ran out and go test killed them, losing the executions they had made:
//     26 in 90 s. make fuzz also bounds minimizing by a count;
//   - the key is an ECDSA P-256 key made once, outside f.Fuzz: it signs in
//     about 0.1 ms, an RSA-2048 key in about 1 ms;
//   - nothing talks to a time-stamping authority.

// Sign modes, the fuzz targets' second argument.
const (
	modeVisible = 1 << iota // place a visible widget on page 1
	modeCertify             // a certification signature
)

// signErrors are what Sign may answer to bad input; any other error is a finding.
var signErrors = []error{
	signer.ErrNotPDF, signer.ErrEncrypted, signer.ErrBrokenXref, signer.ErrTruncated,
	signer.ErrMalformed, signer.ErrLimit, signer.ErrPageRange, signer.ErrPlacement,
	signer.ErrCertified, signer.ErrAlreadySigned,
}

// verifyErrors are what Verify may answer to bad input.
var verifyErrors = []error{
	signer.ErrNotPDF, signer.ErrEncrypted, signer.ErrBrokenXref, signer.ErrTruncated,
	signer.ErrMalformed, signer.ErrLimit, signer.ErrNoSignatures,
}

// FuzzSign signs arbitrary bytes. A signature must leave the input's bytes
// unchanged in front, add exactly one signature that verifies, and a refusal
// must wrap one of the documented errors.
func FuzzSign(f *testing.F) {
	s, roots := fuzzSigner(f)
	for _, b := range testenv.FuzzSeeds(f) {
		f.Add(b, uint8(0))
		f.Add(b, uint8(modeVisible))
	}
	page := testenv.TinySeed(f, "page.pdf")
	f.Add(sign(f, s, page, signer.Options{Certify: true}), uint8(0))
	f.Add(page, uint8(modeCertify|modeVisible))
	f.Fuzz(func(t *testing.T, pdf []byte, mode uint8) { checkSign(t, s, roots, pdf, mode) })
}

// checkSign signs pdf in mode and holds the outcome to FuzzSign's rules.
func checkSign(t *testing.T, s *signer.Signer, roots *x509.CertPool, pdf []byte, mode uint8) {
	t.Helper()
	before, inErr := signer.Verify(bytes.NewReader(pdf), int64(len(pdf)), signer.VerifyOptions{Roots: roots})
	opts := signer.Options{Certify: mode&modeCertify != 0}
	if mode&modeVisible != 0 {
		opts.Visible = &signer.Placement{Page: 1, X: 20, Y: 20, W: 150, H: 50}
	}
	var out bytes.Buffer
	res, err := s.Sign(context.Background(), bytes.NewReader(pdf), &out, opts)
	if err != nil {
		if !wrapsOne(err, signErrors) {
			t.Fatalf("Sign: an error that wraps none of the documented ones: %v", err)
		}
		return
	}
	signed := out.Bytes()
	if !bytes.HasPrefix(signed, pdf) {
		t.Fatal("Sign changed the input's bytes: not an incremental update")
	}
	// The count before is known when Verify read the input or found no
	// signature in it; otherwise only the new signature can be checked.
	known := inErr == nil || errors.Is(inErr, signer.ErrNoSignatures)
	rep, err := signer.Verify(bytes.NewReader(signed), int64(len(signed)), signer.VerifyOptions{Roots: roots})
	switch {
	case err != nil && known:
		t.Fatalf("Verify of the signed output: %v", err)
	case err != nil && !wrapsOne(err, verifyErrors):
		t.Fatalf("Verify of the signed output: an error that wraps none of the documented ones: %v", err)
	case err != nil:
		return
	}
	checkReport(t, rep, int64(len(signed)))
	if n := len(rep.Signatures); known && before != nil && n != len(before.Signatures)+1 {
		t.Fatalf("Verify finds %d signatures after signing, before %d", n, len(before.Signatures))
	} else if known && before == nil && n != 1 {
		t.Fatalf("Verify finds %d signatures after signing a document without any", n)
	}
	// The new signature is found by its name: Verify orders signatures by
	// where their byte ranges end, and an earlier one may claim any range.
	found := 0
	for _, sig := range rep.Signatures {
		if sig.Field != res.Field {
			continue
		}
		found++
		if !sig.Integrity || !sig.Trusted || !sig.CoversWholeDocument {
			t.Fatalf("the new signature %q does not check: %+v", res.Field, sig)
		}
	}
	if found != 1 {
		t.Fatalf("Verify reports %d signatures named %q, the new signature's name", found, res.Field)
	}
}

// FuzzVerify verifies arbitrary bytes: a report whose intact signatures lie
// inside the file, or one of the documented errors.
func FuzzVerify(f *testing.F) {
	s, roots := fuzzSigner(f)
	for _, b := range testenv.FuzzSeeds(f) {
		f.Add(b)
	}
	for _, name := range []string{"page.pdf", "form.pdf", "objstm.pdf"} {
		once := sign(f, s, testenv.TinySeed(f, name), signer.Options{Reason: "u"})
		f.Add(once)
		f.Add(sign(f, s, once, signer.Options{Visible: &signer.Placement{Page: 1, X: 1, Y: 1, W: 90, H: 30}}))
	}
	f.Fuzz(func(t *testing.T, pdf []byte) { checkVerify(t, roots, pdf) })
}

// checkVerify verifies pdf and holds the outcome to FuzzVerify's rules.
func checkVerify(t *testing.T, roots *x509.CertPool, pdf []byte) {
	t.Helper()
	rep, err := signer.Verify(bytes.NewReader(pdf), int64(len(pdf)), signer.VerifyOptions{Roots: roots})
	if err != nil {
		if !wrapsOne(err, verifyErrors) {
			t.Fatalf("Verify: an error that wraps none of the documented ones: %v", err)
		}
		return
	}
	checkReport(t, rep, int64(len(pdf)))
}

// checkReport holds Verify to what it reports: an intact signature's byte
// range lies inside the file, in order, and one that covers the whole
// document ends where the file ends.
func checkReport(t *testing.T, rep *signer.Report, size int64) {
	t.Helper()
	if len(rep.Signatures) == 0 {
		t.Fatal("Verify reports no signatures and no error")
	}
	for _, s := range rep.Signatures {
		br := s.ByteRange
		if s.Integrity && (br[0] != 0 || br[1] < 0 || br[2] < br[1] || br[3] < 0 || br[2]+br[3] > size) {
			t.Fatalf("signature %q has integrity with byte range %v in a file of %d bytes", s.Field, br, size)
		}
		if s.CoversWholeDocument && br[2]+br[3] != size {
			t.Fatalf("signature %q covers the whole document with byte range %v in a file of %d bytes", s.Field, br, size)
		}
	}
}

// wrapsOne reports whether err wraps one of the errors in list.
func wrapsOne(err error, list []error) bool {
	for _, e := range list {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// fuzzSigner makes a throwaway PKI with ECDSA P-256 keys: a root and a
// person's certificate it issued. It returns a signer and the trusted roots.
func fuzzSigner(t testing.TB) (*signer.Signer, *x509.CertPool) {
	t.Helper()
	now := time.Now()
	rootKey, err := pki.NewKey(pki.P256, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	root, err := pki.Issue(nil, pki.CATemplate("Fuzz root", now.AddDate(0, -1, 0), now.AddDate(1, 0, 0), 0), rootKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	key, err := pki.NewKey(pki.P256, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := pki.Issue(root, pki.PersonTemplate(pki.Lloret, pki.DemoSigners()[0], now.AddDate(0, 0, -1), now.AddDate(0, 6, 0)), key, nil)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(root.Cert)
	return newSigner(t, &signer.Key{Signer: leaf.Key, Cert: leaf.Cert}), roots
}
