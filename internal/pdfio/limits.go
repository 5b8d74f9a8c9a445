package pdfio

// MaxObjects is the largest object number a PDF may use: ISO 32000-1,
// Annex C, limits a file to 8,388,607 indirect objects. A file that
// declares more is refused rather than given numbers readers cannot read.
const MaxObjects = 8_388_607

// Bounds that keep hostile input from exhausting memory, time or stack.
// Every walk and every parse is bounded by one of them; legitimate files
// stay far below.
const (
	MaxDepth        = 64      // deepest page tree or field tree walked
	maxNesting      = 100     // deepest nesting of arrays and dictionaries in one object
	maxObjectTokens = 1 << 20 // most tokens in one object (a 25-million-element array is refused)
	maxObjectWindow = 64 << 20
	maxXrefSections = 1 << 16 // longest /Prev chain followed
	maxNodes        = 1 << 20 // most page-tree nodes, fields or annotations walked
	maxLoadDepth    = 32      // objects loaded while loading another (a /Length, an object stream)
	minExpansion    = 4 << 20 // a stream may always decode to this much …
	maxExpansion    = 256     // … and beyond it to at most this many times its size
)

// budget is what one document may still cost, in proportion to its size,
// so that a small file cannot make segell do a large amount of work.
type budget struct {
	decoded int64 // bytes streams may still decode to
	tokens  int64 // tokens still to parse
	entries int64 // cross-reference entries still to record
}

func newBudget(size int64) budget {
	return budget{
		decoded: 32<<20 + 8*size,
		tokens:  min(2<<20+2*size, 16<<20),
		entries: max(1<<16, size),
	}
}
