package signer

import "time"

// Report is the result of verifying every signature of a PDF.
type Report struct {
	Size       int64             `json:"size"`
	Signatures []SignatureReport `json:"signatures"`
}

// SignatureReport describes one signature or document timestamp. Its
// Indication and SubIndication follow ETSI EN 319 102-1; the other fields
// say what was found, Errors why it does not pass and Warnings what was
// noted without changing the verdict.
type SignatureReport struct {
	Field         string        `json:"field"`
	Kind          string        `json:"kind"` // "signature" or "document-timestamp"
	Indication    Indication    `json:"indication"`
	SubIndication SubIndication `json:"subIndication,omitempty"`
	Level         string        `json:"level,omitempty"` // PAdES baseline level reached: B-B, B-T, B-LT, B-LTA
	Integrity     bool          `json:"integrity"`       // the covered bytes are unchanged and the signature value is right
	Trusted       bool          `json:"trusted"`         // the signer's chain reaches a trusted root
	Signer        string        `json:"signer,omitempty"`
	// SigningTime is the time the signer claims in /M. Unless a verified
	// time-stamp proves a time, the chain is checked at the current time.
	SigningTime time.Time `json:"signingTime,omitzero"`
	// LaterChanges lists, one reason each, the disallowed changes made
	// after the signature.
	LaterChanges []string `json:"laterChanges,omitempty"`

	SubFilter  string `json:"subFilter"`
	SignerCert string `json:"signerCertificate,omitempty"` // subject DN
	Reason     string `json:"reason,omitempty"`

	Timestamp      time.Time `json:"timestamp,omitzero"`
	TimestampValid bool      `json:"timestampValid"` // the time-stamp verified, so Timestamp is a proof of time

	Certified bool     `json:"certified"` // a DocMDP certification signature
	ByteRange [4]int64 `json:"byteRange"`

	CoversWholeDocument bool `json:"coversWholeDocument"`
	// ChangesAfter is "none", "signatures" (only later signatures, document
	// timestamps or validation data were added) or "modified" (see LaterChanges).
	ChangesAfter string   `json:"changesAfter"`
	Errors       []string `json:"errors,omitempty"`
	Warnings     []string `json:"warnings,omitempty"`

	problems []problem // the sub-indication behind each entry of Errors
}

// Valid reports whether the signature is TOTAL_PASSED: intact, trusted and
// followed by nothing but allowed changes.
func (s SignatureReport) Valid() bool {
	return s.Indication == TotalPassed
}

// Valid reports whether the document has signatures and every one is
// TOTAL_PASSED.
func (r *Report) Valid() bool {
	if len(r.Signatures) == 0 {
		return false
	}
	for _, s := range r.Signatures {
		if !s.Valid() {
			return false
		}
	}
	return true
}
