package pdfio

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// objStream is a decoded object stream: its data and where each object starts.
type objStream struct {
	data    []byte
	offsets []int // offset of the i-th object, relative to data
}

// Decode returns the data of a cross-reference or object stream with its
// filters undone; image codecs are refused.
func (f *File) Decode(s *Stream) ([]byte, error) {
	data, err := f.DecodeAll(s)
	if err == errSpecialisedFilter {
		return nil, fmt.Errorf("%w: an image filter on an xref or object stream", ErrMalformed)
	}
	return data, err
}

func (f *File) names(o any) ([]string, error) {
	r, err := f.Resolve(o)
	if err != nil {
		return nil, err
	}
	switch v := r.(type) {
	case nil:
		return nil, nil
	case types.Name:
		return []string{string(v)}, nil
	case types.Array:
		var out []string
		for _, e := range v {
			if n, ok := e.(types.Name); ok {
				out = append(out, string(n))
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: /Filter is %T", ErrMalformed, r)
}

// unpredictPNG undoes PNG row filters (one byte per pixel component).
func unpredictPNG(in []byte, cols int) ([]byte, error) {
	if cols <= 0 || cols > 1<<16 {
		return nil, fmt.Errorf("%w: predictor columns %d", ErrMalformed, cols)
	}
	row := cols + 1
	if len(in)%row != 0 {
		in = in[:len(in)-len(in)%row]
	}
	out := make([]byte, 0, len(in)/row*cols)
	prev := make([]byte, cols)
	for i := 0; i+row <= len(in); i += row {
		ft := in[i]
		out = append(out, in[i+1:i+row]...)
		cur := out[len(out)-cols:]
		for j := range cur {
			var left, up, ul byte
			if j > 0 {
				left, ul = cur[j-1], prev[j-1]
			}
			up = prev[j]
			switch ft {
			case 0:
			case 1:
				cur[j] += left
			case 2:
				cur[j] += up
			case 3:
				cur[j] += byte((int(left) + int(up)) / 2)
			case 4:
				cur[j] += paeth(left, up, ul)
			default:
				return nil, fmt.Errorf("%w: PNG filter type %d", ErrMalformed, ft)
			}
		}
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// readXrefStream adds the entries of a cross-reference stream to sec.
func (f *File) readXrefStream(sec *section, s *Stream, fill bool) error {
	if err := checkSize(s.Dict); err != nil {
		return err
	}
	var w [3]int
	wa := s.Dict.W()
	if len(wa) != 3 {
		return fmt.Errorf("%w: xref stream /W", ErrBrokenXref)
	}
	for i := range w {
		v, ok := wa[i].(types.Integer)
		if !ok || v < 0 || v > 8 {
			return fmt.Errorf("%w: xref stream /W", ErrBrokenXref)
		}
		w[i] = int(v)
	}
	size := s.Dict.Size()
	if size == nil {
		return fmt.Errorf("%w: xref stream has no /Size", ErrBrokenXref)
	}
	declared := int64(*size)
	if ia := s.Dict.Index(); ia != nil {
		declared = 0
		for i := 1; i < len(ia); i += 2 {
			if n, ok := ia[i].(types.Integer); ok && n > 0 {
				declared += int64(n)
			}
		}
	}
	if declared > f.budget.entries {
		return fmt.Errorf("%w: the xref stream declares %d entries, more than a file of %d bytes can hold", ErrLimit, declared, f.size)
	}
	data, err := f.Decode(s)
	if err != nil {
		return fmt.Errorf("xref stream: %w", err)
	}
	index := []int{0, *size}
	if ia := s.Dict.Index(); ia != nil {
		if len(ia)%2 != 0 {
			return fmt.Errorf("%w: xref stream /Index has an odd number of values", ErrBrokenXref)
		}
		index = index[:0]
		for _, v := range ia {
			n, ok := v.(types.Integer)
			if !ok || n < 0 || n > MaxObjects+1 {
				return fmt.Errorf("%w: xref stream /Index", ErrBrokenXref)
			}
			index = append(index, int(n))
		}
	}
	entryLen := w[0] + w[1] + w[2]
	if entryLen == 0 {
		return fmt.Errorf("%w: xref stream /W is empty", ErrBrokenXref)
	}
	pos := 0
	for i := 0; i+1 < len(index); i += 2 {
		if index[i]+index[i+1] > MaxObjects+1 {
			return fmt.Errorf("%w: xref stream lists objects beyond the PDF limit of %d", ErrLimit, MaxObjects)
		}
		if index[i+1] > (len(data)-pos)/entryLen {
			return fmt.Errorf("%w: xref stream is shorter than its /Index", ErrBrokenXref)
		}
		for k := 0; k < index[i+1]; k++ {
			typ := int64(1)
			if w[0] > 0 {
				typ = field(data[pos : pos+w[0]])
			}
			f2 := field(data[pos+w[0] : pos+w[0]+w[1]])
			f3 := field(data[pos+w[0]+w[1] : pos+entryLen])
			pos += entryLen
			e := xrefEntry{}
			switch {
			case typ == 1 && f2 > 0:
				e = xrefEntry{kind: 1, off: f2, gen: int(f3)}
			case typ == 2 && f3 >= 0 && f3 < MaxObjects:
				e = xrefEntry{kind: 2, off: f2, gen: int(f3)}
			}
			if err := f.add(sec, index[i]+k, e, fill); err != nil {
				return err
			}
		}
	}
	return nil
}

func field(b []byte) int64 {
	var v int64
	for _, c := range b {
		v = v<<8 | int64(c)
	}
	return v
}

// compressedObject returns the idx-th object of object stream stmNum.
func (f *File) compressedObject(stmNum, idx int) (any, error) {
	os, err := f.objStream(stmNum)
	if err != nil {
		return nil, err
	}
	if idx < 0 || idx >= len(os.offsets) {
		return nil, fmt.Errorf("%w: object stream %d has no object %d", ErrBrokenXref, stmNum, idx)
	}
	start, end := os.offsets[idx], len(os.data)
	if idx+1 < len(os.offsets) {
		end = os.offsets[idx+1]
	}
	n, tokens, done, err := scanObject(os.data[start:end])
	if err != nil {
		return nil, fmt.Errorf("in object stream %d: %w", stmNum, err)
	}
	if !done && n == 0 {
		return nil, fmt.Errorf("%w: object %d of object stream %d is empty", ErrMalformed, idx, stmNum)
	}
	obj, err := f.parseBytes(os.data[start:start+n], tokens)
	if err != nil {
		return nil, fmt.Errorf("%w: in object stream %d: %v", ErrMalformed, stmNum, err)
	}
	return obj, nil
}

// objStream decodes object stream num once, when one of its objects is
// first asked for.
func (f *File) objStream(num int) (*objStream, error) {
	e, ok := f.entry(num)
	if !ok || e.kind != 1 {
		return nil, fmt.Errorf("%w: object stream %d not found", ErrBrokenXref, num)
	}
	if os, ok := f.objstms[e.off]; ok {
		return os, nil
	}
	obj, err := f.Object(num) // marks num as loading: a /Length inside the stream is a cycle
	if err != nil {
		return nil, err
	}
	s, ok := obj.(*Stream)
	if !ok {
		return nil, fmt.Errorf("%w: object %d is not an object stream", ErrBrokenXref, num)
	}
	data, err := f.Decode(s)
	if err != nil {
		return nil, fmt.Errorf("object stream %d: %w", num, err)
	}
	n, first := s.Dict.N(), s.Dict.First()
	if n == nil || first == nil || *first < 0 || *first > len(data) || *n < 0 {
		return nil, fmt.Errorf("%w: object stream %d lacks a usable /N or /First", ErrMalformed, num)
	}
	fields := bytes.Fields(data[:*first])
	if len(fields)/2 < *n {
		return nil, fmt.Errorf("%w: object stream %d lists fewer objects than its /N", ErrMalformed, num)
	}
	os := &objStream{data: data, offsets: make([]int, 0, *n)}
	for i := 0; i < *n; i++ {
		o, err := strconv.Atoi(string(fields[2*i+1]))
		if err != nil || o < 0 || o > len(data)-*first {
			return nil, fmt.Errorf("%w: object stream %d: offset of object %d", ErrMalformed, num, i)
		}
		if i > 0 && *first+o < os.offsets[i-1] {
			return nil, fmt.Errorf("%w: object stream %d: offsets out of order", ErrMalformed, num)
		}
		os.offsets = append(os.offsets, *first+o)
	}
	f.objstms[e.off] = os
	return os, nil
}
