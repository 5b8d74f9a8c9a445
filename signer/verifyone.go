package signer

import (
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/segell/segell/internal/pdfio"
)

// sigField is a signature field with a value, as the form lists it.
type sigField struct {
	name string
	Dict types.Dict
	// span is the object whose bytes must hold the /Contents hole: the
	// signature dictionary's own object, or the field's when /V is direct.
	span      *types.IndirectRef
	sharedBy  string // the field that already uses this signature dictionary
	holeStart int64  // /ByteRange's second number, to verify in file order
}

// signatureFields walks the AcroForm field tree for signature fields with a
// value. A signature dictionary that a second field also points at is
// reported for that field without being checked again.
func signatureFields(f *pdfio.File) ([]sigField, error) {
	var out []sigField
	owner := map[int]string{} // signature dictionary → first field using it
	err := f.WalkFields(func(fd pdfio.Field) error {
		if fd.Type != "Sig" || fd.Dict["V"] == nil {
			return nil
		}
		v, err := f.Dict(fd.Dict["V"], "signature")
		if err != nil {
			return nil
		}
		s := sigField{name: fd.Name, Dict: v, span: fd.Ref}
		if ref, ok := fd.Dict["V"].(types.IndirectRef); ok {
			s.span = &ref
			num := ref.ObjectNumber.Value()
			if first, ok := owner[num]; ok {
				s.sharedBy = first
			} else {
				owner[num] = fd.Name
			}
		}
		if br, err := f.Array(v["ByteRange"], "ByteRange"); err == nil && len(br) == 4 {
			s.holeStart, _ = f.Integer(br[1])
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

func verifyOne(f *pdfio.File, s sigField, opts VerifyOptions, dg *digester) SignatureReport {
	sr := SignatureReport{Field: s.name, Kind: "signature"}
	// fail records a problem that ends the checks of this signature.
	fail := func(sub SubIndication, format string, a ...any) SignatureReport {
		sr.addProblem(sub, fmt.Sprintf(format, a...))
		return sr
	}
	if sf := s.Dict.NameEntry("SubFilter"); sf != nil {
		sr.SubFilter = *sf
	}
	if t := s.Dict.Type(); t != nil && *t == "DocTimeStamp" || sr.SubFilter == "ETSI.RFC3161" {
		sr.Kind = "document-timestamp"
	}
	if s.sharedBy != "" {
		return fail(FormatFailure, "uses the signature dictionary of field %q: one signature cannot sign twice", s.sharedBy)
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
		return fail(FormatFailure, "/ByteRange is missing or malformed")
	}
	for i := range br {
		v, ok := f.Integer(br[i])
		if !ok || v < 0 {
			return fail(FormatFailure, "/ByteRange is malformed")
		}
		sr.ByteRange[i] = v
	}
	a, b, c, d := sr.ByteRange[0], sr.ByteRange[1], sr.ByteRange[2], sr.ByteRange[3]
	if a != 0 || b >= c || d > f.Size()-c || c-b < 2 {
		return fail(FormatFailure, "/ByteRange %v does not fit the file", sr.ByteRange)
	}
	// The hole must be exactly the hex string of /Contents, inside this
	// signature's own dictionary: a range pointing at another signature's
	// bytes signs nothing of its own.
	if lt, gt := f.ReadAt(b, 1), f.ReadAt(c-1, 1); len(lt) != 1 || lt[0] != '<' || len(gt) != 1 || gt[0] != '>' {
		return fail(FormatFailure, "/ByteRange does not exclude exactly the /Contents string")
	}
	if s.span == nil {
		return fail(FormatFailure, "the signature dictionary is not an object of its own in the file")
	}
	if start, end, ok := f.ObjectSpan(s.span.ObjectNumber.Value()); !ok || b <= start || c > end {
		return fail(FormatFailure, "/ByteRange excludes bytes outside this signature's dictionary")
	}
	if c-b-2 > maxContentsHex {
		return fail(FormatFailure, "/Contents is larger than any signature (%d bytes)", (c-b-2)/2)
	}
	// The hole is zero-padded; the padding is kept because a BER encoding
	// with indefinite lengths ends in zero octets too.
	hole := f.ReadAt(b+1, int(c-b-2))
	if len(hole)%2 == 1 {
		return fail(FormatFailure, "/Contents has an odd number of hex digits")
	}
	der := make([]byte, hex.DecodedLen(len(hole)))
	if _, err := hex.Decode(der, hole); err != nil {
		return fail(FormatFailure, "/Contents is not hexadecimal")
	}
	p, err := parseCMS(der)
	if err != nil {
		sub := FormatFailure
		if errors.Is(err, ErrUnsupportedAlgorithm) {
			sub = CryptoConstraintsFailureNoPOE
		}
		return fail(sub, "%v", err)
	}
	sr.Signer = p.signer.Subject.CommonName
	sr.SignerCert = p.signer.Subject.String()
	if sr.Kind == "document-timestamp" {
		sr = verifyDocTimestampKinds(dg, sr, der, p, opts)
		noteWeak(&sr, p)
		return sr
	}
	digest, err := dg.digest(p.digestAlg, sr.ByteRange)
	if err != nil {
		return fail(digestProblem(err, p.digestAlg), "%v", err)
	}
	if err := p.checkSignerSignature(digest); err != nil {
		sr.addProblem(signatureProblem(p, digest, err), err.Error())
	} else {
		sr.Integrity = true
	}
	for _, e := range p.padesProblems(sr.SubFilter) {
		sr.addProblem(FormatFailure, e)
	}
	if len(sr.Errors) == 0 && sr.SubFilter == "ETSI.CAdES.detached" {
		sr.Level = "B-B"
	}
	if tok := p.unsigned[oidAttrTimeStampToken.String()]; len(tok) > 0 {
		ts, err := checkTimestamp(tok[0].FullBytes, p.signature, opts.Roots)
		if err != nil {
			// Not a proof of time, and nothing more: the unsigned
			// attributes sit in the /Contents hole, outside what the
			// signer signed, so anyone can add or swap a token there.
			sr.Warnings = append(sr.Warnings, "signature time-stamp not taken as a proof of time: "+err.Error())
		} else {
			sr.Timestamp, sr.TimestampValid = ts.Time, true
			if sr.Level == "B-B" {
				sr.Level = "B-T"
			}
		}
	}
	// Only a verified time-stamp proves when the signature existed. The
	// claimed /M proves nothing (an incremental update can rewrite it), so
	// without a proof the chain is checked now.
	at, proven := opts.Now(), sr.TimestampValid
	if proven {
		at = sr.Timestamp
	}
	if err := verifyChain(p.signer, append(p.certs, opts.Intermediates...), opts.Roots, at, x509.ExtKeyUsageAny); err != nil {
		sr.addProblem(chainProblem(err, p.signer, at, proven), "certificate: "+err.Error())
	} else {
		sr.Trusted = true
	}
	noteWeak(&sr, p)
	return sr
}

// noteWeak says what was accepted but is weak, or read although
// crypto/x509 refuses it, without changing the verdict.
func noteWeak(sr *SignatureReport, p *parsedCMS) {
	for _, w := range p.weak {
		sr.Warnings = append(sr.Warnings, "weak: "+w)
	}
	for _, q := range p.lenient {
		sr.Warnings = append(sr.Warnings, "certificate read leniently: "+q)
	}
}

// maxContentsHex bounds a /Contents hole: the largest CMS with a long
// chain, revocation data and time-stamps stays far below 1 MB.
const maxContentsHex = 2 << 20
