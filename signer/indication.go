package signer

// Indication is the overall verdict on one signature, as ETSI EN 319 102-1
// §5.1.3 names it.
type Indication string

// The three indications of EN 319 102-1.
const (
	// TotalPassed: the signature is intact, its chain reaches a trusted
	// root and nothing disallowed was changed after it.
	TotalPassed Indication = "TOTAL_PASSED"
	// Indeterminate: what was checked is sound, but something needed to
	// conclude (a trusted chain, a proof of time, a supported algorithm)
	// is missing.
	Indeterminate Indication = "INDETERMINATE"
	// TotalFailed: the signature is proven wrong: changed bytes, a wrong
	// signature value, a malformed or misplaced signature, or disallowed
	// changes after it.
	TotalFailed Indication = "TOTAL_FAILED"
)

// SubIndication says why a signature is not TOTAL_PASSED (EN 319 102-1
// §5.1.3, table 6). Only those Verify can derive today are listed;
// the revocation ones (REVOKED_NO_POE…) come with revocation data.
type SubIndication string

// Sub-indications that lead to TOTAL_FAILED.
const (
	HashFailure      SubIndication = "HASH_FAILURE"       // the signed bytes do not match the digest the signer signed
	SigCryptoFailure SubIndication = "SIG_CRYPTO_FAILURE" // the signature value does not verify with the signer's key
	FormatFailure    SubIndication = "FORMAT_FAILURE"     // malformed CMS or /ByteRange, not PAdES baseline, or disallowed later changes
	NotYetValid      SubIndication = "NOT_YET_VALID"      // a proven signing time before the certificate's validity
)

// Sub-indications that lead to INDETERMINATE.
const (
	NoCertificateChainFound        SubIndication = "NO_CERTIFICATE_CHAIN_FOUND"
	OutOfBoundsNoPOE               SubIndication = "OUT_OF_BOUNDS_NO_POE" // certificate not valid now, no proof the signature is older
	ChainConstraintsFailure        SubIndication = "CHAIN_CONSTRAINTS_FAILURE"
	CertificateChainGeneralFailure SubIndication = "CERTIFICATE_CHAIN_GENERAL_FAILURE"
	CryptoConstraintsFailureNoPOE  SubIndication = "CRYPTO_CONSTRAINTS_FAILURE_NO_POE" // an algorithm this verifier does not accept
	SignedDataNotFound             SubIndication = "SIGNED_DATA_NOT_FOUND"             // the signed bytes could not be read within bounds
)

// Indication is the indication a sub-indication belongs to.
func (s SubIndication) Indication() Indication {
	switch s {
	case "":
		return TotalPassed
	case HashFailure, SigCryptoFailure, FormatFailure, NotYetValid:
		return TotalFailed
	}
	return Indeterminate
}

// problem is one recorded reason a signature does not pass.
type problem struct {
	sub  SubIndication
	text string
}

// addProblem records a reason for the people reading the report (Errors)
// together with the sub-indication it leads to.
func (s *SignatureReport) addProblem(sub SubIndication, text string) {
	s.Errors = append(s.Errors, text)
	s.problems = append(s.problems, problem{sub, text})
}

// conclude derives Indication and SubIndication from what the report holds.
// Verify calls it once per signature, after the changes made after each
// signature are known. The first failure in the order the checks ran wins
// over any INDETERMINATE reason: a proven fault is worth more than a
// missing proof.
func (s *SignatureReport) conclude() {
	var subs []SubIndication
	for _, p := range s.problems {
		subs = append(subs, p.sub)
	}
	// Errors recorded without a kind (by code that does not classify its
	// findings) count as format failures: whoever wrote one found the
	// signature wrong, and guessing kinder would risk a wrong "valid".
	for range len(s.Errors) - len(s.problems) {
		subs = append(subs, FormatFailure)
	}
	// DSS reports disallowed changes after a signature (its "PDF
	// modification detection", DocMDP and FieldMDP checks) from the Format
	// Checking building block as TOTAL_FAILED/FORMAT_FAILURE; EN 319 102-1
	// has no closer sub-indication, so we say the same.
	if s.ChangesAfter == "modified" {
		subs = append(subs, FormatFailure)
	}
	// Defensive: flags that no recorded reason explains still never pass.
	// (An unchecked signature, INDETERMINATE for an unsupported algorithm,
	// is not intact either, and must stay INDETERMINATE.)
	if len(subs) == 0 && !s.Integrity {
		subs = append(subs, FormatFailure)
	}
	if len(subs) == 0 && !s.Trusted {
		subs = append(subs, NoCertificateChainFound)
	}
	s.Indication, s.SubIndication = TotalPassed, ""
	for _, sub := range subs {
		switch ind := sub.Indication(); {
		case ind == TotalFailed:
			s.Indication, s.SubIndication = ind, sub
			return
		case ind == Indeterminate && s.Indication == TotalPassed:
			s.Indication, s.SubIndication = ind, sub
		}
	}
}
