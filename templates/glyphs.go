package templates

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ErrUnprintable is wrapped by the error for text holding a character the
// document fonts have no glyph for. Such text is refused rather than printed
// as dots or question marks: a name must come out as written or not at all.
var ErrUnprintable = errors.New("character the document fonts cannot print")

// UnprintableError names the first character of a text that the document
// fonts cannot print. It wraps ErrUnprintable.
type UnprintableError struct {
	Rune rune
	// Text is the text the character was found in, shortened around it
	// when long.
	Text string
}

func (e *UnprintableError) Error() string {
	return fmt.Sprintf("%q (U+%04X) in %q: %v", e.Rune, e.Rune, e.Text, ErrUnprintable)
}

// Unwrap lets errors.Is find ErrUnprintable.
func (e *UnprintableError) Unwrap() error { return ErrUnprintable }

// glyphSet is a set of characters of the Basic Multilingual Plane, one bit
// each; the fonts have nothing beyond it.
type glyphSet [0x10000 / 64]uint64

func (g *glyphSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && g[r/64]&(1<<(r%64)) != 0
}

func (g *glyphSet) add(r rune) { g[r/64] |= 1 << (r % 64) }

// printable returns s as the documents print it, or an *UnprintableError
// naming the first character the fonts cannot print. Validation can call it
// too, to name the field: fmt.Errorf("%s: %w", field, err).
func printable(s string) (string, error) {
	face, err := loadTypeface()
	if err != nil {
		return "", err
	}
	return face.glyphs.printable(s)
}

// printable returns s as it is printed (composed, NFC, so that a letter
// typed as a base and a combining accent finds its glyph) or the error
// naming the first character the fonts cannot print. A newline is a line
// break, not a glyph.
func (g *glyphSet) printable(s string) (string, error) {
	s = norm.NFC.String(s)
	for i, r := range s {
		if r != '\n' && !g.has(r) {
			return "", &UnprintableError{Rune: r, Text: excerpt(s, i)}
		}
	}
	return s, nil
}

// excerpt returns up to 30 characters either side of the byte offset at.
func excerpt(s string, at int) string {
	const around = 30
	start, end := at, at
	for n := 0; n < around && start > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
	}
	for n := 0; n <= around && end < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	out := s[start:end]
	if start > 0 {
		out = "…" + out
	}
	if end < len(s) {
		out += "…"
	}
	return out
}

// cmapGlyphs returns the characters a TrueType font maps to a glyph in its
// Unicode BMP cmap (format 4, the one go-pdf/fpdf reads), leaving out
// combining marks, which fpdf cannot place over a letter, and format
// characters such as the soft hyphen, which it would print as a hyphen.
func cmapGlyphs(ttf []byte) (*glyphSet, error) {
	u16 := func(b []byte, off int) (int, bool) {
		if off < 0 || off+2 > len(b) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(b[off:])), true
	}
	u32 := func(b []byte, off int) (int, bool) {
		if off < 0 || off+4 > len(b) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(b[off:])), true
	}
	errMalformed := errors.New("malformed cmap")
	var cmap []byte
	n, _ := u16(ttf, 4)
	for i := range n {
		rec := 12 + 16*i
		off, ok1 := u32(ttf, rec+8)
		size, ok2 := u32(ttf, rec+12)
		if ok1 && ok2 && rec+4 <= len(ttf) && string(ttf[rec:rec+4]) == "cmap" && off+size <= len(ttf) {
			cmap = ttf[off : off+size]
		}
	}
	var sub []byte
	n, _ = u16(cmap, 2)
	for i := range n {
		platform, _ := u16(cmap, 4+8*i)
		encoding, _ := u16(cmap, 6+8*i)
		off, ok := u32(cmap, 8+8*i)
		format, _ := u16(cmap, off)
		if ok && format == 4 && (platform == 3 && encoding == 1 || platform == 0) {
			sub = cmap[off:]
			break
		}
	}
	if sub == nil {
		return nil, errors.New("no Unicode cmap of format 4")
	}
	segs, _ := u16(sub, 6)
	segs /= 2
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	var g glyphSet
	for s := range segs {
		end, ok1 := u16(sub, ends+2*s)
		start, ok2 := u16(sub, starts+2*s)
		delta, ok3 := u16(sub, deltas+2*s)
		rangeOff, ok4 := u16(sub, ranges+2*s)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, errMalformed
		}
		for c := start; c <= end && c < 0xFFFF; c++ {
			glyph := (c + delta) & 0xFFFF
			if rangeOff != 0 {
				id, ok := u16(sub, ranges+2*s+rangeOff+2*(c-start))
				if !ok {
					return nil, errMalformed
				}
				glyph = 0
				if id != 0 {
					glyph = (id + delta) & 0xFFFF
				}
			}
			if r := rune(c); glyph != 0 && !unicode.In(r, unicode.Mn, unicode.Me, unicode.Cc, unicode.Cf) {
				g.add(r)
			}
		}
	}
	return &g, nil
}
