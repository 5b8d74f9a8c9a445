package pdfio

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// parseValue builds one object, whose extent scanObject has measured, as
// pdfcpu's types. It reads as leniently as readers of real-world files do
// (junk is skipped, an unknown word is null, a key without a value is an
// empty string) but in one linear pass: pdfcpu's own parser normalises a
// hexadecimal string character by character against a table, which made
// reading a file with a thousand signatures take seconds.
func parseValue(b []byte) (types.Object, error) {
	p := &parser{l: lexer{b: b, lenient: true}}
	return p.value(0)
}

type parser struct{ l lexer }

func (p *parser) value(depth int) (types.Object, error) {
	if depth > maxNesting {
		return nil, fmt.Errorf("%w: arrays and dictionaries nested more than %d deep", ErrLimit, maxNesting)
	}
	k, tok, err := p.l.next()
	if err != nil {
		return nil, err
	}
	return p.build(k, tok, depth)
}

func (p *parser) build(k tokKind, tok []byte, depth int) (types.Object, error) {
	switch k {
	case tokInt:
		n, err := strconv.ParseInt(string(tok), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("the number %.40s is too large", tok)
		}
		save := p.l.i
		if k2, gen, _ := p.l.next(); k2 == tokInt {
			if k3, r, _ := p.l.next(); k3 == tokWord && string(r) == "R" {
				g, err := strconv.Atoi(string(gen))
				if err == nil && n >= 0 && n <= MaxObjects && g >= 0 && g <= 65535 {
					return *types.NewIndirectRef(int(n), g), nil
				}
			}
		}
		p.l.i = save
		return types.Integer(n), nil
	case tokReal:
		f, err := strconv.ParseFloat(string(tok), 64)
		if err != nil {
			return nil, nil // a real beyond float64: junk, as readers skip it
		}
		return types.Float(f), nil
	case tokName:
		return types.Name(decodeName(tok)), nil
	case tokString:
		return types.StringLiteral(tok[1 : len(tok)-1]), nil
	case tokHex:
		return types.HexLiteral(normaliseHex(tok[1 : len(tok)-1])), nil
	case tokWord:
		switch string(tok) {
		case "true":
			return types.Boolean(true), nil
		case "false":
			return types.Boolean(false), nil
		}
		return nil, nil // null, or a word readers skip
	case tokJunk:
		return nil, nil
	case tokArrayOpen:
		return p.array(depth)
	case tokDictOpen:
		return p.dict(depth)
	case tokEOF:
		return nil, fmt.Errorf("a value is missing")
	}
	return nil, fmt.Errorf("unexpected %q", p.l.b[max(0, p.l.i-2):p.l.i])
}

func (p *parser) array(depth int) (types.Object, error) {
	a := types.Array{}
	for {
		k, tok, err := p.l.next()
		switch {
		case err != nil:
			return nil, err
		case k == tokArrayClose:
			return a, nil
		case k == tokEOF:
			return nil, fmt.Errorf("an array is not closed")
		case k == tokDictClose:
			continue // junk
		}
		v, err := p.build(k, tok, depth+1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
}

func (p *parser) dict(depth int) (types.Object, error) {
	d := types.Dict{}
	for {
		k, tok, err := p.l.next()
		switch {
		case err != nil:
			return nil, err
		case k == tokDictClose:
			return d, nil
		case k == tokEOF:
			return nil, fmt.Errorf("a dictionary is not closed")
		case k != tokName:
			continue // junk where a key should be
		}
		key := decodeName(tok)
		k, tok, err = p.l.next()
		if err != nil {
			return nil, err
		}
		if k == tokDictClose { // a key without a value, at the end
			d[key] = types.StringLiteral("")
			return d, nil
		}
		v, err := p.build(k, tok, depth+1)
		if err != nil {
			return nil, err
		}
		if v != nil { // a null value is the same as no entry
			d[key] = v
		} else {
			delete(d, key)
		}
	}
}

// decodeName undoes #xx escapes; a name with a broken escape is kept as
// it is written.
func decodeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) && isHexDigit(b[i+1]) && isHexDigit(b[i+2]) {
			v, _ := strconv.ParseUint(string(b[i+1:i+3]), 16, 8)
			if v != 0 {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

// normaliseHex writes a hexadecimal string's digits in upper case without
// white space, padded with a 0 to an even count as the standard says. A
// plain string (a signature's /Contents: thousands of digits) takes the
// standard library's fast path.
func normaliseHex(b []byte) string {
	if len(b)%2 == 0 && !bytes.ContainsAny(b, " \n\r\t\f\x00") {
		return strings.ToUpper(string(b))
	}
	out := make([]byte, 0, len(b)+1)
	for _, c := range b {
		switch {
		case c >= 'a' && c <= 'f':
			out = append(out, c-'a'+'A')
		case isHexDigit(c):
			out = append(out, c)
		}
	}
	if len(out)%2 == 1 {
		out = append(out, '0')
	}
	return string(out)
}
