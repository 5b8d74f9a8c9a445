package main

import (
	"fmt"
	"strings"
)

// pageCases: page trees that are not trees, and pages whose geometry or
// annotations send a stamper's arithmetic or copying astray.
func pageCases() []hostileCase {
	return []hostileCase{
		broken("pagetree-dup-child-60", "60 levels of /Pages nodes, each listing the same child twice: 2^60 pages in 4 KB", simple(dupChild60)),
		broken("page-twice", "one page listed twice in /Kids (must be refused or stamped once)", simple(func() []byte { return pagesKids(2) })),
		broken("page-10000", "one page listed 10,000 times in /Kids", simple(func() []byte { return pagesKids(10000) })),
		broken("kids-cycle", "a /Pages node lists its own ancestor (the root) as a kid", simple(kidsCycle)).
			from("https://github.com/yfedoseev/pdf_oxide/issues/51"),
		broken("kids-self", "the root /Pages node lists itself in /Kids", simple(kidsSelf)).
			from("https://github.com/J-F-Liu/lopdf/pull/92"),
		broken("parent-loop", "a page without /MediaBox whose /Parent chain loops (6 → 7 → 6)", simple(parentLoop)).
			from("https://github.com/yob/pdf-reader/pull/567"),
		broken("parent-self", "a page without /MediaBox that is its own /Parent", simple(parentSelf)),
		broken("kids-not-array", "/Kids is a reference to the page dictionary, not an array", simple(kidsNotArray)),
		broken("kids-null", "/Kids null", simple(func() []byte { return rootPages("<< /Type /Pages /Kids null /Count 1 >>") })),
		broken("pages-is-catalog", "the catalog's /Pages is the catalog itself", simple(pagesIsCatalog)),
		broken("pagetree-deep-10000", "a page tree 10,000 levels deep (compressed in object streams)", simple(func() []byte { return deepTree(10000, true) })),
		broken("pagetree-deep-100000", "a page tree 100,000 levels deep", simple(func() []byte { return deepTree(100000, false) })).large(),
		broken("count-huge", "/Count 9223372036854775807 for one page", simple(func() []byte { return rootPages("<< /Type /Pages /Kids [3 0 R] /Count 9223372036854775807 >>") })),
		broken("count-negative", "/Count -5", simple(func() []byte { return rootPages("<< /Type /Pages /Kids [3 0 R] /Count -5 >>") })),
		broken("mediabox-zero", "/MediaBox [0 0 0 0]: a stamp scaled into no room divides by zero", pageWith("/MediaBox [0 0 0 0]")),
		broken("mediabox-huge", "/MediaBox with corners beyond 2^64", pageWith("/MediaBox [0 0 99999999999999999999 99999999999999999999]")),
		broken("mediabox-short", "/MediaBox [0 0 595]", pageWith("/MediaBox [0 0 595]")),
		broken("mediabox-names", "/MediaBox [/a /b /c /d]", pageWith("/MediaBox [/a /b /c /d]")),
		legit("mediabox-inverted", "/MediaBox [595 842 0 0]: corners in the other order, which readers normalise", pageWith("/MediaBox [595 842 0 0]")),
		broken("cropbox-outside", "/CropBox far outside /MediaBox", pageWith("/CropBox [10000 10000 20000 20000]")),
		broken("rotate-45", "/Rotate 45", pageWith("/Rotate 45")),
		broken("rotate-huge", "/Rotate 3600000000090 (a multiple of 90 beyond 32 bits)", pageWith("/Rotate 3600000000090")),
		broken("userunit-huge", "/UserUnit 1000000", pageWith("/UserUnit 1000000")),
		broken("annots-20000-same", "page /Annots listing one annotation 20,000 times", simple(annotsSame)),
		broken("annots-popup-loop", "annotation /Popup whose /Parent is the annotation, both reachable (clone loops)", pageWith("/Annots [6 0 R]", "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Popup 7 0 R /P 3 0 R >>", "<< /Type /Annot /Subtype /Popup /Rect [40 40 200 100] /Parent 6 0 R /P 3 0 R >>")),
		broken("annots-self", "/Annots is an indirect array that contains itself", pageWith("/Annots 6 0 R", "[6 0 R]")),
		broken("annot-rect-nan", "annotation /Rect with values that overflow a float64", pageWith("/Annots [6 0 R]", "<< /Type /Annot /Subtype /Square /Rect [0 0 1"+strings.Repeat("0", 400)+" 5] >>")),
		broken("xobject-self", "form XObject whose resources name itself (drawing recurses)", simple(xobjectSelf)).
			from("https://github.com/dhdaines/playa/pull/90"),
		broken("resources-self", "page /Resources dictionary that contains itself", simple(resourcesSelf)),
	}
}

