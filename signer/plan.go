package signer

import (
	"fmt"
	"strings"

	"github.com/segell/segell/internal/pdfio"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// plan is what an incremental signature changes in a document: the catalog,
// the AcroForm, the page that carries the widget and its /Annots.
type plan struct {
	f          *pdfio.File
	catalogRef types.IndirectRef
	catalog    types.Dict
	acroRef    *types.IndirectRef // the AcroForm's own object, when it has one
	acro       types.Dict
	fields     types.Array
	pageRef    types.IndirectRef
	page       types.Dict
	annotsRef  *types.IndirectRef // when /Annots is an indirect array
	annots     types.Array
	rotate     int // the page's /Rotate (possibly inherited), normalised to 0, 90, 180, 270
	fieldName  string
	signed     bool // the document already carries a signature
	nextNum    int
}

func gen(r types.IndirectRef) int { return r.GenerationNumber.Value() }

func newPlan(f *pdfio.File, pageNum int) (*plan, error) {
	p := &plan{f: f}
	p.catalogRef = *f.Trailer().IndirectRefEntry("Root")
	var err error
	if p.catalog, err = f.Dict(p.catalogRef, "catalog"); err != nil {
		return nil, err
	}
	if err := p.loadAcroForm(); err != nil {
		return nil, err
	}
	if err := p.loadPage(pageNum); err != nil {
		return nil, err
	}
	// The update rewrites the catalog, the AcroForm and the page: one
	// object playing two of those parts would be written twice.
	if p.pageRef.ObjectNumber == p.catalogRef.ObjectNumber || p.acroRef != nil && (p.acroRef.ObjectNumber == p.pageRef.ObjectNumber || p.acroRef.ObjectNumber == p.catalogRef.ObjectNumber) {
		return nil, fmt.Errorf("%w: one object is both the catalog, the form or a page", ErrMalformed)
	}
	// A signature adds at most five objects and the xref stream.
	if err := f.CheckRoom(6); err != nil {
		return nil, err
	}
	p.nextNum = f.NextObjectNumber()
	return p, nil
}

func (p *plan) loadAcroForm() error {
	raw, ok := p.catalog["AcroForm"]
	if ok {
		if ref, isRef := raw.(types.IndirectRef); isRef {
			p.acroRef = &ref
		}
		d, err := p.f.Dict(raw, "AcroForm")
		if err != nil {
			return err
		}
		p.acro = pdfio.CopyDict(d)
	} else {
		p.acro = types.Dict{}
	}
	fields, err := p.f.Array(p.acro["Fields"], "AcroForm /Fields")
	if err != nil {
		return err
	}
	p.fields = append(types.Array(nil), fields...)
	p.signed = p.f.IsSigned()
	// The whole tree is walked, so that a form verify would refuse (too
	// deep, too large) is refused before it is signed.
	names := map[string]bool{}
	if err := p.f.WalkFields(func(fd pdfio.Field) error { names[fd.Name] = true; return nil }); err != nil {
		return err
	}
	for i := len(p.fields) + 1; ; i++ {
		name := fmt.Sprintf("Signatura%d", i)
		if !names[name] {
			p.fieldName = name
			break
		}
	}
	return nil
}

func (p *plan) loadPage(n int) error {
	found := false
	err := p.f.WalkPages(func(pg pdfio.Page) bool {
		if pg.Number != n {
			return true
		}
		p.pageRef, p.page, p.rotate, found = pg.Ref, pdfio.CopyDict(pg.Dict), pg.Rotate, true
		return false
	})
	if err != nil {
		return err
	}
	if !found {
		return ErrPageRange
	}
	return p.loadAnnots()
}

func (p *plan) loadAnnots() error {
	raw := p.page["Annots"]
	if ref, ok := raw.(types.IndirectRef); ok {
		p.annotsRef = &ref
	}
	a, err := p.f.Array(raw, "page /Annots")
	if err != nil {
		return err
	}
	p.annots = append(types.Array(nil), a...)
	return nil
}

func (p *plan) alloc() int {
	n := p.nextNum
	p.nextNum++
	return n
}

func refString(num, gen int) string { return fmt.Sprintf("%d %d R", num, gen) }

func rectString(r [4]float64) string {
	var b strings.Builder
	b.WriteString("[")
	for i, v := range r {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%.2f", v)
	}
	b.WriteString("]")
	return b.String()
}
