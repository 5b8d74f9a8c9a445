package signer

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
)

// ErrUnsupportedAlgorithm is a digest, signature or key algorithm that
// segell does not check (Ed25519, SHA-3, an RSA-PSS mask with another hash,
// a Brainpool curve…). Such a signature is not known to be broken: it was
// not checked, and the report should say so rather than call it invalid.
var ErrUnsupportedAlgorithm = errors.New("algorithm not supported")

var (
	oidRSASSAPSS   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidMGF1        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 8}
	oidSHA1        = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
)

// hashForOID is the digest algorithm an OID names, or 0 when segell does
// not compute it.
func hashForOID(oid asn1.ObjectIdentifier) crypto.Hash {
	switch oid.String() {
	case "1.3.14.3.2.26":
		return crypto.SHA1
	case "2.16.840.1.101.3.4.2.4":
		return crypto.SHA224
	case "2.16.840.1.101.3.4.2.1":
		return crypto.SHA256
	case "2.16.840.1.101.3.4.2.2":
		return crypto.SHA384
	case "2.16.840.1.101.3.4.2.3":
		return crypto.SHA512
	}
	return 0
}

// algorithmName names the algorithms a report may have to call unsupported.
func algorithmName(oid asn1.ObjectIdentifier) string {
	switch oid.String() {
	case "1.3.101.112":
		return "Ed25519"
	case "1.3.101.113":
		return "Ed448"
	case "2.16.840.1.101.3.4.2.7", "2.16.840.1.101.3.4.2.8", "2.16.840.1.101.3.4.2.9", "2.16.840.1.101.3.4.2.10":
		return "SHA-3"
	case "1.2.840.113549.2.5", "1.2.840.113549.1.1.4":
		return "MD5"
	case "1.2.840.10040.4.1", "1.2.840.10040.4.3":
		return "DSA"
	}
	return oid.String()
}

// digestAlgorithm is the hash an AlgorithmIdentifier names.
func digestAlgorithm(alg pkix.AlgorithmIdentifier) (crypto.Hash, error) {
	if h := hashForOID(alg.Algorithm); h != 0 {
		return h, nil
	}
	return 0, fmt.Errorf("%w: digest %s", ErrUnsupportedAlgorithm, algorithmName(alg.Algorithm))
}

type sigKind int

const (
	sigRSAPKCS1 sigKind = iota + 1
	sigRSAPSS
	sigECDSA
)

// sigScheme is how a SignerInfo's signature value is checked: the kind of
// signature and the hash whose output it signs.
type sigScheme struct {
	kind sigKind
	hash crypto.Hash
	salt int // RSA-PSS salt length
}

// pssParams is RSASSA-PSS-params (RFC 4055), defaults included.
type pssParams struct {
	Hash         pkix.AlgorithmIdentifier `asn1:"optional,explicit,tag:0"`
	MGF          pkix.AlgorithmIdentifier `asn1:"optional,explicit,tag:1"`
	SaltLength   int                      `asn1:"optional,explicit,tag:2,default:20"`
	TrailerField int                      `asn1:"optional,explicit,tag:3,default:1"`
}

// signatureScheme reads a SignerInfo's signatureAlgorithm. As OpenSSL
// does, the hash of RSA PKCS#1 v1.5 and ECDSA signatures is the
// SignerInfo's digest algorithm, whatever hash the OID names; RSA-PSS
// carries its own.
func signatureScheme(alg pkix.AlgorithmIdentifier, digest crypto.Hash) (sigScheme, error) {
	switch alg.Algorithm.String() {
	case "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.5", "1.2.840.113549.1.1.14",
		"1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13":
		return sigScheme{kind: sigRSAPKCS1, hash: digest}, nil
	case "1.2.840.10045.2.1", "1.2.840.10045.4.1", "1.2.840.10045.4.3.1",
		"1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4":
		return sigScheme{kind: sigECDSA, hash: digest}, nil
	case oidRSASSAPSS.String():
		return pssScheme(alg.Parameters.FullBytes)
	}
	return sigScheme{}, fmt.Errorf("%w: signature algorithm %s", ErrUnsupportedAlgorithm, algorithmName(alg.Algorithm))
}

