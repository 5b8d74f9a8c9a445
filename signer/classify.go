package signer

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/segell/segell/internal/pdfio"
)

// Keys a later revision may change in the objects a signature touches
// (ISO 32000-2, 12.8.2.2; ETSI EN 319 142-1, 5.4: validation data).
var (
	catalogSigKeys  = map[string]bool{"AcroForm": true, "Perms": true, "DSS": true, "Extensions": true, "Metadata": true}
	acroFormSigKeys = map[string]bool{"Fields": true, "SigFlags": true, "DR": true, "DA": true, "NeedAppearances": true}
	pageSigKeys     = map[string]bool{"Annots": true}
	// fieldSigningKeys may change when an empty signature field is signed.
	fieldSigningKeys = map[string]bool{"V": true, "AP": true, "AS": true, "F": true, "MK": true, "DA": true, "Lock": true, "SV": true}
	// shownOrRun are catalog entries that change what a reader shows or runs.
	shownOrRun = map[string]string{
		"OpenAction": "an action run on opening", "AA": "actions run on events", "Names": "named scripts, files or destinations",
		"OCProperties": "optional content (layers shown or hidden)", "Pages": "the page tree", "Outlines": "the outline",
		"StructTreeRoot": "the structure tree", "Dests": "destinations", "URI": "links",
	}
)

// classifier judges the changes of one revision (cur) against the one
// before it (old): it knows the objects a signature may add or touch.
type classifier struct {
	old, cur *pdfio.File
	certP    int // the certification signature's /P, 0 when not certified
	// Filled from cur on first need: validation data and metadata.
	known   bool
	catalog int
	// Filled from old on first need: what the signed pages were made of.
	contents, resources map[int]bool
	info                int
	metadata            int
	dss, dr             map[int]bool
}

// change returns "" for a change a later signature may make, or why it
// makes earlier signatures fail.
func (c *classifier) change(num int) string {
	now, err := c.cur.Peek(num) // not kept: each version is needed twice at most
	if err != nil {
		return fmt.Sprintf("object %d is unreadable", num)
	}
	before, _ := c.old.Peek(num)
	switch {
	case before == nil && now == nil:
		return ""
	case now == nil:
		return fmt.Sprintf("object %d was deleted", num)
	case before != nil && sameObject(c.old, c.cur, before, now):
		return "" // rewritten as it was
	}
	c.learn()
	if c.dss[num] || num == c.info || num == c.metadata || c.dr[num] {
		return "" // validation data, metadata, form default resources
	}
	d, isDict := dictOf(now)
	if !isDict {
		return c.array(num, before, now)
	}
	switch {
	case isSignatureDict(d):
		if before != nil {
			return fmt.Sprintf("signature dictionary %d was redefined", num)
		}
		return ""
	case d["Kids"] != nil && d["T"] != nil && before != nil:
		return c.fieldKids(num, before, d)
	case isSignatureField(c.cur, d):
		return c.signatureField(num, before, d)
	case isType(d, "Page"), isType(d, "Pages"):
		return c.page(num, before, d)
	case isType(d, "Catalog") || num == c.catalog:
		return c.catalogChange(before, d)
	case d["Fields"] != nil:
		if before == nil {
			return ""
		}
		b, ok := dictOf(before)
		if !ok || !sameExcept(b, d, acroFormSigKeys) {
			return "the interactive form was modified"
		}
		oldFields, _ := c.old.Array(b["Fields"], "Fields")
		newFields, _ := c.cur.Array(d["Fields"], "Fields")
		return c.annotsGrowth(num, oldFields, newFields)
	case c.certP >= 2 && before != nil && isFormFillIn(c.cur, before, d):
		return "" // /P 2 and 3 permit filling in the form
	case isAnnotation(d):
		if c.certP == 3 {
			return ""
		}
		if before == nil {
			return fmt.Sprintf("an annotation was added (object %d, /%s)", num, nameOf(d["Subtype"]))
		}
		return fmt.Sprintf("an annotation was modified (object %d, /%s)", num, nameOf(d["Subtype"]))
	case before == nil:
		return "" // a new object only matters once something shown refers to it
	}
	return c.modified(num, d)
}

// modified names what a changed object was to the signed revision.
func (c *classifier) modified(num int, d types.Dict) string {
	c.learnPages()
	switch {
	case c.contents[num]:
		return fmt.Sprintf("the content of a page was modified (object %d)", num)
	case c.resources[num]:
		return fmt.Sprintf("the resources of a page were modified (object %d)", num)
	case isType(d, "Font"):
		return fmt.Sprintf("a font was replaced (object %d)", num)
	case isType(d, "XObject") && nameOf(d["Subtype"]) == "Image":
		return fmt.Sprintf("an image was replaced (object %d)", num)
	case isType(d, "XObject"):
		return fmt.Sprintf("a form XObject drawn on a page was replaced (object %d)", num)
	}
	return fmt.Sprintf("object %d was modified", num)
}

// learnPages finds, once, the content streams and resource dictionaries
// of the signed revision's pages, to name what a change touched.
func (c *classifier) learnPages() {
	if c.contents != nil {
		return
	}
	c.contents, c.resources = map[int]bool{}, map[int]bool{}
	_ = c.old.WalkPages(func(p pdfio.Page) bool {
		refs := types.Array{p.Dict["Contents"]}
		if a, err := c.old.Array(p.Dict["Contents"], "Contents"); err == nil {
			refs = append(refs, a...)
		}
		for _, r := range refs {
			if ref, ok := r.(types.IndirectRef); ok {
				c.contents[ref.ObjectNumber.Value()] = true
			}
		}
		if ref, ok := p.Dict["Resources"].(types.IndirectRef); ok {
			c.resources[ref.ObjectNumber.Value()] = true
		}
		return len(c.contents) < 1<<16
	})
}

