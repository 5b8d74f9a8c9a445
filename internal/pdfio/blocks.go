package pdfio

// ReadAt returns up to n bytes at off (fewer at the end of the file). The
// bytes are read-only: small reads are served from a few cached blocks of
// the file, so that reading every object of a document (Check) reads the
// file about once instead of once per object.
func (f *File) ReadAt(off int64, n int) []byte {
	if off < 0 || off >= f.size || n <= 0 {
		return nil
	}
	if rem := f.size - off; int64(n) > rem {
		n = int(rem)
	}
	first, last := off/blockSize, (off+int64(n)-1)/blockSize
	if first == last {
		b := f.block(first)
		lo := int(off - first*blockSize)
		if lo >= len(b) {
			return nil
		}
		hi := min(lo+n, len(b))
		return b[lo:hi:hi]
	}
	buf := make([]byte, n)
	m, _ := f.r.ReadAt(buf, off)
	return buf[:m]
}

// blockSize and maxBlocks size the read cache: 4 MB per open document.
const (
	blockSize = 64 << 10
	maxBlocks = 64
)

// block returns block i of the file, reading it on first use.
func (f *File) block(i int64) []byte {
	if b, ok := f.blocks[i]; ok {
		return b
	}
	if len(f.blocks) >= maxBlocks {
		for k := range f.blocks { // any one: reads come mostly in order
			delete(f.blocks, k)
			break
		}
	}
	buf := make([]byte, min(blockSize, f.size-i*blockSize))
	m, _ := f.r.ReadAt(buf, i*blockSize)
	f.blocks[i] = buf[:m]
	return buf[:m]
}
