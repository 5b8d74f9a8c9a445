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
		s.conclude()
	}
	return rep, nil
}
