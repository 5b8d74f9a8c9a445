// Package signer writes and checks PAdES signatures. It signs a PDF by
// appending an incremental update (never by rewriting the file), builds the
// CMS SignedData itself so that any crypto.Signer (a PKCS#12 key, a PKCS#11
// token) can sign, talks to RFC 3161 time-stamping authorities, runs one for
// development, and verifies every signature of a document.
package signer

import (
	"errors"

	"github.com/segell/segell/internal/pdfio"
)

// Errors callers branch on. Each is wrapped with context; test with errors.Is.
// The first six come from reading the PDF and are shared with stamping.
var (
	ErrNotPDF        = pdfio.ErrNotPDF
	ErrEncrypted     = pdfio.ErrEncrypted
	ErrBrokenXref    = pdfio.ErrBrokenXref
	ErrTruncated     = pdfio.ErrTruncated
	ErrMalformed     = pdfio.ErrMalformed
	ErrLimit         = pdfio.ErrLimit
	ErrWrongPIN      = errors.New("wrong PIN or password")
	ErrKeyMismatch   = errors.New("private key does not match the certificate")
	ErrCertExpired   = errors.New("certificate is expired or not yet valid")
	ErrCertUsage     = errors.New("certificate may not sign documents")
	ErrNoSignatures  = errors.New("PDF has no signatures")
	ErrCertified     = errors.New("document is certified and allows no further signatures")
	ErrAlreadySigned = errors.New("a certification signature must be the first signature")
	ErrTSA           = errors.New("time-stamping authority failed")
	ErrPageRange     = errors.New("page number out of range")
	ErrPlacement     = errors.New("visible signature placement is not usable")
)
