// Package signer writes and checks PAdES signatures. It signs a PDF by
// appending an incremental update (never by rewriting the file), builds the
// CMS SignedData itself so that any crypto.Signer (a PKCS#12 key, a PKCS#11
// token) can sign, talks to RFC 3161 time-stamping authorities, runs one for
// development, and verifies every signature of a document.
package signer

import "errors"

// Errors callers branch on. Each is wrapped with context; test with errors.Is.
var (
	ErrNotPDF        = errors.New("not a PDF file")
	ErrEncrypted     = errors.New("PDF is encrypted")
	ErrBrokenXref    = errors.New("PDF cross-reference data is broken")
	ErrTruncated     = errors.New("PDF is truncated")
	ErrMalformed     = errors.New("PDF object is malformed")
	ErrWrongPIN      = errors.New("wrong PIN or password")
	ErrKeyMismatch   = errors.New("private key does not match the certificate")
	ErrCertExpired   = errors.New("certificate is expired or not yet valid")
	ErrCertUsage     = errors.New("certificate may not sign documents")
	ErrNoSignatures  = errors.New("PDF has no signatures")
	ErrCertified     = errors.New("document is certified and allows no further signatures")
	ErrAlreadySigned = errors.New("a certification signature must be the first signature")
	ErrTSA           = errors.New("time-stamping authority failed")
	ErrPageRange     = errors.New("page number out of range")
)
