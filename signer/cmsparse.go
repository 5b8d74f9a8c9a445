package signer

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
)

// parsedCMS is a SignedData with one signer, as read from /Contents.
type parsedCMS struct {
	certs  []*x509.Certificate
	signer *x509.Certificate
	// digestAlg hashes the signature's byte ranges: the SignerInfo's
	// digest algorithm, or SHA-1 when the SignedData encapsulates the
	// digest of the byte ranges (adbe.pkcs7.sha1).
	digestAlg crypto.Hash
	// siDigest is the SignerInfo's digest algorithm, which hashes the
	// signed content for message-digest and the signed attributes.
	siDigest  crypto.Hash
	scheme    sigScheme
	schemeErr error // an unsupported signature algorithm, reported by the check
	sigAlg    asn1.ObjectIdentifier
	attrsDER  []byte // signed attributes re-tagged as a SET, as they were signed
	attrs     map[string][]asn1.RawValue
	signature []byte
	unsigned  map[string][]asn1.RawValue
	eContent  []byte // encapsulated content (time-stamp tokens carry TSTInfo)
	eType     asn1.ObjectIdentifier
	// encapsulated is an id-data eContent: the SHA-1 of the byte ranges.
	encapsulated bool
	signerInfo   signerInfo
	// weak lists what was accepted but is no longer safe ("SHA-1 digest"),
	// for the report to warn about.
	weak []string
	// lenient lists what crypto/x509 refused in the certificates, which
	// were read anyway ("negative serial number").
	lenient []string
}

type parseContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,optional,tag:0"`
}

// cmsSignerInfo is a SignerInfo whose sid may be either choice:
// issuerAndSerialNumber (version 1) or [0] subjectKeyIdentifier (version 3).
type cmsSignerInfo struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

var oidTSTInfo = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}

func parseAttributes(raw []byte) (map[string][]asn1.RawValue, error) {
	out := map[string][]asn1.RawValue{}
	for rest := raw; len(rest) > 0; {
		var a struct {
			Type   asn1.ObjectIdentifier
			Values asn1.RawValue
		}
		var err error
		if rest, err = asn1.Unmarshal(rest, &a); err != nil {
			return nil, err
		}
		var vals []asn1.RawValue
		for vr := a.Values.Bytes; len(vr) > 0; {
			var v asn1.RawValue
			if vr, err = asn1.Unmarshal(vr, &v); err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		out[a.Type.String()] = append(out[a.Type.String()], vals...)
	}
	return out, nil
}

// parseCMS decodes a DER (or zero-padded DER, or BER) SignedData with one
// signer. A digest algorithm it cannot compute is an error wrapping
// ErrUnsupportedAlgorithm; a signature algorithm it cannot check is
// reported by checkSignerSignature, so that the signer is still known.
func parseCMS(der []byte) (*parsedCMS, error) {
	var ci parseContentInfo
	if _, err := asn1.Unmarshal(der, &ci); err != nil {
		// Not DER: try BER, as NSS and older Adobe products write.
		conv, berErr := berToDER(der)
		if berErr != nil {
			return nil, fmt.Errorf("CMS: %w", err)
		}
		if _, err := asn1.Unmarshal(conv, &ci); err != nil {
			return nil, fmt.Errorf("CMS: %w", err)
		}
	}
	if !ci.ContentType.Equal(oidSignedData) {
		return nil, fmt.Errorf("CMS: content type %s is not signedData", ci.ContentType)
	}
	var sd signedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, fmt.Errorf("CMS SignedData: %w", err)
	}
	// Some products (PoDoFo 0.9) write their one SignerInfo twice: byte
	// for byte the same, it is still one signature.
	for len(sd.SignerInfos) > 1 && bytes.Equal(sd.SignerInfos[0].FullBytes, sd.SignerInfos[len(sd.SignerInfos)-1].FullBytes) {
		sd.SignerInfos = sd.SignerInfos[:len(sd.SignerInfos)-1]
	}
	if len(sd.SignerInfos) != 1 {
		return nil, fmt.Errorf("CMS: %d signer infos, want exactly one", len(sd.SignerInfos))
	}
	p := &parsedCMS{eType: sd.EncapContentInfo.EContentType}
	if len(sd.EncapContentInfo.EContent.Bytes) > 0 {
		var oct []byte
		if _, err := asn1.Unmarshal(sd.EncapContentInfo.EContent.Bytes, &oct); err != nil {
			return nil, fmt.Errorf("CMS encapsulated content: %w", err)
		}
		p.eContent = oct
		p.encapsulated = p.eType.Equal(oidData)
	}
	var err error
	if p.certs, p.lenient, err = parseCertificates(sd.Certificates.Bytes); err != nil {
		return nil, fmt.Errorf("CMS certificates: %w", err)
	}
	var si cmsSignerInfo
	if _, err := asn1.Unmarshal(sd.SignerInfos[0].FullBytes, &si); err != nil {
		return nil, fmt.Errorf("CMS SignerInfo: %w", err)
	}
	if p.signer, err = findSigner(si.SID, p.certs); err != nil {
		return nil, fmt.Errorf("CMS: %w", err)
	}
	if p.siDigest, err = digestAlgorithm(si.DigestAlgorithm); err != nil {
		return nil, fmt.Errorf("CMS: %w", err)
	}
	p.digestAlg = p.siDigest
	if p.encapsulated {
		p.digestAlg = crypto.SHA1
	}
	p.scheme, p.schemeErr = signatureScheme(si.SignatureAlgorithm, p.siDigest)
	p.sigAlg = si.SignatureAlgorithm.Algorithm
	p.signature = si.Signature
	p.signerInfo = signerInfo{Version: si.Version, DigestAlgorithm: si.DigestAlgorithm, SignedAttrs: si.SignedAttrs,
		SignatureAlgorithm: si.SignatureAlgorithm, Signature: si.Signature, UnsignedAttrs: si.UnsignedAttrs}
	if len(si.SignedAttrs.FullBytes) > 0 {
		p.attrsDER = append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
		if p.attrs, err = parseAttributes(si.SignedAttrs.Bytes); err != nil {
			return nil, fmt.Errorf("CMS signed attributes: %w", err)
		}
	}
	if len(si.UnsignedAttrs.FullBytes) > 0 {
		if p.unsigned, err = parseAttributes(si.UnsignedAttrs.Bytes); err != nil {
			return nil, fmt.Errorf("CMS unsigned attributes: %w", err)
		}
	}
	p.noteWeak()
	return p, nil
}

