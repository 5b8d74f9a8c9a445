package signer

import (
	"bytes"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/segell/segell/internal/pdfio"
)

// reach marks the objects o refers to, depth levels deep at most, with a
// bound on how many.
func reach(f *pdfio.File, o any, seen map[int]bool, depth int) {
	if depth < 0 || len(seen) > 1<<16 {
		return
	}
	if r, ok := o.(types.IndirectRef); ok {
		num := r.ObjectNumber.Value()
		if seen[num] {
			return
		}
		seen[num] = true
		var err error
		if o, err = f.Object(num); err != nil {
			return
		}
	}
	switch v := o.(type) {
	case types.Dict:
		for _, e := range v {
			reach(f, e, seen, depth-1)
		}
	case *pdfio.Stream:
		for _, e := range v.Dict {
			reach(f, e, seen, depth-1)
		}
	case types.Array:
		for _, e := range v {
			reach(f, e, seen, depth-1)
		}
	}
}

// sameObject compares two versions of an object as parsed (a stream by its
// dictionary and its raw bytes), so that rewriting an object identically,
// as some products do when they save, is no change.
func sameObject(old, cur *pdfio.File, a, b any) bool {
	sa, aStream := a.(*pdfio.Stream)
	sb, bStream := b.(*pdfio.Stream)
	switch {
	case aStream != bStream:
		return false
	case aStream:
		return sa.Len == sb.Len && sameValue(sa.Dict, sb.Dict) &&
			(sa.Off == sb.Off || bytes.Equal(old.ReadAt(sa.Off, int(min(sa.Len, 1<<24))), cur.ReadAt(sb.Off, int(min(sb.Len, 1<<24)))))
	}
	return sameValue(a, b)
}

func sameValue(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return pdfString(a) == pdfString(b)
}

// pdfString writes a parsed value as PDF; null for what is not one.
func pdfString(o any) string {
	if v, ok := o.(types.Object); ok && v != nil {
		return v.PDFString()
	}
	return "null"
}

func dictOf(o any) (types.Dict, bool) {
	switch v := o.(type) {
	case types.Dict:
		return v, true
	case *pdfio.Stream:
		return v.Dict, true
	}
	return nil, false
}

func isType(d types.Dict, t string) bool {
	n, ok := d["Type"].(types.Name)
	return ok && string(n) == t
}

func nameOf(o any) string { n, _ := o.(types.Name); return string(n) }

// isSignatureField: a field or widget of type /Sig (inherited from its parent).
func isSignatureField(f *pdfio.File, d types.Dict) bool {
	for i := 0; i < 8 && d != nil; i++ {
		if ft, ok := d["FT"].(types.Name); ok {
			return ft == "Sig"
		}
		p, err := f.Dict(d["Parent"], "parent field")
		if err != nil {
			return false
		}
		d = p
	}
	return false
}

// fillInKeys are what filling in a field changes: its value and how the
// widget shows it.
var fillInKeys = map[string]bool{"V": true, "AP": true, "AS": true, "MK": true}

// isFormFillIn tells whether a change only fills in a form field that is
// not a signature field.
func isFormFillIn(f *pdfio.File, before any, d types.Dict) bool {
	b, ok := dictOf(before)
	if !ok || isSignatureField(f, d) {
		return false
	}
	ft := nameOf(d["FT"])
	if ft == "" {
		if p, err := f.Dict(d["Parent"], "parent field"); err == nil {
			ft = nameOf(p["FT"])
		}
	}
	return (ft == "Tx" || ft == "Ch" || ft == "Btn") && sameExcept(b, d, fillInKeys)
}

// annotationTypes are the /Subtype values of annotations (ISO 32000-2, 12.5.6).
var annotationTypes = map[string]bool{"Text": true, "Link": true, "FreeText": true, "Line": true, "Square": true, "Circle": true,
	"Polygon": true, "PolyLine": true, "Highlight": true, "Underline": true, "Squiggly": true, "StrikeOut": true, "Caret": true,
	"Stamp": true, "Ink": true, "Popup": true, "FileAttachment": true, "Sound": true, "Movie": true, "Screen": true, "Widget": true,
	"PrinterMark": true, "TrapNet": true, "Watermark": true, "3D": true, "Redact": true, "Projection": true, "RichMedia": true}

func isAnnotation(d types.Dict) bool {
	return isType(d, "Annot") || d["Rect"] != nil && annotationTypes[nameOf(d["Subtype"])]
}

func rectArea(f *pdfio.File, o any) float64 {
	a, err := f.Array(o, "Rect")
	if err != nil || len(a) != 4 {
		return 0
	}
	var v [4]float64
	for i, e := range a {
		switch n := e.(type) {
		case types.Integer:
			v[i] = float64(n)
		case types.Float:
			v[i] = float64(n)
		}
	}
	w, h := v[2]-v[0], v[3]-v[1]
	if w < 0 {
		w = -w
	}
	if h < 0 {
		h = -h
	}
	return w * h
}
