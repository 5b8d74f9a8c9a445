package pdfio

import (
	"bytes"
	"fmt"
	"strconv"
)

// tokKind is the kind of a lexical token of PDF syntax.
type tokKind int

const (
	tokEOF tokKind = iota
	tokInt
	tokReal
	tokName
	tokString
	tokHex
	tokArrayOpen
	tokArrayClose
	tokDictOpen
	tokDictClose
	tokWord // a keyword: true, false, null, R, obj, stream, or an operator in content
	tokJunk // what a lenient lexer skips: a stray delimiter, a hex string with a wrong digit
)

// lexer reads the tokens of strict PDF syntax (ISO 32000-1, 7.2 and 7.3),
// reporting what a careful reader such as qpdf would warn about.
type lexer struct {
	b []byte
	i int
	// lenient turns what a strict reader reports into tokJunk, as readers
	// of real-world files do; names with a bad escape are kept undecoded.
	lenient bool
}

func (l *lexer) skipSpace() {
	for l.i < len(l.b) {
		c := l.b[l.i]
		switch {
		case isSpace(c):
			l.i++
		case c == '%':
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
		default:
			return
		}
	}
}

// next returns the next token; words that look like numbers but are not
// ("1.2.3", "1e5") come back as words for the caller to judge.
func (l *lexer) next() (tokKind, []byte, error) {
	l.skipSpace()
	if l.i >= len(l.b) {
		return tokEOF, nil, nil
	}
	start := l.i
	c := l.b[l.i]
	switch c {
	case '[':
		l.i++
		return tokArrayOpen, nil, nil
	case ']':
		l.i++
		return tokArrayClose, nil, nil
	case '<':
		if l.i+1 < len(l.b) && l.b[l.i+1] == '<' {
			l.i += 2
			return tokDictOpen, nil, nil
		}
		end := bytes.IndexByte(l.b[l.i:], '>')
		if end < 0 {
			return 0, nil, fmt.Errorf("a hexadecimal string is not closed")
		}
		for _, h := range l.b[l.i+1 : l.i+end] {
			if !hexOrSpace[h] {
				if l.lenient {
					l.i += end + 1
					return tokJunk, nil, nil
				}
				return 0, nil, fmt.Errorf("a hexadecimal string holds %q", h)
			}
		}
		l.i += end + 1
		return tokHex, l.b[start:l.i], nil
	case '>':
		if l.i+1 < len(l.b) && l.b[l.i+1] == '>' {
			l.i += 2
			return tokDictClose, nil, nil
		}
		if l.lenient {
			l.i++
			return tokJunk, nil, nil
		}
		return 0, nil, fmt.Errorf("a stray '>'")
	case '(':
		end, ok := stringEnd(l.b, l.i)
		if !ok {
			return 0, nil, fmt.Errorf("a string is not closed")
		}
		l.i = end
		return tokString, l.b[start:l.i], nil
	case ')', '{', '}':
		if l.lenient {
			l.i++
			return tokJunk, nil, nil
		}
		return 0, nil, fmt.Errorf("a stray %q", c)
	case '/':
		l.i++
		for l.i < len(l.b) && !isSpace(l.b[l.i]) && !isDelimiter(l.b[l.i]) {
			l.i++
		}
		name := l.b[start+1 : l.i]
		if l.lenient {
			return tokName, name, nil
		}
		for k := 0; k < len(name); k++ {
			if name[k] == '#' && (k+2 >= len(name) || !isHexDigit(name[k+1]) || !isHexDigit(name[k+2])) {
				return 0, nil, fmt.Errorf("the name /%s has a '#' without two hexadecimal digits", name)
			}
		}
		if bytes.IndexByte(name, 0) >= 0 {
			return 0, nil, fmt.Errorf("a name holds a null character")
		}
		return tokName, name, nil
	}
	for l.i < len(l.b) && !isSpace(l.b[l.i]) && !isDelimiter(l.b[l.i]) {
		l.i++
	}
	word := l.b[start:l.i]
	switch numberKind(word) {
	case tokInt:
		if _, err := strconv.ParseInt(string(word), 10, 64); err != nil {
			return 0, nil, fmt.Errorf("the number %.40s is too large", word)
		}
		return tokInt, word, nil
	case tokReal:
		return tokReal, word, nil
	}
	return tokWord, word, nil
}

