package signer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/segell/segell/internal/pdfio"
	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// TestLevelBLT: a B-T signature followed by a revision that adds a /DSS
// (written as other products write it: no /Type, a VRI entry) with
// certificates and revocation data is reported at level B-LT, still valid.
func TestLevelBLT(t *testing.T) {
	pdf := sign(t, newSigner(t, loadKey(t, "alcalde", "2222")), corpusFile(t, "fpdf.pdf"), signer.Options{TSA: startTSA(t)})
	if lvl := verify(t, pdf).Signatures[0].Level; lvl != "B-T" {
		t.Fatalf("level %s before the /DSS, want B-T", lvl)
	}
	cert, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "certs-example", "alcalde.pem"))
	if err != nil {
		t.Fatal(err)
	}
	crl, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "certs-example", "issuing-ca.crl"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := pdfio.Open(bytes.NewReader(pdf), int64(len(pdf)))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := f.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	next := f.NextObjectNumber()
	inc := pdfio.NewIncrement(f.Size() + int64(len(f.EOLPad())))
	inc.Stream(next, 0, "", cert)
	inc.Stream(next+1, 0, "", crl)
	inc.Object(next+2, 0, "<</VRI<</"+strings.Repeat("A", 40)+"<</Cert["+refString(next)+"]>>>>/Certs["+refString(next)+"]/CRLs["+refString(next+1)+"]>>")
	newCat := pdfio.CopyDict(cat)
	newCat["DSS"] = *types.NewIndirectRef(next+2, 0)
	root := f.Trailer().IndirectRefEntry("Root")
	inc.Object(root.ObjectNumber.Value(), root.GenerationNumber.Value(), newCat.PDFString())
	xref := 0
	if f.XrefIsStream() {
		xref = next + 3
	}
	inc.Finish(f.Trailer(), f.StartXref(), f.XrefIsStream(), xref)
	var out bytes.Buffer
	if err := f.WriteUpdated(&out, inc.Bytes()); err != nil {
		t.Fatal(err)
	}
	rep := verify(t, out.Bytes())
	s := rep.Signatures[0]
	if s.Level != "B-LT" || !rep.Valid() || s.ChangesAfter != "signatures" {
		t.Fatalf("after the /DSS: level %s, valid %v, changes %s %v", s.Level, rep.Valid(), s.ChangesAfter, s.LaterChanges)
	}
}

func refString(n int) string { return strings.TrimSpace(types.NewIndirectRef(n, 0).PDFString()) }

// TestFormFillIn: after a certification with /P 2, filling in a text field
// (its /V and a new appearance) keeps the signature valid; after an
// approval signature, or with /P 1, the same change makes it fail.
func TestFormFillIn(t *testing.T) {
	s := newSigner(t, loadKey(t, "alcalde", "2222"))
	fill := func(pdf []byte) []byte {
		f, err := pdfio.Open(bytes.NewReader(pdf), int64(len(pdf)))
		if err != nil {
			t.Fatal(err)
		}
		next := f.NextObjectNumber()
		inc := pdfio.NewIncrement(f.Size() + int64(len(f.EOLPad())))
		inc.Stream(next, 0, "/Type/XObject/Subtype/Form/BBox[0 0 210 20]/Resources<</Font<</F1 5 0 R>>>>", []byte("/Tx BMC BT /F1 11 Tf 2 5 Td (Joan Puig) Tj ET EMC"))
		inc.Object(7, 0, "<</Type/Annot/Subtype/Widget/FT/Tx/T(nom)/V(Joan Puig)/Rect[110 700 320 720]/F 4/P 3 0 R/DA(/Helv 11 Tf 0 g)/AP<</N "+refString(next)+">>>>")
		xref := 0
		if f.XrefIsStream() {
			xref = next + 1
		}
		inc.Finish(f.Trailer(), f.StartXref(), f.XrefIsStream(), xref)
		var out bytes.Buffer
		if err := f.WriteUpdated(&out, inc.Bytes()); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	in := corpusFile(t, "handmade-form.pdf")
	if rep := verify(t, fill(sign(t, s, in, signer.Options{Certify: true}))); !rep.Valid() {
		t.Fatalf("form filled in under /P 2: %+v", rep.Signatures[0])
	}
	if rep := verify(t, fill(sign(t, s, in, signer.Options{}))); rep.Valid() || !strings.Contains(strings.Join(rep.Signatures[0].LaterChanges, " "), "annotation") {
		t.Fatalf("form filled in after an approval signature: valid %v, %v", rep.Valid(), rep.Signatures[0].LaterChanges)
	}
}
