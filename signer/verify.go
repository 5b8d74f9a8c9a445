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
	// Intermediates may complete a chain that a signature's CMS leaves
	// incomplete (some products leave out the issuing CA); they are not
	// trusted by themselves.
	Intermediates []*x509.Certificate
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
	if err := f.FindLostRevisions(); err != nil {
		return nil, err
	}
	sigs, err := findSignatures(f)
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
	oldest := 0
	for _, s := range sigs {
		// Each signature is read in the revision that wrote it.
		sr := verifyOne(f.Revision(s.rev), s.sigField, opts, dg)
		end := sr.ByteRange[2] + sr.ByteRange[3]
		sr.CoversWholeDocument = end == size
		switch {
		case s.removed:
			sr.Errors = append(sr.Errors, "a later revision took this signature out of the form")
		case s.sharedBy == "" && len(sr.Errors) == 0 && !f.EndsRevision(s.rev, end):
			sr.Errors = append(sr.Errors, "/ByteRange does not end where the revision that wrote the signature ends")
		}
		oldest = max(oldest, s.rev)
		rep.Signatures = append(rep.Signatures, sr)
	}
	after := laterChanges(f, oldest)
	longTermLevels(f, sigs, rep.Signatures)
	for i, s := range sigs {
		sr := &rep.Signatures[i]
		sr.ChangesAfter, sr.LaterChanges = "none", after[s.rev]
		switch {
		case len(sr.LaterChanges) > 0:
			sr.ChangesAfter = "modified"
		case s.rev > 0:
			sr.ChangesAfter = "signatures"
		}
		sr.conclude()
	}
	order := make([]int, len(sigs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return sigs[order[i]].rev > sigs[order[j]].rev })
	sorted := make([]SignatureReport, len(order))
	for i, k := range order {
		sorted[i] = rep.Signatures[k]
	}
	rep.Signatures = sorted
	return rep, nil
}
