package pdfio

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Increment collects the objects of one incremental update and writes them
// with their cross-reference section after the original bytes.
type Increment struct {
	buf  bytes.Buffer
	base int64 // offset in the output file of buf[0]
	offs map[int]objPos
}

type objPos struct {
	off int64
	gen int
}

// NewIncrement starts an update that will be written at offset base.
func NewIncrement(base int64) *Increment {
	return &Increment{base: base, offs: map[int]objPos{}}
}

func (u *Increment) pos() int64 { return u.base + int64(u.buf.Len()) }

// Object adds object num (generation gen) with the given body.
func (u *Increment) Object(num, gen int, body string) {
	u.offs[num] = objPos{u.pos(), gen}
	fmt.Fprintf(&u.buf, "%d %d obj\n%s\nendobj\n", num, gen, body)
}

// Stream adds a stream object: dict holds the dictionary entries without
// the enclosing << >> and without /Length, which Stream adds.
func (u *Increment) Stream(num, gen int, dict string, data []byte) {
	u.offs[num] = objPos{u.pos(), gen}
	fmt.Fprintf(&u.buf, "%d %d obj\n<<%s/Length %d>>\nstream\n", num, gen, dict, len(data))
	u.buf.Write(data)
	u.buf.WriteString("\nendstream\nendobj\n")
}

// Finish writes the cross-reference section and trailer: a table, or an
// uncompressed cross-reference stream (object xrefNum) when the file being
// updated uses streams.
func (u *Increment) Finish(trailer types.Dict, prev int64, asStream bool, xrefNum int) {
	trailer = CopyDict(trailer)
	for _, k := range []string{"Prev", "XRefStm", "Type", "W", "Index", "Filter", "DecodeParms", "Length", "DL"} {
		delete(trailer, k)
	}
	trailer["Prev"] = types.Integer(prev)
	if asStream {
		u.offs[xrefNum] = objPos{u.pos(), 0}
	}
	nums := make([]int, 0, len(u.offs))
	for n := range u.offs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	if size := trailer.Size(); size == nil || *size <= nums[len(nums)-1] {
		trailer["Size"] = types.Integer(nums[len(nums)-1] + 1)
	}
	var groups [][]int // runs of consecutive object numbers
	for _, n := range nums {
		if l := len(groups); l > 0 && groups[l-1][len(groups[l-1])-1] == n-1 {
			groups[l-1] = append(groups[l-1], n)
			continue
		}
		groups = append(groups, []int{n})
	}
	start := u.pos()
	if !asStream {
		u.buf.WriteString("xref\n")
		for _, g := range groups {
			fmt.Fprintf(&u.buf, "%d %d\n", g[0], len(g))
			for _, n := range g {
				fmt.Fprintf(&u.buf, "%010d %05d n\r\n", u.offs[n].off, u.offs[n].gen)
			}
		}
		fmt.Fprintf(&u.buf, "trailer\n%s\nstartxref\n%d\n%%%%EOF\n", trailer.PDFString(), start)
		return
	}
	var index types.Array
	var data bytes.Buffer
	for _, g := range groups {
		index = append(index, types.Integer(g[0]), types.Integer(len(g)))
		for _, n := range g {
			var e [11]byte
			e[0] = 1
			binary.BigEndian.PutUint64(e[1:9], uint64(u.offs[n].off))
			binary.BigEndian.PutUint16(e[9:], uint16(u.offs[n].gen))
			data.Write(e[:])
		}
	}
	trailer["Type"] = types.Name("XRef")
	trailer["W"] = types.Array{types.Integer(1), types.Integer(8), types.Integer(2)}
	trailer["Index"] = index
	dict := trailer.PDFString()
	u.Stream(xrefNum, 0, dict[2:len(dict)-2], data.Bytes())
	fmt.Fprintf(&u.buf, "startxref\n%d\n%%%%EOF\n", start)
}
