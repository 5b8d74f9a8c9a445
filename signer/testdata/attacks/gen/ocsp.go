package main

import (
	"crypto"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"os"
	"path/filepath"
	"time"
)

// RFC 6960 structures, only as far as a "good" response needs them.
type certID struct {
	HashAlgorithm  pkix.AlgorithmIdentifier
	IssuerNameHash []byte
	IssuerKeyHash  []byte
	SerialNumber   asn1.RawValue
}

type singleResponse struct {
	CertID     certID
	Good       asn1.RawValue
	ThisUpdate time.Time `asn1:"generalized"`
}

type responseData struct {
	ResponderName asn1.RawValue `asn1:"explicit,tag:1"`
	ProducedAt    time.Time     `asn1:"generalized"`
	Responses     []singleResponse
}

type basicResponse struct {
	TBS       responseData
	Algorithm pkix.AlgorithmIdentifier
	Signature asn1.BitString
	Certs     []asn1.RawValue `asn1:"explicit,tag:0"`
}

type responseBytes struct {
	Type     asn1.ObjectIdentifier
	Response []byte
}

type ocspResponse struct {
	Status asn1.Enumerated
	Bytes  responseBytes `asn1:"explicit,tag:0"`
}

// ocspResponse builds a DER OCSP response saying the mayor's certificate is
// good. The example PKI has no OCSP responder key, so the TSA key stands in:
// the response is data for the /DSS, not something the tests validate.
func (g *gen) ocspResponse() []byte {
	dir := filepath.Join(g.repo, "certs-example")
	leaf, issuer := readCert(filepath.Join(dir, "alcalde.pem")), readCert(filepath.Join(dir, "issuing-ca.pem"))
	tsaCert := readCert(filepath.Join(dir, "tsa.pem"))
	raw, err := os.ReadFile(filepath.Join(dir, "tsa.key.pem"))
	must(err)
	b, _ := pem.Decode(raw)
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	must(err)
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		Key       asn1.BitString
	}
	_, err = asn1.Unmarshal(issuer.RawSubjectPublicKeyInfo, &spki)
	must(err)
	nameHash, keyHash := sha1.Sum(issuer.RawSubject), sha1.Sum(spki.Key.Bytes)
	serial, err := asn1.Marshal(leaf.SerialNumber)
	must(err)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tbs := responseData{
		ResponderName: asn1.RawValue{FullBytes: tsaCert.RawSubject},
		ProducedAt:    at,
		Responses: []singleResponse{{
			CertID: certID{
				HashAlgorithm:  pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}, Parameters: asn1.NullRawValue},
				IssuerNameHash: nameHash[:], IssuerKeyHash: keyHash[:],
				SerialNumber: asn1.RawValue{FullBytes: serial},
			},
			Good:       asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0},
			ThisUpdate: at,
		}},
	}
	tbsDER, err := asn1.Marshal(tbs)
	must(err)
	h := sha256.Sum256(tbsDER)
	sig, err := k.(crypto.Signer).Sign(rand.Reader, h[:], crypto.SHA256) // PKCS #1 v1.5: no randomness used
	must(err)
	basic, err := asn1.Marshal(basicResponse{
		TBS:       tbs,
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}, Parameters: asn1.NullRawValue},
		Signature: asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)},
		Certs:     []asn1.RawValue{{FullBytes: tsaCert.Raw}},
	})
	must(err)
	out, err := asn1.Marshal(ocspResponse{Bytes: responseBytes{Type: asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}, Response: basic}})
	must(err)
	return out
}

func readCert(path string) *x509.Certificate {
	raw, err := os.ReadFile(path)
	must(err)
	b, _ := pem.Decode(raw)
	c, err := x509.ParseCertificate(b.Bytes)
	must(err)
	return c
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
