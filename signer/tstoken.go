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

	"github.com/digitorus/timestamp"
)

// An RFC 3161 token is read here rather than by timestamp.Parse, whose
// certificate parsing refuses the TSA certificates crypto/x509 refuses
// and which checks the token's signature only when it carries the TSA's
// certificate.

// tstInfo is the start of an RFC 3161 TSTInfo; the optional fields after
// genTime are not needed.
type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		HashedMessage []byte
	}
	SerialNumber asn1.RawValue
	GenTime      asn1.RawValue
}

// parseTimestampToken reads a TimeStampToken and checks its signature
// over the TSTInfo and its signing-certificate attribute. p may be the
// token already parsed, or nil. Certificates[0] of the result is the
// certificate that signed the token.
func parseTimestampToken(token []byte, p *parsedCMS) (*timestamp.Timestamp, *parsedCMS, error) {
	if p == nil {
		var err error
		if p, err = parseCMS(token); err != nil {
			return nil, nil, err
		}
	}
	if !p.eType.Equal(oidTSTInfo) || len(p.eContent) == 0 {
		return nil, nil, errors.New("not a time-stamp token: no TSTInfo")
	}
	h := p.siDigest.New()
	h.Write(p.eContent)
	if err := p.checkContentDigest(h.Sum(nil)); err != nil {
		return nil, nil, fmt.Errorf("the token's signature: %w", err)
	}
	if err := p.checkSigningCertificate(); err != nil {
		return nil, nil, fmt.Errorf("the token's %w", err)
	}
	var info tstInfo
	if _, err := asn1.Unmarshal(p.eContent, &info); err != nil {
		return nil, nil, fmt.Errorf("TSTInfo: %w", err)
	}
	alg, err := digestAlgorithm(info.MessageImprint.HashAlgorithm)
	if err != nil {
		return nil, nil, fmt.Errorf("the token's message imprint: %w", err)
	}
	at, err := generalizedTime(info.GenTime)
	if err != nil {
		return nil, nil, fmt.Errorf("TSTInfo genTime: %w", err)
	}
	certs := []*x509.Certificate{p.signer}
	for _, c := range p.certs {
		if c != p.signer {
			certs = append(certs, c)
		}
	}
	return &timestamp.Timestamp{
		RawToken:      token,
		HashAlgorithm: alg,
		HashedMessage: info.MessageImprint.HashedMessage,
		Time:          at,
		SerialNumber:  signedInteger(info.SerialNumber.Bytes),
		Policy:        info.Policy,
		Certificates:  certs,
	}, p, nil
}

// generalizedTime reads a GeneralizedTime, accepting the fractions of a
// second and the offsets that DER forbids and some TSAs write.
func generalizedTime(v asn1.RawValue) (time.Time, error) {
	if v.Class != asn1.ClassUniversal || v.Tag != asn1.TagGeneralizedTime {
		return time.Time{}, errors.New("not a GeneralizedTime")
	}
	s := string(v.Bytes)
	for _, layout := range []string{"20060102150405Z0700", "20060102150405"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time", s)
}

// checkTimestamp verifies an RFC 3161 token over data: its signature, its
// message imprint and the chain of the TSA certificate that signed it.
func checkTimestamp(token, data []byte, roots *x509.CertPool) (*timestamp.Timestamp, error) {
	ts, p, err := parseTimestampToken(token, nil)
	if err != nil {
		return nil, err
	}
	h := ts.HashAlgorithm.New()
	h.Write(data)
	if !bytes.Equal(h.Sum(nil), ts.HashedMessage) {
		return nil, fmt.Errorf("the token's message imprint does not match")
	}
	if err := verifyChain(p.signer, p.certs, roots, ts.Time, x509.ExtKeyUsageTimeStamping); err != nil {
		return nil, fmt.Errorf("TSA certificate: %w", err)
	}
	return ts, nil
}

// verifyDocTimestamp checks a document time-stamp (ETSI.RFC3161): the
// token's signature, its imprint of the byte ranges, the TSA's chain.
func verifyDocTimestamp(dg *digester, sr SignatureReport, der []byte, p *parsedCMS, opts VerifyOptions) SignatureReport {
	ts, p, err := parseTimestampToken(der, p)
	if err != nil {
		sr.Errors = append(sr.Errors, "document timestamp: "+err.Error())
		return sr
	}
	sum, err := dg.digest(ts.HashAlgorithm, sr.ByteRange)
	if err != nil {
		sr.Errors = append(sr.Errors, "document timestamp: "+err.Error())
		return sr
	}
	if !bytes.Equal(sum, ts.HashedMessage) {
		sr.Errors = append(sr.Errors, "document timestamp: the covered bytes were changed")
		return sr
	}
	if ts.HashAlgorithm == crypto.SHA1 {
		p.weak = appendOnce(p.weak, "SHA-1 digest")
	}
	sr.Integrity, sr.Timestamp, sr.TimestampValid = true, ts.Time, true
	if err := verifyChain(p.signer, append(p.certs, opts.Intermediates...), opts.Roots, ts.Time, x509.ExtKeyUsageTimeStamping); err != nil {
		sr.Errors = append(sr.Errors, "TSA certificate: "+err.Error())
	} else {
		sr.Trusted = true
	}
	return sr
}