// findSigner is the certificate sid names: by issuer and serial number, or
// by subject key identifier.
func findSigner(sid asn1.RawValue, certs []*x509.Certificate) (*x509.Certificate, error) {
	switch {
	case sid.Class == asn1.ClassUniversal && sid.Tag == asn1.TagSequence:
		var ias struct {
			Issuer asn1.RawValue
			Serial asn1.RawValue
		}
		if _, err := asn1.Unmarshal(sid.FullBytes, &ias); err != nil || ias.Serial.Tag != asn1.TagInteger {
			return nil, errors.New("the signer identifier is malformed")
		}
		serial := signedInteger(ias.Serial.Bytes)
		for _, c := range certs {
			if bytes.Equal(c.RawIssuer, ias.Issuer.FullBytes) && c.SerialNumber.Cmp(serial) == 0 {
				return c, nil
			}
		}
	case sid.Class == asn1.ClassContextSpecific && sid.Tag == 0:
		for _, c := range certs {
			if len(sid.Bytes) > 0 && bytes.Equal(subjectKeyID(c), sid.Bytes) {
				return c, nil
			}
		}
	default:
		return nil, errors.New("the signer identifier is malformed")
	}
	return nil, errors.New("the signer's certificate is not included")
}

// subjectKeyID is the certificate's subject key identifier or, without
// the extension, the SHA-1 of its public key (RFC 5280 4.2.1.2 method 1).
func subjectKeyID(c *x509.Certificate) []byte {
	if len(c.SubjectKeyId) > 0 {
		return c.SubjectKeyId
	}
	var spki struct {
		Algorithm asn1.RawValue
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(c.RawSubjectPublicKeyInfo, &spki); err != nil {
		return nil
	}
	sum := sha1.Sum(spki.PublicKey.Bytes)
	return sum[:]
}

func (p *parsedCMS) noteWeak() {
	if p.siDigest == crypto.SHA1 || p.digestAlg == crypto.SHA1 || p.schemeErr == nil && p.scheme.hash == crypto.SHA1 {
		p.weak = append(p.weak, "SHA-1 digest")
	}
	if k, ok := p.signer.PublicKey.(*rsa.PublicKey); ok && k.N.BitLen() < 2048 {
		p.weak = append(p.weak, fmt.Sprintf("RSA key of %d bits", k.N.BitLen()))
	}
}

var errDocumentDigest = errors.New("document digest does not match (the signed bytes were changed)")

// checkSignerSignature verifies the signature given digest, the hash of
// the byte ranges with p.digestAlg. Detached, the signature is over the
// signed attributes, whose message-digest must be digest, or without
// signed attributes over digest itself. With the digest encapsulated
// (adbe.pkcs7.sha1), the content must be digest and is what was signed.
func (p *parsedCMS) checkSignerSignature(digest []byte) error {
	content := digest
	if p.encapsulated {
		if !bytes.Equal(p.eContent, digest) {
			return errDocumentDigest
		}
		h := p.siDigest.New()
		h.Write(p.eContent)
		content = h.Sum(nil)
	}
	return p.checkContentDigest(content)
}

// checkContentDigest verifies the signature given the digest of the
// signed content with the SignerInfo's digest algorithm.
func (p *parsedCMS) checkContentDigest(content []byte) error {
	if p.schemeErr != nil {
		return p.schemeErr
	}
	if p.attrsDER == nil {
		if p.scheme.hash != p.siDigest {
			return fmt.Errorf("the signature's hash %v is not the digest algorithm %v", p.scheme.hash, p.siDigest)
		}
		if err := p.scheme.verify(p.signer.PublicKey, content, p.signature); err != nil {
			return fmt.Errorf("signature value: %w", err)
		}
		return nil
	}
	md := p.attrs[oidAttrMessageDigest.String()]
	if len(md) != 1 {
		return errors.New("message-digest attribute missing")
	}
	var got []byte
	if _, err := asn1.Unmarshal(md[0].FullBytes, &got); err != nil || !bytes.Equal(got, content) {
		return errDocumentDigest
	}
	if ct := p.attrs[oidAttrContentType.String()]; len(ct) > 0 {
		var typ asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(ct[0].FullBytes, &typ); err != nil || len(ct) != 1 || !typ.Equal(p.eType) {
			return errors.New("the content-type attribute is not the content's type")
		}
	}
	sum, err := p.scheme.sum(p.attrsDER)
	if err != nil {
		return err
	}
	if err := p.scheme.verify(p.signer.PublicKey, sum, p.signature); err != nil {
		return fmt.Errorf("signature value: %w", err)
	}
	return nil
}
