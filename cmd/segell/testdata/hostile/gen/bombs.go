package main

import (
	"bytes"
	"fmt"
	"strings"
)

// bombCases: streams that decode to far more than they weigh, and decode
// parameters that ask for absurd buffers.
func bombCases() []hostileCase {
	const mb250 = 250 << 20
	return []hostileCase{
		broken("objstm-bomb-250mb", "the catalog in an object stream that inflates to 250 MB", simple(func() []byte { return objStmBomb(1, false) })),
		broken("objstm-bomb-4x250mb", "four object streams (catalog, pages, page, font) each inflating to 250 MB", simple(func() []byte { return objStmBomb(4, false) })).large(),
		broken("objstm-bomb-2layer-4x250mb", "four object streams each inflating to 250 MB through two Flate layers (4 KB)", simple(func() []byte { return objStmBomb(4, true) })),
		broken("flate-bomb-content", "page content that inflates to 250 MB", simple(func() []byte {
			return withStream("/Filter /FlateDecode", deflateRepeat([]byte(content+"\n"), ' ', mb250))
		})),
		broken("xref-stream-bomb", "cross-reference stream whose data inflates to 250 MB after its entries", simple(xrefStreamBomb)),
		broken("filter-chain-1000", "content compressed 1,000 times, /Filter with 1,000 /FlateDecode", simple(filterChain)),
		broken("filter-array-5000", "/Filter array of 5,000 /FlateDecode over data compressed once", simple(func() []byte {
			return withStream("/Filter ["+strings.Repeat("/FlateDecode ", 5000)+"]", deflate([]byte(content)))
		})),
		broken("predictor-columns-content", "PNG predictor with /Columns 2147483647 /Colors 4 /BitsPerComponent 16 on page content", simple(func() []byte {
			return withStream("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 2147483647 /Colors 4 /BitsPerComponent 16 >>", deflate([]byte("\x02"+content)))
		})),
		broken("predictor-colors", "PNG predictor with /Colors 1000000000 on page content", simple(func() []byte {
			return withStream("/Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 1 /Colors 1000000000 >>", deflate([]byte("\x00"+content)))
		})),
		broken("predictor-columns-xref", "cross-reference stream with PNG predictor /Columns 99999999999", simple(predictorXref)),
		broken("filter-unknown", "content with /Filter /NoSuchDecode", simple(func() []byte { return withStream("/Filter /NoSuchDecode", []byte(content)) })),
		broken("flate-truncated", "content Flate data cut in half", simple(func() []byte {
			z := deflate([]byte(strings.Repeat(content+"\n", 50)))
			return withStream("/Filter /FlateDecode", z[:len(z)/2])
		})),
	}
}

// withStream is the ordinary document whose content stream (object 4) has
// the given filter keys and data.
func withStream(dict string, data []byte) []byte {
	return contentDoc(fmt.Sprintf("%s /Length %d", dict, len(data)), data, nil)
}

// bomb250 is an object stream's data: header and objects, then 250 MB of
// spaces, compressed once, or twice so that the file stays tiny.
func bomb250(head, body string, twice bool) []byte {
	z := deflateRepeat([]byte(head+body+"\n"), ' ', 250<<20)
	if twice {
		z = deflate(z)
	}
	return z
}

// objStmBomb: the catalog (1), and with n = 4 also the pages (2), page (3)
// and font (5), each alone in an object stream (6 …) that inflates to
// 250 MB; cross-reference stream 10.
func objStmBomb(n int, twice bool) []byte {
	w := newPDF()
	w.stream(4, "", []byte(content))
	bodies := map[int]string{1: catalogDict(""), 2: pagesDict("3 0 R", 1), 3: pageDict(2, ""), 5: font}
	filter := "/FlateDecode"
	if twice {
		filter = "[/FlateDecode /FlateDecode]"
	}
	for i, num := range []int{1, 2, 3, 5} {
		if i >= n {
			w.obj(num, bodies[num])
			continue
		}
		head := fmt.Sprintf("%d 0 ", num)
		w.stream(6+i, fmt.Sprintf("/Type /ObjStm /N 1 /First %d /Filter %s", len(head), filter), bomb250(head, bodies[num], twice))
		w.cmp[num] = [2]int{6 + i, 0}
	}
	w.xrefStream(10, "/Root 1 0 R")
	return w.bytes()
}

// xrefStreamBomb: the ordinary document behind a cross-reference stream
// (W [1 4 2], 7 entries) followed by 250 MB of zeros.
func xrefStreamBomb() []byte {
	w := ordinary("", "")
	var entries bytes.Buffer
	entries.Write([]byte{0, 0, 0, 0, 0, 0xff, 0xff})
	for n := 1; n <= 5; n++ {
		o := w.off[n]
		entries.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
	}
	at := w.b.Len()
	entries.Write([]byte{1, byte(at >> 24), byte(at >> 16), byte(at >> 8), byte(at), 0, 0})
	z := deflateRepeat(entries.Bytes(), 0, 250<<20)
	fmt.Fprintf(&w.b, "6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n", len(z))
	w.b.Write(z)
	fmt.Fprintf(&w.b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
	return w.bytes()
}

func filterChain() []byte {
	data := []byte(content)
	for i := 0; i < 1000; i++ {
		data = deflate(data)
	}
	return withStream("/Filter ["+strings.Repeat("/FlateDecode ", 1000)+"]", data)
}

// predictorXref: a cross-reference stream declaring a PNG predictor with
// /Columns 99999999999 (its data is plain W [1 4 2] rows).
func predictorXref() []byte {
	w := ordinary("", "")
	var entries bytes.Buffer
	entries.Write([]byte{0, 0, 0, 0, 0, 0xff, 0xff})
	for n := 1; n <= 5; n++ {
		o := w.off[n]
		entries.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
	}
	at := w.b.Len()
	entries.Write([]byte{1, byte(at >> 24), byte(at >> 16), byte(at >> 8), byte(at), 0, 0})
	z := deflate(entries.Bytes())
	fmt.Fprintf(&w.b, "6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 99999999999 >> /Length %d >>\nstream\n", len(z))
	w.b.Write(z)
	fmt.Fprintf(&w.b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
	return w.bytes()
}
