package pdfio

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// entry returns the cross-reference entry of object num in this view's
// revision: the one of the newest section not newer than it.
func (f *File) entry(num int) (xrefEntry, bool) {
	h := f.history[num]
	if len(h) > 0 && f.rev == 0 {
		return h[0].e, true
	}
	k := sort.Search(len(h), func(i int) bool { return int(h[i].sec) >= f.rev })
	if k == len(h) {
		return xrefEntry{}, false
	}
	return h[k].e, true
}

// key names entry e's object independently of revisions.
func (f *File) key(num int, e xrefEntry) (objKey, error) {
	if e.kind == 1 {
		return objKey{off: e.off, idx: -1}, nil
	}
	stm, ok := f.entry(int(e.off))
	if !ok || stm.kind != 1 {
		return objKey{}, fmt.Errorf("%w: object %d lies in object stream %d, which is not in the file", ErrBrokenXref, num, e.off)
	}
	return objKey{off: stm.off, idx: e.gen}, nil
}

// Object returns object num: a types.Object, or a *Stream. Free or missing
// objects are types.Object(nil), as the PDF specification says.
func (f *File) Object(num int) (any, error) { return f.object(num, true) }

// object reads object num, keeping it for later unless keep is false (a
// pass over every object should not hold them all).
func (f *File) object(num int, keep bool) (obj any, err error) {
	e, ok := f.entry(num)
	if !ok || e.kind == 0 {
		return nil, nil
	}
	k, err := f.key(num, e)
	if err != nil {
		return nil, err
	}
	if o, ok := f.cache[k]; ok {
		return o, nil
	}
	if f.loading[k] {
		return nil, fmt.Errorf("%w: object %d refers to itself while it is being read", ErrMalformed, num)
	}
	if len(f.loading) >= maxLoadDepth {
		return nil, fmt.Errorf("%w: object %d: references nested more than %d deep", ErrLimit, num, maxLoadDepth)
	}
	f.loading[k] = true
	defer delete(f.loading, k)
	defer func() {
		if testing.Testing() {
			return // under test a panic is a bug: see RecoverMalformed
		}
		if r := recover(); r != nil {
			obj, err = nil, fmt.Errorf("%w (object %d)", ErrMalformed, num)
		}
	}()
	if e.kind == 1 {
		var got int
		var end int64
		got, obj, end, err = f.parseObjectAt(e.off)
		if err == nil && got != num {
			err = fmt.Errorf("%w: xref points object %d to object %d", ErrBrokenXref, num, got)
		}
		f.ends[k] = end
		if f.crypt != nil && err == nil {
			obj = f.crypt.decryptObject(obj, num, e.gen)
		}
	} else {
		obj, err = f.compressedObject(int(e.off), e.gen)
	}
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", num, err)
	}
	if keep {
		f.cache[k] = obj
	}
	return obj, nil
}

// ObjectSpan is where object num lies in the file, from its "N G obj"
// header to the end of its value (for a stream, the end of its dictionary):
// a signature's /Contents must lie inside its own dictionary. Objects in
// object streams have no span.
func (f *File) ObjectSpan(num int) (start, end int64, ok bool) {
	e, found := f.entry(num)
	if !found || e.kind != 1 {
		return 0, 0, false
	}
	k := objKey{off: e.off, idx: -1}
	if _, seen := f.ends[k]; !seen {
		if _, err := f.Peek(num); err != nil {
			return 0, 0, false
		}
	}
	end, ok = f.ends[k]
	return e.off, end, ok
}

// Peek reads object num without keeping it: a pass over many large
// objects (the signature dictionaries of a file signed a thousand times)
// then holds one at a time.
func (f *File) Peek(num int) (any, error) { return f.object(num, false) }

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
		return nil, fmt.Errorf("%w: %s is %s, not a dictionary", ErrMalformed, what, kindOf(r))
	}
	return d, nil
}

