package signer

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"time"

	"github.com/digitorus/timestamp"
)

// padesProblems lists departures from the PAdES baseline signed attributes.
func (p *parsedCMS) padesProblems(subFilter string) []string {
	if subFilter != "ETSI.CAdES.detached" {
		return nil
	}
	var out []string
	if _, ok := p.attrs[oidAttrSigningTime.String()]; ok {
		out = append(out, "PAdES: the CMS carries a signing-time attribute")
	}
	scv2 := p.attrs[oidAttrSigningCertV2.String()]
	if len(scv2) == 0 {
		return append(out, "PAdES: signing-certificate-v2 attribute missing")
	}
	var v struct{ Certs []asn1.RawValue }
	if _, err := asn1.Unmarshal(scv2[0].FullBytes, &v); err != nil || len(v.Certs) == 0 {
		return append(out, "PAdES: signing-certificate-v2 is malformed")
	}
	var id struct {
		CertHash []byte
		Rest     asn1.RawContent
	}
	first := v.Certs[0].Bytes
	if len(first) > 0 && first[0] == 0x30 { // hashAlgorithm present: only SHA-256 is produced here
		var alg asn1.RawValue
		rest, _ := asn1.Unmarshal(first, &alg)
		first = rest
	}
	if _, err := asn1.Unmarshal(first, &id.CertHash); err != nil {
		return append(out, "PAdES: signing-certificate-v2 is malformed")
	}
	want := sha256.Sum256(p.signer.Raw)
	if !bytes.Equal(id.CertHash, want[:]) {
		out = append(out, "PAdES: signing-certificate-v2 does not name the signer's certificate")
	}
	return out
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

// checkTimestamp verifies an RFC 3161 token over data: its signature, its
// message imprint and its TSA's chain.
func checkTimestamp(token, data []byte, roots *x509.CertPool) (*timestamp.Timestamp, error) {
	ts, err := timestamp.Parse(token)
	if err != nil {
		return nil, err
	}
	h := ts.HashAlgorithm.New()
	h.Write(data)
	if !bytes.Equal(h.Sum(nil), ts.HashedMessage) {
		return nil, fmt.Errorf("the token's message imprint does not match")
	}
	if len(ts.Certificates) == 0 {
		return nil, fmt.Errorf("the token carries no TSA certificate")
	}
	if err := verifyChain(ts.Certificates[0], ts.Certificates, roots, ts.Time, x509.ExtKeyUsageTimeStamping); err != nil {
		return nil, fmt.Errorf("TSA certificate: %w", err)
	}
	return ts, nil
}

func verifyDocTimestamp(dg *digester, sr SignatureReport, der []byte, p *parsedCMS, opts VerifyOptions) SignatureReport {
	ts, err := timestamp.Parse(der)
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
	sr.Integrity, sr.Timestamp, sr.TimestampValid = true, ts.Time, true
	if err := verifyChain(p.signer, p.certs, opts.Roots, ts.Time, x509.ExtKeyUsageTimeStamping); err != nil {
		sr.Errors = append(sr.Errors, "TSA certificate: "+err.Error())
	} else {
		sr.Trusted = true
	}
	return sr
}
