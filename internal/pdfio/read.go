package pdfio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// xrefEntry locates one object: in the file (kind 1) or inside an object
// stream (kind 2). Kind 0 is a free entry.
type xrefEntry struct {
	kind byte
	off  int64 // kind 1: byte offset; kind 2: object stream number
	gen  int   // kind 1: generation; kind 2: index in the stream
}

// section is one cross-reference section of the /Prev chain, together
// with the /XRefStm of a hybrid file: what one revision defined.
type section struct {
	off      int64
	eof      int64 // just after the %%EOF that closes the revision; -1 if none was found
	trailer  types.Dict
	isStream bool
	entries  map[int]xrefEntry // while the section is read; then in history
	objects  []int             // what it defines, in increasing order
}

// document is what every view of one file shares: the bytes, the
// cross-reference sections and what has been parsed and decoded.
type document struct {
	r        io.ReaderAt
	size     int64
	version  string
	sections []*section        // newest first
	history  map[int][]defined // per object, the sections that define it, newest first
	cache    map[objKey]any    // parsed objects
	ends     map[objKey]int64  // where each object's value ends in the file
	objstms  map[int64]*objStream
	loading  map[objKey]bool  // objects being loaded: meeting one again is a cycle
	blocks   map[int64][]byte // cached blocks of the file (see ReadAt)
	crypt    *decrypter       // a file encrypted with the empty user password
	budget   budget
}

// objKey names a parsed object independently of any revision: the offset
// of the object (kind 1) or of its object stream and its index (kind 2).
type objKey struct {
	off int64
	idx int
}

// File is a PDF opened lazily: the cross-reference data is read at open,
// objects only when asked for. An incremental signature needs the trailer,
// the catalog, the AcroForm and one page, not the whole document. A File
// reads the document as one revision left it; Open gives the newest.
type File struct {
	*document
	rev int // the revision this view reads: an index into sections
}

// Stream is a stream object: its dictionary and where its raw data lies.
type Stream struct {
	Dict     types.Dict
	Off      int64 // where the raw data starts
	Len      int64
	Num, Gen int // the object, whose key decrypts the data of an encrypted file
}

// Encrypted tells whether the file is encrypted (and opened with the empty
// user password): it can be read and verified, but an update written over
// it would have to be encrypted too, which segell does not do.
func (f *File) Encrypted() bool { return f.crypt != nil }

// Open reads the header and the cross-reference chain of a PDF of size bytes.
func Open(r io.ReaderAt, size int64) (f *File, err error) {
	defer RecoverMalformed(&err)
	doc := &document{
		r: r, size: size, history: map[int][]defined{}, cache: map[objKey]any{}, ends: map[objKey]int64{},
		objstms: map[int64]*objStream{}, loading: map[objKey]bool{}, blocks: map[int64][]byte{}, budget: newBudget(size),
	}
	f = &File{document: doc}
	head := f.ReadAt(0, 1024)
	i := bytes.Index(head, []byte("%PDF-"))
	if i < 0 {
		return nil, ErrNotPDF
	}
	doc.version = string(bytes.TrimRight(head[i+5:min(len(head), i+8)], "\r\n %"))
	sx, err := f.findStartxref()
	if err != nil {
		return nil, err
	}
	if err := f.readXrefChain(sx); err != nil {
		return nil, err
	}
	tr := f.Trailer()
	if tr.IndirectRefEntry("Root") == nil {
		return nil, fmt.Errorf("%w: trailer has no /Root", ErrBrokenXref)
	}
	if _, ok := tr["Encrypt"]; ok {
		if f.crypt, err = f.newDecrypter(); err != nil {
			if !errors.Is(err, ErrEncrypted) {
				err = fmt.Errorf("%w: %v", ErrEncrypted, err)
			}
			return nil, err
		}
	}
	return f, nil
}

