package pdfio

import (
	"bytes"
	"slices"
	"strconv"
)

// FindLostRevisions adds the revisions that the /Prev chain does not reach.
// Every "startxref N" followed by "%%EOF" names a cross-reference section;
// one the chain misses (a last trailer with /Prev 0, a broken offset) is
// read with its own chain and placed after the revisions already known,
// so that a signature it carries is verified rather than silently lost.
// It reads the whole file; verification calls it, signing does not need it.
func (f *File) FindLostRevisions() error {
	known := map[int64]bool{}
	for _, s := range f.sections {
		known[s.off] = true
	}
	offsets := f.startxrefOffsets()
	// The newest first: later sections tend to point back at earlier ones.
	slices.Reverse(offsets)
	for _, off := range offsets {
		if known[off] {
			continue
		}
		if err := f.readLostChain(off, known); err != nil {
			continue // a damaged section is not a revision; the others still count
		}
	}
	return nil
}

// readLostChain reads the section at off and its /Prev chain, stopping at
// sections already known; on error it leaves the sections it read so far.
func (f *File) readLostChain(off int64, known map[int64]bool) error {
	for off > 0 && off < f.size && !known[off] {
		if len(f.sections) >= maxXrefSections {
			return nil
		}
		known[off] = true
		sec := &section{off: off, eof: -1, entries: map[int]xrefEntry{}}
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
		f.sections = append(f.sections, sec)
		f.record(len(f.sections) - 1)
		prev := sec.trailer.Int64Entry("Prev")
		if prev == nil {
			return nil
		}
		off = *prev
	}
	return nil
}

// startxrefOffsets lists, in file order, the offsets named by every
// "startxref N" in the file.
func (f *File) startxrefOffsets() []int64 {
	const chunk = 1 << 20
	key := []byte("startxref")
	var out []int64
	buf := make([]byte, chunk+64)
	for pos := int64(0); pos < f.size; pos += chunk {
		n, _ := f.r.ReadAt(buf, pos)
		b := buf[:n]
		for i := 0; ; {
			j := bytes.Index(b[i:], key)
			if j < 0 || i+j >= chunk { // past the chunk: the next one sees it whole
				break
			}
			at := i + j + len(key)
			fields := bytes.Fields(b[at:min(len(b), at+32)])
			if len(fields) > 0 {
				if v, err := strconv.ParseInt(string(fields[0]), 10, 64); err == nil && v > 0 && v < f.size {
					out = append(out, v)
				}
			}
			i = at
		}
	}
	return out
}
