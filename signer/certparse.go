package signer

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// crypto/x509 refuses certificates that DSS, poppler and Acrobat accept:
// a negative or non-minimally encoded serial number, an RSA key without
// NULL parameters or with a modulus missing its leading zero, an RSA-PSS
// key, a character PrintableString does not allow, a curve it does not
// implement. parseCertificate reads such a certificate from a copy with
// those fields mended, then puts back the original bytes: the signature
// over the certificate is checked on the bytes its issuer signed, the
// serial number is the one the issuer wrote, and a key crypto/x509 cannot
// use stays nil, so signatures by it come back as ErrUnsupportedAlgorithm.
// The process-wide GODEBUG x509negativeserial=1 would do part of this for
// every certificate the process reads, which is not ours to change.

// placeholderSPKI is an Ed25519 key of zeros: it stands in for a key that
// crypto/x509 cannot parse and is never used.
func placeholderSPKI() []byte {
	return append([]byte{0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, make([]byte, 32)...)
}

// parseCertificates reads the certificates of a CMS certificates field,
// skipping the other CertificateChoices (attribute certificates). quirks
// says, per certificate parsed leniently, what was unusual about it.
func parseCertificates(raw []byte) (certs []*x509.Certificate, quirks []string, err error) {
	for rest := raw; len(rest) > 0; {
		var el asn1.RawValue
		if rest, err = asn1.Unmarshal(rest, &el); err != nil {
			return nil, nil, fmt.Errorf("certificates: %w", err)
		}
		if el.Class != asn1.ClassUniversal || el.Tag != asn1.TagSequence {
			continue
		}
		c, q, err := parseCertificate(el.FullBytes)
		if err != nil {
			return nil, nil, err
		}
		certs = append(certs, c)
		quirks = append(quirks, q...)
	}
	return certs, quirks, nil
}

// parseCertificate parses der strictly and, if crypto/x509 refuses it,
// leniently (see above).
func parseCertificate(der []byte) (*x509.Certificate, []string, error) {
	c, strictErr := x509.ParseCertificate(der)
	if strictErr == nil {
		if c.PublicKey == nil {
			// An RSASSA-PSS key, which crypto/x509 reads as unknown.
			if _, pub, quirks, err := mendSPKI(c.RawSubjectPublicKeyInfo); err == nil && pub != nil {
				c.PublicKey, c.PublicKeyAlgorithm = pub, x509.RSA
				return c, quirks, nil
			}
		}
		return c, nil, nil
	}
	c, quirks, err := parseLenient(der)
	if err != nil {
		return nil, nil, fmt.Errorf("certificate: %w (%w)", strictErr, err)
	}
	return c, quirks, nil
}

// tbsParts are the fields of a TBSCertificate, as the issuer signed them.
type tbsParts struct {
	tbs, version, serial, sigAlg, issuer, validity, subject, spki, rest []byte
}

func splitCertificate(der []byte) (tbsParts, []byte, error) {
	var p tbsParts
	in := cryptobyte.String(der)
	var cert, tbs, serial cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1Element(&tbs, cbasn1.SEQUENCE) {
		return p, nil, errors.New("malformed certificate")
	}
	p.tbs = tbs
	tail := []byte(cert) // signatureAlgorithm and signatureValue
	var body cryptobyte.String
	tbs.ReadASN1(&body, cbasn1.SEQUENCE)
	var v cryptobyte.String
	if body.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		body.ReadASN1Element(&v, cbasn1.Tag(0).Constructed().ContextSpecific())
	}
	p.version = v
	ok := body.ReadASN1(&serial, cbasn1.INTEGER)
	p.serial = serial
	for _, f := range []*[]byte{&p.sigAlg, &p.issuer, &p.validity, &p.subject, &p.spki} {
		var e cryptobyte.String
		ok = ok && body.ReadASN1Element(&e, cbasn1.SEQUENCE)
		*f = e
	}
	if !ok || len(serial) == 0 {
		return p, nil, errors.New("malformed TBSCertificate")
	}
	p.rest = body
	return p, tail, nil
}

// signedInteger decodes a two's-complement INTEGER without DER's
// minimality rule.
func signedInteger(b []byte) *big.Int {
	n := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return n
}

func parseLenient(der []byte) (*x509.Certificate, []string, error) {
	p, tail, err := splitCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	var quirks []string
	serial := signedInteger(p.serial)
	if serial.Sign() < 0 {
		quirks = append(quirks, "negative serial number")
	} else if len(p.serial) > 1 && (p.serial[0] == 0 && p.serial[1]&0x80 == 0 || p.serial[0] == 0xff && p.serial[1]&0x80 != 0) {
		quirks = append(quirks, "serial number not minimally encoded")
	}
	issuer, q1 := mendName(p.issuer)
	subject, q2 := mendName(p.subject)
	quirks = append(append(quirks, q1...), q2...)
	spki, pub, q3, err := mendSPKI(p.spki)
	if err != nil {
		return nil, nil, err
	}
	quirks = append(quirks, q3...)

	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(p.version)
			// Any positive serial: crypto/x509 keeps it, we replace it.
			b.AddASN1BigInt(new(big.Int).Abs(serial).Add(new(big.Int).Abs(serial), big.NewInt(1)))
			for _, f := range [][]byte{p.sigAlg, issuer, p.validity, subject, spki, p.rest} {
				b.AddBytes(f)
			}
		})
		b.AddBytes(tail)
	})
	mended, err := b.Bytes()
	if err != nil {
		return nil, nil, err
	}
	c, err := x509.ParseCertificate(mended)
	if err != nil {
		return nil, nil, err
	}
	// The bytes the issuer signed, and the fields as written.
	c.Raw, c.RawTBSCertificate = der, p.tbs
	c.RawIssuer, c.RawSubject, c.RawSubjectPublicKeyInfo = p.issuer, p.subject, p.spki
	c.SerialNumber = serial
	if !sameBytes(spki, p.spki) {
		c.PublicKey, c.PublicKeyAlgorithm = pub, x509.UnknownPublicKeyAlgorithm
		if pub != nil {
			c.PublicKeyAlgorithm = x509.RSA
		}
	}
	return c, quirks, nil
}