// findStartxref finds the last startxref keyword. Readers tolerate junk
// after %%EOF, so the search goes back further than the customary 1,024
// bytes, in growing steps, up to 1 MB.
func (f *File) findStartxref() (int64, error) {
	var tail []byte
	for n := int64(2048); ; n *= 8 {
		n = min(n, f.size, 1<<20)
		tail = f.ReadAt(f.size-n, int(n))
		if bytes.Contains(tail, []byte("startxref")) || n == f.size || n == 1<<20 {
			break
		}
	}
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		if !bytes.Contains(tail, []byte("%%EOF")) {
			return 0, ErrTruncated
		}
		return 0, fmt.Errorf("%w: no startxref", ErrBrokenXref)
	}
	fields := bytes.Fields(tail[i+len("startxref") : min(len(tail), i+len("startxref")+64)])
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
// through /Prev (and /XRefStm of hybrid files).
func (f *File) readXrefChain(off int64) error {
	seen := map[int64]bool{}
	for off > 0 {
		if seen[off] {
			return fmt.Errorf("%w: the /Prev chain loops back to offset %d", ErrBrokenXref, off)
		}
		if len(f.sections) >= maxXrefSections {
			return fmt.Errorf("%w: more than %d cross-reference sections", ErrLimit, maxXrefSections)
		}
		seen[off] = true
		sec := &section{off: off, eof: -1, entries: map[int]xrefEntry{}}
		f.sections = append(f.sections, sec)
		if err := f.readXrefSection(sec, off, false); err != nil {
			return err
		}
		if stm := sec.trailer.Int64Entry("XRefStm"); stm != nil && !sec.isStream {
			if err := f.readXrefSection(sec, *stm, true); err != nil {
				return err
			}
		}
		if err := checkSize(sec.trailer); err != nil {
			return err
		}
		f.record(len(f.sections) - 1)
		prev := sec.trailer.Int64Entry("Prev")
		if prev == nil {
			break
		}
		off = *prev
	}
	return nil
}

// checkSize refuses a trailer whose /Size no reader could honour.
func checkSize(trailer types.Dict) error {
	size, ok := trailer["Size"].(types.Integer)
	switch {
	case !ok:
		if trailer["Size"] != nil {
			return fmt.Errorf("%w: trailer /Size is not an integer", ErrBrokenXref)
		}
	case size < 0:
		return fmt.Errorf("%w: trailer /Size %d is negative", ErrBrokenXref, size)
	case size > MaxObjects+1:
		return fmt.Errorf("%w: the file declares %d objects, more than the PDF limit of %d", ErrLimit, size, MaxObjects)
	}
	return nil
}

// defined is an object's entry in one section.
type defined struct {
	sec int32
	e   xrefEntry
}

// record adds section i's objects to their histories.
func (f *File) record(i int) {
	sec := f.sections[i]
	for num, e := range sec.entries {
		f.history[num] = append(f.history[num], defined{int32(i), e})
	}
	sec.objects = slices.Sorted(maps.Keys(sec.entries))
	sec.entries = nil
}

// add records an entry in sec; entries of a hybrid file's /XRefStm fill
// what its table left free.
func (f *File) add(sec *section, num int, e xrefEntry, fill bool) error {
	if num < 0 || num > MaxObjects {
		return fmt.Errorf("%w: cross-reference entry for object %d, beyond the PDF limit of %d", ErrLimit, num, MaxObjects)
	}
	old, ok := sec.entries[num]
	if ok && !(fill && old.kind == 0) {
		return nil
	}
	if !ok {
		if f.budget.entries--; f.budget.entries < 0 {
			return fmt.Errorf("%w: more cross-reference entries than a file of %d bytes can hold", ErrLimit, f.size)
		}
	}
	sec.entries[num] = e
	return nil
}

