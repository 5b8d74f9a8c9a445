package main

import (
	"bytes"
	"fmt"
)

// xrefCases: cross-reference tables and streams that lie about sizes,
// offsets and their own chain.
func xrefCases() []hostileCase {
	return []hostileCase{
		invalid("xref-w100-size262m", "cross-reference stream /W [1 0 0] /Size 262144000: 255 KB of compressed zeros", simple(xrefW100)),
		broken("xref-w-huge", "cross-reference stream /W [1 100000000 1]", xrefStreamW("[1 100000000 1]", "")),
		broken("xref-w-negative", "cross-reference stream /W [-1 4 2]", xrefStreamW("[-1 4 2]", "")),
		broken("xref-index-huge", "cross-reference stream /Index [9223372036854775000 7]", xrefStreamW("[1 4 2]", "/Index [9223372036854775000 7]")),
		broken("xref-index-odd", "cross-reference stream /Index [0 7 20]", xrefStreamW("[1 4 2]", "/Index [0 7 20]")),
		broken("xref-subsection-count-huge", "xref subsection header \"0 4294967296\"", simple(func() []byte { return tableEdit("xref\n0 6\n", "xref\n0 4294967296\n") })),
		broken("xref-subsection-start-huge", "xref subsection header \"9223372036854775800 6\"", simple(func() []byte { return tableEdit("xref\n0 6\n", "xref\n9223372036854775800 6\n") })),
		invalid("size-2e31", "trailer /Size 2147483648", sized("2147483648")).
			from("issue 8: new object numbers unreadable by poppler and qpdf"),
		invalid("size-2e62", "trailer /Size 4611686018427387904", sized("4611686018427387904")),
		invalid("size-2e70", "trailer /Size 1180591620717411303424", sized("1180591620717411303424")),
		broken("size-negative", "trailer /Size -6", sized("-6")),
		broken("size-real", "trailer /Size 6.5", sized("6.5")),
		invalid("object-number-9000000", "an object numbered 9,000,000 (/Info) and /Size 9000001, beyond the 8,388,607 the PDF limits allow", simple(objectNumberOver)),
		broken("xref-offset-past-end", "the page's xref offset is past the end of the file", simple(func() []byte { return offsetEdit(3, "0099999999") })),
		broken("xref-offset-negative", "the page's xref offset is -000000100", simple(func() []byte { return offsetEdit(3, "-000000100") })),
		broken("xref-offset-mid-object", "the page's xref offset points into the middle of the catalog", simple(offsetMid)),
		broken("xref-gen-huge", "the page's xref entry and references have generation 99999", simple(func() []byte {
			return bytes.ReplaceAll(tableEditGen(), []byte("3 0 R"), []byte("3 99999 R"))
		})),
		broken("startxref-self", "startxref points at the startxref keyword itself", simple(func() []byte { return startxrefEdit("self") })),
		broken("startxref-past-end", "startxref 99999999", simple(func() []byte { return startxrefEdit("99999999") })),
		broken("startxref-negative", "startxref -1", simple(func() []byte { return startxrefEdit("-1") })),
		broken("startxref-garbage", "startxref points at content bytes, no xref", simple(func() []byte { return startxrefEdit("content") })),
		broken("xref-missing", "no xref, no trailer, no startxref", simple(func() []byte {
			p := plain()
			return p[:bytes.Index(p, []byte("xref\n"))]
		})),
		broken("prev-self", "trailer /Prev pointing at its own xref table", simple(prevSelf)).
			from("https://github.com/LibrePDF/OpenPDF/issues/629"),
		broken("prev-loop", "two xref sections whose /Prev point at each other", simple(prevLoop)).
			from("https://github.com/qpdf/qpdf/issues/149"),
		legit("xref-chain-5000", "5,000 incremental updates, each an xref section with /Prev: long, not a loop", simple(xrefChain)),
		legit("objects-500000", "500,000 small objects in a classic xref table (legitimate, 20 MB)", simple(manyObjects)).large(),
		broken("root-missing", "trailer without /Root", simple(func() []byte {
			return bytes.Replace(plain(), []byte("/Root 1 0 R"), []byte("/Rot 1 0 R "), 1)
		})),
		broken("root-not-dict", "trailer /Root is the content stream", simple(func() []byte {
			return bytes.Replace(plain(), []byte("/Root 1 0 R"), []byte("/Root 4 0 R"), 1)
		})),
		broken("root-ref-loop", "trailer /Root 6 0 R, object 6 is 7 0 R, object 7 is 6 0 R", simple(func() []byte {
			w := ordinary("", "")
			w.obj(6, "7 0 R")
			w.obj(7, "6 0 R")
			w.xref("/Root 6 0 R")
			return w.bytes()
		})),
		broken("root-ref-chain-30000", "trailer /Root reached through 30,000 indirect references (object streams)", simple(refChain)),
	}
}

// sized is the ordinary document with the trailer's /Size written as size.
func sized(size string) func(*env) []byte {
	return simple(func() []byte {
		w := ordinary("", "")
		w.xrefSized(size, "/Root 1 0 R")
		return w.bytes()
	})
}

// tableEdit replaces old with new in the ordinary file's xref section.
func tableEdit(old, new string) []byte {
	p := plain()
	i := bytes.LastIndex(p, []byte(old))
	return append(append(append([]byte(nil), p[:i]...), new...), p[i+len(old):]...)
}

// offsetEdit sets the 10-digit offset of object n in the xref table.
func offsetEdit(n int, offset string) []byte {
	p := plain()
	at := bytes.LastIndex(p, []byte("xref\n0 6\n")) + len("xref\n0 6\n") + 20*n
	copy(p[at:at+10], offset)
	return p
}

