package main

import (
	"bytes"
	"fmt"
	"strings"
)

// miscCases: trailing junk, encryption, and the other trees of a document
// (outlines, name trees, structure tree) with cycles.
func miscCases() []hostileCase {
	enc := invalid("encrypted-rc4", "an encrypted file (standard security handler, RC4 40-bit)", encrypted("/Filter /Standard /V 1 /R 2 /Length 40 /P -44"))
	enc.Forbid = map[string][]string{"verify": {"abans de signar"}}
	aes := invalid("encrypted-aes256", "an encrypted file (standard security handler, AES-256, R 6)", encrypted("/Filter /Standard /V 5 /R 6 /Length 256 /P -1028 /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF /OE <"+strings.Repeat("11", 32)+"> /UE <"+strings.Repeat("22", 32)+"> /Perms <"+strings.Repeat("33", 16)+">"))
	aes.Forbid = enc.Forbid
	return []hostileCase{
		legit("junk-after-eof-4k", "a valid file followed by 4 KB of junk after %%EOF", simple(func() []byte {
			return append(plain(), bytes.Repeat([]byte("junk after the end\n"), 216)...)
		})).from("issue 8: more than 2 KB after %%EOF is called truncated"),
		legit("nul-after-eof-64k", "a valid file followed by 64 KB of NUL bytes (a padded upload)", simple(func() []byte {
			return append(plain(), make([]byte, 64<<10)...)
		})),
		enc, aes,
		broken("encrypt-ref-loop", "/Encrypt 6 0 R where 6 is 7 0 R and 7 is 6 0 R", simple(func() []byte {
			w := ordinary("", "")
			w.obj(6, "7 0 R")
			w.obj(7, "6 0 R")
			w.xref("/Root 1 0 R /Encrypt 6 0 R /ID [<00> <00>]")
			return w.bytes()
		})),
		broken("outline-next-cycle", "outline items whose /Next point at each other", simple(func() []byte {
			return extraObjects("/Outlines 6 0 R", "<< /Type /Outlines /First 7 0 R /Last 8 0 R /Count 2 >>",
				"<< /Title (u) /Parent 6 0 R /Next 8 0 R /Dest [3 0 R /Fit] >>", "<< /Title (dos) /Parent 6 0 R /Next 7 0 R /Prev 7 0 R /Dest [3 0 R /Fit] >>")
		})).from("https://github.com/py-pdf/pypdf/pull/3655"),
		broken("outline-first-self", "an outline item that is its own /First child", simple(func() []byte {
			return extraObjects("/Outlines 6 0 R", "<< /Type /Outlines /First 7 0 R /Count 1 >>", "<< /Title (u) /Parent 6 0 R /First 7 0 R /Count 1 >>")
		})),
		broken("names-kids-cycle", "a /Dests name tree whose node lists itself in /Kids", simple(func() []byte {
			return extraObjects("/Names << /Dests 6 0 R >>", "<< /Kids [6 0 R 7 0 R] >>", "<< /Names [(a) [3 0 R /Fit]] /Limits [(a) (a)] >>")
		})),
		broken("structtree-cycle", "a structure tree element whose /K is itself", simple(func() []byte {
			return extraObjects("/StructTreeRoot 6 0 R /MarkInfo << /Marked true >>", "<< /Type /StructTreeRoot /K 7 0 R >>", "<< /S /P /P 7 0 R /K [7 0 R 0] /Pg 3 0 R >>")
		})),
		broken("info-self", "an /Info dictionary that contains itself", simple(func() []byte {
			w := ordinary("", "")
			w.obj(6, "<< /Title (info) /Self 6 0 R >>")
			w.xref("/Root 1 0 R /Info 6 0 R")
			return w.bytes()
		})),
		broken("linearized-lies", "a linearization dictionary whose /L, /H, /O and /E are all wrong", simple(func() []byte {
			w := newPDF()
			w.obj(7, "<< /Linearized 1 /L 999999999 /H [99999999 99999999] /O 3 /E 99999999 /N 1000 /T 99999999 >>")
			w.obj(1, catalogDict(""))
			w.obj(2, pagesDict("3 0 R", 1))
			w.obj(3, pageDict(2, ""))
			w.stream(4, "", []byte(content))
			w.obj(5, font)
			w.xref("/Root 1 0 R")
			return w.bytes()
		})),
		legit("pages-1000", "1,000 distinct pages sharing one content stream (legitimate volume)", simple(pagesMany)),
	}
}

// extraObjects is the ordinary document with catExtra in the catalog and
// objects 6, 7 … from objs.
func extraObjects(catExtra string, objs ...string) []byte {
	w := ordinary(catExtra, "")
	for i, o := range objs {
		w.obj(6+i, o)
	}
	w.xref("/Root 1 0 R")
	return w.bytes()
}

// encrypted is the ordinary document with an /Encrypt dictionary (its
// /O and /U are not derived from any password: no reader can open it,
// and none should try to sign it).
func encrypted(dict string) func(*env) []byte {
	return simple(func() []byte {
		w := ordinary("", "")
		w.obj(6, fmt.Sprintf("<< %s /O <%s> /U <%s> >>", dict, strings.Repeat("4f", 32), strings.Repeat("55", 32)))
		w.xref("/Root 1 0 R /Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]")
		return w.bytes()
	})
}

func pagesMany() []byte {
	const n = 1000
	w := newPDF()
	w.obj(1, catalogDict(""))
	var kids strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&kids, "%d 0 R ", 6+i)
	}
	w.obj(2, pagesDict(strings.TrimSpace(kids.String()), n))
	w.obj(3, "<< /Producer (hostile corpus) >>")
	w.stream(4, "", []byte(content))
	w.obj(5, font)
	for i := 0; i < n; i++ {
		w.obj(6+i, pageDict(2, ""))
	}
	w.xref("/Root 1 0 R /Info 3 0 R")
	return w.bytes()
}