func (f *File) readXrefSection(sec *section, off int64, fill bool) error {
	head := f.ReadAt(off, 32)
	trimmed := bytes.TrimLeft(head, " \t\r\n\f\x00")
	if bytes.HasPrefix(trimmed, []byte("xref")) {
		d, err := f.readXrefTable(sec, off+int64(len(head)-len(trimmed)), fill)
		if err != nil {
			return err
		}
		if !fill {
			sec.trailer = d
		}
		return nil
	}
	num, obj, _, err := f.parseObjectAt(off)
	if err != nil {
		return fmt.Errorf("%w: no xref at %d: %v", ErrBrokenXref, off, err)
	}
	s, ok := obj.(*Stream)
	if !ok || s.Dict.Type() == nil || *s.Dict.Type() != "XRef" {
		return fmt.Errorf("%w: object %d at %d is not an xref stream", ErrBrokenXref, num, off)
	}
	if err := f.readXrefStream(sec, s, fill); err != nil {
		return err
	}
	if !fill {
		sec.trailer, sec.isStream = s.Dict, true
		sec.eof = f.eofAfter(s.Off + s.Len)
	}
	return nil
}

// eofAfter returns the offset just after the first %%EOF at or after pos
// (and the end-of-line that follows it), or -1 when there is none nearby.
func (f *File) eofAfter(pos int64) int64 {
	for _, n := range []int{2 << 10, 64 << 10} {
		b := f.ReadAt(pos, n)
		if i := bytes.Index(b, []byte("%%EOF")); i >= 0 {
			end := i + len("%%EOF")
			return pos + int64(end)
		}
		if len(b) < n {
			break
		}
	}
	return -1
}

func (f *File) readXrefTable(sec *section, off int64, fill bool) (types.Dict, error) {
	for n := 4 << 10; ; n *= 4 {
		buf := f.ReadAt(off, n)
		complete := len(buf) < n || n >= maxObjectWindow
		t := bytes.Index(buf, []byte("trailer"))
		if t < 0 {
			if complete {
				return nil, fmt.Errorf("%w: xref table at %d has no trailer", ErrBrokenXref, off)
			}
			continue
		}
		body := buf[t+len("trailer"):]
		body = body[len(body)-len(bytes.TrimLeft(body, " \t\r\n\f\x00")):]
		end, tokens, done, err := scanObject(body)
		if err != nil {
			return nil, fmt.Errorf("trailer at %d: %w", off, err)
		}
		if !done {
			if complete {
				return nil, fmt.Errorf("%w: trailer at %d is cut short", ErrBrokenXref, off)
			}
			continue
		}
		if err := f.parseXrefEntries(sec, buf[4:t], off, fill); err != nil {
			return nil, err
		}
		if err := (&lexer{b: body[:end]}).checkValue(0); err != nil {
			return nil, fmt.Errorf("%w: trailer at %d: %v", ErrBrokenXref, off, err)
		}
		obj, err := f.parseBytes(body[:end], tokens)
		if err != nil {
			return nil, fmt.Errorf("%w: trailer at %d: %v", ErrBrokenXref, off, err)
		}
		d, ok := obj.(types.Dict)
		if !ok {
			return nil, fmt.Errorf("%w: trailer at %d is not a dictionary", ErrBrokenXref, off)
		}
		if !fill {
			sec.eof = f.eofAfter(off + int64(t))
		}
		return d, nil
	}
}

func (f *File) parseXrefEntries(sec *section, b []byte, off int64, fill bool) error {
	fields := bytes.Fields(b)
	for i := 0; i < len(fields); {
		if i+1 >= len(fields) {
			return fmt.Errorf("%w: xref table at %d", ErrBrokenXref, off)
		}
		start, err1 := strconv.Atoi(string(fields[i]))
		count, err2 := strconv.Atoi(string(fields[i+1]))
		if err1 != nil || err2 != nil || start < 0 || count < 0 || count > (len(fields)-i-2)/3 {
			return fmt.Errorf("%w: xref subsection header at %d", ErrBrokenXref, off)
		}
		if start > MaxObjects || count > MaxObjects+1-start {
			return fmt.Errorf("%w: xref subsection for objects %d to %d, beyond the PDF limit of %d", ErrLimit, start, start+count-1, MaxObjects)
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
			if kind == 1 && o <= 0 {
				kind = 0 // some producers mark unused entries "in use" at offset 0
			}
			if err := f.add(sec, start+k, xrefEntry{kind: kind, off: o, gen: g}, fill); err != nil {
				return err
			}
		}
	}
	return nil
}
