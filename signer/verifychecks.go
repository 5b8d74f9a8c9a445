package signer

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

var oidAttrSigningCertV1 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}

// padesProblems lists departures from the PAdES baseline signed attributes
// and, for every SubFilter, a signing-certificate attribute that names
// another certificate than the signer's.
func (p *parsedCMS) padesProblems(subFilter string) []string {
	var out []string
	if err := p.checkSigningCertificate(); err != nil {
		out = append(out, err.Error())
	}
	if subFilter != "ETSI.CAdES.detached" {
		return out
	}
	if p.attrsDER == nil {
		return append(out, "PAdES: the CMS has no signed attributes")
	}
	if len(p.eContent) > 0 {
		out = append(out, "PAdES: the CMS is not detached")
	}
	if _, ok := p.attrs[oidAttrSigningTime.String()]; ok {
		out = append(out, "PAdES: the CMS carries a signing-time attribute")
	}
	// EN 319 122-1 5.2.2.3: signing-certificate with SHA-1, -v2 otherwise.
	if len(p.attrs[oidAttrSigningCertV2.String()]) == 0 && len(p.attrs[oidAttrSigningCertV1.String()]) == 0 {
		out = append(out, "PAdES: signing-certificate-v2 attribute missing")
	}
	return out
}

// checkSigningCertificate checks the ESS signing-certificate-v2 and
// signing-certificate attributes, when present: the first ESSCertID must
// hash the signer's certificate with the algorithm it names (SHA-256 when
// it names none; SHA-1 for version 1) and its issuerSerial, when present,
// must be the certificate's issuer and serial number.
func (p *parsedCMS) checkSigningCertificate() error {
	for _, a := range []struct {
		oid  asn1.ObjectIdentifier
		v2   bool
		name string
	}{{oidAttrSigningCertV2, true, "signing-certificate-v2"}, {oidAttrSigningCertV1, false, "signing-certificate"}} {
		vals := p.attrs[a.oid.String()]
		if len(vals) == 0 {
			continue
		}
		if len(vals) > 1 {
			return fmt.Errorf("%s: the attribute is there %d times", a.name, len(vals))
		}
		h, err := essCertIDMatches(vals[0].FullBytes, a.v2, p.signer)
		if err != nil {
			return fmt.Errorf("%s: %w", a.name, err)
		}
		if h == crypto.SHA1 {
			p.weak = appendOnce(p.weak, "SHA-1 signing-certificate")
		}
	}
	return nil
}

func appendOnce(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// essCertIDMatches checks the first ESSCertID(v2) of a SigningCertificate
// (v2) value against cert and returns the hash it uses.
func essCertIDMatches(der []byte, v2 bool, cert *x509.Certificate) (crypto.Hash, error) {
	malformed := errors.New("the attribute is malformed")
	in := cryptobyte.String(der)
	var sc, certs, id cryptobyte.String
	if !in.ReadASN1(&sc, cbasn1.SEQUENCE) || !sc.ReadASN1(&certs, cbasn1.SEQUENCE) || !certs.ReadASN1(&id, cbasn1.SEQUENCE) {
		return 0, malformed
	}
	h := crypto.SHA1
	if v2 {
		h = crypto.SHA256
		if id.PeekASN1Tag(cbasn1.SEQUENCE) {
			var alg cryptobyte.String
			id.ReadASN1Element(&alg, cbasn1.SEQUENCE)
			var ai pkix.AlgorithmIdentifier
			if _, err := asn1.Unmarshal(alg, &ai); err != nil {
				return 0, malformed
			}
			var err error
			if h, err = digestAlgorithm(ai); err != nil {
				return 0, err
			}
		}
	}
	var certHash cryptobyte.String
	if !id.ReadASN1(&certHash, cbasn1.OCTET_STRING) {
		return 0, malformed
	}
	sum := h.New()
	sum.Write(cert.Raw)
	if !bytes.Equal(sum.Sum(nil), certHash) {
		return h, errors.New("does not name the signer's certificate")
	}
	if id.Empty() {
		return h, nil
	}
	var is, names, serial cryptobyte.String
	if !id.ReadASN1(&is, cbasn1.SEQUENCE) || !is.ReadASN1(&names, cbasn1.SEQUENCE) || !is.ReadASN1(&serial, cbasn1.INTEGER) {
		return h, malformed
	}
	if signedInteger(serial).Cmp(cert.SerialNumber) != 0 {
		return h, errors.New("its issuerSerial does not name the signer's certificate (serial number)")
	}
	for !names.Empty() {
		var name cryptobyte.String
		var tag cbasn1.Tag
		if !names.ReadAnyASN1(&name, &tag) {
			return h, malformed
		}
		// directoryName [4] EXPLICIT Name
		if tag == cbasn1.Tag(4).Constructed().ContextSpecific() && sameName(name, cert.RawIssuer) {
			return h, nil
		}
	}
	return h, errors.New("its issuerSerial does not name the signer's certificate (issuer)")
}

// sameName compares two DER Names, byte for byte or, re-encoded by
// another product, attribute by attribute.
func sameName(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var ra, rb pkix.RDNSequence
	if _, err := asn1.Unmarshal(a, &ra); err != nil {
		return false
	}
	if _, err := asn1.Unmarshal(b, &rb); err != nil {
		return false
	}
	return ra.String() == rb.String()
}

func verifyChain(leaf *x509.Certificate, pool []*x509.Certificate, roots *x509.CertPool, at time.Time, usage x509.ExtKeyUsage) error {
	inter := x509.NewCertPool()
	for _, c := range pool {
		if c != leaf {
			inter.AddCert(c)
		}
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at, KeyUsages: []x509.ExtKeyUsage{usage}})
	return err
}
