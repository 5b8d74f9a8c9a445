package signer

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding"
	"encoding/asn1"
	"errors"
	"fmt"
	"github.com/segell/segell/internal/pdfio"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config configures a Signer.
type Config struct {
	Key *Key
	// Now gives the signing time; time.Now when nil.
	Now func() time.Time
	// Location is the time zone of /M and of the visible date; Europe/Madrid when nil.
	Location *time.Location
}

// Signer adds PAdES baseline signatures (B-B, or B-T with a TSA) to PDFs.
type Signer struct {
	cfg Config
	// cmsSize bounds the DER size of this key's CMS without a time-stamp.
	cmsSize int
}

// New returns a Signer for cfg.Key.
func New(cfg Config) (*Signer, error) {
	if cfg.Key == nil || cfg.Key.Cert == nil {
		return nil, errors.New("signer: a certificate is required")
	}
	if cfg.Key.Signer != nil {
		if err := cfg.Key.matches(); err != nil {
			return nil, err
		}
	}
	if _, err := signatureAlgorithm(cfg.Key.Cert.PublicKey); err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Europe/Madrid")
		if err != nil {
			return nil, fmt.Errorf("signer: time zone Europe/Madrid: %w", err)
		}
		cfg.Location = loc
	}
	s := &Signer{cfg: cfg}
	n, err := s.cmsSizeBound()
	if err != nil {
		return nil, err
	}
	s.cmsSize = n
	return s, nil
}

// Placement is where a visible signature goes: a page (1-based) and a
// rectangle in default user space units (points), from the lower-left corner.
type Placement struct {
	Page       int
	X, Y, W, H float64
}

// maxCoordinate bounds a placement: PDF pages are at most 14,400 units wide.
const maxCoordinate = 14400

// Check refuses a placement that no page can hold: coordinates must be
// finite numbers within the PDF's limits and the box must have a size.
func (p Placement) Check() error {
	if p.Page < 1 {
		return fmt.Errorf("%w: visible signature on page %d", ErrPlacement, p.Page)
	}
	for _, v := range []float64{p.X, p.Y, p.W, p.H} {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxCoordinate {
			return fmt.Errorf("%w: coordinate %v is not a number between -%d and %d", ErrPlacement, v, maxCoordinate, maxCoordinate)
		}
	}
	if p.W <= 0 || p.H <= 0 {
		return fmt.Errorf("%w: width and height must be positive", ErrPlacement)
	}
	return nil
}

// Options are the choices of one signature.
type Options struct {
	Reason   string
	Location string
	// Visible places a widget with an appearance; nil signs invisibly.
	Visible *Placement
	// Appearance overrides the name, role and delegation shown; by default
	// they come from the certificate.
	Appearance *Appearance
	// Certify makes a certification signature (DocMDP, P=2); only the first
	// signature of a document may certify.
	Certify bool
	// TSA, when set, adds a signature-time-stamp (PAdES B-T).
	TSA *TSAClient
}

// Result describes the signature just written.
type Result struct {
	Field       string
	SigningTime time.Time
	Timestamped bool
	Size        int64 // bytes written
}

// SignFile signs the PDF at in and writes the signed copy to out.
func (s *Signer) SignFile(ctx context.Context, in, out string, opts Options) (*Result, error) {
	src, err := os.Open(in)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(out), ".segell-*.pdf")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	res, err := s.Sign(ctx, src, tmp, opts)
	if err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	return res, os.Rename(tmp.Name(), out)
}

// Sign reads a PDF from in and writes it to w followed by an incremental
// update that carries the new signature. The original bytes are copied
// unchanged, so earlier signatures stay valid.
func (s *Signer) Sign(ctx context.Context, in io.ReadSeeker, w io.Writer, opts Options) (res *Result, err error) {
	defer pdfio.RecoverMalformed(&err)
	if s.cfg.Key.Signer == nil {
		return nil, errors.New("signer: this key signs externally; use Prepare")
	}
	sess, err := s.begin(ctx, in, opts)
	if err != nil {
		return nil, err
	}
	contentsLen, err := s.estimateContents(ctx, opts.TSA)
	if err != nil {
		return nil, err
	}
	for attempt := 0; attempt < 3; attempt++ {
		upd, d, err := s.build(sess, contentsLen, opts)
		if err != nil {
			return nil, err
		}
		cms, err := s.signDigest(ctx, d, opts.TSA)
		if err != nil {
			return nil, err
		}
		if 2*len(cms) > contentsLen {
			contentsLen = 2*len(cms) + 1024
			continue
		}
		pdfio.HexUpper(upd.data[upd.lt+1:], cms)
		if err := sess.f.WriteUpdated(w, upd.data); err != nil {
			return nil, err
		}
		return &Result{Field: sess.plan.fieldName, SigningTime: sess.now, Timestamped: opts.TSA != nil, Size: sess.base + int64(len(upd.data))}, nil
	}
	return nil, errors.New("signer: signature does not fit its placeholder")
}

// session is a document opened for one signature: what is known before the
// signature's own bytes.
type session struct {
	f     *pdfio.File
	plan  *plan
	now   time.Time
	base  int64  // where the update starts
	state []byte // SHA-256 state after the original bytes (and the pad)
}

