package stamp

import (
	"fmt"
	"strings"

	"github.com/segell/segell/internal/pdfio"
)

// layout places the stamp on a page as the reader sees it (display space,
// w × h points): a header band at the top with the identifiers and the QR
// code, a validation line up the left margin, the Code 128 barcode at the
// bottom. Sizes shrink on pages smaller than A4.
type layout struct {
	w, h                     float64
	k                        float64 // scale of the stamp: 1 on A4 and larger
	top, left, bottom, right float64 // bands the stamp takes
}

func newLayout(w, h float64) layout {
	k := min(1, max(0.55, min(w, h)/595))
	return layout{w: w, h: h, k: k, top: 66 * k, left: 22 * k, bottom: 30 * k, right: 10 * k}
}

// contentTransform scales the page's content, uniformly, into the free
// area, keeping it centred horizontally and against the header.
func (l layout) contentTransform() matrix {
	gap := 4 * l.k
	fw, fh := l.w-l.left-l.right-gap, l.h-l.top-l.bottom-2*gap
	s := min(fw/l.w, fh/l.h)
	tx := l.left + gap + (fw-l.w*s)/2
	ty := l.bottom + gap + (fh - l.h*s)
	return matrix{s, 0, 0, s, tx, ty}
}

// text is one run of a line: a font resource and a string.
type run struct {
	font, text string
}

func (l layout) draw(toUser matrix, h Header, date string, page, pages int, sh shared) string {
	var b strings.Builder
	k := l.k
	fmt.Fprintf(&b, "q %s cm\n", toUser)
	// White bands, so that the stamp stays legible over a full-bleed page.
	fmt.Fprintf(&b, "1 g 0 %.2f %.2f %.2f re f 0 0 %.2f %.2f re f 0 0 %.2f %.2f re f\n",
		l.h-l.top, l.w, l.top, l.left, l.h, l.w, l.bottom)

	qrSize := l.top - 10*k
	qrX := l.w - l.right - qrSize
	fmt.Fprintf(&b, "q %.2f 0 0 %.2f %.2f %.2f cm /SgQR Do Q\n", qrSize, qrSize, qrX, l.h-l.top+5*k)

	x0 := l.left + 4*k
	colW := (qrX - 6*k - x0) / 2
	size := 7 * k
	rows := [][2][]run{
		{{{"SgF2", strings.ToUpper(h.DocumentType)}}, {{"SgF2", "Pàgina " + fmt.Sprint(page) + " de " + fmt.Sprint(pages)}}},
		{{{"SgF2", "Òrgan: "}, {"SgF1", h.Organ}}, {{"SgF2", "Referència: "}, {"SgF1", orDash(h.Reference)}}},
		{{{"SgF2", "CSV: "}, {"SgF1", h.CSV.String()}}, {{"SgF2", "Origen: "}, {"SgF1", h.Origin.Label()}}},
		{{{"SgF2", "Identificador: "}, {"SgF1", h.ENI.String()}}, {{"SgF2", "Data: "}, {"SgF1", date}}},
	}
	if h.Legend != "" {
		rows = append(rows, [2][]run{{{"SgF2", h.Legend}}, nil})
	}
	lead := (l.top - 10*k) / float64(len(rows))
	y := l.h - 5*k - size
	for _, row := range rows {
		for c, runs := range row {
			writeRuns(&b, runs, x0+float64(c)*colW, y, size, colW-4*k)
		}
		y -= lead
	}
	fmt.Fprintf(&b, "0.55 G %.2f w %.2f %.2f m %.2f %.2f l S\n", 0.5*k, x0, l.h-l.top, l.w-l.right, l.h-l.top)

	// The validation line, bottom to top in the left margin.
	line := h.marginLine()
	avail := l.h - l.top - l.bottom - 8*k
	fs := min(6.5*k, avail/max(pdfio.HelveticaWidth(line), 1))
	fmt.Fprintf(&b, "BT /SgF1 %.2f Tf 0.2 g 0 1 -1 0 %.2f %.2f Tm (%s) Tj ET\n", fs, l.left-7*k, l.bottom+4*k, literal(line))

	// The Code 128 barcode of the CSV, with the code printed beside it.
	barW := min(float64(sh.barImg.w)*0.8*k, l.w*0.45)
	barH := 16 * k
	fmt.Fprintf(&b, "q %.2f 0 0 %.2f %.2f %.2f cm /SgBar Do Q\n", barW, barH, x0, 8*k)
	fmt.Fprintf(&b, "BT /SgF1 %.2f Tf 0 g %.2f %.2f Td (%s) Tj ET\n", 6.5*k, x0+barW+6*k, 8*k+barH/2-2*k, literal("CSV "+h.CSV.String()))
	b.WriteString("Q\n")
	return b.String()
}

// writeRuns shows runs on one line from (x, y), cutting the last ones with
// an ellipsis when they would pass maxW.
func writeRuns(b *strings.Builder, runs []run, x, y, size, maxW float64) {
	if len(runs) == 0 {
		return
	}
	fmt.Fprintf(b, "BT 0 g %.2f %.2f Td ", x, y)
	used := 0.0
	for _, r := range runs {
		font := "Helvetica"
		if r.font == "SgF2" {
			font = "Helvetica-Bold"
		}
		text := r.text
		for used+pdfio.TextWidth(font, text)*size > maxW && len([]rune(text)) > 1 {
			rs := []rune(strings.TrimSuffix(text, "…"))
			text = string(rs[:len(rs)-1]) + "…"
		}
		used += pdfio.TextWidth(font, text) * size
		fmt.Fprintf(b, "/%s %.2f Tf (%s) Tj ", r.font, size, literal(text))
	}
	b.WriteString("ET\n")
}

func literal(s string) string { return pdfio.EscapeLiteral(pdfio.WinAnsi(s)) }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