// kindOf names a PDF value's kind for messages.
func kindOf(o any) string {
	switch o.(type) {
	case nil:
		return "missing"
	case *Stream:
		return "a stream"
	case types.Array:
		return "an array"
	case types.Dict:
		return "a dictionary"
	case types.Integer, types.Float:
		return "a number"
	case types.Name:
		return "a name"
	case types.StringLiteral, types.HexLiteral:
		return "a string"
	case types.Boolean:
		return "a boolean"
	}
	return fmt.Sprintf("%T", o)
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
		if v != v || v > 1<<62 || v < -(1<<62) {
			return 0, false
		}
		return int64(v), true
	}
	return 0, false
}

// parseObjectAt parses "N G obj … endobj" at off, growing the window it
// reads until the object fits.
// It also returns the offset just after the object's value.
func (f *File) parseObjectAt(off int64) (int, any, int64, error) {
	for n := 4096; ; n *= 8 {
		n = min(n, maxObjectWindow)
		buf := f.ReadAt(off, n)
		complete := len(buf) < n || n == maxObjectWindow
		num, obj, end, err := f.parseObjectBytes(buf, off, complete)
		if err != errIncomplete {
			return num, obj, end, err
		}
		if complete {
			return 0, nil, 0, fmt.Errorf("%w: object at %d is cut short", ErrMalformed, off)
		}
	}
}

// errIncomplete asks parseObjectAt for a larger window.
var errIncomplete = fmt.Errorf("%w: incomplete", ErrMalformed)

func (f *File) parseObjectBytes(buf []byte, off int64, complete bool) (int, any, int64, error) {
	b := bytes.TrimLeft(buf, " \t\r\n\f\x00")
	skipped := len(buf) - len(b)
	fields := bytes.Fields(b[:min(len(b), 40)])
	if len(fields) < 3 || !bytes.HasPrefix(fields[2], []byte("obj")) {
		return 0, nil, 0, fmt.Errorf("%w: no object header at %d", ErrBrokenXref, off)
	}
	num, err := strconv.Atoi(string(fields[0]))
	if err != nil || num < 0 || num > MaxObjects {
		return 0, nil, 0, fmt.Errorf("%w: bad object number at %d", ErrBrokenXref, off)
	}
	body := b[bytes.Index(b, []byte("obj"))+3:]
	end, tokens, done, err := scanObject(body)
	if err != nil {
		return num, nil, 0, fmt.Errorf("object %d: %w", num, err)
	}
	if !done {
		if complete {
			return num, nil, 0, fmt.Errorf("%w: object %d is cut short", ErrMalformed, num)
		}
		return num, nil, 0, errIncomplete
	}
	obj, err := f.parseBytes(body[:end], tokens)
	if err != nil {
		return num, nil, 0, fmt.Errorf("%w: object %d: %v", ErrMalformed, num, err)
	}
	valueEnd := off + int64(skipped) + int64(len(b)-len(body)) + int64(end)
	d, isDict := obj.(types.Dict)
	rest := bytes.TrimLeft(body[end:], " \t\r\n\f\x00")
	if !isDict || !bytes.HasPrefix(rest, []byte("stream")) {
		return num, obj, valueEnd, nil
	}
	// The stream data starts after "stream" and its end-of-line marker.
	i := len(body) - len(rest) + len("stream")
	if i < len(body) && body[i] == '\r' {
		i++
	}
	if i < len(body) && body[i] == '\n' {
		i++
	}
	length, ok := f.Integer(d["Length"])
	if !ok || length < 0 {
		return num, nil, 0, fmt.Errorf("%w: stream %d has no usable /Length", ErrMalformed, num)
	}
	start := off + int64(skipped) + int64(len(b)-len(body)) + int64(i)
	if length > f.size-start {
		return num, nil, 0, fmt.Errorf("%w: stream %d runs past the end of the file", ErrTruncated, num)
	}
	gen, _ := strconv.Atoi(string(fields[1]))
	return num, &Stream{Dict: d, Off: start, Len: length, Num: num, Gen: gen}, valueEnd, nil
}

// parseBytes parses one object whose extent scanObject has measured,
// charging its tokens to the document's budget.
func (f *File) parseBytes(b []byte, tokens int) (types.Object, error) {
	if f.budget.tokens -= int64(tokens); f.budget.tokens < 0 {
		return nil, fmt.Errorf("%w: more objects than a file of %d bytes needs", ErrLimit, f.size)
	}
	return parseValue(b)
}