// begin opens the document, checks that it may take the signature, and
// hashes the original bytes once: retries with a bigger /Contents reuse it.
func (s *Signer) begin(ctx context.Context, in io.ReadSeeker, opts Options) (*session, error) {
	f, err := pdfio.OpenSeeker(in)
	if err != nil {
		return nil, err
	}
	if f.Encrypted() {
		return nil, ErrEncrypted // an update would have to be encrypted too
	}
	if err := f.Check(ctx); err != nil {
		return nil, err
	}
	pageNum := 1
	if opts.Visible != nil {
		if err := opts.Visible.Check(); err != nil {
			return nil, err
		}
		pageNum = opts.Visible.Page
	}
	p, err := newPlan(f, pageNum)
	if err != nil {
		return nil, err
	}
	switch mdp := certification(f); {
	case mdp == 1:
		return nil, ErrCertified
	case opts.Certify && (p.signed || mdp != 0):
		return nil, ErrAlreadySigned
	}
	now := s.cfg.Now().In(s.cfg.Location).Truncate(time.Second)
	if err := s.cfg.Key.usable(now); err != nil {
		return nil, err
	}
	h := sha256.New()
	if _, err := io.CopyBuffer(h, io.NewSectionReader(f.ReaderAt(), 0, f.Size()), make([]byte, 32<<10)); err != nil {
		return nil, err
	}
	pad := f.EOLPad()
	h.Write(pad)
	state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return nil, err
	}
	return &session{f: f, plan: p, now: now, base: f.Size() + int64(len(pad)), state: state}, nil
}

// build writes the update with a /Contents hole of contentsLen hex digits
// and returns it with the digest of everything the signature covers.
func (s *Signer) build(sess *session, contentsLen int, opts Options) (*builtUpdate, []byte, error) {
	upd, err := s.buildUpdate(sess.plan, sess.base, contentsLen, sess.now, opts)
	if err != nil {
		return nil, nil, err
	}
	d := sha256.New()
	if err := d.(encoding.BinaryUnmarshaler).UnmarshalBinary(sess.state); err != nil {
		return nil, nil, err
	}
	d.Write(upd.data[:upd.lt])
	d.Write(upd.data[upd.gt+1:])
	return upd, d.Sum(nil), nil
}

// signDigest signs the document digest and returns the DER CMS.
func (s *Signer) signDigest(ctx context.Context, digest []byte, tsa *TSAClient) ([]byte, error) {
	k := s.cfg.Key
	attrs, err := signedAttributes(digest, k.Cert)
	if err != nil {
		return nil, err
	}
	sig, err := signAttributes(k.Signer, attrs)
	if err != nil {
		return nil, err
	}
	parts := cmsParts{cert: k.Cert, chain: k.Chain, attrsDER: attrs, signature: sig}
	if tsa != nil {
		if parts.tsToken, err = tsa.Timestamp(ctx, sig); err != nil {
			return nil, err
		}
	}
	return encodeCMS(parts)
}

// cmsSizeBound encodes a CMS with this key's real chain and the largest
// signature the key can make, to bound the size of every CMS it will sign.
func (s *Signer) cmsSizeBound() (int, error) {
	k := s.cfg.Key
	attrs, err := signedAttributes(make([]byte, sha256.Size), k.Cert)
	if err != nil {
		return 0, err
	}
	dummy, err := encodeCMS(cmsParts{cert: k.Cert, chain: k.Chain, attrsDER: attrs, signature: make([]byte, maxSignatureLen(k.Cert.PublicKey))})
	if err != nil {
		return 0, err
	}
	return len(dummy), nil
}

// estimateContents sizes the /Contents hole (in hex digits) from the CMS
// bound and, for B-T, the size of this TSA's tokens. Sign grows it and
// retries if a signature still overflows.
func (s *Signer) estimateContents(ctx context.Context, tsa *TSAClient) (int, error) {
	n := s.cmsSize + 64
	if tsa != nil {
		ts, err := tsa.tokenSizeEstimate(ctx)
		if err != nil {
			return 0, err
		}
		n += ts + 64
	}
	return 2 * n, nil
}

// pdfDate formats t as a PDF date string: D:YYYYMMDDHHmmSS+HH'mm'.
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	return fmt.Sprintf("D:%s%s%02d'%02d'", t.Format("20060102150405"), sign, off/3600, off%3600/60)
}

// defaultAppearance reads the name and role to show from a certificate: the
// person's given name and surnames and title, or the organisation for a seal.
func defaultAppearance(k *Key) Appearance {
	var given, sur, title string
	for _, n := range k.Cert.Subject.Names {
		v, _ := n.Value.(string)
		switch {
		case n.Type.Equal(asn1.ObjectIdentifier{2, 5, 4, 42}):
			given = v
		case n.Type.Equal(asn1.ObjectIdentifier{2, 5, 4, 4}):
			sur = v
		case n.Type.Equal(asn1.ObjectIdentifier{2, 5, 4, 12}):
			title = v
		}
	}
	if given != "" || sur != "" {
		return Appearance{Name: strings.TrimSpace(given + " " + sur), Role: title}
	}
	name := k.Cert.Subject.CommonName
	if len(k.Cert.Subject.Organization) > 0 {
		name = k.Cert.Subject.Organization[0]
	}
	return Appearance{Name: name, Role: "Segell electrònic d'òrgan"}
}

// Certificate is the signer's certificate.
func (s *Signer) Certificate() *x509.Certificate { return s.cfg.Key.Cert }
