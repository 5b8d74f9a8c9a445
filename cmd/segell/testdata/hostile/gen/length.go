package main

import "fmt"

// lengthCases: a stream's /Length that cannot be trusted. A reader that
// resolves an indirect /Length by parsing the object that holds it
// recurses forever when that object is the stream itself.
func lengthCases() []hostileCase {
	return []hostileCase{
		broken("length-self", "content stream whose /Length is a reference to the stream itself", simple(lengthSelf)).
			from("https://github.com/galkahana/PDF-Writer/issues/262"),
		broken("length-mutual", "two streams whose /Length entries refer to each other", simple(lengthMutual)),
		broken("length-in-own-objstm", "object stream whose /Length object is stored inside that same stream", simple(lengthInOwnObjStm)).
			from("https://github.com/vanillapdf/vanillapdf/pull/556"),
		broken("length-chain", "/Length reached through a chain of 2,000 indirect references", simple(lengthChain)),
		broken("length-ref-loop", "/Length through indirect objects that refer to each other (6 → 7 → 6)", simple(lengthRefLoop)),
		broken("length-huge", "/Length 9223372036854775807", lengthValue("9223372036854775807")),
		broken("length-over-int64", "/Length 99999999999999999999999999", lengthValue("99999999999999999999999999")),
		broken("length-negative", "/Length -1000", lengthValue("-1000")),
		broken("length-real", "/Length 12.5", lengthValue("12.5")),
		broken("length-name", "/Length /Foo", lengthValue("/Foo")),
		broken("length-past-eof", "/Length 1000000 in a file of 700 bytes", lengthValue("1000000")),
		broken("length-short", "/Length 5, shorter than the data", lengthValue("5")),
		broken("length-missing", "stream without /Length", lengthValue("")),
	}
}

// withContent builds the ordinary document but writes the content stream
// (object 4) with the dictionary dict, then objects from more.
func withContent(dict string, more func(w *pdfw)) []byte {
	return contentDoc(dict, []byte(content), more)
}

// contentDoc is withContent with data as the content stream's bytes.
func contentDoc(dict string, data []byte, more func(w *pdfw)) []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pagesDict("3 0 R", 1))
	w.obj(3, pageDict(2, ""))
	w.rawStream(4, dict, data)
	w.obj(5, font)
	if more != nil {
		more(w)
	}
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func lengthSelf() []byte { return withContent("/Length 4 0 R", nil) }

func lengthValue(v string) func(*env) []byte {
	return simple(func() []byte {
		if v == "" {
			return withContent("", nil)
		}
		return withContent("/Length "+v, nil)
	})
}

func lengthMutual() []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pagesDict("3 0 R", 1))
	w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents [4 0 R 6 0 R] >>")
	w.rawStream(4, "/Length 6 0 R", []byte(content))
	w.obj(5, font)
	w.rawStream(6, "/Length 4 0 R", []byte("BT /F1 12 Tf 72 600 Td (dos) Tj ET"))
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func lengthChain() []byte {
	return withContent("/Length 6 0 R", func(w *pdfw) {
		for n := 6; n < 2006; n++ {
			w.obj(n, fmt.Sprintf("%d 0 R", n+1))
		}
		w.obj(2006, fmt.Sprint(len(content)))
	})
}

func lengthRefLoop() []byte {
	return withContent("/Length 6 0 R", func(w *pdfw) {
		w.obj(6, "7 0 R")
		w.obj(7, "6 0 R")
	})
}

// lengthInOwnObjStm: the catalog (1) and the integer 7 are compressed in
// object stream 6, whose /Length is 7 0 R; the cross-reference stream is 8.
func lengthInOwnObjStm() []byte {
	w := newPDF()
	w.obj(2, pagesDict("3 0 R", 1))
	w.obj(3, pageDict(2, ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	cat := catalogDict("")
	head := fmt.Sprintf("1 0 7 %d ", len(cat)+1)
	var z []byte
	for i := 0; i < 4; i++ { // converges on the true /Length
		z = deflate([]byte(fmt.Sprintf("%s%s\n%d\n", head, cat, len(z))))
	}
	w.cmp[1] = [2]int{6, 0}
	w.cmp[7] = [2]int{6, 1}
	w.max = 7
	w.rawStream(6, fmt.Sprintf("/Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length 7 0 R", len(head)), z)
	w.xrefStream(8, "/Root 1 0 R")
	return w.bytes()
}
