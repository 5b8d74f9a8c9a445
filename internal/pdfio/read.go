package pdfio

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Limits that keep hostile input from exhausting memory or time.
const (
	maxObjectWindow = 64 << 20  // largest object body read for parsing
	maxDecoded      = 256 << 20 // largest decoded xref or object stream
	maxXrefSections = 4096      // longest /Prev chain followed
	MaxDepth        = 64        // deepest page tree or field tree walked
)

// xrefEntry locates one object: in the file (kind 1) or inside an object
// stream (kind 2). Kind 0 is a free entry.
type xrefEntry struct {
	kind byte
	off  int64 // kind 1: byte offset; kind 2: object stream number
	gen  int   // kind 1: generation; kind 2: index in the stream
}

// File is a PDF opened lazily: the cross-reference data is read at open,
// objects only when asked for. An incremental signature needs the trailer,
// the catalog, the AcroForm and one page, not the whole document.
type File struct {
	r            io.ReaderAt
	size         int64
	startxref    int64
	trailer      types.Dict // newest trailer
	xref         map[int]xrefEntry
	xrefIsStream bool // the newest section is a cross-reference stream
	version      string
	objstms      map[int]*objStream
	cache        map[int]any
	overrideFree bool // reading a hybrid file's /XRefStm: it fills the table's free entries
}

// Stream is a stream object: its dictionary and where its raw data lies.
type Stream struct {
	Dict types.Dict
	Off  int64 // where the raw data starts
	Len  int64
}

// Open reads the header and the cross-reference chain of a PDF of size bytes.
func Open(r io.ReaderAt, size int64) (*File, error) {
	f := &File{r: r, size: size, xref: map[int]xrefEntry{}, objstms: map[int]*objStream{}, cache: map[int]any{}}
	head := f.ReadAt(0, 1024)
	i := bytes.Index(head, []byte("%PDF-"))
	if i < 0 {
		return nil, ErrNotPDF
	}
	f.version = string(bytes.TrimRight(head[i+5:min(len(head), i+8)], "\r\n %"))
	sx, err := f.findStartxref()
	if err != nil {
		return nil, err
	}
	f.startxref = sx
	if err := f.readXrefChain(sx); err != nil {
		return nil, err
	}
	if f.trailer.IndirectRefEntry("Root") == nil {
		return nil, fmt.Errorf("%w: trailer has no /Root", ErrBrokenXref)
	}
	if _, ok := f.trailer.Find("Encrypt"); ok {
		return nil, ErrEncrypted
	}
	return f, nil
}

// readAt returns up to n bytes at off (fewer at the end of the file).
func (f *File) ReadAt(off int64, n int) []byte {
	if off < 0 || off >= f.size {
		return nil
	}
	if rem := f.size - off; int64(n) > rem {
		n = int(rem)
	}
	buf := make([]byte, n)
	m, _ := f.r.ReadAt(buf, off)
	return buf[:m]
}

func (f *File) findStartxref() (int64, error) {
	tailLen := int64(2048)
	if tailLen > f.size {
		tailLen = f.size
	}
	tail := f.ReadAt(f.size-tailLen, int(tailLen))
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		if !bytes.Contains(tail, []byte("%%EOF")) {
			return 0, ErrTruncated
		}
		return 0, fmt.Errorf("%w: no startxref", ErrBrokenXref)
	}
	fields := bytes.Fields(tail[i+len("startxref"):])
	if len(fields) == 0 {
		return 0, ErrTruncated
	}
	n, err := strconv.ParseInt(string(fields[0]), 10, 64)
	if err != nil || n <= 0 || n >= f.size {
		return 0, fmt.Errorf("%w: startxref %q", ErrBrokenXref, fields[0])
	}
	return n, nil
}

