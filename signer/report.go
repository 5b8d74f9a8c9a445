package signer

import "time"

// Report is the result of verifying every signature of a PDF.
type Report struct {
	Size       int64             `json:"size"`
	Signatures []SignatureReport `json:"signatures"`
}

// SignatureReport describes one signature or document timestamp.
type SignatureReport struct {
	Field       string    `json:"field"`
	Kind        string    `json:"kind"` // "signature" or "document-timestamp"
	SubFilter   string    `json:"subFilter"`
	Level       string    `json:"level,omitempty"` // PAdES baseline level reached: B-B, B-T
	Signer      string    `json:"signer,omitempty"`
	SignerCert  string    `json:"signerCertificate,omitempty"` // subject DN
	Reason      string    `json:"reason,omitempty"`
	SigningTime time.Time `json:"signingTime,omitzero"` // from /M

	Timestamp      time.Time `json:"timestamp,omitzero"`
	TimestampValid bool      `json:"timestampValid"`

	Integrity bool     `json:"integrity"` // the covered bytes are unchanged and the signature value is right
	Trusted   bool     `json:"trusted"`   // the signer's chain reaches a trusted root
	Certified bool     `json:"certified"` // a DocMDP certification signature
	ByteRange [4]int64 `json:"byteRange"`

	CoversWholeDocument bool `json:"coversWholeDocument"`
	// ChangesAfter is "none", "signatures" (only later signatures, document
	// timestamps or validation data were added) or "modified" (see LaterChanges).
	ChangesAfter string   `json:"changesAfter"`
	LaterChanges []string `json:"laterChanges,omitempty"`
	Errors       []string `json:"errors,omitempty"`
}

// Valid reports whether the signature is intact and trusted and nothing but
// later signatures was added after it. A signed document that was modified
// afterwards is not valid, even though the bytes the signer signed are intact.
func (s SignatureReport) Valid() bool {
	return s.Integrity && s.Trusted && len(s.Errors) == 0 && s.ChangesAfter != "modified"
}

// Valid reports whether the document has signatures and all are valid and trusted.
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
