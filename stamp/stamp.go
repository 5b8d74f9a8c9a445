package stamp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/segell/segell/internal/pdfio"
)

// ErrSigned refuses to stamp a signed PDF: new page content would
// invalidate its signatures. Stamping happens before the first signature.
var ErrSigned = errors.New("PDF is already signed: stamping it would invalidate its signatures")

// ErrPageSize refuses a page smaller than an inch in either direction: the
// stamp's header, margin line and barcodes would not fit on it.
var ErrPageSize = errors.New("page too small to stamp")

// Config configures a Stamper.
type Config struct {
	// Location is the time zone of printed dates; Europe/Madrid when nil.
	Location *time.Location
}

// Stamper prints the CSV, the ENI identifier, the validation line and the
// barcodes on every page of a PDF.
type Stamper struct{ loc *time.Location }

// New returns a Stamper.
func New(cfg Config) (*Stamper, error) {
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Europe/Madrid")
		if err != nil {
			return nil, fmt.Errorf("stamp: time zone Europe/Madrid: %w", err)
		}
		cfg.Location = loc
	}
	return &Stamper{loc: cfg.Location}, nil
}

// Options are the choices of one stamping.
type Options struct {
	// KeepLayout leaves the page content where it is, for documents whose
	// producer kept the margins free (segell's templates). Otherwise each
	// page's content is scaled down into the area the stamp leaves free, so
	// that nothing of it is hidden.
	KeepLayout bool
}

// Result describes a stamped document.
type Result struct {
	Pages int
	Size  int64
}

// Stamp reads a PDF from in and writes it to w with an incremental update
// that stamps every page. The original bytes are kept unchanged before it.
func (s *Stamper) Stamp(ctx context.Context, in io.ReadSeeker, w io.Writer, h Header, opts Options) (res *Result, err error) {
	defer pdfio.RecoverMalformed(&err)
	if err := h.Validate(); err != nil {
		return nil, err
	}
	f, err := pdfio.OpenSeeker(in)
	if err != nil {
		return nil, err
	}
	if f.Encrypted() {
		return nil, pdfio.ErrEncrypted // an update would have to be encrypted too
	}
	if err := f.Check(ctx); err != nil {
		return nil, err
	}
	if f.IsSigned() {
		return nil, ErrSigned
	}
	var pages []pdfio.Page
	if err := f.WalkPages(func(p pdfio.Page) bool { pages = append(pages, p); return ctx.Err() == nil }); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%w: the document has no pages", pdfio.ErrMalformed)
	}
	// Five shared objects, two per page and the xref stream.
	if err := f.CheckRoom(6 + 2*len(pages)); err != nil {
		return nil, err
	}
	upd, err := s.build(f, pages, h, opts)
	if err != nil {
		return nil, err
	}
	if err := f.WriteUpdated(w, upd); err != nil {
		return nil, err
	}
	return &Result{Pages: len(pages), Size: f.Size() + int64(len(f.EOLPad())+len(upd))}, nil
}

// shared are the objects every page's stamp uses.
type shared struct {
	font, bold, qr, bar, restore types.IndirectRef
	barImg                       bitImage
	// moved are the annotations already moved with their page's content:
	// one listed twice, or on two pages, is written once.
	moved map[int]bool
}

func (s *Stamper) build(f *pdfio.File, pages []pdfio.Page, h Header, opts Options) ([]byte, error) {
	qr, err := qrImage(h.QRURL())
	if err != nil {
		return nil, err
	}
	bar, err := code128Image(string(h.CSV))
	if err != nil {
		return nil, err
	}
	next := f.NextObjectNumber()
	alloc := func() types.IndirectRef { next++; return *types.NewIndirectRef(next-1, 0) }
	inc := pdfio.NewIncrement(f.Size() + int64(len(f.EOLPad())))
	sh := shared{font: alloc(), bold: alloc(), qr: alloc(), bar: alloc(), restore: alloc(), barImg: bar, moved: map[int]bool{}}
	inc.Object(num(sh.font), 0, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>")
	inc.Object(num(sh.bold), 0, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica-Bold/Encoding/WinAnsiEncoding>>")
	inc.Stream(num(sh.qr), 0, qr.dict(), qr.data)
	inc.Stream(num(sh.bar), 0, bar.dict(), bar.data)
	inc.Stream(num(sh.restore), 0, "", []byte("\nQ\n"))
	date := h.Date.In(s.loc).Format("02/01/2006 15:04")
	for _, p := range pages {
		if err := s.stampPage(f, inc, alloc, sh, p, len(pages), h, date, opts); err != nil {
			return nil, fmt.Errorf("page %d: %w", p.Number, err)
		}
	}
	xref := 0
	if f.XrefIsStream() {
		xref = num(alloc())
	}
	inc.Finish(f.Trailer(), f.StartXref(), f.XrefIsStream(), xref)
	return inc.Bytes(), nil
}

func num(r types.IndirectRef) int { return r.ObjectNumber.Value() }