// rootPages is the ordinary document with object 2 replaced by pages.
func rootPages(pages string) []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pages)
	w.obj(3, pageDict(2, ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func pagesKids(n int) []byte {
	return rootPages(pagesDict(strings.TrimSpace(strings.Repeat("3 0 R ", n)), n))
}

// pageWith is the ordinary document with extra keys on the page (a later
// /MediaBox wins over the ordinary one in most readers; both are written)
// and objects 6, 7 … from more.
func pageWith(extra string, more ...string) func(*env) []byte {
	return simple(func() []byte {
		w := newPDF()
		w.obj(1, catalogDict(""))
		w.obj(2, pagesDict("3 0 R", 1))
		page := pageDict(2, extra)
		if strings.HasPrefix(extra, "/MediaBox") {
			page = strings.Replace(page, "/MediaBox [0 0 595 842] ", "", 1)
		}
		w.obj(3, page)
		w.stream(4, "", []byte(content))
		w.obj(5, font)
		for i, m := range more {
			w.obj(6+i, m)
		}
		w.xref("/Root 1 0 R")
		return w.bytes()
	})
}

func dupChild60() []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	const levels = 60
	node := func(i int) int { // level 0 is object 2, levels 1… are 6…
		if i == 0 {
			return 2
		}
		return 5 + i
	}
	for i := 0; i < levels; i++ {
		parent := ""
		if i > 0 {
			parent = fmt.Sprintf("/Parent %d 0 R ", node(i-1))
		}
		kid := 3
		if i < levels-1 {
			kid = node(i + 1)
		}
		w.obj(node(i), fmt.Sprintf("<< /Type /Pages %s/Kids [%d 0 R %d 0 R] /Count %d >>", parent, kid, kid, uint64(1)<<(levels-i)))
	}
	w.obj(3, pageDict(node(levels-1), ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func kidsCycle() []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pagesDict("3 0 R 6 0 R", 2))
	w.obj(3, pageDict(2, ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.obj(6, "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>")
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func kidsSelf() []byte { return rootPages(pagesDict("3 0 R 2 0 R", 2)) }

func parentLoop() []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pagesDict("3 0 R", 1))
	w.obj(3, "<< /Type /Page /Parent 6 0 R /Contents 4 0 R >>")
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.obj(6, "<< /Type /Pages /Parent 7 0 R /Kids [3 0 R] /Count 1 >>")
	w.obj(7, "<< /Type /Pages /Parent 6 0 R /Kids [6 0 R] /Count 1 >>")
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func parentSelf() []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pagesDict("3 0 R", 1))
	w.obj(3, "<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>")
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func kidsNotArray() []byte { return rootPages("<< /Type /Pages /Kids 3 0 R /Count 1 >>") }

func pagesIsCatalog() []byte {
	w := newPDF()
	w.obj(1, "<< /Type /Catalog /Pages 1 0 R >>")
	w.obj(3, pageDict(1, ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.xref("/Root 1 0 R")
	return w.bytes()
}

// deepTree is a page tree depth levels deep: /Pages nodes 6, 7, … each
// with one kid, the page at the bottom. compressed puts the nodes in
// object streams of 1,000 behind a cross-reference stream.
func deepTree(depth int, compressed bool) []byte {
	w := newPDF()
	w.obj(1, "<< /Type /Catalog /Pages 6 0 R >>")
	node := func(i int) string {
		parent := ""
		if i > 0 {
			parent = fmt.Sprintf("/Parent %d 0 R ", 5+i)
		}
		kid := 6 + i + 1
		if i == depth-1 {
			kid = 3
		}
		return fmt.Sprintf("<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>", parent, kid)
	}
	w.obj(3, pageDict(5+depth, ""))
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	if !compressed {
		for i := 0; i < depth; i++ {
			w.obj(6+i, node(i))
		}
		w.xref("/Root 1 0 R")
		return w.bytes()
	}
	stm := 6 + depth
	for i := 0; i < depth; i += 1000 {
		var nums []int
		bodies := map[int]string{}
		for j := i; j < min(i+1000, depth); j++ {
			nums = append(nums, 6+j)
			bodies[6+j] = node(j)
		}
		w.objStm(stm, nums, bodies)
		stm++
	}
	w.xrefStream(stm, "/Root 1 0 R")
	return w.bytes()
}

func annotsSame() []byte {
	return pageWith("/Annots ["+strings.TrimSpace(strings.Repeat("6 0 R ", 20000))+"]",
		"<< /Type /Annot /Subtype /Link /Rect [72 72 144 96] /Border [0 0 0] /A << /S /URI /URI (https://example.org/) >> >>")(nil)
}

func resourcesSelf() []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pagesDict("3 0 R", 1))
	w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 6 0 R /Contents 4 0 R >>")
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	w.obj(6, "<< /Font << /F1 5 0 R >> /Self 6 0 R /XObject 6 0 R >>")
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func xobjectSelf() []byte {
	w := newPDF()
	w.obj(1, catalogDict(""))
	w.obj(2, pagesDict("3 0 R", 1))
	w.obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> /Contents 4 0 R >>")
	w.stream(4, "", []byte(content+" /X Do"))
	w.obj(5, font)
	w.stream(6, "/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X 6 0 R >> >>", []byte("0.5 0 0 0.5 10 10 cm /X Do"))
	w.xref("/Root 1 0 R")
	return w.bytes()
}
