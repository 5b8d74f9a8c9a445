package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"
)

// formCases: AcroForm field trees that are deep, cyclic or shared.
func formCases() []hostileCase {
	return []hostileCase{
		broken("form-tree-200", "a field tree 200 levels deep (if signed, the result must verify)", simple(formDeep)).
			from("issue 8: signed although verify then refuses it"),
		broken("form-kids-cycle", "field /Kids cycle: field 7 lists 8, field 8 lists 7", simple(func() []byte {
			return form("[7 0 R]", "<< /T (a) /Kids [8 0 R] >>", "<< /T (b) /Parent 7 0 R /Kids [7 0 R] >>")
		})),
		broken("form-kids-self", "a field whose /Kids lists itself", simple(func() []byte { return form("[7 0 R]", "<< /T (a) /Kids [7 0 R] >>") })),
		broken("form-fields-cycle", "/Fields is an indirect array that contains itself", simple(func() []byte { return form("7 0 R", "[7 0 R]") })),
		broken("form-parent-loop", "a field without /FT whose /Parent chain loops", simple(func() []byte {
			return form("[7 0 R]", "<< /T (a) /Parent 8 0 R /V (x) >>", "<< /T (b) /Parent 7 0 R >>")
		})),
		broken("form-fields-not-array", "/Fields is the font dictionary", simple(func() []byte { return form("5 0 R") })),
		broken("form-field-30000-same", "/Fields lists one text field 30,000 times", simple(func() []byte {
			return form("["+strings.TrimSpace(strings.Repeat("7 0 R ", 30000))+"]", "<< /FT /Tx /T (nom) /V (Adrià) >>")
		})),
		{Name: "form-8000-fields-one-sig", What: "8,000 signature fields whose /V is one signature dictionary", Signed: true,
			Sign: either, Verify: either, Copy: refuse, Stamp: refuse, build: sharedSig, Source: "issue 8: more than 20 s to verify"},
		{Name: "sig-cms-garbage", What: "a structurally complete signature whose CMS is garbage", Signed: true,
			Sign: either, Verify: refuse, Copy: refuse, Stamp: refuse, build: sigContents("3082FFFF" + strings.Repeat("A5", 2000))},
		{Name: "sig-cms-ber-deep", What: "a signature whose CMS is 20,000 nested indefinite-length BER constructions", Signed: true,
			Sign: either, Verify: refuse, Copy: refuse, Stamp: refuse, build: sigContents(strings.Repeat("3080", 20000) + strings.Repeat("0000", 20000))},
		{Name: "sig-cms-ber-huge-length", What: "a signature whose CMS declares a 4 GB BER length", Signed: true,
			Sign: either, Verify: refuse, Copy: refuse, Stamp: refuse, build: sigContents("3084FFFFFFFF3084FFFFFFF00601")},
		{Name: "sig-byterange-hostile", What: "/ByteRange [0 -5 99999999999 2] and a 20,000-element /ByteRange beside it", Signed: true,
			Sign: either, Verify: refuse, Copy: refuse, Stamp: refuse, build: sigByteRange},
	}
}

// form is the ordinary document with /AcroForm 6 0 R, /Fields fields and
// objects 7, 8 … from objs.
func form(fields string, objs ...string) []byte {
	w := ordinary("/AcroForm 6 0 R", "")
	w.obj(6, "<< /Fields "+fields+" >>")
	for i, o := range objs {
		w.obj(7+i, o)
	}
	w.xref("/Root 1 0 R")
	return w.bytes()
}

func formDeep() []byte {
	var objs []string
	for i := 0; i < 200; i++ {
		parent := ""
		if i > 0 {
			parent = fmt.Sprintf("/Parent %d 0 R ", 7+i-1)
		}
		if i == 199 {
			objs = append(objs, fmt.Sprintf("<< /T (l%d) %s/FT /Tx /V (fulla) >>", i, parent))
			continue
		}
		objs = append(objs, fmt.Sprintf("<< /T (l%d) %s/Kids [%d 0 R] >>", i, parent, 7+i+1))
	}
	return form("[7 0 R]", objs...)
}

// sharedSig: 8,000 signature fields (object streams 9 …) whose /V is
// signature dictionary 7, a real signature over the whole file; the
// cross-reference stream is the last object.
func sharedSig(e *env) []byte {
	const n = 8000
	w := ordinary("/AcroForm 6 0 R", "")
	var fields bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&fields, "%d 0 R ", 100+i)
	}
	w.obj(6, "<< /Fields ["+fields.String()+"] /SigFlags 3 >>")
	w.obj(7, e.key.sigDict())
	stm := 100 + n
	for i := 0; i < n; i += 2000 {
		var nums []int
		bodies := map[int]string{}
		for j := i; j < i+2000; j++ {
			nums = append(nums, 100+j)
			bodies[100+j] = fmt.Sprintf("<< /FT /Sig /T (Signatura%d) /V 7 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>", j)
		}
		w.objStm(stm, nums, bodies)
		stm++
	}
	w.xrefStream(stm, "/Root 1 0 R")
	if err := e.key.seal(w.b.Bytes(), 0, sha256.New()); err != nil {
		panic(err)
	}
	return w.bytes()
}

// sigContents is a one-field form whose signature has a true /ByteRange
// and hexContents as /Contents.
func sigContents(hexContents string) func(*env) []byte {
	return simple(func() []byte {
		w := ordinary("/AcroForm 6 0 R", "")
		w.obj(6, "<< /Fields [7 0 R] /SigFlags 3 >>")
		w.obj(7, "<< /FT /Sig /T (Signatura1) /V 8 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>")
		w.obj(8, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "+byteRangeHole+" /Contents <"+hexContents+"> >>")
		w.xref("/Root 1 0 R")
		p := w.bytes()
		i := bytes.Index(p, []byte(byteRangeHole))
		a := bytes.Index(p, []byte("/Contents <")) + len("/Contents ")
		b := a + len(hexContents) + 2
		br := fmt.Sprintf("/ByteRange [0 %d %d %d]", a, b, len(p)-b)
		copy(p[i:], br+strings.Repeat(" ", len(byteRangeHole)-len(br)))
		return p
	})
}

func sigByteRange(*env) []byte {
	w := ordinary("/AcroForm 6 0 R", "")
	w.obj(6, "<< /Fields [7 0 R 9 0 R] /SigFlags 3 >>")
	w.obj(7, "<< /FT /Sig /T (Signatura1) /V 8 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>")
	w.obj(8, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 -5 99999999999 2] /Contents <3000> >>")
	w.obj(9, "<< /FT /Sig /T (Signatura2) /V 10 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 >>")
	w.obj(10, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange ["+strings.Repeat("0 1 ", 5000)+"] /Contents <3000> >>")
	w.xref("/Root 1 0 R")
	return w.bytes()
}
