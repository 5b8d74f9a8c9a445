package signer

import (
	"bytes"
	"errors"
)

// Some signers (NSS, older Adobe) write CMS in BER with indefinite lengths;
// encoding/asn1 reads only DER. berToDER re-encodes one element with definite
// lengths and joins segmented (constructed) OCTET STRINGs. DER input comes
// back unchanged, so signed attributes keep the bytes that were signed.

var errBER = errors.New("malformed BER")

const maxBERDepth = 64

func berToDER(b []byte) ([]byte, error) {
	out, _, err := berElement(b, 0)
	return out, err
}

// berElement converts the element at the start of b and returns it with the
// number of input bytes it used.
func berElement(b []byte, depth int) ([]byte, int, error) {
	if depth > maxBERDepth || len(b) < 2 {
		return nil, 0, errBER
	}
	// Identifier octets (high tag numbers continue while bit 8 is set).
	i := 1
	if b[0]&0x1f == 0x1f {
		for i < len(b) && b[i]&0x80 != 0 {
			i++
		}
		i++
	}
	if i >= len(b) {
		return nil, 0, errBER
	}
	tag := b[:i]
	constructed := b[0]&0x20 != 0
	// Length octets.
	l := int(b[i])
	i++
	indefinite := l == 0x80
	if l > 0x80 {
		n := l & 0x7f
		if n > 4 || i+n > len(b) {
			return nil, 0, errBER
		}
		l = 0
		for _, c := range b[i : i+n] {
			l = l<<8 | int(c)
		}
		i += n
	}
	if !constructed {
		if indefinite || i+l > len(b) {
			return nil, 0, errBER
		}
		return append(append([]byte(nil), b[:i]...), b[i:i+l]...), i + l, nil
	}
	var content bytes.Buffer
	pos := i
	end := i + l
	if !indefinite && end > len(b) {
		return nil, 0, errBER
	}
	for {
		if indefinite {
			if pos+2 > len(b) {
				return nil, 0, errBER
			}
			if b[pos] == 0 && b[pos+1] == 0 {
				pos += 2
				break
			}
		} else if pos >= end {
			break
		}
		limit := len(b)
		if !indefinite {
			limit = end
		}
		child, n, err := berElement(b[pos:limit], depth+1)
		if err != nil {
			return nil, 0, err
		}
		content.Write(child)
		pos += n
	}
	body := content.Bytes()
	outTag := append([]byte(nil), tag...)
	if len(tag) == 1 && tag[0] == 0x24 { // constructed OCTET STRING: join the segments
		var joined bytes.Buffer
		for rest := body; len(rest) > 0; {
			seg, n, err := berElement(rest, depth+1)
			if err != nil {
				return nil, 0, err
			}
			_, hl := headerLen(seg)
			joined.Write(seg[hl:])
			rest = rest[n:]
		}
		outTag[0], body = 0x04, joined.Bytes()
	}
	return append(append(outTag, derLength(len(body))...), body...), pos, nil
}

func headerLen(der []byte) (int, int) {
	i := 1
	if der[0]&0x1f == 0x1f {
		for der[i]&0x80 != 0 {
			i++
		}
		i++
	}
	if der[i] < 0x80 {
		return int(der[i]), i + 1
	}
	n := int(der[i] & 0x7f)
	return 0, i + 1 + n
}

func derLength(n int) []byte {
	if n < 0x80 {
		return []byte{byte(n)}
	}
	var l []byte
	for v := n; v > 0; v >>= 8 {
		l = append([]byte{byte(v)}, l...)
	}
	return append([]byte{0x80 | byte(len(l))}, l...)
}
