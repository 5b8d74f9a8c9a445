package signer_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/segell/segell/signer"
)

// appendPageChange appends an unsigned incremental update to signed that
// replaces object 4 (the page content of handmade-form.pdf) with new text.
func appendPageChange(t testing.TB, signed []byte) []byte {
	t.Helper()
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
	return append(append([]byte(nil), signed...), upd.Bytes()...)
}

// TestIndications verifies real files and checks the EN 319 102-1 verdict.
func TestIndications(t *testing.T) {
	mayor := newSigner(t, loadKey(t, "alcalde", "2222"))
	signed := sign(t, mayor, corpusFile(t, "handmade-form.pdf"), signer.Options{})
	flipped := bytes.Clone(signed)
	flipped[7]++ // %PDF-1.x: the header's version, inside the first signed range

	tests := []struct {
		name      string
		pdf       []byte
		roots     bool
		ind       signer.Indication
		sub       signer.SubIndication
		integrity bool
	}{
		{"valid", signed, true, signer.TotalPassed, "", true},
		{"root not trusted", signed, false, signer.Indeterminate, signer.NoCertificateChainFound, true},
		{"a flipped byte in the signed range", flipped, true, signer.TotalFailed, signer.HashFailure, false},
		{"the page changed afterwards", appendPageChange(t, signed), true, signer.TotalFailed, signer.FormatFailure, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := signer.VerifyOptions{}
			if tc.roots {
				opts.Roots = exampleRoots(t)
			}
			rep, err := signer.Verify(bytes.NewReader(tc.pdf), int64(len(tc.pdf)), opts)
			if err != nil {
				t.Fatal(err)
			}
			s := rep.Signatures[0]
			if s.Indication != tc.ind || s.SubIndication != tc.sub || s.Integrity != tc.integrity {
				t.Fatalf("got %s/%s integrity %v, want %s/%s integrity %v\n%+v", s.Indication, s.SubIndication, s.Integrity, tc.ind, tc.sub, tc.integrity, s)
			}
			if rep.Valid() != (tc.ind == signer.TotalPassed) {
				t.Fatalf("Report.Valid() = %v for %s", rep.Valid(), s.Indication)
			}
		})
	}
}

// TestClaimedTimeIsNoProof checks that without a time-stamp the chain is
// checked at the current time, not at the /M the signer claims: checked 50
// years on, the certificate has expired and nothing proves the signature
// older, so it is INDETERMINATE/OUT_OF_BOUNDS_NO_POE, never failed.
func TestClaimedTimeIsNoProof(t *testing.T) {
	mayor := newSigner(t, loadKey(t, "alcalde", "2222"))
	signed := sign(t, mayor, corpusFile(t, "handmade-form.pdf"), signer.Options{})
	if !bytes.Contains(signed, []byte("/M(D:")) {
		t.Fatal("no /M in the signature dictionary")
	}
	far := time.Now().AddDate(50, 0, 0)
	rep, err := signer.Verify(bytes.NewReader(signed), int64(len(signed)), signer.VerifyOptions{Roots: exampleRoots(t), Now: func() time.Time { return far }})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Signatures[0]
	if s.Indication != signer.Indeterminate || s.SubIndication != signer.OutOfBoundsNoPOE || !s.Integrity {
		t.Fatalf("checked in 50 years without a time-stamp: got %s/%s, want INDETERMINATE/OUT_OF_BOUNDS_NO_POE\n%+v", s.Indication, s.SubIndication, s)
	}
}