// numberKind tells whether a word is an integer, a real (7.3.3: digits
// with at most one point, an optional leading sign), or neither.
func numberKind(w []byte) tokKind {
	i := 0
	if len(w) > 0 && (w[0] == '+' || w[0] == '-') {
		i++
	}
	digits, points := 0, 0
	for ; i < len(w); i++ {
		switch {
		case w[i] >= '0' && w[i] <= '9':
			digits++
		case w[i] == '.':
			points++
		default:
			return tokWord
		}
	}
	switch {
	case digits == 0 || points > 1:
		return tokWord
	case points == 1:
		return tokReal
	}
	return tokInt
}

// hexOrSpace tells the bytes a hexadecimal string may hold.
var hexOrSpace = func() (t [256]bool) {
	for _, c := range []byte("0123456789abcdefABCDEF \n\r\t\f\x00") {
		t[c] = true
	}
	return t
}()

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// checkValue reads one value of an object body strictly: what pdfcpu's
// relaxed parser would skip or turn into 0 (an unknown word, a dictionary
// key that is not a name, an integer beyond 64 bits) is an error.
func (l *lexer) checkValue(depth int) error {
	if depth > maxNesting {
		return fmt.Errorf("%w: arrays and dictionaries nested more than %d deep", ErrLimit, maxNesting)
	}
	k, tok, err := l.next()
	if err != nil {
		return err
	}
	switch k {
	case tokInt:
		save := l.i
		if k2, _, _ := l.next(); k2 == tokInt {
			if k3, w, _ := l.next(); k3 == tokWord && string(w) == "R" {
				return nil
			}
		}
		l.i = save
		return nil
	case tokReal, tokName, tokString, tokHex:
		return nil
	case tokWord:
		switch string(tok) {
		case "true", "false", "null":
			return nil
		}
		return fmt.Errorf("unknown word %.40q", tok)
	case tokArrayOpen:
		for {
			save := l.i
			if k, _, err := l.next(); err != nil {
				return err
			} else if k == tokArrayClose {
				return nil
			} else if k == tokEOF {
				return fmt.Errorf("an array is not closed")
			}
			l.i = save
			if err := l.checkValue(depth + 1); err != nil {
				return err
			}
		}
	case tokDictOpen:
		for {
			k, tok, err := l.next()
			switch {
			case err != nil:
				return err
			case k == tokDictClose:
				return nil
			case k == tokEOF:
				return fmt.Errorf("a dictionary is not closed")
			case k != tokName:
				return fmt.Errorf("a dictionary key is %.40q, not a name", tok)
			}
			if err := l.checkValue(depth + 1); err != nil {
				return err
			}
		}
	case tokEOF:
		return fmt.Errorf("a value is missing")
	}
	return fmt.Errorf("unexpected %q", l.b[max(0, l.i-1):l.i])
}

// checkContent reads a content stream's tokens: operators are words, and
// inline images carry binary data between ID and EI.
func checkContent(b []byte) error {
	l := &lexer{b: b}
	depth := 0
	for {
		k, tok, err := l.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			return nil
		case tokArrayOpen, tokDictOpen:
			if depth++; depth > maxNesting {
				return fmt.Errorf("%w: content nested more than %d deep", ErrLimit, maxNesting)
			}
		case tokArrayClose, tokDictClose:
			depth--
		case tokWord:
			if string(tok) == "ID" {
				end := inlineImageEnd(b, l.i)
				if end < 0 {
					return fmt.Errorf("an inline image has no EI")
				}
				l.i = end
			}
		}
	}
}

// inlineImageEnd finds the EI that ends an inline image's data: a word of
// its own, after white space.
func inlineImageEnd(b []byte, i int) int {
	for {
		j := bytes.Index(b[i:], []byte("EI"))
		if j < 0 {
			return -1
		}
		at := i + j
		if at > 0 && isSpace(b[at-1]) && (at+2 == len(b) || isSpace(b[at+2]) || isDelimiter(b[at+2])) {
			return at + 2
		}
		i = at + 2
	}
}
