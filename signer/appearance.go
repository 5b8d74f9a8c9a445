package signer

import (
	"fmt"
	"strings"

	"github.com/segell/segell/internal/pdfio"
)

// Appearance is what a visible signature shows.
type Appearance struct {
	Name       string // signer's name, or the organ for a seal
	Role       string
	Delegation string // "per delegació de …", empty when signing in one's own name
	Date       string // already formatted for people: dd/mm/aaaa hh:mm
	Reason     string
}

func (a Appearance) lines() []string {
	out := []string{"Signat digitalment per:", a.Name}
	if a.Role != "" {
		out = append(out, a.Role)
	}
	if a.Delegation != "" {
		out = append(out, a.Delegation)
	}
	out = append(out, "Data: "+a.Date)
	if a.Reason != "" {
		out = append(out, "Motiu: "+a.Reason)
	}
	return out
}

// appearanceContent draws a framed box of w×h points with the lines of a,
// in Helvetica with WinAnsiEncoding, which holds every Catalan and Spanish
// letter (à è é í ï ò ó ú ü ç l·l ñ). The font size is the largest that fits.
func appearanceContent(a Appearance, w, h float64) string {
	lines := a.lines()
	const pad = 4.0
	size := (h - 2*pad) / (1.2 * float64(len(lines)))
	for _, l := range lines {
		if tw := pdfio.HelveticaWidth(l); tw > 0 {
			size = min(size, (w-2*pad)/tw)
		}
	}
	size = max(min(size, 12), 2)
	var b strings.Builder
	fmt.Fprintf(&b, "q 0.96 0.97 1 rg 0 0 %.2f %.2f re f Q\n", w, h)
	fmt.Fprintf(&b, "q 0.15 0.25 0.55 RG 0.8 w 0.4 0.4 %.2f %.2f re S Q\n", w-0.8, h-0.8)
	lead := size * 1.2
	y := h - pad - size
	fmt.Fprintf(&b, "BT /F1 %.2f Tf 0.1 0.1 0.1 rg %.2f TL %.2f %.2f Td\n", size, lead, pad, y)
	for i, l := range lines {
		if i > 0 {
			b.WriteString("T* ")
		}
		fmt.Fprintf(&b, "(%s) Tj\n", pdfio.EscapeLiteral(pdfio.WinAnsi(l)))
	}
	b.WriteString("ET\n")
	return b.String()
}
