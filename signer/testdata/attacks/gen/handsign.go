package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/segell/segell/signer"
)

// pageNum is the object number of the only page of the corpus file.
const pageNum = 6

// sigSpec is a signature revision written by the generator itself, for the
// shapes segell never writes (its own byte ranges, /Contents before
// /ByteRange, a DocMDP P=1 dictionary, a document time-stamp). The CMS is
// still a real one: segell's Signer.SignDigest over the bytes the range names.
type sigSpec struct {
	field  string
	signer *signer.Signer // nil with docTimestamp
	// entries are more signature dictionary entries (/M, /Reason, /Reference).
	entries string
	// contentsFirst writes /Contents before /ByteRange, as some products do:
	// the ByteRange then lies in the second signed range (signature wrapping).
	contentsFirst bool
	docTimestamp  bool
	// rect and ap give the widget a visible appearance (ap is a content stream).
	rect, ap string
	// catalog edits the catalog (a /Perms entry); it is written when set.
	catalog func(cat string) string
	// ranges, when set, gives the /ByteRange from the hole ('<' at lt, '>'
	// at gt) and the file's length; the CMS signs exactly what it names.
	ranges func(lt, gt, end int) [4]int
	prev   *int64
}

const holeHex = 24000 // hex digits reserved for the CMS or the token

var fieldsRE = regexp.MustCompile(`/Fields\s*\[([^\]]*)\]`)
var annotsRE = regexp.MustCompile(`/Annots\s*\[([^\]]*)\]`)

// acroForm returns the AcroForm object number (0 when there is none) and its body.
func (d doc) acroForm() (int, string) {
	m := regexp.MustCompile(`/AcroForm\s+(\d+) 0 R`).FindStringSubmatch(d.obj(1))
	if m == nil {
		return 0, "<</Fields[]>>"
	}
	var n int
	fmt.Sscan(m[1], &n)
	return n, d.obj(n)
}

// addToArray appends item to the array entry key (matched by re) of dict.
func addToArray(dict string, re *regexp.Regexp, key, item string) string {
	if m := re.FindStringSubmatch(dict); m != nil {
		return set(dict, key, "["+strings.TrimSpace(m[1]+" "+item)+"]")
	}
	return set(dict, key, "["+item+"]")
}

// handSign appends a signature revision described by s to d.
func (g *gen) handSign(d *doc, s sigSpec) {
	kind := "/Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached"
	if s.docTimestamp {
		kind = "/Type/DocTimeStamp/Filter/Adobe.PPKLite/SubFilter/ETSI.RFC3161"
	}
	br := "/ByteRange[" + strings.Repeat(" ", 4*11) + "]"
	contents := "/Contents<" + strings.Repeat("0", holeHex) + ">"
	sig := "<<" + kind + br + contents + s.entries + ">>"
	if s.contentsFirst {
		sig = "<<" + kind + contents + br + s.entries + ">>"
	}
	off := addSigField(d, fieldSpec{name: s.field, sig: sig, rect: s.rect, ap: s.ap, catalog: s.catalog, prev: s.prev})
	g.fillSignature(d, off, s)
}

// fieldSpec is a signature field added in a revision of its own.
type fieldSpec struct {
	name, sig string // the field's /T and its signature dictionary
	rect, ap  string // a visible widget: its rectangle and appearance stream
	catalog   func(cat string) string
	prev      *int64
}

// addSigField appends a revision adding the field f: its signature
// dictionary, widget (with an appearance when f.ap is set), the AcroForm and
// the page's /Annots. It returns the offset of the signature dictionary.
func addSigField(d *doc, f fieldSpec) int {
	n := d.size()
	sigN, widgetN, apN := n, n+1, n+2
	next := n + 2
	if f.ap != "" {
		next++
	}
	rect := "[0 0 0 0]"
	widget := fmt.Sprintf("<</Type/Annot/Subtype/Widget/FT/Sig/T(%s)/V %s/P %s/F 132", f.name, ref(sigN), ref(pageNum))
	objs := []object{{num: sigN, body: f.sig}}
	if f.ap != "" {
		rect = f.rect
		widget += "/AP<</N " + ref(apN) + ">>"
		objs = append(objs, stream(apN, "/Type/XObject/Subtype/Form/BBox"+f.rect+"/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>", []byte(f.ap)))
	}
	objs = append(objs, object{num: widgetN, body: widget + "/Rect" + rect + ">>"})
	acroN, acro := d.acroForm()
	cat := d.obj(1)
	if acroN == 0 {
		acroN = next
		cat = set(cat, "/AcroForm", ref(acroN))
	}
	acro = set(addToArray(acro, fieldsRE, "/Fields", ref(widgetN)), "/SigFlags", "3")
	objs = append(objs, object{num: acroN, body: acro})
	if f.catalog != nil {
		cat = f.catalog(cat)
	}
	if cat != d.obj(1) {
		objs = append(objs, object{num: 1, body: cat})
	}
	objs = append(objs, object{num: pageNum, body: addToArray(d.obj(pageNum), annotsRE, "/Annots", ref(widgetN))})
	return d.update(objs, "", f.prev)[sigN]
}

// fillSignature writes the /ByteRange and the CMS (or token) of the
// signature dictionary at off.
func (g *gen) fillSignature(d *doc, off int, s sigSpec) {
	lt := off + bytes.Index(d.b[off:], []byte("/Contents<")) + len("/Contents")
	gt := lt + 1 + holeHex
	r := [4]int{0, lt, gt + 1, len(d.b) - gt - 1}
	if s.ranges != nil {
		r = s.ranges(lt, gt, len(d.b))
	}
	at := off + bytes.Index(d.b[off:], []byte("/ByteRange[")) + len("/ByteRange[")
	text := fmt.Sprintf("%d %d %d %d", r[0], r[1], r[2], r[3])
	copy(d.b[at:], fmt.Sprintf("%-44s", text))
	signed := append(append([]byte(nil), d.b[r[0]:r[0]+r[1]]...), d.b[r[2]:r[2]+r[3]]...)
	var der []byte
	var err error
	if s.docTimestamp {
		der, err = g.tsa.Timestamp(context.Background(), signed)
	} else {
		h := sha256.Sum256(signed)
		der, err = s.signer.SignDigest(context.Background(), h[:])
	}
	if err != nil {
		panic(err)
	}
	if 2*len(der) > holeHex {
		panic("the CMS does not fit the hole")
	}
	copy(d.b[lt+1:], strings.ToUpper(hex.EncodeToString(der)))
}

// contentsOf returns the hex digits of the newest /Contents<…> before end.
func contentsOf(b []byte, end int) string {
	i := bytes.LastIndex(b[:end], []byte("/Contents<"))
	j := bytes.IndexByte(b[i+len("/Contents<"):], '>')
	return string(b[i+len("/Contents<") : i+len("/Contents<")+j])
}
