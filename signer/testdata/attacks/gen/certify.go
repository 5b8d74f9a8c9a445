package main

import (
	"fmt"

	"github.com/segell/segell/signer"
)

// docMDP is a certification signature's /Reference with permission p.
func docMDP(p int) string {
	return fmt.Sprintf("/Reference[<</Type/SigRef/TransformMethod/DocMDP/TransformParams<</Type/TransformParams/P %d/V/1.2>>/DigestMethod/SHA256>>]", p)
}

// certification writes the certification attacks: any change under P=1,
// Evil Annotation and Sneaky Signature under P=2.
func (g *gen) certification() {
	const src = "Breaking the Specification: PDF Certification (2021)"

	// P=1, made by hand (segell certifies with P=2 only), then an approval signature.
	d := g.base.clone()
	sigN := d.size()
	g.handSign(&d, sigSpec{field: "Signatura1", signer: g.keys["alcalde"], entries: "/M" + pdfTime(g.tick()) + docMDP(1),
		catalog: func(cat string) string { return set(cat, "/Perms", "<</DocMDP "+ref(sigN)+">>") }})
	// segell refuses to sign under P=1, so the approval signature is made by hand too.
	g.handSign(&d, sigSpec{field: "Signatura2", signer: g.keys["secretaria"], entries: "/M" + pdfTime(g.tick()) + "/Reason(Conforme)"})
	g.add(d, testCase{File: "cert-p1-changed.pdf", Class: "certified P=1, then any change (an approval signature)", Source: src,
		Note:       "P=1 allows no change but a DSS or a document time-stamp",
		Signatures: []expect{{"Signatura1", "failed", "certif"}, {"Signatura2", "intact", ""}}})

	certified := g.sign("alcalde", g.base, signer.Options{Reason: "Certificació", Certify: true})
	annot := func(file, class, body string, stamp bool) {
		d := certified.clone()
		n := d.size()
		objs := []object{{num: n, body: body}}
		if stamp {
			objs[0].body = set(body, "/AP", "<</N "+ref(n+1)+">>")
			objs = append(objs, stream(n+1, "/Type/XObject/Subtype/Form/BBox"+fullPage+"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>", []byte(overlay)))
		}
		objs = append(objs, object{num: pageNum, body: addToArray(d.obj(pageNum), annotsRE, "/Annots", ref(n))})
		d.update(objs, "", nil)
		g.add(d, testCase{File: file, Class: class, Source: src + ": Evil Annotation",
			Note:       "P=2 permits form filling and signing, not annotations",
			Signatures: []expect{{"Signatura1", "failed", "annotation"}}})
	}
	annot("cert-p2-evil-freetext.pdf", "certified P=2, then a FreeText annotation over the content",
		"<</Type/Annot/Subtype/FreeText/Rect[0 0 595 842]/Contents(Pagament autoritzat: 1.000.000 EUR)/DA(/Helv 28 Tf 0 g)/F 4/P 6 0 R>>", false)
	annot("cert-p2-evil-stamp.pdf", "certified P=2, then a Stamp annotation over the content",
		"<</Type/Annot/Subtype/Stamp/Rect[0 0 595 842]/Name/Approved/F 4/P 6 0 R>>", true)

	// Sneaky Signature: a real approval signature whose widget paints the page.
	d = certified.clone()
	g.handSign(&d, sigSpec{field: "Signatura2", signer: g.keys["secretaria"], entries: "/M" + pdfTime(g.tick()),
		rect: fullPage, ap: overlay})
	g.add(d, testCase{File: "cert-p2-sneaky-signature.pdf", Class: "certified P=2, then a signature whose appearance draws over the page",
		Source:     src + ": Sneaky Signature",
		Note:       "signing is allowed under P=2; painting over the certified page is not. Signatura2 itself is a correct signature of its own revision",
		Signatures: []expect{{"Signatura1", "failed", "appearance|widget"}, {"Signatura2", "intact", ""}}})
}
