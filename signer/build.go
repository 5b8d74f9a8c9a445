package signer

import (
	"bytes"
	"fmt"
	"github.com/segell/segell/internal/pdfio"
	"strings"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// builtUpdate is an incremental update whose /Contents hole lies at
// data[lt] ('<') … data[gt] ('>'), filled with zeros.
type builtUpdate struct {
	data   []byte
	lt, gt int
}

const byteRangeWidth = 10 // digits reserved for each /ByteRange number

// buildUpdate writes the objects of one signature: the signature dictionary,
// the widget (with an appearance when visible), the AcroForm, the page (or its
// /Annots array), the catalog when it must change, and the xref section.
func (s *Signer) buildUpdate(p *plan, base int64, contentsLen int, now time.Time, opts Options) (*builtUpdate, error) {
	next := p.nextNum
	defer func() { p.nextNum = next }()
	inc := pdfio.NewIncrement(base)

	sigNum, widgetNum := p.alloc(), p.alloc()
	sigRef := refString(sigNum, 0)

	// The signature dictionary goes first, so its hole is easy to find.
	var sd strings.Builder
	sd.WriteString("<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached")
	sd.WriteString("/ByteRange[0 " + strings.Repeat(" ", 3*byteRangeWidth+2) + "]")
	sd.WriteString("/Contents<" + strings.Repeat("0", contentsLen) + ">")
	sd.WriteString("/M" + pdfio.Text(pdfDate(now)))
	if opts.Reason != "" {
		sd.WriteString("/Reason" + pdfio.Text(opts.Reason))
	}
	if opts.Location != "" {
		sd.WriteString("/Location" + pdfio.Text(opts.Location))
	}
	sd.WriteString("/Prop_Build<</App<</Name/segell>>>>")
	if opts.Certify {
		sd.WriteString("/Reference[<</Type/SigRef/TransformMethod/DocMDP/TransformParams<</Type/TransformParams/P 2/V/1.2>>/DigestMethod/SHA256>>]")
	}
	sd.WriteString(">>")
	inc.Object(sigNum, 0, sd.String())

	widget := fmt.Sprintf("<</Type/Annot/Subtype/Widget/FT/Sig/T%s/V %s/P %s/F 132",
		pdfio.Text(p.fieldName), sigRef, refString(p.pageRef.ObjectNumber.Value(), gen(p.pageRef)))
	if v := opts.Visible; v != nil {
		apNum := p.alloc()
		widget += "/Rect" + rectString([4]float64{v.X, v.Y, v.X + v.W, v.Y + v.H}) + "/AP<</N " + refString(apNum, 0) + ">>>>"
		inc.Object(widgetNum, 0, widget)
		a := defaultAppearance(s.cfg.Key)
		if opts.Appearance != nil {
			a = *opts.Appearance
		}
		a.Date = now.Format("02/01/2006 15:04")
		a.Reason = opts.Reason
		// On a rotated page the appearance is drawn in the page's displayed
		// orientation and turned back by /Matrix, so that it reads upright.
		w, h, matrix := v.W, v.H, ""
		switch p.rotate {
		case 90:
			w, h, matrix = v.H, v.W, "/Matrix[0 1 -1 0 0 0]"
		case 180:
			matrix = "/Matrix[-1 0 0 -1 0 0]"
		case 270:
			w, h, matrix = v.H, v.W, "/Matrix[0 -1 1 0 0 0]"
		}
		content := appearanceContent(a, w, h)
		inc.Stream(apNum, 0, fmt.Sprintf("/Type/XObject/Subtype/Form/BBox[0 0 %.2f %.2f]%s/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>>>>>", w, h, matrix), []byte(content))
	} else {
		inc.Object(widgetNum, 0, widget+"/Rect[0 0 0 0]>>")
	}
	widgetRef := *types.NewIndirectRef(widgetNum, 0)

	// AcroForm: our field added, SigFlags SignaturesExist|AppendOnly.
	acro := pdfio.CopyDict(p.acro)
	acro["Fields"] = append(append(types.Array(nil), p.fields...), widgetRef)
	flags, _ := p.f.Integer(acro["SigFlags"])
	acro["SigFlags"] = types.Integer(flags | 3)
	acroNum, acroGen := 0, 0
	if p.acroRef != nil {
		acroNum, acroGen = p.acroRef.ObjectNumber.Value(), gen(*p.acroRef)
	} else {
		acroNum = p.alloc()
	}
	inc.Object(acroNum, acroGen, acro.PDFString())

	if p.acroRef == nil || opts.Certify {
		cat := pdfio.CopyDict(p.catalog)
		cat["AcroForm"] = *types.NewIndirectRef(acroNum, acroGen)
		if opts.Certify {
			perms := types.Dict{}
			if old, err := p.f.Dict(cat["Perms"], "Perms"); err == nil {
				perms = pdfio.CopyDict(old)
			}
			perms["DocMDP"] = *types.NewIndirectRef(sigNum, 0)
			cat["Perms"] = perms
		}
		inc.Object(p.catalogRef.ObjectNumber.Value(), gen(p.catalogRef), cat.PDFString())
	}

	annots := append(append(types.Array(nil), p.annots...), widgetRef)
	if p.annotsRef != nil {
		inc.Object(p.annotsRef.ObjectNumber.Value(), gen(*p.annotsRef), annots.PDFString())
	} else {
		page := pdfio.CopyDict(p.page)
		page["Annots"] = annots
		inc.Object(p.pageRef.ObjectNumber.Value(), gen(p.pageRef), page.PDFString())
	}

	xrefNum := 0
	if p.f.XrefIsStream() {
		xrefNum = p.alloc()
	}
	inc.Finish(p.f.Trailer(), p.f.StartXref(), p.f.XrefIsStream(), xrefNum)

	data := inc.Bytes()
	lt := bytes.Index(data, []byte("/Contents<")) + len("/Contents")
	gt := lt + 1 + contentsLen
	total := base + int64(len(data))
	br := fmt.Sprintf("%d %d %d", base+int64(lt), base+int64(gt)+1, total-(base+int64(gt)+1))
	brAt := bytes.Index(data, []byte("/ByteRange[0 ")) + len("/ByteRange[0 ")
	if len(br) > 3*byteRangeWidth+2 {
		return nil, fmt.Errorf("signer: file too large for /ByteRange")
	}
	copy(data[brAt:], br)
	return &builtUpdate{data: data, lt: lt, gt: gt}, nil
}