// readXrefChain reads every cross-reference section from the newest back
// through /Prev (and /XRefStm of hybrid files); newer entries win.
func (f *File) readXrefChain(off int64) error {
	seen := map[int64]bool{}
	for n := 0; off > 0; n++ {
		if seen[off] || n > maxXrefSections {
			return fmt.Errorf("%w: /Prev loop at %d", ErrBrokenXref, off)
		}
		seen[off] = true
		trailer, isStream, err := f.readXrefSection(off)
		if err != nil {
			return err
		}
		if f.trailer == nil {
			f.trailer, f.xrefIsStream = trailer, isStream
		}
		if stm := trailer.Int64Entry("XRefStm"); stm != nil && !isStream {
			f.overrideFree = true
			_, _, err := f.readXrefSection(*stm)
			f.overrideFree = false
			if err != nil {
				return err
			}
		}
		prev := trailer.Int64Entry("Prev")
		if prev == nil {
			break
		}
		off = *prev
	}
	return nil
}

func (f *File) addEntry(num int, e xrefEntry) {
	old, ok := f.xref[num]
	if !ok || (f.overrideFree && old.kind == 0) {
		f.xref[num] = e
	}
}

func (f *File) readXrefSection(off int64) (types.Dict, bool, error) {
	head := f.ReadAt(off, 32)
	trimmed := bytes.TrimLeft(head, " \t\r\n\f\x00")
	if bytes.HasPrefix(trimmed, []byte("xref")) {
		d, err := f.readXrefTable(off + int64(len(head)-len(trimmed)))
		return d, false, err
	}
	num, obj, err := f.parseObjectAt(off)
	if err != nil {
		return nil, false, fmt.Errorf("%w: no xref at %d: %v", ErrBrokenXref, off, err)
	}
	s, ok := obj.(*Stream)
	if !ok || s.Dict.Type() == nil || *s.Dict.Type() != "XRef" {
		return nil, false, fmt.Errorf("%w: object %d at %d is not an xref stream", ErrBrokenXref, num, off)
	}
	if err := f.readXrefStream(s); err != nil {
		return nil, false, err
	}
	return s.Dict, true, nil
}

func (f *File) readXrefTable(off int64) (types.Dict, error) {
	for n := 64 << 10; ; n *= 4 {
		buf := f.ReadAt(off, n)
		t := bytes.Index(buf, []byte("trailer"))
		if t < 0 {
			if int64(len(buf)) < int64(n) || n > maxObjectWindow {
				return nil, fmt.Errorf("%w: xref table at %d has no trailer", ErrBrokenXref, off)
			}
			continue
		}
		if err := f.parseXrefEntries(buf[4:t], off); err != nil {
			return nil, err
		}
		s := string(buf[t+len("trailer"):])
		obj, err := model.ParseObject(&s)
		if err != nil {
			if len(buf) == n && n <= maxObjectWindow {
				continue
			}
			return nil, fmt.Errorf("%w: trailer at %d: %v", ErrBrokenXref, off, err)
		}
		d, ok := obj.(types.Dict)
		if !ok {
			return nil, fmt.Errorf("%w: trailer at %d is not a dictionary", ErrBrokenXref, off)
		}
		return d, nil
	}
}

func (f *File) parseXrefEntries(b []byte, off int64) error {
	fields := bytes.Fields(b)
	for i := 0; i < len(fields); {
		if i+1 >= len(fields) {
			return fmt.Errorf("%w: xref table at %d", ErrBrokenXref, off)
		}
		start, err1 := strconv.Atoi(string(fields[i]))
		count, err2 := strconv.Atoi(string(fields[i+1]))
		if err1 != nil || err2 != nil || start < 0 || count < 0 || i+2+3*count > len(fields) {
			return fmt.Errorf("%w: xref subsection header at %d", ErrBrokenXref, off)
		}
		i += 2
		for k := 0; k < count; k++ {
			o, err1 := strconv.ParseInt(string(fields[i]), 10, 64)
			g, err2 := strconv.Atoi(string(fields[i+1]))
			typ := fields[i+2]
			i += 3
			if err1 != nil || err2 != nil || len(typ) != 1 {
				return fmt.Errorf("%w: xref entry %d at %d", ErrBrokenXref, start+k, off)
			}
			kind := byte(0)
			if typ[0] == 'n' {
				kind = 1
			}
			if kind == 1 && o == 0 {
				kind = 0 // some producers mark unused entries "in use" at offset 0
			}
			f.addEntry(start+k, xrefEntry{kind: kind, off: o, gen: g})
		}
	}
	return nil
}
