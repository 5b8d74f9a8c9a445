package pdfio

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Field is one node of the interactive form's field tree.
type Field struct {
	Name  string             // fully qualified: the partial names from the root, joined by dots
	Type  string             // /FT, inherited from the parents: "Sig" for signature fields
	Ref   *types.IndirectRef // nil for a direct dictionary
	Dict  types.Dict
	Depth int // 0 for the fields listed in the AcroForm
}

// WalkFields calls fn for every field of the AcroForm, parents before their
// kids, stopping at the first error fn returns. A field listed twice is
// visited once (producers list widgets both as kids and as fields); a
// broken entry is skipped; a tree deeper than MaxDepth or with more than a
// million nodes is refused.
func (f *File) WalkFields(fn func(Field) error) error {
	cat, err := f.Catalog()
	if err != nil {
		return err
	}
	if cat["AcroForm"] == nil {
		return nil
	}
	acro, err := f.Dict(cat["AcroForm"], "AcroForm")
	if err != nil {
		return err
	}
	fields, err := f.Array(acro["Fields"], "AcroForm /Fields")
	if err != nil {
		return err
	}
	seen := map[int]bool{}
	nodes := 0
	var walk func(list types.Array, prefix, ft string, depth int) error
	walk = func(list types.Array, prefix, ft string, depth int) error {
		if depth > MaxDepth {
			return fmt.Errorf("%w: the form field tree is more than %d levels deep", ErrLimit, MaxDepth)
		}
		for _, fr := range list {
			if nodes++; nodes > maxNodes {
				return fmt.Errorf("%w: the form has more than %d fields", ErrLimit, maxNodes)
			}
			var ref *types.IndirectRef
			if r, ok := fr.(types.IndirectRef); ok {
				if seen[r.ObjectNumber.Value()] {
					continue
				}
				seen[r.ObjectNumber.Value()] = true
				ref = &r
			}
			fd, err := f.Dict(fr, "form field")
			if err != nil {
				continue // a broken field is not ours to fix
			}
			field := Field{Name: prefix, Type: ft, Ref: ref, Dict: fd, Depth: depth}
			if t, err := fd.StringOrHexLiteralEntry("T"); err == nil && t != nil {
				if field.Name != "" {
					field.Name += "."
				}
				field.Name += *t
			}
			if n, ok := fd["FT"].(types.Name); ok {
				field.Type = string(n)
			}
			if err := fn(field); err != nil {
				return err
			}
			kids, _ := f.Array(fd["Kids"], "field /Kids")
			if err := walk(kids, field.Name, field.Type, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(fields, "", "", 0)
}