func sameBytes(a, b []byte) bool { return string(a) == string(b) }

// mendSPKI replaces an RSA key crypto/x509 refuses, which it then parses
// itself, and a key it cannot use at all, by placeholderSPKI.
func mendSPKI(spki []byte) ([]byte, any, []string, error) {
	var alg struct {
		Algorithm  asn1.ObjectIdentifier
		Parameters asn1.RawValue `asn1:"optional"`
	}
	var info struct {
		Algorithm asn1.RawValue
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(spki, &info); err != nil {
		return nil, nil, nil, fmt.Errorf("public key: %w", err)
	}
	if _, err := asn1.Unmarshal(info.Algorithm.FullBytes, &alg); err != nil {
		return nil, nil, nil, fmt.Errorf("public key algorithm: %w", err)
	}
	switch {
	case alg.Algorithm.Equal(oidRSAEncryption) || alg.Algorithm.Equal(oidRSASSAPSS):
		var k struct{ N, E asn1.RawValue }
		if _, err := asn1.Unmarshal(info.PublicKey.RightAlign(), &k); err != nil {
			return nil, nil, nil, fmt.Errorf("RSA public key: %w", err)
		}
		var quirk string
		switch {
		case alg.Algorithm.Equal(oidRSASSAPSS):
			quirk = "RSASSA-PSS public key"
		case !sameBytes(alg.Parameters.FullBytes, asn1.NullBytes):
			quirk = "RSA key without NULL parameters"
		case len(k.N.Bytes) > 0 && k.N.Bytes[0]&0x80 != 0:
			quirk = "RSA modulus without its leading zero"
		default:
			return spki, nil, nil, nil
		}
		n, e := new(big.Int).SetBytes(k.N.Bytes), signedInteger(k.E.Bytes)
		if n.Sign() <= 0 || !e.IsInt64() || e.Int64() < 3 || e.Int64() > 1<<31-1 {
			return nil, nil, nil, errors.New("RSA public key is not usable")
		}
		return placeholderSPKI(), &rsa.PublicKey{N: n, E: int(e.Int64())}, []string{quirk}, nil
	case alg.Algorithm.Equal(oidECPublicKey):
		var curve asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(alg.Parameters.FullBytes, &curve); err == nil {
			switch curve.String() {
			case "1.3.132.0.33", "1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35":
				return spki, nil, nil, nil
			}
		}
		return placeholderSPKI(), nil, []string{"elliptic curve not supported"}, nil
	}
	return spki, nil, nil, nil
}

// mendName re-tags string values that break their ASN.1 type's character
// set as UTF8String, for crypto/x509 to read them.
func mendName(name []byte) ([]byte, []string) {
	in := cryptobyte.String(name)
	var rdns cryptobyte.String
	if !in.ReadASN1(&rdns, cbasn1.SEQUENCE) {
		return name, nil
	}
	out := append([]byte(nil), name...)
	changed := false
	for !rdns.Empty() {
		var set, atv, value cryptobyte.String
		var oid asn1.ObjectIdentifier
		var tag cbasn1.Tag
		if !rdns.ReadASN1(&set, cbasn1.SET) {
			return name, nil
		}
		for !set.Empty() {
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1ObjectIdentifier(&oid) {
				return name, nil
			}
			at := cap(name) - cap(atv) // where the value starts
			if !atv.ReadAnyASN1(&value, &tag) {
				return name, nil
			}
			if badString(tag, value) {
				out[at] = byte(cbasn1.UTF8String)
				changed = true
			}
		}
	}
	if !changed {
		return name, nil
	}
	return out, []string{"a name with characters its string type does not allow"}
}

func badString(tag cbasn1.Tag, v []byte) bool {
	switch tag {
	case cbasn1.PrintableString:
		for _, c := range v {
			ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == ' ' || c == '\'' ||
				c == '(' || c == ')' || c == '+' || c == ',' || c == '-' || c == '.' || c == '/' || c == ':' ||
				c == '=' || c == '?' || c == '*' || c == '&'
			if !ok {
				return utf8.Valid(v)
			}
		}
	case cbasn1.IA5String:
		for _, c := range v {
			if c >= 0x80 {
				return utf8.Valid(v)
			}
		}
	}
	return false
}
