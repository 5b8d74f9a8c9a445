package main

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sort"
	"strings"
)

// pdfw writes a PDF byte by byte: every object, offset and xref entry is
// exactly what the case asks for, nothing is repaired behind its back.
type pdfw struct {
	b   bytes.Buffer
	off map[int]int    // object number → byte offset of "N 0 obj"
	cmp map[int][2]int // object number → (object stream, index) for compressed objects
	max int            // highest object number written
}

// newPDF starts a file with a PDF 1.7 header and a binary comment.
func newPDF() *pdfw {
	w := &pdfw{off: map[int]int{}, cmp: map[int][2]int{}}
	w.b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return w
}

func (w *pdfw) note(n int) {
	w.off[n] = w.b.Len()
	if n > w.max {
		w.max = n
	}
}

// obj writes "n 0 obj body endobj".
func (w *pdfw) obj(n int, body string) {
	w.note(n)
	fmt.Fprintf(&w.b, "%d 0 obj\n%s\nendobj\n", n, body)
}

// stream writes a stream object whose /Length is the true length of data.
func (w *pdfw) stream(n int, dict string, data []byte) {
	w.rawStream(n, fmt.Sprintf("%s /Length %d", dict, len(data)), data)
}

// rawStream writes a stream object with dict as given (the caller chooses
// /Length, right or wrong).
func (w *pdfw) rawStream(n int, dict string, data []byte) {
	w.note(n)
	fmt.Fprintf(&w.b, "%d 0 obj\n<< %s >>\nstream\n", n, dict)
	w.b.Write(data)
	w.b.WriteString("\nendstream\nendobj\n")
}

// write appends raw bytes.
func (w *pdfw) write(s string) { w.b.WriteString(s) }

// xref writes a classic cross-reference table covering objects 0..max, the
// trailer with /Size max+1 and extra, startxref and %%EOF. It returns the
// table's offset.
func (w *pdfw) xref(extra string) int {
	return w.xrefSized(fmt.Sprint(w.max+1), extra)
}

// xrefSized is xref with the trailer's /Size written as size.
func (w *pdfw) xrefSized(size, extra string) int {
	at := w.b.Len()
	w.b.WriteString(xrefTable(w.off, 0, w.max+1))
	fmt.Fprintf(&w.b, "trailer\n<< /Size %s %s >>\nstartxref\n%d\n%%%%EOF\n", size, extra, at)
	return at
}

// xrefTable formats one subsection of a classic table: objects first..first+count-1.
func xrefTable(off map[int]int, first, count int) string {
	var s strings.Builder
	fmt.Fprintf(&s, "xref\n%d %d\n", first, count)
	for n := first; n < first+count; n++ {
		if o, ok := off[n]; ok {
			fmt.Fprintf(&s, "%010d 00000 n \n", o)
		} else {
			s.WriteString("0000000000 65535 f \n")
		}
	}
	return s.String()
}

// update writes an incremental-update table with one subsection per object
// in objs (offsets from w.off), the trailer and %%EOF; it returns its offset.
func (w *pdfw) update(objs []int, size int, extra string) int {
	sort.Ints(objs)
	at := w.b.Len()
	w.b.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range objs {
		fmt.Fprintf(&w.b, "%d 1\n%010d 00000 n \n", n, w.off[n])
	}
	fmt.Fprintf(&w.b, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", size, extra, at)
	return at
}

// objStm writes object stream n holding objs (number → body), Flate
// compressed, and records them as compressed entries.
func (w *pdfw) objStm(n int, nums []int, bodies map[int]string) {
	var head, data strings.Builder
	for i, num := range nums {
		fmt.Fprintf(&head, "%d %d ", num, data.Len())
		data.WriteString(bodies[num])
		data.WriteString("\n")
		w.cmp[num] = [2]int{n, i}
		if num > w.max {
			w.max = num
		}
	}
	raw := head.String() + data.String()
	w.stream(n, fmt.Sprintf("/Type /ObjStm /N %d /First %d /Filter /FlateDecode", len(nums), head.Len()), deflate([]byte(raw)))
}

// xrefStream writes cross-reference stream n (W [1 4 2]) for objects
// 0..max including itself, with extra trailer keys, then startxref.
func (w *pdfw) xrefStream(n int, extra string) int {
	w.note(n)
	var data bytes.Buffer
	for i := 0; i <= w.max; i++ {
		if o, ok := w.off[i]; ok && i != n {
			data.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
		} else if c, ok := w.cmp[i]; ok {
			data.Write([]byte{2, byte(c[0] >> 24), byte(c[0] >> 16), byte(c[0] >> 8), byte(c[0]), byte(c[1] >> 8), byte(c[1])})
		} else if i == n {
			o := w.off[n]
			data.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
		} else {
			data.Write([]byte{0, 0, 0, 0, 0, 0xff, 0xff})
		}
	}
	at := w.off[n]
	z := deflate(data.Bytes())
	fmt.Fprintf(&w.b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Filter /FlateDecode /Length %d %s >>\nstream\n", n, w.max+1, len(z), extra)
	w.b.Write(z)
	fmt.Fprintf(&w.b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
	return at
}

func (w *pdfw) bytes() []byte { return w.b.Bytes() }

// deflate compresses data with zlib at the best compression.
func deflate(data []byte) []byte {
	var b bytes.Buffer
	z, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	z.Write(data)
	z.Close()
	return b.Bytes()
}

// deflateRepeat compresses n bytes of c without holding them in memory.
func deflateRepeat(prefix []byte, c byte, n int) []byte {
	var b bytes.Buffer
	z, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	z.Write(prefix)
	chunk := bytes.Repeat([]byte{c}, 1<<20)
	for n > 0 {
		k := min(n, len(chunk))
		z.Write(chunk[:k])
		n -= k
	}
	z.Close()
	return b.Bytes()
}

// Objects of the ordinary one-page document every case starts from.
const (
	content = "BT /F1 24 Tf 72 700 Td (Document hostil de prova) Tj ET"
	font    = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
)

// catalog, pages and page dictionaries of the ordinary document.
func catalogDict(extra string) string { return "<< /Type /Catalog /Pages 2 0 R " + extra + " >>" }
func pagesDict(kids string, count int) string {
	return fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, count)
}
func pageDict(parent int, extra string) string {
	return fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R %s >>", parent, extra)
}

// ordinary writes objects 1–5 (catalog, pages, page, content, font) with
// extra keys in the catalog and the page; callers add objects from 6.
func ordinary(catExtra, pageExtra string) *pdfw {
	w := newPDF()
	w.obj(1, catalogDict(catExtra))
	w.obj(2, pagesDict("3 0 R", 1))
	w.obj(3, pageDict(2, pageExtra))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	return w
}

// plain is the ordinary document, complete.
func plain() []byte {
	w := ordinary("", "")
	w.xref("/Root 1 0 R")
	return w.bytes()
}
