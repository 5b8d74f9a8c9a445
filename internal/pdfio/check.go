package pdfio

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Check reads the whole document as a strict reader does and refuses one
// whose objects are broken. Signing and stamping only read the few objects
// they change, but what they write carries every other object along: a
// broken stream, a page tree with a loop or a number no reader can hold
// would make the signed result unreadable, so it is refused before.
// Every object is parsed strictly, every stream must end where its /Length
// says and decode with its filters, every page's content must read.
func (f *File) Check(ctx context.Context) (err error) {
	defer RecoverMalformed(&err)
	var nums []int
	for num := range f.history {
		if e, ok := f.entry(num); ok && e.kind != 0 {
			nums = append(nums, num)
		}
	}
	slices.Sort(nums)
	for i, num := range nums {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := f.checkObject(num); err != nil {
			return fmt.Errorf("object %d: %w", num, err)
		}
	}
	if err := f.WalkFields(func(Field) error { return nil }); err != nil {
		return err
	}
	var pageErr error
	if err := f.WalkPages(func(p Page) bool {
		pageErr = f.checkContents(p)
		return pageErr == nil && ctx.Err() == nil
	}); err != nil {
		return err
	}
	if pageErr != nil {
		return pageErr
	}
	return ctx.Err()
}

func (f *File) checkObject(num int) error {
	e, _ := f.entry(num)
	if e.kind == 2 {
		if _, err := f.object(num, false); err != nil {
			return err
		}
		return f.checkCompressed(int(e.off), e.gen)
	}
	for n := 4096; ; n *= 8 {
		n = min(n, maxObjectWindow)
		buf := f.ReadAt(e.off, n)
		b := bytes.TrimLeft(buf, " \t\r\n\f\x00")
		fields := bytes.Fields(b[:min(len(b), 40)])
		if len(fields) < 3 || string(fields[0]) != strconv.Itoa(num) || !bytes.HasPrefix(fields[2], []byte("obj")) {
			return fmt.Errorf("%w: the cross-reference entry does not point at the object's header", ErrBrokenXref)
		}
		at := bytes.Index(b, []byte("obj")) + len("obj")
		end, _, done, err := scanObject(b[at:])
		if err != nil {
			return err
		}
		if !done {
			if len(buf) == n && n < maxObjectWindow {
				continue
			}
			return fmt.Errorf("%w: the object is cut short", ErrMalformed)
		}
		l := &lexer{b: b[at : at+end]}
		if err := l.checkValue(0); err != nil {
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		rest := b[at+end:]
		if bytes.HasPrefix(bytes.TrimLeft(rest, " \t\r\n\f\x00"), []byte("stream")) {
			obj, err := f.object(num, false)
			if err != nil {
				return err
			}
			if s, ok := obj.(*Stream); ok {
				return f.checkStream(s, rest)
			}
			return fmt.Errorf("%w: a stream whose dictionary is not one", ErrMalformed)
		}
		if !bytes.HasPrefix(bytes.TrimLeft(rest, " \t\r\n\f\x00"), []byte("endobj")) {
			return fmt.Errorf("%w: endobj is missing", ErrMalformed)
		}
		return nil
	}
}

// checkStream checks the keyword, the end and the filters of a stream.
func (f *File) checkStream(s *Stream, afterDict []byte) error {
	rest := bytes.TrimLeft(afterDict, " \t\r\n\f\x00")
	rest = rest[len("stream"):]
	if !bytes.HasPrefix(rest, []byte("\n")) && !bytes.HasPrefix(rest, []byte("\r\n")) {
		return fmt.Errorf("%w: the stream keyword is not followed by an end of line", ErrMalformed)
	}
	tail := bytes.TrimLeft(f.ReadAt(s.Off+s.Len, 64), " \t\r\n\f\x00")
	if !bytes.HasPrefix(tail, []byte("endstream")) {
		return fmt.Errorf("%w: the stream does not end where its /Length says", ErrMalformed)
	}
	if !bytes.HasPrefix(bytes.TrimLeft(tail[len("endstream"):], " \t\r\n\f\x00"), []byte("endobj")) {
		return fmt.Errorf("%w: endobj is missing after the stream", ErrMalformed)
	}
	// Only page contents are decoded (checkContents), as qpdf --check
	// does: an image or a font with broken data is the producer's, shown
	// as it is, and decoding megabytes of images would make every
	// signature of a scanned document cost tens of milliseconds.
	return nil
}

func (f *File) checkCompressed(stmNum, idx int) error {
	os, err := f.objStream(stmNum)
	if err != nil {
		return err
	}
	start, end := os.offsets[idx], len(os.data)
	if idx+1 < len(os.offsets) {
		end = os.offsets[idx+1]
	}
	l := &lexer{b: os.data[start:end]}
	if err := l.checkValue(0); err != nil {
		return fmt.Errorf("%w: in object stream %d: %v", ErrMalformed, stmNum, err)
	}
	return nil
}

// checkContents decodes a page's content streams and reads their tokens.
func (f *File) checkContents(p Page) error {
	c, err := f.Resolve(p.Dict["Contents"])
	if err != nil {
		return fmt.Errorf("page %d: %w", p.Number, err)
	}
	var streams []*Stream
	switch v := c.(type) {
	case *Stream:
		streams = append(streams, v)
	case types.Array:
		for _, o := range v {
			r, err := f.Resolve(o)
			if err != nil {
				return fmt.Errorf("page %d: %w", p.Number, err)
			}
			if s, ok := r.(*Stream); ok {
				streams = append(streams, s)
			} else if r != nil {
				return fmt.Errorf("%w: page %d: its contents list %s", ErrMalformed, p.Number, kindOf(r))
			}
		}
	case nil:
	default:
		return fmt.Errorf("%w: page %d: its contents are %s", ErrMalformed, p.Number, kindOf(c))
	}
	var all []byte
	for _, s := range streams {
		data, err := f.DecodeAll(s)
		if err != nil {
			return fmt.Errorf("page %d: content stream: %w", p.Number, err)
		}
		all = append(append(all, data...), '\n')
	}
	if err := checkContent(all); err != nil {
		return fmt.Errorf("%w: page %d: content: %v", ErrMalformed, p.Number, err)
	}
	return nil
}

// errSpecialisedFilter marks image codecs that no reader checks.
var errSpecialisedFilter = fmt.Errorf("%w: image filter", ErrMalformed)

// DecodeAll undoes every filter of a stream, within the document's decode
// budget. Image codecs (DCT, JPX, JBIG2, CCITT) are not decoded.
func (f *File) DecodeAll(s *Stream) ([]byte, error) {
	data := f.ReadAt(s.Off, int(min(s.Len, f.budget.decoded+1)))
	if int64(len(data)) != s.Len {
		if s.Len > f.budget.decoded {
			return nil, fmt.Errorf("%w: a stream of %d bytes is more than this document may decode", ErrLimit, s.Len)
		}
		return nil, ErrTruncated
	}
	if f.crypt != nil {
		var err error
		if data, err = f.crypt.stream(s, data); err != nil {
			return nil, err
		}
	}
	names, err := f.names(s.Dict["Filter"])
	if err != nil {
		return nil, err
	}
	parmsList, _ := f.Resolve(s.Dict["DecodeParms"])
	for i, name := range names {
		var parms types.Dict
		switch p := parmsList.(type) {
		case types.Dict:
			if i == 0 {
				parms = p
			}
		case types.Array:
			if i < len(p) {
				parms, _ = f.Dict(p[i], "DecodeParms")
			}
		}
		if data, err = f.decodeOne(name, parms, data); err != nil {
			return nil, err
		}
	}
	return data, nil
}

func (f *File) decodeOne(name string, parms types.Dict, in []byte) ([]byte, error) {
	limit := min(max(minExpansion, maxExpansion*int64(len(in))), f.budget.decoded)
	var out []byte
	switch name {
	case "FlateDecode", "Fl":
		zr, err := zlib.NewReader(bytes.NewReader(in))
		if err != nil {
			return nil, fmt.Errorf("%w: flate: %v", ErrMalformed, err)
		}
		if out, err = io.ReadAll(io.LimitReader(zr, limit+1)); err != nil {
			return nil, fmt.Errorf("%w: flate: %v", ErrMalformed, err)
		}
	case "LZWDecode", "LZW", "ASCII85Decode", "A85", "ASCIIHexDecode", "AHx", "RunLengthDecode", "RL":
		full := map[string]string{"LZW": "LZWDecode", "A85": "ASCII85Decode", "AHx": "ASCIIHexDecode", "RL": "RunLengthDecode"}
		if n, ok := full[name]; ok {
			name = n
		}
		fl, err := filter.NewFilter(name, nil, limit+1)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, name, err)
		}
		r, err := fl.Decode(bytes.NewReader(in))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, name, err)
		}
		if out, err = io.ReadAll(io.LimitReader(r, limit+1)); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, name, err)
		}
	case "DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF", "Crypt":
		return nil, errSpecialisedFilter
	default:
		return nil, fmt.Errorf("%w: unknown filter /%s", ErrMalformed, name)
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("%w: a stream of %d bytes decodes to more than %d bytes", ErrLimit, len(in), limit)
	}
	f.budget.decoded -= int64(len(out))
	if parms == nil {
		return out, nil
	}
	pred, _ := f.Integer(parms["Predictor"])
	if pred < 10 {
		if pred > 2 {
			return nil, fmt.Errorf("%w: predictor %d", ErrMalformed, pred)
		}
		return out, nil
	}
	cols, colors, bpc := int64(1), int64(1), int64(8)
	if v, ok := f.Integer(parms["Columns"]); ok {
		cols = v
	}
	if v, ok := f.Integer(parms["Colors"]); ok {
		colors = v
	}
	if v, ok := f.Integer(parms["BitsPerComponent"]); ok {
		bpc = v
	}
	if cols < 1 || colors < 1 || colors > 32 || (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16) || cols*colors*bpc > 8<<20 {
		return nil, fmt.Errorf("%w: predictor parameters (/Columns %d /Colors %d /BitsPerComponent %d)", ErrMalformed, cols, colors, bpc)
	}
	return unpredictPNG(out, int((cols*colors*bpc+7)/8))
}
