package main

import (
	"fmt"
	"regexp"

	"github.com/segell/segell/signer"
)

// fullPage is the corpus page's rectangle: an appearance or annotation
// with it covers everything the signer saw.
const fullPage = "[0 0 595 842]"

// overlay draws a white box over the page and new text on it.
const overlay = "q 1 g 0 0 595 842 re f Q BT /F1 28 Tf 0 g 60 700 Td (Pagament autoritzat: 1.000.000 EUR) Tj ET"

var vRE = regexp.MustCompile(`/V\s+(\d+) 0 R`)

// widgets returns the widget object numbers the page lists, in order.
func (d doc) widgets() []int {
	m := annotsRE.FindStringSubmatch(d.obj(pageNum))
	var out []int
	for _, r := range regexp.MustCompile(`(\d+) 0 R`).FindAllStringSubmatch(m[1], -1) {
		var n int
		fmt.Sscan(r[1], &n)
		out = append(out, n)
	}
	return out
}

// sigDictOf is the signature dictionary number a widget's /V names.
func (d doc) sigDictOf(widget int) int {
	var n int
	fmt.Sscan(vRE.FindStringSubmatch(d.obj(widget))[1], &n)
	return n
}

// incrementalSaving writes the files where an update after a segell
// signature changes what the signature dictionary says or what is shown.
func (g *gen) incrementalSaving() {
	const src = "1 Trillion Dollar Refund (2019): incremental saving attack"
	visible := g.sign("alcalde", g.base, signer.Options{Reason: "Aprovació de l'acta", Visible: &signer.Placement{Page: 1, X: 320, Y: 40, W: 220, H: 70}})
	widget := visible.widgets()[0]
	sigN := visible.sigDictOf(widget)
	one := func(file, class, reason, note string, edit func(d *doc)) {
		d := visible.clone()
		edit(&d)
		g.add(d, testCase{File: file, Class: class, Source: src, Note: note,
			Signatures: []expect{{"Signatura1", "failed", reason}}})
	}

	one("isa-redefine-sigdict.pdf", "update redefining only the signature dictionary", "signature dictionary",
		"the signature dictionary is written again with the same /ByteRange and /Contents, a new /Reason and /M",
		func(d *doc) {
			body := set(set(d.obj(sigN), "/Reason", "(Pagament autoritzat: 1.000.000 EUR)"), "/M", pdfTime(g.clock.AddDate(1, 0, 0)))
			d.update([]object{{num: sigN, body: body}}, "", nil)
		})
	one("isa-widget-appearance.pdf", "update giving the signed widget a new appearance covering the page", "appearance|widget",
		"the widget gets a page-sized /Rect and an appearance that paints the page white and writes new text",
		func(d *doc) {
			ap := d.size()
			w := set(set(d.obj(widget), "/Rect", fullPage), "/AP", "<</N "+ref(ap)+">>")
			d.update([]object{
				stream(ap, "/Type/XObject/Subtype/Form/BBox"+fullPage+"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>", []byte(overlay)),
				{num: widget, body: w},
			}, "", nil)
		})
	one("isa-add-page.pdf", "update adding a page", "page", "a second page with new text",
		func(d *doc) {
			n := d.size()
			d.update([]object{
				stream(n, "", []byte("BT /Helv 24 Tf 72 700 Td (Annex: pagament de 1.000.000 EUR) Tj ET")),
				{num: n + 1, body: fmt.Sprintf("<</Type/Page/MediaBox[0 0 595 842]/Resources 4 0 R/Contents %s/Parent 2 0 R>>", ref(n))},
				{num: 2, body: fmt.Sprintf("<</Type/Pages/Count 2/Kids[6 0 R %s]>>", ref(n+1))},
			}, "", nil)
		})
	one("isa-change-content.pdf", "update changing the page content", "content", "the page's content stream (object 5) is written again with other text",
		func(d *doc) {
			d.update([]object{stream(5, "", []byte("BT /Helv 24 Tf 72 700 Td (Pagament autoritzat: 1.000.000 EUR) Tj ET"))}, "", nil)
		})
	one("isa-add-annotation.pdf", "update adding a non-widget annotation", "annotation", "a FreeText annotation over the page text",
		func(d *doc) {
			n := d.size()
			d.update([]object{
				{num: n, body: "<</Type/Annot/Subtype/FreeText/Rect[50 650 545 760]/Contents(Pagament autoritzat: 1.000.000 EUR)/DA(/Helv 24 Tf 0 g)/F 4/P 6 0 R>>"},
				{num: pageNum, body: addToArray(d.obj(pageNum), annotsRE, "/Annots", ref(n))},
			}, "", nil)
		})
	one("isa-openaction.pdf", "update adding /OpenAction to the catalog", "OpenAction", "a JavaScript /OpenAction",
		func(d *doc) {
			d.update([]object{{num: 1, body: set(d.obj(1), "/OpenAction", `<</S/JavaScript/JS(app.alert\('Document vàlid'\))>>`)}}, "", nil)
		})
	one("isa-javascript-names.pdf", "update adding JavaScript names to the catalog", "JavaScript|script", "a document-level script in /Names /JavaScript",
		func(d *doc) {
			n := d.size()
			d.update([]object{
				{num: n, body: `<</S/JavaScript/JS(this.getField\('x'\))>>`},
				{num: 1, body: set(d.obj(1), "/Names", "<</JavaScript<</Names[(segell) "+ref(n)+"]>>>>")},
			}, "", nil)
		})

	// Optional content: the signed revision has a layer that is off; the
	// update turns it on.
	oc := g.base.clone()
	ocg, content := oc.size(), oc.size()+1
	oc.update([]object{
		{num: ocg, body: "<</Type/OCG/Name(Esborrany)>>"},
		stream(content, "", []byte("/OC /oc1 BDC "+overlay+" EMC")),
		{num: 4, body: "<</Font<</Helv 3 0 R/F1 3 0 R>>/Properties<</oc1 " + ref(ocg) + ">>>>"},
		{num: pageNum, body: set(oc.obj(pageNum), "/Contents", "[5 0 R "+ref(content)+"]")},
		{num: 1, body: set(oc.obj(1), "/OCProperties", fmt.Sprintf("<</OCGs[%s]/D<</OFF[%s]/Order[%s]>>>>", ref(ocg), ref(ocg), ref(ocg)))},
	}, "", nil)
	d := g.sign("alcalde", oc, signer.Options{Reason: "Aprovació"})
	d.update([]object{{num: 1, body: set(d.obj(1), "/OCProperties", fmt.Sprintf("<</OCGs[%s]/D<</ON[%s]/Order[%s]>>>>", ref(ocg), ref(ocg), ref(ocg)))}}, "", nil)
	g.add(d, testCase{File: "isa-optional-content.pdf", Class: "update changing optional content", Source: src,
		Note:       "a layer that was off when signed (a white box and new text) is turned on",
		Signatures: []expect{{"Signatura1", "failed", "optional content"}}})
}
