package signer_test

import (
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// chainLength is how many signatures TestTwoHundredSignatures makes in a row.
const chainLength = 200

// chainFile is the corpus file that takes the signatures: small, with a
// classic cross-reference table.
const chainFile = "ghostscript.pdf"

// chainLink is what one signature of the chain cost.
type chainLink struct {
	took      time.Duration
	increment int // bytes the signature added to the file
	arrays    int // bytes of the increment in the /Fields and /Annots arrays
}

// chainSigners are the example PKI's people who take turns signing.
func chainSigners(t testing.TB) []*signer.Signer {
	return []*signer.Signer{
		newSigner(t, loadKey(t, "alcalde", "2222")),
		newSigner(t, loadKey(t, "secretaria", "3333")),
		newSigner(t, loadKey(t, "vocal-policia", "4444")),
	}
}

// chainOptions are the options of the n-th signature (1-based): invisible,
// except every tenth, counted from the fifth, which is visible. Signatures
// 1, 2 and 200 are invisible, so that their increments can be compared.
func chainOptions(n int) signer.Options {
	opts := signer.Options{Reason: fmt.Sprintf("Signatura %d de %d", n, chainLength)}
	if n%10 == 5 {
		opts.Visible = &signer.Placement{Page: 1, X: float64(20 + 4*(n%100)), Y: 40, W: 160, H: 50}
	}
	return opts
}

// signChain signs pdf n times in a row, the signers taking turns.
func signChain(t testing.TB, signers []*signer.Signer, pdf []byte, n int) ([]byte, []chainLink) {
	t.Helper()
	links := make([]chainLink, 0, n)
	for i := 1; i <= n; i++ {
		start := time.Now()
		out := sign(t, signers[(i-1)%len(signers)], pdf, chainOptions(i))
		inc := out[len(pdf):]
		links = append(links, chainLink{took: time.Since(start), increment: len(inc), arrays: arrayLen(inc, "/Fields[") + arrayLen(inc, "/Annots[")})
		pdf = out
	}
	return pdf, links
}

// arrayLen is the length of the array that follows key in b, or 0.
func arrayLen(b []byte, key string) int {
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return 0
	}
	n := bytes.IndexByte(b[i:], ']')
	if n < 0 {
		return 0
	}
	return n + 1 - len(key) + 1
}

