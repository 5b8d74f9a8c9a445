package signer

import (
	"crypto/x509"
	"io"
	"os"
	"sort"
	"time"

	"github.com/segell/segell/internal/pdfio"
)

// VerifyOptions configures Verify.
type VerifyOptions struct {
	// Roots are the trusted roots; the system pool when nil.
	Roots *x509.CertPool
	// Now is the time used when a signature carries no time; time.Now when nil.
	Now func() time.Time
}

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

// VerifyFile verifies every signature of the PDF at path.
func VerifyFile(path string, opts VerifyOptions) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return Verify(f, st.Size(), opts)
}

// Verify checks every signature and document timestamp of a PDF: integrity of
// the covered bytes, the CMS signature, the PAdES attributes, the signature
// time-stamp, the chain to opts.Roots and what the document gained afterwards.
// Its work grows linearly with the file and the number of signatures: the
// file is hashed once for all of them and each revision is compared with
// the one before it once.
func Verify(r io.ReaderAt, size int64, opts VerifyOptions) (rep *Report, err error) {
	defer pdfio.RecoverMalformed(&err)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	f, err := pdfio.Open(r, size)
	if err != nil {
		return nil, err
	}
	sigs, err := signatureFields(f)
	if err != nil {
		return nil, err
	}
	if len(sigs) == 0 {
		return nil, ErrNoSignatures
	}
	// In the order they were made, so that hashing runs once through the file.
	sort.SliceStable(sigs, func(i, j int) bool { return sigs[i].holeStart < sigs[j].holeStart })
	rep = &Report{Size: size}
	dg := newDigester(f.ReaderAt(), size)
	for _, s := range sigs {
		rep.Signatures = append(rep.Signatures, verifyOne(f, s, opts, dg))
	}
	sort.SliceStable(rep.Signatures, func(i, j int) bool {
		a, b := rep.Signatures[i].ByteRange, rep.Signatures[j].ByteRange
		return a[2]+a[3] < b[2]+b[3]
	})
	revs := make([]int, len(rep.Signatures))
	oldest := 0
	for i := range rep.Signatures {
		s := &rep.Signatures[i]
		end := s.ByteRange[2] + s.ByteRange[3]
		s.CoversWholeDocument = end == size
		revs[i] = -1
		if rev, ok := f.RevisionAt(end); ok && end > 0 {
			revs[i], oldest = rev, max(oldest, rev)
		}
	}
	after := laterChanges(f, oldest)
	for i := range rep.Signatures {
		s := &rep.Signatures[i]
		switch {
		case s.CoversWholeDocument:
			s.ChangesAfter = "none"
		case revs[i] < 0:
			s.ChangesAfter = "modified"
			s.LaterChanges = []string{"the signature does not end where a revision of the document ends"}
		default:
			s.ChangesAfter, s.LaterChanges = "signatures", after[revs[i]]
			if len(s.LaterChanges) > 0 {
				s.ChangesAfter = "modified"
			}
		}
	}
	return rep, nil
}
