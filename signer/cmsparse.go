package signer

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
)

// parsedCMS is a SignedData with one signer, as read from /Contents.
type parsedCMS struct {
	certs      []*x509.Certificate
	signer     *x509.Certificate
	digestAlg  crypto.Hash
	sigAlg     asn1.ObjectIdentifier
	attrsDER   []byte // signed attributes re-tagged as a SET, as they were signed
	attrs      map[string][]asn1.RawValue
	signature  []byte
	unsigned   map[string][]asn1.RawValue
	eContent   []byte // encapsulated content (time-stamp tokens carry TSTInfo)
	eType      asn1.ObjectIdentifier
	signerInfo signerInfo
}

type parseContentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,optional,tag:0"`
}

func hashForOID(oid asn1.ObjectIdentifier) crypto.Hash {
	switch oid.String() {
	case "1.3.14.3.2.26":
		return crypto.SHA1
	case "2.16.840.1.101.3.4.2.1":
		return crypto.SHA256
	case "2.16.840.1.101.3.4.2.2":
		return crypto.SHA384
	case "2.16.840.1.101.3.4.2.3":
		return crypto.SHA512
	}
	return 0
}

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

// parseCMS decodes a DER (or zero-padded DER) SignedData with one signer.
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
	if len(sd.SignerInfos) != 1 {
		return nil, fmt.Errorf("CMS: %d signer infos, want exactly one", len(sd.SignerInfos))
	}
	p := &parsedCMS{eType: sd.EncapContentInfo.EContentType}
	if len(sd.EncapContentInfo.EContent.Bytes) > 0 {
		var oct []byte
		if _, err := asn1.Unmarshal(sd.EncapContentInfo.EContent.Bytes, &oct); err == nil {
			p.eContent = oct
		}
	}
	certs, err := x509.ParseCertificates(sd.Certificates.Bytes)
	if err != nil {
		return nil, fmt.Errorf("CMS certificates: %w", err)
	}
	p.certs = certs
	si := &p.signerInfo
	if _, err := asn1.Unmarshal(sd.SignerInfos[0].FullBytes, si); err != nil {
		return nil, fmt.Errorf("CMS SignerInfo: %w", err)
	}
	for _, c := range certs {
		if bytes.Equal(c.RawIssuer, si.SID.Issuer.FullBytes) && c.SerialNumber.Cmp(si.SID.Serial) == 0 {
			p.signer = c
		}
	}
	if p.signer == nil {
		return nil, errors.New("CMS: the signer's certificate is not included")
	}
	p.digestAlg = hashForOID(si.DigestAlgorithm.Algorithm)
	if p.digestAlg == 0 {
		return nil, fmt.Errorf("CMS: unsupported digest %s", si.DigestAlgorithm.Algorithm)
	}
	p.sigAlg = si.SignatureAlgorithm.Algorithm
	p.signature = si.Signature
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
	return p, nil
}

// x509Algorithm maps a CMS signature algorithm and digest to crypto/x509's.
func x509Algorithm(sigAlg asn1.ObjectIdentifier, h crypto.Hash, pub any) x509.SignatureAlgorithm {
	rsaAlgs := map[crypto.Hash]x509.SignatureAlgorithm{crypto.SHA1: x509.SHA1WithRSA, crypto.SHA256: x509.SHA256WithRSA, crypto.SHA384: x509.SHA384WithRSA, crypto.SHA512: x509.SHA512WithRSA}
	ecAlgs := map[crypto.Hash]x509.SignatureAlgorithm{crypto.SHA1: x509.ECDSAWithSHA1, crypto.SHA256: x509.ECDSAWithSHA256, crypto.SHA384: x509.ECDSAWithSHA384, crypto.SHA512: x509.ECDSAWithSHA512}
	switch sigAlg.String() {
	case oidRSAEncryption.String(), oidSHA256WithRSA.String(), "1.2.840.113549.1.1.5", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13":
		return rsaAlgs[h]
	case "1.2.840.10045.2.1", oidECDSAWithSHA256.String(), "1.2.840.10045.4.1", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4":
		return ecAlgs[h]
	}
	return x509.UnknownSignatureAlgorithm
}

// checkSignerSignature verifies the signature over the signed attributes and
// that the message-digest attribute equals digest.
func (p *parsedCMS) checkSignerSignature(digest []byte) error {
	if p.attrsDER == nil {
		return errors.New("no signed attributes")
	}
	md := p.attrs[oidAttrMessageDigest.String()]
	if len(md) != 1 {
		return errors.New("message-digest attribute missing")
	}
	var got []byte
	if _, err := asn1.Unmarshal(md[0].FullBytes, &got); err != nil || !bytes.Equal(got, digest) {
		return errors.New("document digest does not match (the signed bytes were changed)")
	}
	alg := x509Algorithm(p.sigAlg, p.digestAlg, p.signer.PublicKey)
	if alg == x509.UnknownSignatureAlgorithm {
		return fmt.Errorf("unsupported signature algorithm %s", p.sigAlg)
	}
	if err := p.signer.CheckSignature(alg, p.attrsDER, p.signature); err != nil {
		return fmt.Errorf("signature value: %w", err)
	}
	return nil
}