func offsetMid() []byte {
	w := ordinary("", "")
	w.off[3] = w.off[1] + 12
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func tableEditGen() []byte {
	p := plain()
	at := bytes.LastIndex(p, []byte("xref\n0 6\n")) + len("xref\n0 6\n") + 20*3 + 11
	copy(p[at:at+5], "99999")
	return p
}

// startxrefEdit points startxref elsewhere: "self", "content" or a number.
func startxrefEdit(to string) []byte {
	p := plain()
	i := bytes.LastIndex(p, []byte("startxref\n"))
	var v string
	switch to {
	case "self":
		v = fmt.Sprint(i)
	case "content":
		v = fmt.Sprint(bytes.Index(p, []byte("BT ")))
	default:
		v = to
	}
	return append(p[:i:i], "startxref\n"+v+"\n%%EOF\n"...)
}

func objectNumberOver() []byte {
	w := ordinary("", "")
	body := w.b.Len()
	w.b.WriteString("9000000 0 obj\n<< /Title (massa objectes) >>\nendobj\n")
	at := w.b.Len()
	w.b.WriteString(xrefTable(w.off, 0, 6))
	fmt.Fprintf(&w.b, "9000000 1\n%010d 00000 n \n", body)
	fmt.Fprintf(&w.b, "trailer\n<< /Size 9000001 /Root 1 0 R /Info 9000000 0 R >>\nstartxref\n%d\n%%%%EOF\n", at)
	return w.bytes()
}

func prevSelf() []byte {
	w := ordinary("", "")
	at := w.b.Len()
	w.xref(fmt.Sprintf("/Root 1 0 R /Prev %d", at))
	return w.bytes()
}

func prevLoop() []byte {
	w := ordinary("", "")
	first := w.b.Len()
	// The first section's /Prev will point at the second: its offset is
	// known once the first is written, so reserve a fixed-width number.
	w.b.WriteString(xrefTable(w.off, 0, 6))
	prevAt := w.b.Len() + len("trailer\n<< /Size 6 /Root 1 0 R /Prev ")
	w.b.WriteString("trailer\n<< /Size 6 /Root 1 0 R /Prev 0000000000 >>\nstartxref\n" + fmt.Sprint(first) + "\n%%EOF\n")
	w.obj(6, "<< /Title (segona) >>")
	second := w.update([]int{6}, 7, fmt.Sprintf("/Root 1 0 R /Info 6 0 R /Prev %d", first))
	copy(w.b.Bytes()[prevAt:prevAt+10], fmt.Sprintf("%010d", second))
	return w.bytes()
}

func xrefChain() []byte {
	w := ordinary("", "")
	prev := w.xref("/Root 1 0 R")
	for i := 0; i < 5000; i++ {
		prev = w.update(nil, 6, fmt.Sprintf("/Root 1 0 R /Prev %d", prev))
	}
	return w.bytes()
}

func manyObjects() []byte {
	w := ordinary("", "")
	for n := 6; n < 500006; n++ {
		w.obj(n, "<< >>")
	}
	w.xref("/Root 1 0 R")
	return w.bytes()
}

// xrefStreamW is the ordinary document behind a cross-reference stream
// whose /W is w (data written for W [1 4 2]) and extra keys.
func xrefStreamW(wArr, extra string) func(*env) []byte {
	return simple(func() []byte {
		w := ordinary("", "")
		var entries bytes.Buffer
		entries.Write([]byte{0, 0, 0, 0, 0, 0xff, 0xff})
		for n := 1; n <= 5; n++ {
			o := w.off[n]
			entries.Write([]byte{1, byte(o >> 24), byte(o >> 16), byte(o >> 8), byte(o), 0, 0})
		}
		at := w.b.Len()
		entries.Write([]byte{1, byte(at >> 24), byte(at >> 16), byte(at >> 8), byte(at), 0, 0})
		fmt.Fprintf(&w.b, "6 0 obj\n<< /Type /XRef /Size 7 /W %s %s /Root 1 0 R /Length %d >>\nstream\n", wArr, extra, entries.Len())
		w.b.Write(entries.Bytes())
		fmt.Fprintf(&w.b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
		return w.bytes()
	})
}

// xrefW100: the ordinary document and its table, then an update whose
// cross-reference stream (object 6) has /W [1 0 0] and 262,143,994 free
// entries from object 6 on.
func xrefW100() []byte {
	w := ordinary("", "")
	base := w.xref("/Root 1 0 R")
	const size = 262144000
	z := deflateRepeat(nil, 0, size-6)
	at := w.b.Len()
	fmt.Fprintf(&w.b, "6 0 obj\n<< /Type /XRef /Size %d /Index [6 %d] /W [1 0 0] /Root 1 0 R /Prev %d /Filter /FlateDecode /Length %d >>\nstream\n", size, size-6, base, len(z))
	w.b.Write(z)
	fmt.Fprintf(&w.b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
	return w.bytes()
}

// refChain: /Root 6 0 R, object 6 is 7 0 R, … object 30005 is 1 0 R,
// all in object streams of 1,000 behind a cross-reference stream.
func refChain() []byte {
	w := ordinary("", "")
	const n = 30000
	stm := 6 + n
	for i := 0; i < n; i += 1000 {
		var nums []int
		bodies := map[int]string{}
		for j := i; j < min(i+1000, n); j++ {
			next := 6 + j + 1
			if j == n-1 {
				next = 1
			}
			nums = append(nums, 6+j)
			bodies[6+j] = fmt.Sprintf("%d 0 R", next)
		}
		w.objStm(stm, nums, bodies)
		stm++
	}
	w.xrefStream(stm, "/Root 6 0 R")
	return w.bytes()
}
