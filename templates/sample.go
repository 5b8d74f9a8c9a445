// Package templates renders the documents of the padró extraordinari
// workflow as PDF. For now it holds the sample document that `segell demo`
// seals; the protocol's templates follow (issue 3).
package templates

import (
	"bytes"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
)

// Sample renders a one-page sample document dated at date, with the body
// paragraphs given. Core fonts with the cp1252 code page cover Catalan.
func Sample(title string, paragraphs []string, date time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreator("segell", true)
	pdf.SetTitle(title, true)
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	pdf.SetMargins(25, 25, 25)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 11)
	pdf.CellFormat(0, 6, tr("Ajuntament de Lloret de Mar"), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 9)
	pdf.CellFormat(0, 5, tr("Comissió de Padró Extraordinari (COPE)"), "", 1, "L", false, 0, "")
	pdf.Ln(10)
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(0, 7, tr(title), "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 11)
	for _, p := range paragraphs {
		pdf.MultiCell(0, 5.5, tr(p), "", "J", false)
		pdf.Ln(3)
	}
	pdf.Ln(6)
	pdf.CellFormat(0, 6, tr(fmt.Sprintf("Lloret de Mar, %s", date.Format("02/01/2006"))), "", 1, "L", false, 0, "")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("render sample: %w", err)
	}
	return buf.Bytes(), nil
}
