// Package pdfio reads PDF files lazily — the cross-reference data at open,
// objects only when asked for, with pdfcpu's object parser — and writes
// incremental updates after them. It is the common ground of signing and
// stamping, which both change a few objects of a document they must not
// rewrite.
package pdfio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Errors callers branch on; test with errors.Is.
var (
	ErrNotPDF     = errors.New("not a PDF file")
	ErrEncrypted  = errors.New("PDF is encrypted")
	ErrBrokenXref = errors.New("PDF cross-reference data is broken")
	ErrTruncated  = errors.New("PDF is truncated")
	ErrMalformed  = errors.New("PDF object is malformed")
	// ErrLimit refuses a file that exceeds a safety bound: too many objects,
	// too deep, decoding to too much data. Legitimate files stay far below.
	ErrLimit = errors.New("PDF exceeds a safety limit")
)

// Entry locates one object: in the file (Kind 1, at byte Off with
// generation Gen) or in an object stream (Kind 2: stream Off, index Gen).
// Kind 0 is a free entry.
type Entry struct {
	Kind byte
	Off  int64
	Gen  int
}

// Size is the length of the file in bytes.
func (f *File) Size() int64 { return f.size }

// StartXref is the offset of this revision's cross-reference section.
func (f *File) StartXref() int64 { return f.sections[f.rev].off }

// Trailer is this revision's trailer (or cross-reference stream dictionary).
func (f *File) Trailer() types.Dict { return f.sections[f.rev].trailer }

// XrefIsStream tells whether this revision's section is a cross-reference
// stream; an update should then use one too.
func (f *File) XrefIsStream() bool { return f.sections[f.rev].isStream }

// NextObjectNumber is the first object number free for a new object.
func (f *File) NextObjectNumber() int {
	next := 0
	if size := f.Trailer().Size(); size != nil && *size > next {
		next = *size
	}
	for n := range f.history {
		next = max(next, n+1)
	}
	return next
}

// CheckRoom refuses an update that would need object numbers beyond the
// PDF limit: readers could not read them.
func (f *File) CheckRoom(objects int) error {
	if next := f.NextObjectNumber(); next+objects > MaxObjects+1 {
		return fmt.Errorf("%w: the file already uses object numbers up to %d; %d more would pass the PDF limit of %d", ErrLimit, next-1, objects, MaxObjects)
	}
	return nil
}

// ReaderAt is the file's content.
func (f *File) ReaderAt() io.ReaderAt { return f.r }

// Bytes is the update written so far.
func (u *Increment) Bytes() []byte { return u.buf.Bytes() }

// EOLPad is what must be written after the file before an update: a newline
// when the file does not end with one.
func (f *File) EOLPad() []byte {
	if last := f.ReadAt(f.size-1, 1); len(last) == 1 && last[0] != '\n' && last[0] != '\r' {
		return []byte{'\n'}
	}
	return nil
}

// IsSigned reports whether the document carries a signature field with a
// value or a certification: stamping it would invalidate what was signed.
func (f *File) IsSigned() bool {
	cat, err := f.Catalog()
	if err != nil {
		return false
	}
	if perms, err := f.Dict(cat["Perms"], "Perms"); err == nil && perms["DocMDP"] != nil {
		return true
	}
	acro, err := f.Dict(cat["AcroForm"], "AcroForm")
	if err != nil {
		return false
	}
	if flags, ok := f.Integer(acro["SigFlags"]); ok && flags&1 != 0 {
		return true
	}
	signed := errors.New("signed")
	err = f.WalkFields(func(fd Field) error {
		if fd.Type == "Sig" && fd.Dict["V"] != nil {
			return signed
		}
		return nil
	})
	return err == signed
}

// OpenSeeker opens a PDF from a seeker: files and byte readers are read in
// place, anything else is read into memory first.
func OpenSeeker(in io.ReadSeeker) (*File, error) {
	ra, size, err := readerAtOf(in)
	if err != nil {
		return nil, err
	}
	return Open(ra, size)
}

// RecoverMalformed turns a panic on hostile input into an ErrMalformed
// error, so that a person gets a message and a service keeps serving:
// deferred by the entry points (objects recover on their own and name
// themselves). Under test, a panic is a bug in segell, not a malformed
// file: it goes on, so that the test or the fuzzer that met it fails.
func RecoverMalformed(err *error) {
	if testing.Testing() {
		return
	}
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: the file could not be read", ErrMalformed)
	}
}

func readerAtOf(in io.ReadSeeker) (io.ReaderAt, int64, error) {
	size, err := in.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, 0, err
	}
	if ra, ok := in.(io.ReaderAt); ok {
		return ra, size, nil
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return nil, 0, err
	}
	data, err := io.ReadAll(in)
	if err != nil {
		return nil, 0, err
	}
	return bytes.NewReader(data), size, nil
}

// WriteUpdated writes the file, the end-of-line pad and an update after it.
func (f *File) WriteUpdated(w io.Writer, update []byte) error {
	buf := make([]byte, 32<<10)
	if _, err := io.CopyBuffer(w, io.NewSectionReader(f.r, 0, f.size), buf); err != nil {
		return err
	}
	if _, err := w.Write(f.EOLPad()); err != nil {
		return err
	}
	_, err := w.Write(update)
	return err
}
