package signer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/segell/segell/internal/pdfio"
	"io"
)

// ErrWrongSigner is a CMS that is not the expected signer's, or not over
// the expected document.
var ErrWrongSigner = errors.New("the signature is not the expected signer's signature of this document")

// externalReserve is the room, in bytes, kept for a CMS made elsewhere (a
// smart card's software may add its own attributes and certificates).
const externalReserve = 16 << 10

// Prepared is a signature waiting for an external signer: the digest goes
// out to the signer's own software (a smart card), a CMS comes back.
type Prepared struct {
	// Digest is the SHA-256 of the byte ranges the signature will cover:
	// the value of the CMS message-digest attribute.
	Digest []byte
	Field  string
	sess   *session
	upd    *builtUpdate
	signer *Signer
}

// Prepare builds the incremental update for an external signature by the
// holder of s's certificate (s's key may have no private part).
func (s *Signer) Prepare(ctx context.Context, in io.ReadSeeker, opts Options) (p *Prepared, err error) {
	defer pdfio.RecoverMalformed(&err)
	if opts.TSA != nil {
		return nil, errors.New("an external signature brings its own time-stamp, if any")
	}
	sess, err := s.begin(ctx, in, opts)
	if err != nil {
		return nil, err
	}
	upd, digest, err := s.build(sess, 2*(s.cmsSize+externalReserve), opts)
	if err != nil {
		return nil, err
	}
	return &Prepared{Digest: digest, Field: sess.plan.fieldName, sess: sess, upd: upd, signer: s}, nil
}

// Complete checks the CMS — signed by the expected certificate, over this
// document's digest, with a valid signature value — and writes the signed PDF.
func (p *Prepared) Complete(w io.Writer, cmsDER []byte) error {
	c, err := parseCMS(cmsDER)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrWrongSigner, err)
	}
	if !bytes.Equal(c.signer.Raw, p.signer.cfg.Key.Cert.Raw) {
		return fmt.Errorf("%w: signed by %q, expected %q", ErrWrongSigner, c.signer.Subject.CommonName, p.signer.cfg.Key.Cert.Subject.CommonName)
	}
	if err := c.checkSignerSignature(p.Digest); err != nil {
		return fmt.Errorf("%w: %v", ErrWrongSigner, err)
	}
	hole := p.upd.gt - p.upd.lt - 1
	if 2*len(cmsDER) > hole {
		return fmt.Errorf("the CMS (%d bytes) is larger than the %d bytes reserved", len(cmsDER), hole/2)
	}
	data := append([]byte(nil), p.upd.data...)
	pdfio.HexUpper(data[p.upd.lt+1:], cmsDER)
	return p.sess.f.WriteUpdated(w, data)
}

// SignDigest makes, with s's own key, the CMS an external signer would
// return for digest: for tests and for signers whose key segell holds.
func (s *Signer) SignDigest(ctx context.Context, digest []byte) ([]byte, error) {
	if s.cfg.Key.Signer == nil {
		return nil, errors.New("signer: no private key")
	}
	return s.signDigest(ctx, digest, nil)
}
