package main

import (
	"bytes"
	"fmt"

	"github.com/segell/segell/signer"
)

// shadow writes the three shadow attacks and signature wrapping.
func (g *gen) shadow() {
	const src = "Shadow Attacks (2021)"

	// Hide: the overlay is in the signed revision, drawn by the content but
	// missing from the resources, so nothing shows; the update adds it.
	prep := g.base.clone()
	ov, content := prep.size(), prep.size()+1
	prep.update([]object{
		stream(ov, "/Type/XObject/Subtype/Form/BBox"+fullPage+"/Resources<</Font<</F1 3 0 R>>>>", []byte(overlay)),
		stream(content, "", []byte("q /Ov Do Q")),
		{num: pageNum, body: set(prep.obj(pageNum), "/Contents", "[5 0 R "+ref(content)+"]")},
	}, "", nil)
	d := g.sign("alcalde", prep, signer.Options{Reason: "Aprovació"})
	d.update([]object{{num: 4, body: "<</Font<</Helv 3 0 R>>/XObject<</Ov " + ref(ov) + ">>>>"}}, "", nil)
	g.add(d, testCase{File: "shadow-hide.pdf", Class: "shadow hide: an overlay present but hidden when signed, shown later", Source: src,
		Note:       "the update only adds the signed overlay object to the page resources",
		Signatures: []expect{{"Signatura1", "failed", "page"}}})

	// Replace: a later xref gives the page's font other glyphs.
	d = g.sign("alcalde", g.base, signer.Options{Reason: "Aprovació"})
	d.update([]object{{num: 3, body: "<</Type/Font/Subtype/Type1/BaseFont/Symbol>>"}}, "", nil)
	g.add(d, testCase{File: "shadow-replace.pdf", Class: "shadow replace: a font replaced by a later xref", Source: src,
		Note:       "object 3, the page's font, is redefined",
		Signatures: []expect{{"Signatura1", "failed", "font"}}})

	// Hide-and-replace: a new catalog, page tree and page, with the signed
	// objects (the form and the widget) kept so the signature still shows.
	d = g.sign("alcalde", g.base, signer.Options{Reason: "Aprovació"})
	n := d.size()
	acroN, _ := d.acroForm()
	d.update([]object{
		{num: n, body: fmt.Sprintf("<</Type/Catalog/Pages %s/AcroForm %s>>", ref(n+1), ref(acroN))},
		{num: n + 1, body: fmt.Sprintf("<</Type/Pages/Count 1/Kids[%s]>>", ref(n+2))},
		{num: n + 2, body: fmt.Sprintf("<</Type/Page/MediaBox[0 0 595 842]/Resources 4 0 R/Contents %s/Parent %s/Annots[%s]>>", ref(n+3), ref(n+1), ref(d.widgets()[0]))},
		stream(n+3, "", []byte("BT /Helv 24 Tf 72 700 Td (Pagament autoritzat: 1.000.000 EUR) Tj ET")),
	}, "/Root "+ref(n), nil)
	g.add(d, testCase{File: "shadow-hide-and-replace.pdf", Class: "shadow hide-and-replace: the whole document replaced by a later xref", Source: src,
		Note:       "the trailer's /Root names a new catalog; every signed object is still there",
		Signatures: []expect{{"Signatura1", "failed", "catalog"}}})

	g.wrapping()
}

// wrapping writes the signature wrapping attack: a signature whose
// /ByteRange follows its /Contents; the signed second part is moved further
// on, the /ByteRange rewritten to point at it, and new objects put in the gap.
func (g *gen) wrapping() {
	s := g.base.clone()
	prev := s.startxref()
	g.handSign(&s, sigSpec{field: "Signatura1", signer: g.keys["alcalde"], contentsFirst: true, entries: "/M" + pdfTime(g.tick()) + "/Reason(Aprovació)"})
	br := byteRanges(s.b)[0]
	b := br[2]
	part2 := s.b[b:]
	brEnd := bytes.IndexByte(part2, ']') + 1 // "/ByteRange[…]" right after the hole
	objEnd := bytes.Index(part2, []byte("endobj\n")) + len("endobj\n")
	evil := stream(5, "", []byte("BT /Helv 24 Tf 72 700 Td (Pagament autoritzat: 1.000.000 EUR) Tj ET")).bytes()
	// The new /ByteRange has the width of the old one, so b2 is known first.
	b2 := b + objEnd + len(evil)
	out := doc{append([]byte(nil), s.b[:b]...)}
	out.b = append(out.b, fmt.Sprintf("%-*s", brEnd, fmt.Sprintf("/ByteRange[%d %d %d %d]", br[0], br[1], b2, br[3]))...)
	out.b = append(out.b, part2[brEnd:objEnd]...)
	evilAt := len(out.b)
	out.b = append(out.b, evil...)
	out.b = append(out.b, part2...) // the signed bytes, now at b2
	offs := map[int]int{5: evilAt}
	for _, num := range []int{s.size() - 1, s.size() - 2, s.size() - 3, 1, pageNum} {
		offs[num] = s.objOffset(num)
		if offs[num] >= b {
			offs[num] += b2 - b
		}
	}
	out.finish(offs, s.size(), prev, "")
	g.add(out, testCase{File: "swa-wrapping.pdf", Class: "signature wrapping: the signed second range moved, new content in the gap",
		Source:     "1 Trillion Dollar Refund (2019): signature wrapping attack",
		Note:       "the hashed bytes are unchanged; poppler's pdfsig reports the signature valid",
		Signatures: []expect{{"Signatura1", "failed", "byterange"}}})
}
