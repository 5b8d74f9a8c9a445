package main

import (
	"bytes"
	"fmt"
	"strings"
)

// syntaxCases: objects that are huge, deep or malformed at the level of
// tokens: arrays, dictionaries, names, strings and numbers.
func syntaxCases() []hostileCase {
	return []hostileCase{
		broken("array-25m", "a page object with a 25-million-element array (50 MB)", simple(func() []byte {
			return pageExtra("/Filler [" + strings.Repeat("0 ", 25_000_000) + "]")
		})).large(),
		broken("array-25m-objstm", "the same 25-million-element array in a page compressed in an object stream (50 KB)", simple(array25mObjStm)),
		broken("nesting-array-100000", "an array nested 100,000 deep ([[[[…) in the page", simple(func() []byte {
			return pageExtra("/Deep " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000))
		})),
		broken("nesting-dict-100000", "a dictionary nested 100,000 deep in a page compressed in an object stream", simple(nestedDictObjStm)),
		broken("nesting-trailer", "an array nested 50,000 deep in the trailer", simple(func() []byte {
			w := ordinary("", "")
			w.xref("/Root 1 0 R /Deep " + strings.Repeat("[", 50000) + strings.Repeat("]", 50000))
			return w.bytes()
		})),
		broken("nesting-unclosed", "30,000 unclosed [ and << in the catalog", simple(func() []byte {
			return catalogExtra("/Deep " + strings.Repeat("[<<", 30000))
		})),
		legit("catalog-40000-keys", "a catalog with 40,000 keys (538 KB)", simple(catalogKeys)).
			from("issue 8: 37 s to sign"),
		broken("name-huge", "a 100 KB name in the catalog", simple(func() []byte { return catalogExtra("/N" + strings.Repeat("a", 100_000) + " 1") })),
		legit("string-huge", "a 210 KB literal string as /Title in /Info", simple(func() []byte {
			w := ordinary("", "")
			w.obj(6, "<< /Title ("+strings.Repeat("Lloret de Mar ", 15_000)+") >>")
			w.xref("/Root 1 0 R /Info 6 0 R")
			return w.bytes()
		})),
		broken("paren-unbalanced", "an /Info /Title string that never closes its parenthesis", simple(func() []byte {
			w := ordinary("", "")
			w.obj(6, "<< /Title (Acta (((( sense tancar >>")
			w.xref("/Root 1 0 R /Info 6 0 R")
			return w.bytes()
		})),
		broken("paren-unbalanced-catalog", "a string in the catalog with 50,000 ( and no )", simple(func() []byte {
			return catalogExtra("/Lang (" + strings.Repeat("(", 50000))
		})),
		broken("paren-unbalanced-content", "page content with an unclosed string", simple(func() []byte {
			return withStream("", []byte("BT /F1 24 Tf 72 700 Td (Document (hostil Tj ET"))
		})),
		broken("number-exponent", "/MediaBox [0 0 1e400 842]", pageWith("/MediaBox [0 0 1e400 842]")),
		broken("number-real-400-digits", "/MediaBox with a real number of 400 digits", pageWith("/MediaBox [0 0 1"+strings.Repeat("0", 400)+".5 842]")),
		broken("number-int-over-2e63", "/Count 99999999999999999999 and /Rotate 18446744073709551616", simple(func() []byte {
			return rootPages("<< /Type /Pages /Kids [3 0 R] /Count 99999999999999999999 /Rotate 18446744073709551616 >>")
		})),
		broken("number-garbage", "numbers such as 1.2.3, --5, +-0 and .e in the page", simple(func() []byte {
			return pageExtra("/Junk [1.2.3 --5 +-0 .e - + . 00000000000000000000000000001]")
		})),
		broken("name-nul", "names with #00, bad # escapes and 8-bit bytes", simple(func() []byte {
			return pageExtra("/F#00 1 /G#ZZ 2 /H# 3 /\xff\xfe 4")
		})),
		broken("dict-odd", "a page dictionary with a key and no value", simple(func() []byte { return pageExtra("/Orphan") })),
		broken("dict-dup-keys", "a catalog with /Pages twice, the second a dangling reference", simple(func() []byte {
			return catalogExtra("/Pages 99 0 R")
		})),
		broken("object-twice", "the page object defined twice, the xref pointing at the second", simple(objectTwice)),
		broken("endobj-missing", "objects without endobj", simple(func() []byte {
			return bytes.ReplaceAll(plain(), []byte("endobj\n"), []byte("\n"))
		})),
		broken("endstream-missing", "a stream without endstream", simple(func() []byte {
			return bytes.Replace(plain(), []byte("endstream"), []byte("         "), 1)
		})),
		legit("line-endings-cr", "every line ending a lone CR (but after the stream keyword, where only CRLF or LF may be)", simple(crOnly)),
		broken("junk-before-header", "1 KB of junk before %PDF- (offsets counted from the file's start)", simple(func() []byte {
			return append(bytes.Repeat([]byte("junk "), 200), plain()...)
		})),
		broken("header-missing", "no %PDF- header", simple(func() []byte {
			p := plain()
			return append([]byte("%XYZ-1.7"), p[8:]...)
		})),
	}
}