func pssScheme(der []byte) (sigScheme, error) {
	p := pssParams{SaltLength: 20, TrailerField: 1}
	if len(der) > 0 {
		if rest, err := asn1.Unmarshal(der, &p); err != nil || len(rest) > 0 {
			return sigScheme{}, fmt.Errorf("RSASSA-PSS parameters are malformed")
		}
	}
	hashOID := p.Hash.Algorithm
	if len(hashOID) == 0 {
		hashOID = oidSHA1
	}
	h, err := digestAlgorithm(pkix.AlgorithmIdentifier{Algorithm: hashOID})
	if err != nil {
		return sigScheme{}, fmt.Errorf("RSASSA-PSS: %w", err)
	}
	mgfHash := crypto.SHA1
	if len(p.MGF.Algorithm) > 0 {
		if !p.MGF.Algorithm.Equal(oidMGF1) {
			return sigScheme{}, fmt.Errorf("%w: RSASSA-PSS mask generation %s", ErrUnsupportedAlgorithm, p.MGF.Algorithm)
		}
		var inner pkix.AlgorithmIdentifier
		if _, err := asn1.Unmarshal(p.MGF.Parameters.FullBytes, &inner); err != nil {
			return sigScheme{}, fmt.Errorf("RSASSA-PSS MGF1 parameters are malformed")
		}
		if mgfHash = hashForOID(inner.Algorithm); mgfHash == 0 {
			return sigScheme{}, fmt.Errorf("%w: RSASSA-PSS MGF1 with %s", ErrUnsupportedAlgorithm, algorithmName(inner.Algorithm))
		}
	}
	if mgfHash != h {
		// crypto/rsa masks with the message hash only.
		return sigScheme{}, fmt.Errorf("%w: RSASSA-PSS with %v and MGF1 with %v", ErrUnsupportedAlgorithm, h, mgfHash)
	}
	if p.TrailerField != 1 {
		return sigScheme{}, fmt.Errorf("%w: RSASSA-PSS trailer field %d", ErrUnsupportedAlgorithm, p.TrailerField)
	}
	if p.SaltLength < 0 {
		return sigScheme{}, fmt.Errorf("RSASSA-PSS salt length %d", p.SaltLength)
	}
	// A salt length of 0 becomes "any length" for crypto/rsa: the salt
	// length adds nothing to what the signature proves.
	return sigScheme{kind: sigRSAPSS, hash: h, salt: p.SaltLength}, nil
}

// verify checks sig over digest, the output of s.hash, with pub.
func (s sigScheme) verify(pub any, digest, sig []byte) error {
	if pub == nil {
		return fmt.Errorf("%w: the signer's public key", ErrUnsupportedAlgorithm)
	}
	switch s.kind {
	case sigRSAPKCS1, sigRSAPSS:
		k, ok := pub.(*rsa.PublicKey)
		if !ok {
			return fmt.Errorf("an RSA signature but a %T key in the certificate", pub)
		}
		if s.kind == sigRSAPSS {
			return rsa.VerifyPSS(k, s.hash, digest, sig, &rsa.PSSOptions{SaltLength: s.salt, Hash: s.hash})
		}
		return rsa.VerifyPKCS1v15(k, s.hash, digest, sig)
	case sigECDSA:
		k, ok := pub.(*ecdsa.PublicKey)
		if !ok {
			return fmt.Errorf("an ECDSA signature but a %T key in the certificate", pub)
		}
		if !ecdsa.VerifyASN1(k, digest, sig) {
			return errors.New("ECDSA verification error")
		}
		return nil
	}
	return fmt.Errorf("%w: the signer's public key %T", ErrUnsupportedAlgorithm, pub)
}

// sum hashes data with s's hash.
func (s sigScheme) sum(data []byte) ([]byte, error) {
	if !s.hash.Available() {
		return nil, fmt.Errorf("%w: digest %v", ErrUnsupportedAlgorithm, s.hash)
	}
	h := s.hash.New()
	h.Write(data)
	return h.Sum(nil), nil
}
