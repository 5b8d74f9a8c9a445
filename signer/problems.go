package signer

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"time"
)

// This file gives each problem verification finds the EN 319 102-1
// sub-indication it leads to, from what was found rather than from the
// wording of an error.

// chainProblem classifies an error from verifyChain. at is the time the
// chain was checked at and proven says whether that time is proven by a
// verified time-stamp or is the current time (a claimed /M proves nothing).
func chainProblem(err error, leaf *x509.Certificate, at time.Time, proven bool) SubIndication {
	var inv x509.CertificateInvalidError
	var unknown x509.UnknownAuthorityError
	var sysRoots x509.SystemRootsError
	switch {
	case errors.Is(err, ErrUnsupportedAlgorithm):
		return CryptoConstraintsFailureNoPOE
	case errors.As(err, &inv) && inv.Reason == x509.Expired:
		// EN 319 102-1 §5.5: a proven signing time before notBefore is a
		// failure; out of the validity period without a proof of
		// existence is only indeterminate.
		if proven && leaf != nil && at.Before(leaf.NotBefore) {
			return NotYetValid
		}
		return OutOfBoundsNoPOE
	case errors.As(err, &inv):
		return ChainConstraintsFailure
	case errors.As(err, &unknown), errors.As(err, &sysRoots):
		return NoCertificateChainFound
	case errors.As(err, new(x509.UnhandledCriticalExtension)):
		return ChainConstraintsFailure
	case errors.As(err, new(x509.InsecureAlgorithmError)):
		return CryptoConstraintsFailureNoPOE
	}
	return CertificateChainGeneralFailure
}

// digestProblem classifies a failure to hash a signature's byte range.
func digestProblem(err error, alg crypto.Hash) SubIndication {
	switch {
	case errors.Is(err, ErrUnsupportedAlgorithm), !alg.Available():
		return CryptoConstraintsFailureNoPOE
	}
	// The budget ran out (ErrLimit) or the file could not be read: the
	// signed data could not be obtained, which proves nothing either way.
	return SignedDataNotFound
}

// signatureProblem classifies an error from checkSignerSignature by
// looking again at what it checked.
func signatureProblem(p *parsedCMS, digest []byte, err error) SubIndication {
	if errors.Is(err, ErrUnsupportedAlgorithm) || errors.Is(err, x509.ErrUnsupportedAlgorithm) {
		return CryptoConstraintsFailureNoPOE
	}
	if errors.Is(err, errDocumentDigest) {
		return HashFailure
	}
	md := p.attrs[oidAttrMessageDigest.String()]
	if len(md) == 1 {
		var got []byte
		if _, e := asn1.Unmarshal(md[0].FullBytes, &got); e == nil && !bytes.Equal(got, digest) {
			return HashFailure
		}
	}
	if p.attrsDER != nil && len(md) != 1 {
		// Signed attributes without exactly one message-digest: not a
		// valid CMS SignerInfo (RFC 5652 §5.3).
		return FormatFailure
	}
	return SigCryptoFailure
}

// verifyDocTimestampKinds runs verifyDocTimestamp and gives a kind to
// each problem it records.
func verifyDocTimestampKinds(dg *digester, sr SignatureReport, der []byte, p *parsedCMS, opts VerifyOptions) SignatureReport {
	n := len(sr.Errors)
	sr = verifyDocTimestamp(dg, sr, der, p, opts)
	if len(sr.Errors) == n {
		return sr
	}
	var sub SubIndication
	if sr.Integrity {
		// Only the TSA's chain is checked after the imprint.
		err := verifyChain(p.signer, append(p.certs, opts.Intermediates...), opts.Roots, sr.Timestamp, x509.ExtKeyUsageTimeStamping)
		sub = chainProblem(err, p.signer, sr.Timestamp, false)
	} else {
		sub = docTimestampProblem(dg, p, sr.ByteRange)
	}
	for _, e := range sr.Errors[n:] {
		sr.problems = append(sr.problems, problem{sub, e})
	}
	return sr
}

// docTimestampProblem says why a document timestamp was not found intact,
// from the token's TSTInfo (p.eContent) and the byte ranges.
func docTimestampProblem(dg *digester, p *parsedCMS, br [4]int64) SubIndication {
	var info struct {
		Version        int
		Policy         asn1.ObjectIdentifier
		MessageImprint struct {
			HashAlgorithm pkix.AlgorithmIdentifier
			HashedMessage []byte
		}
		Rest asn1.RawContent `asn1:"optional"`
	}
	if _, err := asn1.Unmarshal(p.eContent, &info); err != nil || !p.eType.Equal(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}) {
		return FormatFailure
	}
	alg := hashForOID(info.MessageImprint.HashAlgorithm.Algorithm)
	if alg == 0 {
		return CryptoConstraintsFailureNoPOE
	}
	sum, err := dg.digest(alg, br)
	if err != nil {
		return digestProblem(err, alg)
	}
	if !bytes.Equal(sum, info.MessageImprint.HashedMessage) {
		return HashFailure
	}
	// The imprint matches: what failed is the token's own signature.
	if errors.Is(p.schemeErr, ErrUnsupportedAlgorithm) {
		return CryptoConstraintsFailureNoPOE
	}
	return SigCryptoFailure
}
