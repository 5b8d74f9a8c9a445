package pdfio

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/font"
	"golang.org/x/text/encoding/charmap"
)

// HelveticaWidth is the width of s in Helvetica at size 1.
func HelveticaWidth(s string) float64 { return TextWidth("Helvetica", s) }

// TextWidth is the width of s in one of the standard 14 fonts at size 1.
func TextWidth(fontName, s string) float64 {
	total := 0
	for _, r := range s {
		cw, err := font.CharWidth(fontName, r)
		if err != nil || cw == 0 {
			cw = 556
		}
		total += cw
	}
	return float64(total) / 1000
}

// WinAnsi encodes s in WinAnsiEncoding (Windows-1252); what it cannot
// encode becomes "?".
func WinAnsi(s string) string {
	enc := charmap.Windows1252.NewEncoder()
	var b strings.Builder
	for _, r := range s {
		out, err := enc.String(string(r))
		if err != nil {
			out = "?"
		}
		b.WriteString(out)
	}
	return b.String()
}

// EscapeLiteral escapes a byte string for a PDF literal string.
func EscapeLiteral(s string) string { return literalEscaper.Replace(s) }

// literalEscaper is immutable once built; sharing it saves building it per call.
var literalEscaper = strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`, "\r", `\r`, "\n", `\n`)

// Text encodes s as a PDF text string: a literal when it is printable
// ASCII, UTF-16BE with a byte-order mark otherwise.
func Text(s string) string {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return "(" + EscapeLiteral(s) + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// HexUpper writes src into dst as upper-case hexadecimal digits, the form
// readers normalise hexadecimal strings to: a signature's /Contents
// written this way is read back without being rewritten.
func HexUpper(dst, src []byte) {
	const digits = "0123456789ABCDEF"
	for i, c := range src {
		dst[2*i], dst[2*i+1] = digits[c>>4], digits[c&15]
	}
}