// pageExtra is the ordinary document with extra keys in the page.
func pageExtra(extra string) []byte {
	w := ordinary("", extra)
	w.xref("/Root 1 0 R")
	return w.bytes()
}

// catalogExtra is the ordinary document with extra keys in the catalog.
func catalogExtra(extra string) []byte {
	w := ordinary(extra, "")
	w.xref("/Root 1 0 R")
	return w.bytes()
}

// pageInObjStm writes the ordinary document with the page (object 3)
// compressed in object stream 6, and cross-reference stream 7.
func pageInObjStm(page string) []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pagesDict("3 0 R", 1))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.objStm(6, []int{3}, map[int]string{3: page})
	w.xrefStream(7, "/Root 1 0 R")
	return w.bytes()
}

func array25mObjStm() []byte {
	return pageInObjStm(pageDict(2, "/Filler ["+strings.Repeat("0 ", 25_000_000)+"]"))
}

func nestedDictObjStm() []byte {
	return pageInObjStm(pageDict(2, "/Deep "+strings.Repeat("<< /A ", 100000)+strings.Repeat(">> ", 100000)))
}

func catalogKeys() []byte {
	var b strings.Builder
	for i := 0; i < 40000; i++ {
		fmt.Fprintf(&b, "/K%d %d\n", i, i%10)
	}
	return catalogExtra(b.String())
}

func objectTwice() []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pagesDict("3 0 R", 1))
	w.obj(3, "<< /Type /Page /Parent 99 0 R >>")
	w.obj(3, pageDict(2, ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.xref("/Root 1 0 R")
	return w.bytes()
}

// crOnly is the ordinary document written with lone CRs as line endings
// but after "stream", where the syntax wants CRLF or LF; the xref table is
// made anew for the moved offsets (each entry still 20 bytes, "… n\r\n").
func crOnly() []byte {
	p := plain()
	p = bytes.ReplaceAll(p[:bytes.LastIndex(p, []byte("xref\n"))], []byte("\n"), []byte("\r"))
	p = bytes.ReplaceAll(p, []byte("stream\r"), []byte("stream\r\n"))
	p = bytes.ReplaceAll(p, []byte("endstream\r\n"), []byte("endstream\r"))
	at := len(p)
	var b bytes.Buffer
	b.Write(p)
	b.WriteString("xref\r0 6\r0000000000 65535 f\r\n")
	for n := 1; n <= 5; n++ {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", bytes.Index(p, []byte(fmt.Sprintf("\r%d 0 obj\r", n)))+1)
	}
	fmt.Fprintf(&b, "trailer\r<< /Size 6 /Root 1 0 R >>\rstartxref\r%d\r%%%%EOF\r", at)
	return b.Bytes()
}
