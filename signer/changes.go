package signer

import (
	"fmt"
	"strings"

	"github.com/segell/segell/internal/pdfio"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Keys a later signature may legitimately change in each kind of object.
var (
	catalogSigKeys  = map[string]bool{"AcroForm": true, "Perms": true, "DSS": true, "Extensions": true}
	acroFormSigKeys = map[string]bool{"Fields": true, "SigFlags": true, "DR": true, "DA": true, "NeedAppearances": true}
	pageSigKeys     = map[string]bool{"Annots": true}
)

// maxListedChanges bounds the changes listed for one signature; the rest
// are counted.
const maxListedChanges = 20

// laterChanges classifies, once, what every revision changed against the
// one before it, and returns for each revision r the changes made after it
// that a later signature may not make: the incremental updates an attacker
// would use to show other content under a valid signature. Each revision is
// compared with its predecessor only, so the work grows with the size of
// the updates, not with the number of signatures times the document.
// Revisions older than oldest are not classified.
func laterChanges(f *pdfio.File, oldest int) [][]string {
	n := f.Revisions()
	own := make([][]string, n) // what revision i changed that a signature may not
	for i := 0; i < min(oldest, n-1); i++ {
		cur, old := f.Revision(i), f.Revision(i+1)
		for _, num := range f.RevisionObjects(i) {
			if msg := classifyChange(old, cur, num); msg != "" {
				own[i] = append(own[i], msg)
			}
		}
	}
	after := make([][]string, n)
	count := 0
	for r := 1; r < n; r++ {
		count += len(own[r-1])
		prev := after[r-1]
		if len(prev) > 0 && strings.HasPrefix(prev[len(prev)-1], "… ") {
			prev = prev[:len(prev)-1]
		}
		list := append(append([]string(nil), own[r-1]...), prev...)
		if len(list) > maxListedChanges {
			list = list[:maxListedChanges]
		}
		if count > len(list) {
			list = append(list, fmt.Sprintf("… and %d more changes", count-len(list)))
		}
		after[r] = list
	}
	return after
}

// classifyChange returns "" for a change a later signature may make, or a
// description of the change.
func classifyChange(old, cur *pdfio.File, num int) string {
	now, err := cur.Object(num)
	if err != nil {
		return fmt.Sprintf("object %d is unreadable", num)
	}
	before, _ := old.Object(num)
	d, isDict := now.(types.Dict)
	if s, ok := now.(*pdfio.Stream); ok {
		d, isDict = s.Dict, true
	}
	if !isDict {
		// Arrays: a page's /Annots may grow; anything else must be new.
		if a, ok := now.(types.Array); ok {
			if b, ok := before.(types.Array); ok && isPrefix(b, a) {
				return ""
			}
			if before == nil {
				return ""
			}
		}
		if before == nil {
			return ""
		}
		return fmt.Sprintf("object %d was modified", num)
	}
	typ := ""
	if t := d.Type(); t != nil {
		typ = *t
	}
	switch {
	case typ == "Sig" || typ == "DocTimeStamp" || typ == "XRef" || typ == "ObjStm" || typ == "DSS" || typ == "VRI":
		return ""
	case d.NameEntry("FT") != nil && *d.NameEntry("FT") == "Sig":
		return ""
	case typ == "XObject" && before == nil:
		return "" // a new appearance; pages are checked on their own
	}
	if before == nil {
		switch {
		case typ == "Page" || typ == "Pages":
			return fmt.Sprintf("a page was added (object %d)", num)
		case typ == "Annot":
			return fmt.Sprintf("an annotation was added (object %d)", num)
		case isStream(now):
			return "" // validation data (certificates, CRLs, OCSP responses)
		case d["Fields"] != nil:
			return "" // a new AcroForm for a signature field
		}
		return fmt.Sprintf("object %d was added", num)
	}
	var allowed map[string]bool
	switch {
	case typ == "Catalog":
		allowed = catalogSigKeys
	case typ == "Page":
		allowed = pageSigKeys
	case d["Fields"] != nil:
		allowed = acroFormSigKeys
	}
	bd, ok := before.(types.Dict)
	if !ok || allowed == nil || isStream(now) || !sameExcept(bd, d, allowed) {
		switch typ {
		case "Page":
			return fmt.Sprintf("a page was modified (object %d)", num)
		case "Catalog":
			return "the document catalog was modified"
		}
		return fmt.Sprintf("object %d was modified", num)
	}
	return ""
}

func isStream(o any) bool { _, ok := o.(*pdfio.Stream); return ok }

func isPrefix(a, b types.Array) bool {
	if len(a) > len(b) {
		return false
	}
	for i := range a {
		if a[i].PDFString() != b[i].PDFString() {
			return false
		}
	}
	return true
}

// sameExcept reports whether two dictionaries agree on every key but the allowed ones.
func sameExcept(a, b types.Dict, allowed map[string]bool) bool {
	strip := func(d types.Dict) string {
		c := types.Dict{}
		for k, v := range d {
			if !allowed[k] {
				c[k] = v
			}
		}
		return c.PDFString()
	}
	return strip(a) == strip(b)
}
