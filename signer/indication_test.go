package signer

import (
	"crypto/x509"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestConclude maps what a report holds to its EN 319 102-1 indication.
func TestConclude(t *testing.T) {
	intact := func(changes string, probs ...problem) SignatureReport {
		s := SignatureReport{Integrity: true, Trusted: true, ChangesAfter: changes}
		for _, p := range probs {
			s.addProblem(p.sub, p.text)
		}
		return s
	}
	untrusted := func(sub SubIndication) SignatureReport {
		s := intact("none", problem{sub, "certificate: …"})
		s.Trusted = false
		return s
	}
	broken := func(sub SubIndication, text string) SignatureReport {
		s := intact("none", problem{sub, text})
		s.Integrity, s.Trusted = false, false
		return s
	}
	withWarning := intact("none")
	withWarning.Warnings = []string{"signature time-stamp not taken as a proof of time: …"}
	unkinded := intact("none")
	unkinded.Errors = []string{"a later revision took this signature out of the form"}
	bare := SignatureReport{ChangesAfter: "none"}

	tests := []struct {
		name string
		rep  SignatureReport
		ind  Indication
		sub  SubIndication
	}{
		{"intact, trusted, nothing after", intact("none"), TotalPassed, ""},
		{"only later signatures", intact("signatures"), TotalPassed, ""},
		{"a failed time-stamp is only a warning", withWarning, TotalPassed, ""},
		{"root not trusted", untrusted(NoCertificateChainFound), Indeterminate, NoCertificateChainFound},
		{"expired, no proof of time", untrusted(OutOfBoundsNoPOE), Indeterminate, OutOfBoundsNoPOE},
		{"not yet valid at a proven time", untrusted(NotYetValid), TotalFailed, NotYetValid},
		{"key usage of the chain", untrusted(ChainConstraintsFailure), Indeterminate, ChainConstraintsFailure},
		{"unsupported algorithm", broken(CryptoConstraintsFailureNoPOE, "unsupported"), Indeterminate, CryptoConstraintsFailureNoPOE},
		{"signed data out of bounds", broken(SignedDataNotFound, "limit"), Indeterminate, SignedDataNotFound},
		{"wrong digest", broken(HashFailure, "digest"), TotalFailed, HashFailure},
		{"wrong signature value", broken(SigCryptoFailure, "value"), TotalFailed, SigCryptoFailure},
		{"malformed ByteRange", broken(FormatFailure, "/ByteRange"), TotalFailed, FormatFailure},
		{"not PAdES baseline", intact("none", problem{FormatFailure, "PAdES: …"}), TotalFailed, FormatFailure},
		{"modified after signing", intact("modified"), TotalFailed, FormatFailure},
		{"modified and untrusted: the failure wins", func() SignatureReport {
			s := untrusted(NoCertificateChainFound)
			s.ChangesAfter = "modified"
			return s
		}(), TotalFailed, FormatFailure},
		{"first failure recorded wins", intact("none", problem{HashFailure, "digest"}, problem{FormatFailure, "PAdES"}), TotalFailed, HashFailure},
		{"unclassified error", unkinded, TotalFailed, FormatFailure},
		{"flags without a reason never pass", bare, TotalFailed, FormatFailure},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.rep
			s.conclude()
			if s.Indication != tc.ind || s.SubIndication != tc.sub {
				t.Fatalf("got %s/%s, want %s/%s", s.Indication, s.SubIndication, tc.ind, tc.sub)
			}
			if s.Valid() != (tc.ind == TotalPassed) {
				t.Fatalf("Valid() = %v for %s", s.Valid(), s.Indication)
			}
		})
	}
}

// TestChainProblem maps crypto/x509's chain errors to sub-indications.
func TestChainProblem(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	leaf := &x509.Certificate{NotBefore: now.AddDate(0, 0, 1), NotAfter: now.AddDate(1, 0, 0)}
	expired := x509.CertificateInvalidError{Cert: leaf, Reason: x509.Expired}
	tests := []struct {
		name   string
		err    error
		proven bool
		want   SubIndication
	}{
		{"unknown authority", x509.UnknownAuthorityError{Cert: leaf}, false, NoCertificateChainFound},
		{"wrapped unknown authority", fmt.Errorf("certificate: %w", x509.UnknownAuthorityError{}), false, NoCertificateChainFound},
		{"out of validity now", expired, false, OutOfBoundsNoPOE},
		{"before notBefore at a proven time", expired, true, NotYetValid},
		{"key usage", x509.CertificateInvalidError{Cert: leaf, Reason: x509.IncompatibleUsage}, false, ChainConstraintsFailure},
		{"insecure algorithm", x509.InsecureAlgorithmError(x509.SHA1WithRSA), false, CryptoConstraintsFailureNoPOE},
		{"unsupported", fmt.Errorf("x: %w", ErrUnsupportedAlgorithm), false, CryptoConstraintsFailureNoPOE},
		{"anything else", errors.New("?"), false, CertificateChainGeneralFailure},
	}
	for _, tc := range tests {
		if got := chainProblem(tc.err, leaf, now, tc.proven); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	// Expired at a proven time after notAfter: no proof it was signed
	// while the certificate was valid, so only indeterminate.
	if got := chainProblem(expired, leaf, now.AddDate(2, 0, 0), true); got != OutOfBoundsNoPOE {
		t.Errorf("after notAfter at a proven time: got %s", got)
	}
}

// TestSubIndicationIndication checks every sub-indication belongs to the
// indication EN 319 102-1 puts it under.
func TestSubIndicationIndication(t *testing.T) {
	for sub, want := range map[SubIndication]Indication{
		HashFailure: TotalFailed, SigCryptoFailure: TotalFailed, FormatFailure: TotalFailed, NotYetValid: TotalFailed,
		NoCertificateChainFound: Indeterminate, OutOfBoundsNoPOE: Indeterminate, ChainConstraintsFailure: Indeterminate,
		CertificateChainGeneralFailure: Indeterminate, CryptoConstraintsFailureNoPOE: Indeterminate, SignedDataNotFound: Indeterminate,
		"": TotalPassed,
	} {
		if got := sub.Indication(); got != want {
			t.Errorf("%q: got %s, want %s", sub, got, want)
		}
	}
}
