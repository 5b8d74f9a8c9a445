package signer

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"sort"
)

// Object identifiers of CMS (RFC 5652), ESS (RFC 5035) and RFC 3161.
var (
	oidData                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidAttrContentType      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidAttrMessageDigest    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidAttrSigningTime      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidAttrSigningCertV2    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidAttrTimeStampToken   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidSHA256               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidRSAEncryption        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA256WithRSA        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidECDSAWithSHA256      = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	asn1NULL                = asn1.RawValue{Tag: asn1.TagNull}
	sha256AlgorithmIdentity = pkix.AlgorithmIdentifier{Algorithm: oidSHA256}
)

type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
	EContent     asn1.RawValue `asn1:"optional,explicit,tag:0"`
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type signerInfo struct {
	Version            int
	SID                issuerAndSerial
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

type signedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo encapContentInfo
	Certificates     asn1.RawValue   `asn1:"optional,tag:0"`
	CRLs             asn1.RawValue   `asn1:"optional,tag:1"`
	SignerInfos      []asn1.RawValue `asn1:"set"`
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue // SET OF ANY, already encoded
}

type essCertIDv2 struct {
	CertHash     []byte
	IssuerSerial issuerSerial
}

type issuerSerial struct {
	Issuer []asn1.RawValue // GeneralNames
	Serial *big.Int
}

func encodeAttribute(typ asn1.ObjectIdentifier, valueDER []byte) ([]byte, error) {
	return asn1.Marshal(attribute{Type: typ, Values: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: valueDER}})
}

// derSet encodes elements as a DER SET OF: sorted by their encodings.
func derSet(class, tag int, elems [][]byte) []byte {
	sorted := append([][]byte(nil), elems...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i], sorted[j]) < 0 })
	raw := asn1.RawValue{Class: class, Tag: tag, IsCompound: true, Bytes: bytes.Join(sorted, nil)}
	b, _ := asn1.Marshal(raw)
	return b
}

// signedAttributes returns the DER SET of the PAdES baseline signed
// attributes: content-type id-data, message-digest and signing-certificate-v2.
// No signing-time: EN 319 142-1 puts the time in the dictionary's /M.
func signedAttributes(digest []byte, cert *x509.Certificate) ([]byte, error) {
	ct, err := asn1.Marshal(oidData)
	if err != nil {
		return nil, err
	}
	md, err := asn1.Marshal(digest)
	if err != nil {
		return nil, err
	}
	certHash := sha256.Sum256(cert.Raw)
	issuer := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: cert.RawIssuer}
	scv2, err := asn1.Marshal(struct{ Certs []essCertIDv2 }{[]essCertIDv2{{
		CertHash:     certHash[:],
		IssuerSerial: issuerSerial{Issuer: []asn1.RawValue{issuer}, Serial: cert.SerialNumber},
	}}})
	if err != nil {
		return nil, err
	}
	var attrs [][]byte
	for _, a := range []struct {
		oid asn1.ObjectIdentifier
		val []byte
	}{{oidAttrContentType, ct}, {oidAttrMessageDigest, md}, {oidAttrSigningCertV2, scv2}} {
		enc, err := encodeAttribute(a.oid, a.val)
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, enc)
	}
	return derSet(asn1.ClassUniversal, asn1.TagSet, attrs), nil
}

// signatureAlgorithm is the CMS signatureAlgorithm for a public key with SHA-256.
func signatureAlgorithm(pub crypto.PublicKey) (pkix.AlgorithmIdentifier, error) {
	switch pub.(type) {
	case *rsa.PublicKey:
		return pkix.AlgorithmIdentifier{Algorithm: oidSHA256WithRSA, Parameters: asn1NULL}, nil
	case *ecdsa.PublicKey:
		return pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA256}, nil
	}
	return pkix.AlgorithmIdentifier{}, fmt.Errorf("unsupported key type %T", pub)
}

// maxSignatureLen bounds the length of a signature made with pub.
func maxSignatureLen(pub crypto.PublicKey) int {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return k.Size()
	case *ecdsa.PublicKey:
		return 2*((k.Curve.Params().BitSize+7)/8+1) + 8
	}
	return 1024
}

// signAttributes signs the DER of the signed attributes with key.
func signAttributes(key crypto.Signer, attrsDER []byte) ([]byte, error) {
	h := sha256.Sum256(attrsDER)
	sig, err := key.Sign(rand.Reader, h[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	return sig, nil
}

// cmsParts are the pieces of a detached CMS SignedData with one signer.
type cmsParts struct {
	cert      *x509.Certificate
	chain     []*x509.Certificate
	attrsDER  []byte // DER SET of the signed attributes
	signature []byte
	tsToken   []byte // RFC 3161 TimeStampToken, optional
}

// encodeCMS assembles a detached SignedData (ContentInfo) from its parts.
func encodeCMS(p cmsParts) ([]byte, error) {
	alg, err := signatureAlgorithm(p.cert.PublicKey)
	if err != nil {
		return nil, err
	}
	// signedAttrs is [0] IMPLICIT SET OF: same contents, context tag 0.
	var attrs asn1.RawValue
	if _, err := asn1.Unmarshal(p.attrsDER, &attrs); err != nil {
		return nil, err
	}
	si := signerInfo{
		Version:            1,
		SID:                issuerAndSerial{Issuer: asn1.RawValue{FullBytes: p.cert.RawIssuer}, Serial: p.cert.SerialNumber},
		DigestAlgorithm:    sha256AlgorithmIdentity,
		SignedAttrs:        asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: attrs.Bytes},
		SignatureAlgorithm: alg,
		Signature:          p.signature,
	}
	if len(p.tsToken) > 0 {
		ts, err := encodeAttribute(oidAttrTimeStampToken, p.tsToken)
		if err != nil {
			return nil, err
		}
		si.UnsignedAttrs = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: ts}
	}
	siDER, err := asn1.Marshal(si)
	if err != nil {
		return nil, err
	}
	var certs []byte
	for _, c := range append([]*x509.Certificate{p.cert}, p.chain...) {
		certs = append(certs, c.Raw...)
	}
	sd := signedData{
		Version:          1,
		DigestAlgorithms: []pkix.AlgorithmIdentifier{sha256AlgorithmIdentity},
		EncapContentInfo: encapContentInfo{EContentType: oidData},
		Certificates:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certs},
		SignerInfos:      []asn1.RawValue{{FullBytes: siDER}},
	}
	sdDER, err := asn1.Marshal(sd)
	if err != nil {
		return nil, err
	}
	// content is [0] EXPLICIT; asn1.Marshal ignores tags on a RawValue, so wrap by hand.
	return asn1.Marshal(struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue
	}{oidSignedData, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: sdDER}})
}
