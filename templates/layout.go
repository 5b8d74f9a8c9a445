package templates

import (
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/encoding/charmap"
)

// Page geometry in millimetres. The stamp takes the top 24 mm, a left strip
// of 8 mm and the bottom 11 mm (package stamp); these margins keep clear of it.
const (
	pageW, pageH    = 210.0, 297.0
	marginLeft      = 25.0
	marginRight     = 20.0
	letterheadTop   = 27.0
	bodyTop         = 42.0
	marginBottom    = 24.0
	textSize        = 10.5
	lineHeight      = 5.2
	mmToPt          = 72 / 25.4
	signatureBoxW   = 78.0
	signatureBoxH   = 30.0
	signatureBoxGap = 8.0
)

// doc is a document being rendered with the house layout.
type doc struct {
	pdf     *fpdf.Fpdf
	face    *typeface
	fonts   map[string]bool // the styles registered with pdf so far
	wide    bool            // UTF-8 fonts; otherwise Windows-1252 ones (see typeface)
	outside bool            // a text needed more than Windows-1252: render again wide
	council Council
	slots   []SignatureSlot
}

func newDoc(c Council, title string, now time.Time, wide bool) (*doc, error) {
	face, err := loadTypeface()
	if err != nil {
		return nil, err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	d := &doc{pdf: pdf, face: face, fonts: map[string]bool{}, wide: wide, council: c}
	pdf.SetCreator("segell", true)
	pdf.SetAuthor(c.Name, true)
	pdf.SetTitle(title, true)
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetMargins(marginLeft, bodyTop, marginRight)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetHeaderFuncMode(func() {
		pdf.SetY(letterheadTop)
		d.font("B", 11)
		pdf.CellFormat(0, 5, d.tr(c.Name), "", 1, "L", false, 0, "")
		d.font("", 8)
		pdf.SetTextColor(70, 70, 70)
		pdf.CellFormat(0, 4, d.tr(c.Address), "", 1, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		pdf.SetDrawColor(150, 150, 150)
		pdf.Line(marginLeft, bodyTop-3, pageW-marginRight, bodyTop-3)
		pdf.SetY(bodyTop)
	}, true)
	pdf.AddPage()
	return d, nil
}

func (d *doc) font(style string, size float64) {
	d.face.use(d.pdf, d.fonts, style, d.wide)
	d.pdf.SetFont(fontFamily, style, size)
}

// tr returns s as it is printed, or "" after making the document's error
// the first character the fonts cannot print (see glyphs.go).
// On the Windows-1252 path, text outside it marks the document for a
// second rendering with the UTF-8 fonts.
func (d *doc) tr(s string) string {
	out, err := printable(s)
	if err != nil {
		d.pdf.SetError(err)
		return out
	}
	if d.wide {
		return out
	}
	narrow, err := charmap.Windows1252.NewEncoder().String(out)
	if err != nil {
		d.outside = true
		return ""
	}
	return narrow
}

// lines is how many lines s takes in a cell w wide, in the current font.
func (d *doc) lines(s string, w float64) int {
	if d.wide {
		return len(d.pdf.SplitText(s, w))
	}
	return len(d.pdf.SplitLines([]byte(s), w))
}

// title prints the document's title, centred, in capitals.
func (d *doc) title(lines ...string) {
	d.font("B", 13)
	for _, l := range lines {
		d.pdf.MultiCell(0, 6.5, d.tr(l), "", "C", false)
	}
	d.pdf.Ln(4)
}

// heading starts a section.
func (d *doc) heading(s string) {
	d.pdf.Ln(2)
	if d.pdf.GetY() > pageH-marginBottom-20 {
		d.pdf.AddPage()
	}
	d.font("B", textSize+0.5)
	d.pdf.MultiCell(0, lineHeight+0.6, d.tr(s), "", "L", false)
	d.pdf.Ln(1)
}

// para prints a justified paragraph.
func (d *doc) para(s string) {
	d.font("", textSize)
	d.pdf.MultiCell(0, lineHeight, d.tr(s), "", "J", false)
	d.pdf.Ln(1.8)
}

// paraf is para with fmt.Sprintf.
func (d *doc) paraf(format string, a ...any) { d.para(fmt.Sprintf(format, a...)) }

// field prints "Label: value", the label in bold.
func (d *doc) field(label, value string) {
	d.font("B", textSize)
	w := d.pdf.GetStringWidth(d.tr(label+": ")) + 1
	d.pdf.CellFormat(w, lineHeight, d.tr(label+": "), "", 0, "L", false, 0, "")
	d.font("", textSize)
	d.pdf.MultiCell(0, lineHeight, d.tr(value), "", "L", false)
}

// items prints a list; numbered lists start at 1.
func (d *doc) items(list []string, numbered bool) {
	d.font("", textSize)
	for i, it := range list {
		mark := "–"
		if numbered {
			mark = fmt.Sprintf("%d.", i+1)
		}
		d.pdf.CellFormat(8, lineHeight, d.tr(mark), "", 0, "R", false, 0, "")
		d.pdf.SetX(marginLeft + 10)
		d.pdf.MultiCell(0, lineHeight, d.tr(it), "", "J", false)
	}
	d.pdf.Ln(1.8)
}

// table prints a table with a header row; columns take widths (mm) and
// rows wrap their cells, breaking pages between rows.
func (d *doc) table(headers []string, widths []float64, rows [][]string) {
	row := func(cells []string, style string, fill bool) {
		d.font(style, textSize-1)
		h := 0.0
		for i, c := range cells {
			h = max(h, float64(d.lines(d.tr(c), widths[i]-2))*4.6+1.6)
		}
		if d.pdf.GetY()+h > pageH-marginBottom {
			d.pdf.AddPage()
		}
		x, y := d.pdf.GetX(), d.pdf.GetY()
		for i, c := range cells {
			d.pdf.Rect(x, y, widths[i], h, map[bool]string{true: "FD", false: "D"}[fill])
			d.pdf.SetXY(x+1, y+0.8)
			d.pdf.MultiCell(widths[i]-2, 4.6, d.tr(c), "", "L", false)
			x += widths[i]
		}
		d.pdf.SetXY(marginLeft, y+h)
	}
	d.pdf.SetFillColor(235, 238, 245)
	d.pdf.SetDrawColor(160, 160, 160)
	row(headers, "B", true)
	for _, r := range rows {
		row(r, "", false)
	}
	d.pdf.Ln(3)
}

// Signer is a person whose signature a document waits for.
type Signer struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// signatureBoxes draws a box per signer, two to a row, and records where
// each one is so that a visible signature can be placed in it.
func (d *doc) signatureBoxes(signers []Signer) {
	d.pdf.Ln(4)
	for i, s := range signers {
		col := i % 2
		if col == 0 && d.pdf.GetY()+signatureBoxH+10 > pageH-marginBottom {
			d.pdf.AddPage()
		}
		x := marginLeft + float64(col)*(signatureBoxW+signatureBoxGap)
		y := d.pdf.GetY()
		d.font("B", textSize-1)
		d.pdf.SetXY(x, y)
		d.pdf.CellFormat(signatureBoxW, 4.5, d.tr(s.Role), "", 2, "L", false, 0, "")
		d.font("", textSize-1)
		d.pdf.CellFormat(signatureBoxW, 4.5, d.tr(s.Name), "", 2, "L", false, 0, "")
		boxY := y + 10
		d.pdf.SetDrawColor(190, 190, 190)
		d.pdf.SetDashPattern([]float64{1, 1}, 0)
		d.pdf.Rect(x, boxY, signatureBoxW, signatureBoxH, "D")
		d.pdf.SetDashPattern(nil, 0)
		d.slots = append(d.slots, SignatureSlot{
			Role: s.Role, Name: s.Name, Page: d.pdf.PageNo(),
			X: x * mmToPt, Y: (pageH - boxY - signatureBoxH) * mmToPt, W: signatureBoxW * mmToPt, H: signatureBoxH * mmToPt,
		})
		if col == 1 || i == len(signers)-1 {
			d.pdf.SetXY(marginLeft, boxY+signatureBoxH+5)
		} else {
			d.pdf.SetXY(marginLeft, y)
		}
	}
}

// placeAndDate prints "Lloret de Mar, 22 de novembre de 2026".
func (d *doc) placeAndDate(date Date) {
	d.pdf.Ln(2)
	d.para(fmt.Sprintf("%s, %s", d.council.Town, date.Long()))
}
