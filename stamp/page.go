package stamp

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/segell/segell/internal/pdfio"
)

// stampPage writes one page's objects: a stream that saves the graphics
// state (and scales the content into the free area), the page's own
// content, a stream that restores the state, the stamp itself, and the page
// dictionary with its merged resources. Annotations move with the content.
func (s *Stamper) stampPage(f *pdfio.File, inc *pdfio.Increment, alloc func() types.IndirectRef, sh shared,
	p pdfio.Page, pages int, h Header, date string, opts Options) error {
	disp, w, hgt := displayMatrix(p.CropBox, p.Rotate)
	if w < 72 || hgt < 72 {
		return fmt.Errorf("%w: %.0f×%.0f points", ErrPageSize, w, hgt)
	}
	l := newLayout(w, hgt)
	content := identity
	if !opts.KeepLayout {
		content = disp.then(l.contentTransform()).then(disp.inverse())
	}

	pre := alloc()
	save := "q\n"
	if content != identity {
		save += content.String() + " cm\n"
	}
	inc.Stream(num(pre), 0, "", []byte(save))
	stampRef := alloc()
	inc.Stream(num(stampRef), 0, "", []byte(l.draw(disp.inverse(), h, date, p.Number, pages, sh)))

	contents := types.Array{pre}
	orig, err := f.Resolve(p.Dict["Contents"])
	if err != nil {
		return err
	}
	switch c := orig.(type) {
	case *pdfio.Stream:
		contents = append(contents, p.Dict["Contents"])
	case types.Array:
		contents = append(contents, c...)
	}
	contents = append(contents, sh.restore, stampRef)

	page := pdfio.CopyDict(p.Dict)
	page["Contents"] = contents
	res, err := mergeResources(f, p.Resources, sh)
	if err != nil {
		return err
	}
	page["Resources"] = res
	if content != identity {
		annots, err := moveAnnotations(f, inc, p.Dict["Annots"], content, sh.moved)
		if err != nil {
			return err
		}
		if annots != nil {
			page["Annots"] = annots
		}
	}
	inc.Object(num(p.Ref), p.Ref.GenerationNumber.Value(), page.PDFString())
	return nil
}

// mergeResources copies the page's resources and adds the stamp's fonts and images.
func mergeResources(f *pdfio.File, res types.Dict, sh shared) (types.Dict, error) {
	out := types.Dict{}
	for k, v := range res {
		out[k] = v
	}
	for _, sub := range []struct {
		key   string
		names map[string]types.IndirectRef
	}{
		{"Font", map[string]types.IndirectRef{"SgF1": sh.font, "SgF2": sh.bold}},
		{"XObject", map[string]types.IndirectRef{"SgQR": sh.qr, "SgBar": sh.bar}},
	} {
		d := types.Dict{}
		if out[sub.key] != nil {
			old, err := f.Dict(out[sub.key], "Resources /"+sub.key)
			if err != nil {
				return nil, err
			}
			for k, v := range old {
				d[k] = v
			}
		}
		for k, v := range sub.names {
			d[k] = v
		}
		out[sub.key] = d
	}
	return out, nil
}

// moveAnnotations applies the content transform to every annotation's
// /Rect, rewriting the annotation objects; it returns the /Annots array to
// put in the page when it held direct annotations, nil otherwise.
func moveAnnotations(f *pdfio.File, inc *pdfio.Increment, raw any, m matrix, moved map[int]bool) (types.Array, error) {
	arr, err := f.Array(raw, "page /Annots")
	if err != nil || len(arr) == 0 {
		return nil, err
	}
	direct := false
	out := make(types.Array, len(arr))
	for i, a := range arr {
		out[i] = a
		ref, isRef := a.(types.IndirectRef)
		if isRef && moved[num(ref)] {
			continue
		}
		d, err := f.Dict(a, "annotation")
		if err != nil {
			continue
		}
		annot := pdfio.CopyDict(d)
		if r := rect(f, d["Rect"]); r != nil {
			x0, y0 := m.apply(r[0], r[1])
			x1, y1 := m.apply(r[2], r[3])
			annot["Rect"] = types.Array{types.Float(min(x0, x1)), types.Float(min(y0, y1)), types.Float(max(x0, x1)), types.Float(max(y0, y1))}
		}
		if isRef {
			moved[num(ref)] = true
			inc.Object(num(ref), ref.GenerationNumber.Value(), annot.PDFString())
		} else {
			direct, out[i] = true, annot
		}
	}
	if direct {
		return out, nil
	}
	return nil, nil
}

func rect(f *pdfio.File, o any) []float64 {
	a, err := f.Array(o, "Rect")
	if err != nil || len(a) != 4 {
		return nil
	}
	r := make([]float64, 4)
	for i, v := range a {
		switch n := v.(type) {
		case types.Integer:
			r[i] = float64(n)
		case types.Float:
			r[i] = float64(n)
		default:
			return nil
		}
	}
	return r
}