// signatureField allows a new signature field and the signing of an empty
// one; a signed field may not change (its appearance least of all).
func (c *classifier) signatureField(num int, before any, d types.Dict) string {
	if c.certP == 1 {
		return fmt.Sprintf("signature field %d changed a document certified against any change", num)
	}
	if r := rectArea(c.cur, d["Rect"]); r > 0.25*595*842 {
		return fmt.Sprintf("signature widget %d covers a large part of the page", num)
	}
	if before == nil {
		return ""
	}
	b, _ := dictOf(before)
	if b["V"] == nil && sameExcept(b, d, fieldSigningKeys) {
		return "" // an empty signature field, signed now
	}
	return fmt.Sprintf("the signed field %d was changed (its appearance or value)", num)
}

// fieldKids allows a field of the form's tree to gain signature fields as
// kids, and nothing else.
func (c *classifier) fieldKids(num int, before any, d types.Dict) string {
	b, ok := dictOf(before)
	if !ok || !sameExcept(b, d, map[string]bool{"Kids": true}) {
		return fmt.Sprintf("form field %d was modified", num)
	}
	oldKids, _ := c.old.Array(b["Kids"], "Kids")
	newKids, _ := c.cur.Array(d["Kids"], "Kids")
	return c.annotsGrowth(num, oldKids, newKids)
}

// page allows a page's /Annots to gain signature widgets only (and
// annotations under a certification with /P 3).
func (c *classifier) page(num int, before any, d types.Dict) string {
	if before == nil {
		return fmt.Sprintf("a page was added (object %d)", num)
	}
	b, ok := dictOf(before)
	if !ok || !sameExcept(b, d, pageSigKeys) {
		return fmt.Sprintf("a page was modified (object %d)", num)
	}
	oldAnnots, _ := c.old.Array(b["Annots"], "Annots")
	newAnnots, _ := c.cur.Array(d["Annots"], "Annots")
	return c.annotsGrowth(num, oldAnnots, newAnnots)
}

func (c *classifier) annotsGrowth(num int, old, now types.Array) string {
	if !isPrefix(old, now) {
		kept := map[string]bool{}
		for _, e := range now {
			kept[pdfString(e)] = true
		}
		for _, e := range old {
			if d, err := c.old.Dict(e, "field"); err == nil && !kept[pdfString(e)] && isSignatureField(c.old, d) {
				return fmt.Sprintf("a signature field was removed (%s, listed by object %d)", pdfString(e), num)
			}
		}
		return fmt.Sprintf("the annotations or fields listed by object %d were changed", num)
	}
	for _, a := range now[len(old):] {
		ad, err := c.cur.Dict(a, "annotation")
		if err != nil || isSignatureField(c.cur, ad) || c.certP == 3 {
			continue
		}
		return fmt.Sprintf("object %d gained an annotation or field that is not a signature (/%s)", num, nameOf(ad["Subtype"]))
	}
	return ""
}

func (c *classifier) catalogChange(before any, d types.Dict) string {
	b, ok := dictOf(before)
	if !ok {
		return "the document catalog was replaced"
	}
	for k, what := range shownOrRun {
		if !sameValue(b[k], d[k]) {
			return "the document catalog changed " + what + " (/" + k + ")"
		}
	}
	if !sameExcept(b, d, catalogSigKeys) {
		return "the document catalog was modified"
	}
	return ""
}

// array allows an indirect /Annots or /Fields array to grow by signature
// fields; any other array must be new or unchanged.
func (c *classifier) array(num int, before, now any) string {
	a, ok := now.(types.Array)
	if !ok {
		if before == nil {
			return ""
		}
		return fmt.Sprintf("object %d was modified", num)
	}
	if before == nil {
		return ""
	}
	b, ok := before.(types.Array)
	if !ok {
		return fmt.Sprintf("object %d was modified", num)
	}
	return c.annotsGrowth(num, b, a)
}

// learn finds, once, the objects of cur that are validation data or
// metadata: what /DSS, /Metadata, the trailer's /Info and the form's /DR
// refer to.
func (c *classifier) learn() {
	if c.known {
		return
	}
	c.known = true
	c.dss, c.dr = map[int]bool{}, map[int]bool{}
	c.catalog, c.info, c.metadata = -1, -1, -1
	if r := c.cur.Trailer().IndirectRefEntry("Root"); r != nil {
		c.catalog = r.ObjectNumber.Value()
	}
	if r := c.cur.Trailer().IndirectRefEntry("Info"); r != nil {
		c.info = r.ObjectNumber.Value()
	}
	cat, err := c.cur.Catalog()
	if err != nil {
		return
	}
	if r, ok := cat["Metadata"].(types.IndirectRef); ok {
		c.metadata = r.ObjectNumber.Value()
	}
	reach(c.cur, cat["DSS"], c.dss, 3)
	if acro, err := c.cur.Dict(cat["AcroForm"], "AcroForm"); err == nil {
		reach(c.cur, acro["DR"], c.dr, 3)
	}
}
