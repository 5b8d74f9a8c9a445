// Package stamp makes the identifiers printed on every document — the CSV
// (Codi Segur de Verificació) and the ENI identifier — and stamps them on
// every page of a PDF with the validation line and the barcodes.
package stamp

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
)

// CSVAlphabet has 31 symbols: digits and capital letters without the
// look-alikes 0, 1, I, L and O. Thirty-one is prime, which is what makes
// the check character catch every single error and every swap of neighbours.
const CSVAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

const (
	csvDataLen = 21 // 21 × log2(31) ≈ 104 random bits
	csvLen     = csvDataLen + 1
	csvGroup   = 4
)

// Errors of ParseCSV; each says what is wrong before any lookup.
var (
	ErrCSVLength = errors.New("CSV has the wrong length")
	ErrCSVChar   = errors.New("CSV has a character that is not in its alphabet")
	ErrCSVCheck  = errors.New("CSV check character does not match (a character is wrong or two are swapped)")
)

// CSV is a normalised verification code: 22 symbols of CSVAlphabet, the
// last one a check character. String prints it in groups of four.
type CSV string

// NewCSV draws a fresh code from random (crypto/rand when nil).
func NewCSV(random io.Reader) (CSV, error) {
	if random == nil {
		random = rand.Reader
	}
	var vals [csvDataLen]int
	buf := make([]byte, 32)
	for n := 0; n < csvDataLen; {
		if _, err := io.ReadFull(random, buf); err != nil {
			return "", fmt.Errorf("CSV: %w", err)
		}
		for _, b := range buf {
			// Rejection sampling: 248 = 8 × 31 keeps every symbol equally likely.
			if b < 248 && n < csvDataLen {
				vals[n] = int(b) % 31
				n++
			}
		}
	}
	var s strings.Builder
	for _, v := range vals {
		s.WriteByte(CSVAlphabet[v])
	}
	s.WriteByte(CSVAlphabet[checkValue(vals[:])])
	return CSV(s.String()), nil
}

// checkValue makes Σ (i+2)·v[i] + check ≡ 0 (mod 31). The weights 2…22 are
// distinct and non-zero modulo the prime 31, so one changed symbol or two
// swapped neighbours always change the sum.
func checkValue(vals []int) int {
	sum := 0
	for i, v := range vals {
		sum += (i + 2) * v
	}
	return (31 - sum%31) % 31
}

// ParseCSV reads a code as a person typed it: case-insensitive, hyphens and
// spaces ignored. It reports a bad length, a bad character or a failed check.
// Case is folded in ASCII only: Unicode would read the long s "ſ" as S,
// the dotless "ı" as I and the Kelvin sign as K, so that codes no one
// issued would verify.
func ParseCSV(s string) (CSV, error) {
	var norm strings.Builder
	for _, r := range s {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r < 128 && strings.ContainsRune(CSVAlphabet, r):
			norm.WriteRune(r)
		default:
			return "", fmt.Errorf("%w: %q", ErrCSVChar, r)
		}
	}
	code := norm.String()
	if len(code) != csvLen {
		return "", fmt.Errorf("%w: %d symbols, want %d", ErrCSVLength, len(code), csvLen)
	}
	vals := make([]int, csvDataLen)
	for i := range vals {
		vals[i] = strings.IndexByte(CSVAlphabet, code[i])
	}
	if CSVAlphabet[checkValue(vals)] != code[csvDataLen] {
		return "", ErrCSVCheck
	}
	return CSV(code), nil
}

// String prints the code in groups of four: 7KQ2-M9XD-4TWR-HB6P-C3FN-QA.
func (c CSV) String() string {
	var b strings.Builder
	for i := 0; i < len(c); i++ {
		if i > 0 && i%csvGroup == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c[i])
	}
	return b.String()
}
