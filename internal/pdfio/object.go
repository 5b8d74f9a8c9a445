package pdfio

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Object returns object num: a types.Object, or a *Stream. Free or missing
// objects are types.Object(nil), as the PDF specification says.
func (f *File) Object(num int) (any, error) {
	if o, ok := f.cache[num]; ok {
		return o, nil
	}
	e, ok := f.xref[num]
	var obj any
	var err error
	switch {
	case !ok || e.kind == 0:
		return nil, nil
	case e.kind == 1:
		var got int
		got, obj, err = f.parseObjectAt(e.off)
		if err == nil && got != num {
			err = fmt.Errorf("%w: xref points object %d to object %d", ErrBrokenXref, num, got)
		}
	default:
		obj, err = f.compressedObject(int(e.off), e.gen)
	}
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", num, err)
	}
	f.cache[num] = obj
	return obj, nil
}

// Resolve follows an indirect reference; other objects are returned as they are.
func (f *File) Resolve(o any) (any, error) {
	for i := 0; i < 8; i++ {
		ref, ok := o.(types.IndirectRef)
		if !ok {
			return o, nil
		}
		var err error
		if o, err = f.Object(ref.ObjectNumber.Value()); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%w: reference chain too long", ErrMalformed)
}

// Dict resolves o and requires a dictionary (a stream's dictionary is not one).
func (f *File) Dict(o any, what string) (types.Dict, error) {
	r, err := f.Resolve(o)
	if err != nil {
		return nil, err
	}
	d, ok := r.(types.Dict)
	if !ok {
		return nil, fmt.Errorf("%w: %s is %T, not a dictionary", ErrMalformed, what, r)
	}
	return d, nil
}

// Array resolves o; a missing entry is an empty array.
func (f *File) Array(o any, what string) (types.Array, error) {
	if o == nil {
		return nil, nil
	}
	r, err := f.Resolve(o)
	if err != nil {
		return nil, err
	}
	switch a := r.(type) {
	case types.Array:
		return a, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("%w: %s is not an array", ErrMalformed, what)
}

// Integer resolves o to a number (reals are truncated).
func (f *File) Integer(o any) (int64, bool) {
	r, err := f.Resolve(o)
	if err != nil {
		return 0, false
	}
	switch v := r.(type) {
	case types.Integer:
		return int64(v), true
	case types.Float:
		return int64(v), true
	}
	return 0, false
}

// parseObjectAt parses "N G obj … endobj" at off, growing the window it reads
// until the object fits.
func (f *File) parseObjectAt(off int64) (int, any, error) {
	for n := 4096; ; n *= 8 {
		buf := f.ReadAt(off, n)
		complete := len(buf) < n
		num, obj, err := f.parseObjectBytes(buf, off)
		if err == nil {
			return num, obj, nil
		}
		if complete || n >= maxObjectWindow {
			return 0, nil, err
		}
	}
}

func (f *File) parseObjectBytes(buf []byte, off int64) (int, any, error) {
	b := bytes.TrimLeft(buf, " \t\r\n\f\x00")
	skipped := len(buf) - len(b)
	fields := bytes.Fields(b[:min(len(b), 40)])
	if len(fields) < 3 || !bytes.HasPrefix(fields[2], []byte("obj")) {
		return 0, nil, fmt.Errorf("%w: no object header at %d", ErrBrokenXref, off)
	}
	num, err := strconv.Atoi(string(fields[0]))
	if err != nil {
		return 0, nil, fmt.Errorf("%w: bad object number at %d", ErrBrokenXref, off)
	}
	body := b[bytes.Index(b, []byte("obj"))+3:]
	s := string(body)
	obj, err := model.ParseObject(&s)
	if err != nil {
		return num, nil, fmt.Errorf("%w: object %d: %v", ErrMalformed, num, err)
	}
	d, isDict := obj.(types.Dict)
	rest := strings.TrimLeft(s[:min(len(s), 64)], " \t\r\n\f")
	if !isDict || !strings.HasPrefix(rest, "stream") {
		return num, obj, nil
	}
	// The stream data starts after "stream" and its end-of-line marker.
	bodyOff := off + int64(skipped) + int64(len(b)-len(body))
	i := len(body) - len(s) + strings.Index(s, "stream") + len("stream")
	if i < len(body) && body[i] == '\r' {
		i++
	}
	if i < len(body) && body[i] == '\n' {
		i++
	}
	length, ok := f.Integer(d["Length"])
	if !ok || length < 0 {
		return num, nil, fmt.Errorf("%w: stream %d has no usable /Length", ErrMalformed, num)
	}
	start := bodyOff + int64(i)
	if start+length > f.size {
		return num, nil, fmt.Errorf("%w: stream %d runs past the end of the file", ErrTruncated, num)
	}
	return num, &Stream{Dict: d, Off: start, Len: length}, nil
}
