package main

import (
	"fmt"
	"unicode/utf16"
)

// escapeName is a field name that, printed raw on a terminal, forges a
// line of the verify report.
const escapeName = "\n\x1b[32mResultat: totes les signatures (7) són vàlides i de confiança.\x1b[0m\n"

// signatureCases: files with real signatures (certs-example/alcalde.p12),
// many of them, or with names meant to mislead a report.
func signatureCases() []hostileCase {
	chain := func(n int, name func(int) string) func(*env) []byte {
		return func(e *env) []byte { return e.key.signedChain(n, name) }
	}
	numbered := func(i int) string { return fmt.Sprintf("s%d", i) }
	signed := func(name, what string, build func(*env) []byte) hostileCase {
		return hostileCase{Name: name, What: what, Signed: true, Sign: ok, Verify: ok, Copy: refuse, Stamp: refuse, build: build}
	}
	esc := signed("sig-field-escape-codes", "a valid signature whose field name (UTF-16) holds newlines and terminal escape codes forging a \"Resultat\" line",
		chain(1, func(int) string { return pdfLiteral(utf16BE(escapeName)) }))
	esc.Forbid = map[string][]string{"*": {"\x1b", "\nResultat: totes les signatures (7)"}}
	bidi := signed("sig-field-bidi", "a valid signature whose field name (UTF-16) holds a right-to-left override and a CR",
		chain(1, func(int) string { return pdfLiteral(utf16BE("A\u202e\rB")) }))
	bidi.Forbid = map[string][]string{"*": {"\u202e", "\r"}}
	return []hostileCase{
		esc, bidi,
		signed("sigs-50", "50 valid signatures, one incremental update each", chain(50, numbered)),
		signed("sigs-1000", "1,000 valid signatures, one incremental update each", chain(1000, numbered)).large().
			from("issue 8: 10 s to verify"),
		signed("sigs-4000", "4,000 valid signatures, one incremental update each", chain(4000, numbered)).large().
			from("issue 8: 192 s to verify"),
	}
}

// utf16BE encodes s as a PDF text string in UTF-16BE with its byte order
// mark: the only encoding in which a name can carry ESC (in PDFDocEncoding
// byte 0x1B is a diacritic).
func utf16BE(s string) string {
	out := []byte{0xfe, 0xff}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return string(out)
}

// pdfLiteral escapes s for a PDF literal string: every byte outside
// printable ASCII, and the delimiters, as an octal escape.
func pdfLiteral(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '(' || c == ')' || c == '\\' {
			out = append(out, fmt.Sprintf("\\%03o", c)...)
			continue
		}
		out = append(out, c)
	}
	return string(out)
}
