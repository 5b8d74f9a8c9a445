package main

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/segell/segell/signer"
)

// legitimate writes files extended the way other products extend signed
// files; every signature in them must stay intact.
func (g *gen) legitimate() {
	intact := func(fields ...string) []expect {
		var out []expect
		for _, f := range fields {
			out = append(out, expect{f, "intact", ""})
		}
		return out
	}
	// Input for the other products' signing tools (the test runs them): an
	// empty signature field, object 7, for mutool sign, which signs only those.
	d := g.base.clone()
	d.update([]object{
		{num: 7, body: "<</Type/Annot/Subtype/Widget/FT/Sig/T(Camp1)/P 6 0 R/F 132/Rect[320 40 540 110]>>"},
		{num: 8, body: "<</Fields[7 0 R]>>"},
		{num: 1, body: set(d.obj(1), "/AcroForm", ref(8))},
		{num: pageNum, body: set(d.obj(pageNum), "/Annots", "[7 0 R]")},
	}, "", nil)
	g.files["unsigned-field.pdf"] = d.b

	once := g.sign("alcalde", g.base, signer.Options{Reason: "Aprovació"})

	d = g.sign("secretaria", once, signer.Options{Reason: "Conforme", Visible: &signer.Placement{Page: 1, X: 320, Y: 40, W: 220, H: 70}})
	g.add(d, testCase{File: "legit-signed-twice.pdf", Class: "signed twice by segell", Note: "the second signature is visible",
		Signatures: intact("Signatura1", "Signatura2")})

	d = once.clone()
	n := d.size()
	xmp := `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Acta 7/2026</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
	d.update([]object{
		{num: n, body: "<</Title(Acta 7/2026)/Producer(segell attacks generator)/ModDate" + pdfTime(g.tick()) + ">>"},
		stream(n+1, "/Type/Metadata/Subtype/XML", []byte(xmp)),
		{num: 1, body: set(d.obj(1), "/Metadata", ref(n+1))},
	}, "/Info "+ref(n), nil)
	g.add(d, testCase{File: "legit-metadata.pdf", Class: "Info and XMP metadata written after a signature",
		Note: "a new Info dictionary in the trailer and an XMP stream in the catalog", Signatures: intact("Signatura1")})

	d = once.clone()
	acroN, acro := d.acroForm()
	d.update([]object{{num: acroN, body: set(set(acro, "/DR", "<</Font<</Helv 3 0 R>>>>"), "/DA", "(/Helv 0 Tf 0 g)")}}, "", nil)
	g.add(d, testCase{File: "legit-acroform-dr.pdf", Class: "AcroForm default resources (a font) added after a signature",
		Note: "/DR and /DA, as form fillers write them", Signatures: intact("Signatura1")})

	d = once.clone()
	d.update([]object{{num: pageNum, body: d.obj(pageNum)}, {num: 3, body: d.obj(3)}}, "", nil)
	g.add(d, testCase{File: "legit-identical-rewrite.pdf", Class: "objects rewritten byte-identical in a later update",
		Note: "the page and its font, copied as they were", Signatures: intact("Signatura1")})

	d = once.clone()
	g.addDSS(&d)
	g.add(d, testCase{File: "legit-dss.pdf", Class: "/DSS as other products write it",
		Note:       "no /Type; /Certs, /CRLs and /OCSPs streams; a /VRI entry keyed by the upper-case hex SHA-1 of the signature's /Contents",
		Signatures: intact("Signatura1")})
	g.handSign(&d, sigSpec{field: "Signatura2", docTimestamp: true})
	g.add(d, testCase{File: "legit-dss-doctimestamp.pdf", Class: "/DSS then a document time-stamp (ETSI.RFC3161)",
		Note: "B-LTA shape: the token is from segell's TSA with the example TSA key", Signatures: intact("Signatura1", "Signatura2")})
}

// addDSS appends a /DSS for the newest signature of d the way pyHanko and
// DSS write one: no /Type, the chain and CRLs as streams, an OCSP response,
// and a VRI entry under the upper-case hex SHA-1 of the /Contents bytes.
func (g *gen) addDSS(d *doc) {
	dir := filepath.Join(g.repo, "certs-example")
	var objs []object
	n := d.size()
	add := func(data []byte) string {
		objs = append(objs, stream(n, "", data))
		n++
		return ref(n - 1)
	}
	var certs, crls, ocsps []string
	for _, name := range []string{"alcalde.pem", "issuing-ca.pem", "root-ca.pem"} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			panic(err)
		}
		b, _ := pem.Decode(raw)
		certs = append(certs, add(b.Bytes))
	}
	for _, name := range []string{"issuing-ca.crl", "root-ca.crl"} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			panic(err)
		}
		crls = append(crls, add(raw))
	}
	ocsps = append(ocsps, add(g.ocspResponse()))
	contents, err := hex.DecodeString(contentsOf(d.b, len(d.b)))
	if err != nil {
		panic(err)
	}
	key := strings.ToUpper(fmt.Sprintf("%x", sha1.Sum(contents)))
	list := func(refs []string) string { return "[" + strings.Join(refs, " ") + "]" }
	dss := fmt.Sprintf("<</Certs%s/CRLs%s/OCSPs%s/VRI<</%s<</Cert%s/CRL%s/OCSP%s>>>>>>",
		list(certs), list(crls), list(ocsps), key, list(certs), list(crls), list(ocsps))
	objs = append(objs, object{num: n, body: dss}, object{num: 1, body: set(d.obj(1), "/DSS", ref(n))})
	d.update(objs, "", nil)
}
