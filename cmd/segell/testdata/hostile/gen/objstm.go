package main

import (
	"fmt"
	"strings"
)

// objStmCases: object streams whose header, /First, /N or /Extends lie,
// or which contain themselves.
func objStmCases() []hostileCase {
	cat, pages := catalogDict(""), pagesDict("3 0 R", 1)
	okHead := fmt.Sprintf("1 0 2 %d ", len(cat)+1)
	body := cat + "\n" + pages + "\n"
	return []hostileCase{
		broken("objstm-offsets-nonmonotonic", "object stream header whose offsets go backwards", simple(func() []byte {
			return objStmDoc(fmt.Sprintf("2 %d 1 0 ", len(cat)+1), body, "/N 2", loc{1: {6, 1}, 2: {6, 0}})
		})).from("issue 8: \"runtime error: slice bounds out of range\""),
		broken("objstm-offset-past-data", "object stream header with an offset past its data", simple(func() []byte {
			return objStmDoc("1 0 2 99999 ", body, "/N 2", loc{1: {6, 0}, 2: {6, 1}})
		})),
		broken("objstm-first-beyond", "object stream /First beyond its data", simple(func() []byte {
			return objStmDoc(okHead, body, "/N 2 /First 99999", loc{1: {6, 0}, 2: {6, 1}})
		})),
		broken("objstm-n-larger", "object stream /N 100000 with a header of two objects", simple(func() []byte {
			return objStmDoc(okHead, body, "/N 100000", loc{1: {6, 0}, 2: {6, 1}})
		})),
		broken("objstm-n-negative", "object stream /N -1", simple(func() []byte {
			return objStmDoc(okHead, body, "/N -1", loc{1: {6, 0}, 2: {6, 1}})
		})),
		broken("objstm-index-past-n", "cross-reference entry naming index 50 of an object stream of 2", simple(func() []byte {
			return objStmDoc(okHead, body, "/N 2", loc{1: {6, 50}, 2: {6, 1}})
		})),
		broken("objstm-header-garbage", "object stream header of names instead of numbers", simple(func() []byte {
			return objStmDoc("/a /b /c /d ", body, "/N 2", loc{1: {6, 0}, 2: {6, 1}})
		})),
		broken("objstm-self", "object stream 6 listed as compressed inside itself", simple(func() []byte {
			return objStmDoc(okHead, body, "/N 2", loc{1: {6, 0}, 2: {6, 1}, 6: {6, 2}})
		})).from("https://github.com/qpdf/qpdf/issues/120"),
		broken("objstm-mutual", "object streams 6 and 7 each listed inside the other", simple(objStmMutual)),
		broken("objstm-extends-self", "object stream whose /Extends is itself", simple(func() []byte {
			return objStmDoc(okHead, body, "/N 2 /Extends 6 0 R", loc{1: {6, 0}, 2: {6, 1}})
		})),
		broken("objstm-extends-loop", "object streams whose /Extends point at each other", simple(objStmExtendsLoop)),
		broken("objstm-holds-stream", "an object stream that holds a stream object (forbidden)", simple(func() []byte {
			cont := "<< /Length 5 >>\nstream\nBT ET\nendstream"
			head := fmt.Sprintf("1 0 2 %d 9 %d ", len(cat)+1, len(body))
			return objStmDoc(head, body+cont+"\n", "/N 3", loc{1: {6, 0}, 2: {6, 1}, 9: {6, 2}})
		})),
	}
}

// loc maps object numbers to (object stream, index) entries.
type loc map[int][2]int

// objStmDoc: object stream 6 with header head and data body (the catalog
// and pages, normally), objects 3, 4 and 5 plain, compressed entries from
// locs (an entry for 6 makes the stream lie inside a stream) and
// cross-reference stream 20.
func objStmDoc(head, body, dict string, locs loc) []byte {
	w := newPDF()
	w.obj(3, pageDict(2, ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	first := fmt.Sprintf("/First %d", len(head))
	if strings.Contains(dict, "/First") {
		first = ""
	}
	w.stream(6, fmt.Sprintf("/Type /ObjStm %s %s /Filter /FlateDecode", dict, first), deflate([]byte(head+body)))
	for n, l := range locs {
		delete(w.off, n)
		w.cmp[n] = l
		w.max = max(w.max, n)
	}
	w.xrefStream(20, "/Root 1 0 R")
	return w.bytes()
}

func objStmMutual() []byte {
	cat, pages := catalogDict(""), pagesDict("3 0 R", 1)
	w := newPDF()
	w.obj(3, pageDict(2, ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.objStm(6, []int{1}, map[int]string{1: cat})
	w.objStm(7, []int{2}, map[int]string{2: pages})
	delete(w.off, 6)
	delete(w.off, 7)
	w.cmp[6] = [2]int{7, 1}
	w.cmp[7] = [2]int{6, 1}
	w.xrefStream(8, "/Root 1 0 R")
	return w.bytes()
}

func objStmExtendsLoop() []byte {
	cat, pages := catalogDict(""), pagesDict("3 0 R", 1)
	w := newPDF()
	w.obj(3, pageDict(2, ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	for i, o := range []struct {
		n    int
		body string
	}{{1, cat}, {2, pages}} {
		head := fmt.Sprintf("%d 0 ", o.n)
		other := 7 - i
		w.stream(6+i, fmt.Sprintf("/Type /ObjStm /N 1 /First %d /Extends %d 0 R /Filter /FlateDecode", len(head), other), deflate([]byte(head+o.body)))
		w.cmp[o.n] = [2]int{6 + i, 0}
	}
	w.xrefStream(8, "/Root 1 0 R")
	return w.bytes()
}
