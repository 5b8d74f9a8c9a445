package pdfio

import (
	"bytes"
	"fmt"
	"strconv"
)

// scanObject finds where the object that starts at b[0] ends, without
// building it: nesting and token count are checked first, in one linear
// pass, so that the parser is only given objects of bounded size. It
// returns the length of the object and its token count; complete is false
// when b ends before the object does.
func scanObject(b []byte) (n, tokens int, complete bool, err error) {
	depth := 0
	i := 0
	for i < len(b) {
		c := b[i]
		switch {
		case isSpace(c):
			i++
			continue
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
			continue
		}
		tokens++
		if tokens > maxObjectTokens {
			return 0, tokens, true, fmt.Errorf("%w: an object has more than %d elements", ErrLimit, maxObjectTokens)
		}
		switch {
		case c == '[' || c == '<' && i+1 < len(b) && b[i+1] == '<':
			depth++
			if depth > maxNesting {
				return 0, tokens, true, fmt.Errorf("%w: arrays and dictionaries nested more than %d deep", ErrLimit, maxNesting)
			}
			i += 1 + boolInt(c == '<')
		case c == ']' || c == '>' && i+1 < len(b) && b[i+1] == '>':
			depth--
			i += 1 + boolInt(c == '>')
			if depth < 0 {
				return 0, tokens, true, fmt.Errorf("%w: unbalanced %q", ErrMalformed, c)
			}
		case c == '(':
			end, ok := stringEnd(b, i)
			if !ok {
				return len(b), tokens, false, nil
			}
			i = end
		case c == '<':
			j := bytes.IndexByte(b[i+1:], '>')
			if j < 0 {
				return len(b), tokens, false, nil
			}
			i += j + 2
		case c == ')' || c == '>' || c == '{' || c == '}':
			i++ // junk that the parser's relaxed mode skips
		default: // a name, a number or a keyword
			start := i
			i++
			for i < len(b) && !isSpace(b[i]) && !isDelimiter(b[i]) {
				i++
			}
			// pdfcpu reads an integer beyond 64 bits as 0: a /Size or a
			// /Length could silently become another number.
			if i-start > 18 && numberKind(b[start:i]) == tokInt {
				if _, err := strconv.ParseInt(string(b[start:i]), 10, 64); err != nil {
					return 0, tokens, true, fmt.Errorf("%w: the number %.40s is too large", ErrMalformed, b[start:i])
				}
			}
			if depth == 0 && isKeywordEnd(b, i) {
				return i, tokens, true, nil
			}
		}
		if depth == 0 && tokens > 0 && (c == ']' || c == '>' || c == '(' || c == '<') {
			return i, tokens, true, nil
		}
	}
	return len(b), tokens, false, nil
}

// isKeywordEnd tells whether a top-level object made of scalars has ended:
// "12", "1 0 R" and "true" are followed by endobj, stream or a new object.
func isKeywordEnd(b []byte, i int) bool {
	j := i
	for j < len(b) && isSpace(b[j]) {
		j++
	}
	if j == len(b) {
		return false
	}
	c := b[j]
	return c == 'e' || c == 's' || isDelimiter(c) || c == '%'
}

// stringEnd returns the index after the literal string that starts at b[i].
func stringEnd(b []byte, i int) (int, bool) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1, true
			}
		}
	}
	return 0, false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}
