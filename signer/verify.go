package signer

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"github.com/segell/segell/internal/pdfio"
	"io"
	"os"
	"sort"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
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
	rep = &Report{Size: size}
	for _, s := range sigs {
		rep.Signatures = append(rep.Signatures, verifyOne(f, s, opts))
	}
	sort.SliceStable(rep.Signatures, func(i, j int) bool {
		a, b := rep.Signatures[i].ByteRange, rep.Signatures[j].ByteRange
		return a[2]+a[3] < b[2]+b[3]
	})
	for i := range rep.Signatures {
		s := &rep.Signatures[i]
		end := s.ByteRange[2] + s.ByteRange[3]
		s.CoversWholeDocument = end == size
		if s.CoversWholeDocument {
			s.ChangesAfter = "none"
			continue
		}
		if end <= 0 || end > size {
			s.ChangesAfter = "modified"
			continue
		}
		changes, err := changesAfter(f, end)
		if err != nil {
			changes = []string{err.Error()}
		}
		s.ChangesAfter, s.LaterChanges = "signatures", changes
		if len(changes) > 0 {
			s.ChangesAfter = "modified"
		}
	}
	return rep, nil
}

type sigField struct {
	name string
	Dict types.Dict
}

// signatureFields walks the AcroForm field tree for signature fields with a value.
func signatureFields(f *pdfio.File) ([]sigField, error) {
	cat, err := f.Dict(*f.Trailer().IndirectRefEntry("Root"), "catalog")
	if err != nil {
		return nil, err
	}
	if cat["AcroForm"] == nil {
		return nil, nil
	}
	acro, err := f.Dict(cat["AcroForm"], "AcroForm")
	if err != nil {
		return nil, err
	}
	var out []sigField
	seen := map[int]bool{}
	var walk func(fields types.Array, prefix, ft string, depth int) error
	walk = func(fields types.Array, prefix, ft string, depth int) error {
		if depth > pdfio.MaxDepth {
			return fmt.Errorf("%w: field tree too deep", ErrMalformed)
		}
		for _, fr := range fields {
			if ref, ok := fr.(types.IndirectRef); ok {
				if seen[ref.ObjectNumber.Value()] {
					continue
				}
				seen[ref.ObjectNumber.Value()] = true
			}
			fd, err := f.Dict(fr, "form field")
			if err != nil {
				continue
			}
			name := prefix
			if t := fd.StringLiteralEntry("T"); t != nil {
				if name != "" {
					name += "."
				}
				name += string(*t)
			}
			fieldType := ft
			if n := fd.NameEntry("FT"); n != nil {
				fieldType = *n
			}
			if fieldType == "Sig" && fd["V"] != nil {
				if v, err := f.Dict(fd["V"], "signature"); err == nil {
					out = append(out, sigField{name: name, Dict: v})
				}
			}
			kids, _ := f.Array(fd["Kids"], "Kids")
			if err := walk(kids, name, fieldType, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	fields, err := f.Array(acro["Fields"], "AcroForm /Fields")
	if err != nil {
		return nil, err
	}
	return out, walk(fields, "", "", 0)
}

func verifyOne(f *pdfio.File, s sigField, opts VerifyOptions) SignatureReport {
	sr := SignatureReport{Field: s.name, Kind: "signature"}
	fail := func(format string, a ...any) SignatureReport {
		sr.Errors = append(sr.Errors, fmt.Sprintf(format, a...))
		return sr
	}
	if sf := s.Dict.NameEntry("SubFilter"); sf != nil {
		sr.SubFilter = *sf
	}
	if t := s.Dict.Type(); t != nil && *t == "DocTimeStamp" || sr.SubFilter == "ETSI.RFC3161" {
		sr.Kind = "document-timestamp"
	}
	if m, err := s.Dict.StringOrHexLiteralEntry("M"); err == nil && m != nil {
		if t, ok := types.DateTime(*m, true); ok {
			sr.SigningTime = t
		}
	}
	if reason, err := s.Dict.StringOrHexLiteralEntry("Reason"); err == nil && reason != nil {
		sr.Reason = *reason
	}
	refs, _ := f.Array(s.Dict["Reference"], "Reference")
	for _, r := range refs {
		if d, err := f.Dict(r, "SigRef"); err == nil && d.NameEntry("TransformMethod") != nil && *d.NameEntry("TransformMethod") == "DocMDP" {
			sr.Certified = true
		}
	}

	br, err := f.Array(s.Dict["ByteRange"], "ByteRange")
	if err != nil || len(br) != 4 {
		return fail("/ByteRange is missing or malformed")
	}
	for i := range br {
		v, ok := f.Integer(br[i])
		if !ok || v < 0 {
			return fail("/ByteRange is malformed")
		}
		sr.ByteRange[i] = v
	}
	a, b, c, d := sr.ByteRange[0], sr.ByteRange[1], sr.ByteRange[2], sr.ByteRange[3]
	if a != 0 || b >= c || c+d > f.Size() || c-b < 2 {
		return fail("/ByteRange %v does not fit the file", sr.ByteRange)
	}
	// The hole must be exactly the hex string of /Contents.
	if lt, gt := f.ReadAt(b, 1), f.ReadAt(c-1, 1); len(lt) != 1 || lt[0] != '<' || len(gt) != 1 || gt[0] != '>' {
		return fail("/ByteRange does not exclude exactly the /Contents string")
	}
	// The hole is zero-padded; the padding is kept because a BER encoding
	// with indefinite lengths ends in zero octets too.
	hole := f.ReadAt(b+1, int(c-b-2))
	if len(hole)%2 == 1 {
		return fail("/Contents has an odd number of hex digits")
	}
	der := make([]byte, hex.DecodedLen(len(hole)))
	if _, err := hex.Decode(der, hole); err != nil {
		return fail("/Contents is not hexadecimal")
	}
	p, err := parseCMS(der)
	if err != nil {
		return fail("%v", err)
	}
	h := p.digestAlg.New()
	if sr.Kind == "document-timestamp" {
		h = sha256.New()
	}
	if _, err := io.Copy(h, io.NewSectionReader(f.ReaderAt(), a, b)); err != nil {
		return fail("reading: %v", err)
	}
	if _, err := io.Copy(h, io.NewSectionReader(f.ReaderAt(), c, d)); err != nil {
		return fail("reading: %v", err)
	}
	digest := h.Sum(nil)
	sr.Signer = p.signer.Subject.CommonName
	sr.SignerCert = p.signer.Subject.String()

	if sr.Kind == "document-timestamp" {
		return verifyDocTimestamp(f, sr, der, digest, p, opts)
	}
	if err := p.checkSignerSignature(digest); err != nil {
		sr.Errors = append(sr.Errors, err.Error())
	} else {
		sr.Integrity = true
	}
	sr.Errors = append(sr.Errors, p.padesProblems(sr.SubFilter)...)
	if len(sr.Errors) == 0 && sr.SubFilter == "ETSI.CAdES.detached" {
		sr.Level = "B-B"
	}
	if tok := p.unsigned[oidAttrTimeStampToken.String()]; len(tok) > 0 {
		ts, err := checkTimestamp(tok[0].FullBytes, p.signature, opts.Roots)
		if err != nil {
			sr.Errors = append(sr.Errors, "signature time-stamp: "+err.Error())
		} else {
			sr.Timestamp, sr.TimestampValid = ts.Time, true
			if sr.Level == "B-B" {
				sr.Level = "B-T"
			}
		}
	}
	at := sr.SigningTime
	if sr.TimestampValid {
		at = sr.Timestamp
	}
	if at.IsZero() {
		at = opts.Now()
	}
	if err := verifyChain(p.signer, p.certs, opts.Roots, at, x509.ExtKeyUsageAny); err != nil {
		sr.Errors = append(sr.Errors, "certificate: "+err.Error())
	} else {
		sr.Trusted = true
	}
	return sr
}
