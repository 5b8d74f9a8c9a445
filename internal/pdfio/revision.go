package pdfio

import (
	"maps"
	"sort"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Revisions is the number of revisions of the document: the sections of
// its cross-reference chain, numbered from 0, the newest.
func (f *File) Revisions() int { return len(f.sections) }

// Revision returns the document as revision i left it (0 is the newest).
// Views share what has been parsed, so walking every revision of a file
// parses each object once.
func (f *File) Revision(i int) *File { return &File{document: f.document, rev: i} }

// RevisionObjects lists, in increasing order, the objects revision i defines.
func (f *File) RevisionObjects(i int) []int {
	return f.sections[i].objects
}

func trimEOL(b []byte) []byte {
	for len(b) > 0 && (b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	return b
}

// CopyDict copies a dictionary's entries (not the values they point to) in
// linear time; pdfcpu's Dict.Clone inserts key by key with a linear search
// for each, which a dictionary of 40,000 keys turns into minutes.
func CopyDict(d types.Dict) types.Dict {
	if d == nil {
		return types.Dict{}
	}
	return maps.Clone(d)
}

// FirstDefined is the oldest revision that defines object num as it is
// now: where a signature dictionary was written, whatever later revisions
// did to it. Going back from the newest definition, it stops where the
// object was free or had another generation: an object number reused for
// a new object is not the old object.
// It reads the history as this view's revision sees it.
func (f *File) FirstDefined(num int) (int, bool) {
	h := f.history[num]
	k := sort.Search(len(h), func(i int) bool { return int(h[i].sec) >= f.rev })
	if k == len(h) || h[k].e.kind == 0 {
		return 0, false
	}
	first := h[k]
	for _, d := range h[k+1:] {
		if d.e.kind == 0 || d.e.kind == 1 && first.e.kind == 1 && d.e.gen != first.e.gen {
			break
		}
		first = d
	}
	return int(first.sec), true
}

// EndsRevision tells whether a signature's byte range that ends at end
// covers revision i exactly: up to its %%EOF and at most the end of line
// that follows it.
func (f *File) EndsRevision(i int, end int64) bool {
	eof := f.sections[i].eof
	if eof < 0 || end < eof || end > eof+2 {
		return false
	}
	gap := f.ReadAt(eof, int(end-eof))
	return len(gap) == int(end-eof) && len(trimEOL(gap)) == 0
}
