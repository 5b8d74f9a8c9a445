package pdfio

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// objStream is a decoded object stream: its data and where each object starts.
type objStream struct {
	data    []byte
	offsets []int // offset of the i-th object, relative to data
}

// Decode returns a stream's data with its filters undone. Only what cross-
// reference and object streams use is supported: FlateDecode with or without
// a PNG predictor, or no filter at all.
func (f *File) Decode(s *Stream) ([]byte, error) {
	raw := f.ReadAt(s.Off, int(min(s.Len, maxDecoded)))
	if int64(len(raw)) != s.Len {
		return nil, ErrTruncated
	}
	filters, err := f.names(s.Dict["Filter"])
	if err != nil {
		return nil, err
	}
	if len(filters) == 0 {
		return raw, nil
	}
	if len(filters) > 1 || filters[0] != "FlateDecode" {
		return nil, fmt.Errorf("%w: unsupported filter %v on an xref or object stream", ErrMalformed, filters)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: flate: %v", ErrMalformed, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("%w: flate: %v", ErrMalformed, err)
	}
	if len(out) > maxDecoded {
		return nil, fmt.Errorf("%w: stream decodes to more than %d bytes", ErrMalformed, maxDecoded)
	}
	parms, _ := f.Resolve(s.Dict["DecodeParms"])
	if a, ok := parms.(types.Array); ok && len(a) > 0 {
		parms, _ = f.Resolve(a[0])
	}
	if p, ok := parms.(types.Dict); ok {
		if pred := p.IntEntry("Predictor"); pred != nil && *pred >= 10 {
			cols := 1
			if c := p.IntEntry("Columns"); c != nil {
				cols = *c
			}
			return unpredictPNG(out, cols)
		} else if pred != nil && *pred > 1 {
			return nil, fmt.Errorf("%w: unsupported predictor %d", ErrMalformed, *pred)
		}
	}
	return out, nil
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
		ft, cur := in[i], append([]byte(nil), in[i+1:i+row]...)
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
		out = append(out, cur...)
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

// readXrefStream adds the entries of a cross-reference stream.
func (f *File) readXrefStream(s *Stream) error {
	data, err := f.Decode(s)
	if err != nil {
		return fmt.Errorf("xref stream: %w", err)
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
	index := []int{0, *size}
	if ia := s.Dict.Index(); ia != nil {
		index = index[:0]
		for _, v := range ia {
			n, ok := v.(types.Integer)
			if !ok {
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
		for k := 0; k < index[i+1]; k++ {
			if pos+entryLen > len(data) {
				return fmt.Errorf("%w: xref stream is shorter than its /Index", ErrBrokenXref)
			}
			typ := int64(1)
			if w[0] > 0 {
				typ = field(data[pos : pos+w[0]])
			}
			f2 := field(data[pos+w[0] : pos+w[0]+w[1]])
			f3 := field(data[pos+w[0]+w[1] : pos+entryLen])
			pos += entryLen
			switch typ {
			case 1:
				f.addEntry(index[i]+k, xrefEntry{kind: 1, off: f2, gen: int(f3)})
			case 2:
				f.addEntry(index[i]+k, xrefEntry{kind: 2, off: f2, gen: int(f3)})
			default:
				f.addEntry(index[i]+k, xrefEntry{kind: 0})
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
	end := len(os.data)
	if idx+1 < len(os.offsets) && os.offsets[idx+1] > os.offsets[idx] {
		end = os.offsets[idx+1]
	}
	s := string(os.data[os.offsets[idx]:end])
	obj, err := model.ParseObject(&s)
	if err != nil {
		return nil, fmt.Errorf("%w: in object stream %d: %v", ErrMalformed, stmNum, err)
	}
	return obj, nil
}

func (f *File) objStream(num int) (*objStream, error) {
	if os, ok := f.objstms[num]; ok {
		return os, nil
	}
	e, ok := f.xref[num]
	if !ok || e.kind != 1 {
		return nil, fmt.Errorf("%w: object stream %d not found", ErrBrokenXref, num)
	}
	_, obj, err := f.parseObjectAt(e.off)
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
	if n == nil || first == nil || *first > len(data) || *n < 0 {
		return nil, fmt.Errorf("%w: object stream %d lacks /N or /First", ErrMalformed, num)
	}
	fields := bytes.Fields(data[:*first])
	if len(fields) < 2**n {
		return nil, fmt.Errorf("%w: object stream %d header", ErrMalformed, num)
	}
	os := &objStream{data: data}
	for i := 0; i < *n; i++ {
		o, err := strconv.Atoi(string(fields[2*i+1]))
		if err != nil || *first+o > len(data) {
			return nil, fmt.Errorf("%w: object stream %d header", ErrMalformed, num)
		}
		os.offsets = append(os.offsets, *first+o)
	}
	f.objstms[num] = os
	return os, nil
}