// TestTwoHundredSignatures signs one file two hundred times in a row. Every
// signature must stay valid and trusted for poppler's pdfsig and for our
// Verify, qpdf must find the file clean, and what each signature adds must
// not grow beyond the one reference it adds to two arrays. The time of each
// signature is logged, never asserted (see BenchmarkSignNth).
func TestTwoHundredSignatures(t *testing.T) {
	if testing.Short() {
		t.Skip("200 signatures in a row: not in -short mode")
	}
	nss := testenv.NSSDB(t, filepath.Join(examplePKI(t), "root-ca.pem"))
	in := corpusFile(t, chainFile)
	out, links := signChain(t, chainSigners(t), in, chainLength)
	size := len(in)
	for n, l := range links {
		size += l.increment
		if n := n + 1; n == 1 || n == 2 || n%50 == 0 {
			var ten time.Duration // one signature's time is noisy: the ten up to it too
			for _, l := range links[max(0, n-10):n] {
				ten += l.took
			}
			t.Logf("signature %3d: %8v (mean of ten %8v), %5d bytes added (%4d in /Fields and /Annots), file %7d bytes",
				n, l.took.Round(time.Microsecond), (ten / time.Duration(min(n, 10))).Round(time.Microsecond), l.increment, l.arrays, size)
		}
	}
	t.Logf("%d signatures: %d bytes → %d bytes", chainLength, len(in), len(out))

	// Each signature writes a fixed set of objects (signature dictionary
	// with a /Contents placeholder sized for its key, widget, AcroForm, the
	// page, a cross-reference section) whose size does not depend on how
	// many signatures came before, except for two arrays written out in full
	// every time: the AcroForm's /Fields and the page's /Annots, which gain
	// one reference (" 433 0 R") each per signature, about 16 bytes in all.
	// Without those arrays an increment stays the same size but for a few
	// digits (object numbers, field name, byte range). Signatures 2 and 200
	// come from the same signer and are both invisible.
	const digits = 32
	a, b := links[1], links[chainLength-1]
	if grown := (b.increment - b.arrays) - (a.increment - a.arrays); grown < -digits || grown > digits {
		t.Errorf("signature %d added %d bytes (%d in /Fields and /Annots), signature 2 %d (%d): %d more outside those arrays",
			chainLength, b.increment, b.arrays, a.increment, a.arrays, grown)
	}
	if perSig := float64(b.arrays-a.arrays) / (chainLength - 2); perSig > 2*float64(len(" 99999 0 R")) {
		t.Errorf("/Fields and /Annots grow by %.1f bytes a signature: more than one reference each", perSig)
	}

	rep := verify(t, out)
	if len(rep.Signatures) != chainLength || !rep.Valid() {
		t.Fatalf("Verify: %d signatures, valid %v", len(rep.Signatures), rep.Valid())
	}
	for i, s := range rep.Signatures {
		if s.CoversWholeDocument != (i == chainLength-1) {
			t.Errorf("Verify: signature %d covers the whole document: %v", i+1, s.CoversWholeDocument)
		}
	}
	ps := pdfsig(t, nss, out)
	if len(ps) != chainLength {
		t.Fatalf("pdfsig finds %d signatures, want %d", len(ps), chainLength)
	}
	totals, rechecked := 0, 0
	for i, r := range ps {
		switch {
		case !r.valid:
			t.Errorf("pdfsig: signature %d is not valid:\n%s", i+1, r.text)
		case !r.trusted && strings.Contains(r.text, pdfsigStaleError):
			// poppler before 23.x reads NSS's last error code without
			// looking at what CERT_PKIXVerifyCert returned, so an error
			// left over from reading an earlier signature is reported as
			// this "unknown issue" although the chain verified. openssl
			// checks those signatures instead.
			opensslVerify(t, out, rep.Signatures[i].ByteRange)
			rechecked++
		case !r.trusted:
			t.Errorf("pdfsig: signature %d is not trusted:\n%s", i+1, r.text)
		}
		if r.total {
			totals++
		}
	}
	if totals != 1 {
		t.Errorf("pdfsig: %d signatures cover the total document, want exactly the last one", totals)
	}
	t.Logf("pdfsig: %d signatures valid, %d trusted, %d reported with a stale NSS error and verified with openssl", chainLength, chainLength-rechecked, rechecked)
	qpdfCheck(t, out)
}

// pdfsigStaleError is what pdfsig says when it takes a stale NSS error code
// for the result of validating a certificate.
const pdfsigStaleError = "Certificate Validation: Unknown issue with Certificate or corrupted data."

// opensslVerify checks the signature with the byte range br with openssl:
// its CMS over the signed bytes, and the signer's chain to the example root.
func opensslVerify(t *testing.T, pdf []byte, br [4]int64) {
	t.Helper()
	tool := testenv.Tool(t, "openssl")
	der, err := hex.DecodeString(string(pdf[br[0]+br[1]+1 : br[2]-1]))
	if err != nil {
		t.Fatalf("byte range %v: /Contents is not hexadecimal: %v", br, err)
	}
	var cms asn1.RawValue
	if _, err := asn1.Unmarshal(der, &cms); err != nil { // drops the zero padding
		t.Fatalf("byte range %v: /Contents is not DER: %v", br, err)
	}
	dir := t.TempDir()
	sig, content := filepath.Join(dir, "sig.der"), filepath.Join(dir, "content")
	signed := append(append([]byte(nil), pdf[br[0]:br[0]+br[1]]...), pdf[br[2]:br[2]+br[3]]...)
	if err := os.WriteFile(sig, cms.FullBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(content, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "cms", "-verify", "-inform", "DER", "-in", sig, "-binary", "-content", content,
		"-CAfile", filepath.Join(examplePKI(t), "root-ca.pem"), "-out", os.DevNull).CombinedOutput()
	if err != nil {
		t.Errorf("openssl cms -verify, byte range %v: %v\n%s", br, err, out)
	}
}

// BenchmarkSignNth measures the first signature of a file and the two
// hundredth, made on the file that already carries 199.
func BenchmarkSignNth(b *testing.B) {
	signers := chainSigners(b)
	in := corpusFile(b, chainFile)
	for _, n := range []int{1, chainLength} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			pdf, _ := signChain(b, signers, in, n-1)
			s, opts := signers[(n-1)%len(signers)], chainOptions(n)
			b.SetBytes(int64(len(pdf)))
			for b.Loop() {
				sign(b, s, pdf, opts)
			}
		})
	}
}
