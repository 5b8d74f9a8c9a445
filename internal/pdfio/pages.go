package pdfio

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Page is one page with the attributes it inherits from the page tree.
type Page struct {
	Number    int // 1-based
	Ref       types.IndirectRef
	Dict      types.Dict
	MediaBox  [4]float64
	CropBox   [4]float64 // the MediaBox when the page has none
	Rotate    int        // 0, 90, 180 or 270
	Resources types.Dict // resolved, possibly inherited; nil when absent
}

// Catalog is the document catalog of this revision.
func (f *File) Catalog() (types.Dict, error) {
	root := f.Trailer().IndirectRefEntry("Root")
	if root == nil {
		return nil, fmt.Errorf("%w: trailer has no /Root", ErrBrokenXref)
	}
	return f.Dict(*root, "catalog")
}

// WalkPages calls fn for each page in order until fn returns false. A page
// tree that lists a node twice (a page shown twice, or a loop) is refused:
// stamping would number the same page twice, copying would multiply it.
func (f *File) WalkPages(fn func(Page) bool) error {
	cat, err := f.Catalog()
	if err != nil {
		return err
	}
	n, nodes := 0, 0
	seen := map[int]bool{}
	var walk func(node any, inh Page, depth int) (bool, error)
	walk = func(node any, inh Page, depth int) (bool, error) {
		if depth > MaxDepth {
			return false, fmt.Errorf("%w: the page tree is more than %d levels deep", ErrLimit, MaxDepth)
		}
		if nodes++; nodes > maxNodes {
			return false, fmt.Errorf("%w: the page tree has more than %d nodes", ErrLimit, maxNodes)
		}
		if ref, ok := node.(types.IndirectRef); ok {
			num := ref.ObjectNumber.Value()
			if seen[num] {
				return false, fmt.Errorf("%w: the page tree lists object %d twice", ErrMalformed, num)
			}
			seen[num] = true
		}
		d, err := f.Dict(node, "page tree node")
		if err != nil {
			return false, err
		}
		if err := f.inherit(d, &inh); err != nil {
			return false, err
		}
		kids, err := f.Array(d["Kids"], "page tree /Kids")
		if err != nil {
			return false, err
		}
		if d["Kids"] == nil {
			ref, ok := node.(types.IndirectRef)
			if !ok {
				return false, fmt.Errorf("%w: page is not an indirect object", ErrMalformed)
			}
			if t, ok := d["Type"].(types.Name); ok && t != "Page" {
				return false, fmt.Errorf("%w: the page tree lists object %d, a /%s, as a page", ErrMalformed, ref.ObjectNumber.Value(), t)
			}
			n++
			p := inh
			p.Number, p.Ref, p.Dict = n, ref, d
			if p.CropBox == ([4]float64{}) {
				p.CropBox = p.MediaBox
			}
			return fn(p), nil
		}
		for _, kid := range kids {
			more, err := walk(kid, inh, depth+1)
			if err != nil || !more {
				return more, err
			}
		}
		return true, nil
	}
	_, err = walk(cat["Pages"], Page{MediaBox: [4]float64{0, 0, 612, 792}}, 0)
	return err
}

// inherit applies the inheritable attributes of a page tree node.
func (f *File) inherit(d types.Dict, p *Page) error {
	if r, ok := f.Integer(d["Rotate"]); ok {
		p.Rotate = int(((r%360)+360)%360) / 90 * 90
	}
	if b, ok := f.box(d["MediaBox"]); ok {
		p.MediaBox = b
	}
	if b, ok := f.box(d["CropBox"]); ok {
		p.CropBox = b
	}
	if d["Resources"] != nil {
		res, err := f.Dict(d["Resources"], "Resources")
		if err != nil {
			return err
		}
		p.Resources = res
	}
	return nil
}

// box reads a rectangle, normalised so that the first corner is the lower left.
func (f *File) box(o any) ([4]float64, bool) {
	a, err := f.Array(o, "rectangle")
	if err != nil || len(a) != 4 {
		return [4]float64{}, false
	}
	var b [4]float64
	for i, v := range a {
		r, err := f.Resolve(v)
		if err != nil {
			return b, false
		}
		switch n := r.(type) {
		case types.Integer:
			b[i] = float64(n)
		case types.Float:
			b[i] = float64(n)
		default:
			return b, false
		}
	}
	return [4]float64{min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3])}, true
}
