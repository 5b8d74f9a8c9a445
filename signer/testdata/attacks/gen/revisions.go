package main

import (
	"regexp"
	"strings"

	"github.com/segell/segell/signer"
)

// revisions writes a file whose newest trailer hides five of its six
// signatures behind /Prev 0, and one whose first signature's field is removed.
func (g *gen) revisions() {
	d := g.base
	var want []expect
	for i, who := range []string{"alcalde", "secretaria", "vocal-policia", "vocal-habitatge", "vocal-sbas"} {
		d = g.sign(who, d, signer.Options{Reason: "Signatura " + string(rune('1'+i))})
		want = append(want, expect{"Signatura" + string(rune('1'+i)), "intact", ""})
	}
	zero := int64(0)
	g.handSign(&d, sigSpec{field: "Signatura6", signer: g.keys["segell-organ"], entries: "/M" + pdfTime(g.tick()), prev: &zero})
	want = append(want, expect{"Signatura6", "intact", ""})
	g.add(d, testCase{File: "prev-zero.pdf", Class: "six signatures, the newest trailer has /Prev 0",
		Note:       "signatures 1 to 5 are found only by scanning for xref sections and %%EOF; nothing was changed",
		Signatures: want})

	d = g.sign("alcalde", g.base, signer.Options{Reason: "Aprovació"})
	d = g.sign("secretaria", d, signer.Options{Reason: "Conforme"})
	gone := ref(d.widgets()[0])
	acroN, acro := d.acroForm()
	drop := func(body string, re *regexp.Regexp, key string) string {
		items := strings.TrimSpace(strings.Replace(re.FindStringSubmatch(body)[1], gone, "", 1))
		return set(body, key, "["+items+"]")
	}
	d.update([]object{
		{num: acroN, body: drop(acro, fieldsRE, "/Fields")},
		{num: pageNum, body: drop(d.obj(pageNum), annotsRE, "/Annots")},
	}, "", nil)
	g.add(d, testCase{File: "signature-removed.pdf", Class: "a signature whose field is removed in a later revision",
		Note:       "Signatura1's field and widget are gone from the newest revision; the removal is a change after both signatures",
		Signatures: []expect{{"Signatura1", "failed", "removed"}, {"Signatura2", "failed", "removed"}}})
}
