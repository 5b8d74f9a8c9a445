package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/segell/segell/signer"
)

var byteRangeRE = regexp.MustCompile(`/ByteRange\s*\[([^\]]*)\]`)

// byteRanges returns the /ByteRange arrays of b in file order, as written.
func byteRanges(b []byte) [][]int {
	var out [][]int
	for _, m := range byteRangeRE.FindAllSubmatch(b, -1) {
		var r []int
		for _, f := range strings.Fields(string(m[1])) {
			n, _ := strconv.Atoi(f)
			r = append(r, n)
		}
		out = append(out, r)
	}
	return out
}

// forged is what an attacker writes into a signature dictionary of their own.
const forged = "/Reason(Pagament autoritzat: 1.000.000 EUR)/Name(Adrià Puig Serra)"

// byteRanges writes the files whose /ByteRange lies: shared with another
// signature, pointed at another signature's bytes, or shaped wrongly.
func (g *gen) byteRanges() {
	const src = "1 Trillion Dollar Refund (2019): incremental saving and signature wrapping"
	once := g.sign("alcalde", g.base, signer.Options{Reason: "Aprovació"})

	// A second signature dictionary with the first one's /ByteRange and no
	// /Contents: a naive validator hashes the first signature's bytes for it.
	d := once.clone()
	br := byteRanges(d.b)[0]
	addSigField(&d, fieldSpec{name: "Signatura2", sig: fmt.Sprintf("<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange[%d %d %d %d]/M%s%s>>",
		br[0], br[1], br[2], br[3], pdfTime(g.clock.AddDate(0, 1, 0)), forged)})
	g.add(d, testCase{File: "byterange-shared.pdf", Class: "second signature dictionary reusing the first's /ByteRange, no /Contents", Source: src,
		Note:       "Signatura2 has no CMS of its own; its /Reason and /M are forged",
		Signatures: []expect{{"Signatura1", "intact", ""}, {"Signatura2", "failed", "contents|byterange"}}})

	// The second signature's /ByteRange and /Contents edited in place to be
	// the first signature's: the CMS checks, over bytes that are not its own.
	d = g.sign("secretaria", once, signer.Options{Reason: "Signatura de la secretària"})
	brs := byteRanges(d.b)
	holeStart := brs[1][1]
	at := byteRangeRE.FindAllIndex(d.b, -1)[1]
	text := fmt.Sprintf("/ByteRange[%d %d %d %d", brs[0][0], brs[0][1], brs[0][2], brs[0][3])
	copy(d.b[at[0]:], fmt.Sprintf("%-*s", at[1]-at[0]-1, text))
	first := contentsOf(d.b, brs[0][1]+2)
	first = first[:derHexLen(first)]
	hole := d.b[holeStart+1 : brs[1][2]-1]
	if len(first) > len(hole) {
		panic("the first CMS does not fit the second hole")
	}
	copy(hole, first+strings.Repeat("0", len(hole)-len(first)))
	g.add(d, testCase{File: "byterange-other-signature.pdf", Class: "/ByteRange edited to point at another signature's bytes", Source: src,
		Note:       "Signatura2's /ByteRange and /Contents are Signatura1's: a valid CMS over bytes that do not exclude Signatura2's own /Contents",
		Signatures: []expect{{"Signatura1", "intact", ""}, {"Signatura2", "failed", "byterange"}}})

	shapes := []struct {
		file, class string
		ranges      func(lt, gt, end int) [4]int
	}{
		{"byterange-gap.pdf", "/ByteRange with a gap beyond /Contents", func(lt, gt, end int) [4]int {
			return [4]int{0, lt, gt + 1 + 40, end - gt - 1 - 40}
		}},
		{"byterange-overlap.pdf", "/ByteRange whose ranges overlap", func(lt, gt, end int) [4]int {
			return [4]int{0, lt, lt - 50, 50}
		}},
		{"byterange-not-at-zero.pdf", "/ByteRange not starting at 0", func(lt, gt, end int) [4]int {
			return [4]int{10, lt - 10, gt + 1, end - gt - 1}
		}},
		{"byterange-short.pdf", "/ByteRange not ending at its revision's end", func(lt, gt, end int) [4]int {
			return [4]int{0, lt, gt + 1, end - gt - 1 - 30}
		}},
	}
	for _, s := range shapes {
		d := g.base.clone()
		g.handSign(&d, sigSpec{field: "Signatura1", signer: g.keys["alcalde"], entries: "/M" + pdfTime(g.tick()) + "/Reason(Aprovació)", ranges: s.ranges})
		g.add(d, testCase{File: s.file, Class: s.class, Source: src,
			Note:       "a real CMS over exactly the bytes the /ByteRange names, which leave signed-looking bytes out",
			Signatures: []expect{{"Signatura1", "failed", "byterange"}}})
	}
}

// derHexLen is the length in hex digits of the DER value that hex starts with.
func derHexLen(hex string) int {
	b := make([]byte, 6)
	for i := range b {
		v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		b[i] = byte(v)
	}
	l := int(b[1])
	if l < 0x80 {
		return 2 * (2 + l)
	}
	n := l & 0x7f
	l = 0
	for i := 0; i < n; i++ {
		l = l<<8 | int(b[2+i])
	}
	return 2 * (2 + n + l)
}

// universalForgery writes the USF files: a signature field whose dictionary
// makes a validator skip the check (no /Contents, an empty or null one, a
// missing, null or all-zero /ByteRange) while it still shows a signer.
func (g *gen) universalForgery() {
	const src = "1 Trillion Dollar Refund (2019): universal signature forgery"
	real := g.sign("alcalde", g.base, signer.Options{})
	cms := contentsOf(real.b, len(real.b))
	br := byteRanges(real.b)[0]
	brText := fmt.Sprintf("/ByteRange[%d %d %d %d]", br[0], br[1], br[2], br[3])
	variants := []struct{ file, class, entries, reason string }{
		{"usf-no-contents.pdf", "USF: no /Contents", brText, "contents|byterange"},
		{"usf-empty-contents.pdf", "USF: empty /Contents", brText + "/Contents<>", "contents|byterange"},
		{"usf-contents-null.pdf", "USF: /Contents null", brText + "/Contents null", "contents|byterange"},
		{"usf-byterange-null.pdf", "USF: /ByteRange null", "/ByteRange null/Contents<" + cms + ">", "byterange"},
		{"usf-no-byterange.pdf", "USF: no /ByteRange", "/Contents<" + cms + ">", "byterange"},
		{"usf-byterange-zero.pdf", "USF: /ByteRange [0 0 0 0]", "/ByteRange[0 0 0 0]/Contents<" + cms + ">", "byterange"},
	}
	for _, v := range variants {
		d := g.base.clone()
		addSigField(&d, fieldSpec{name: "Signatura1", sig: "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached" + v.entries + "/M" + pdfTime(g.tick()) + forged + ">>"})
		g.add(d, testCase{File: v.file, Class: v.class, Source: src,
			Note:       "the only signature; where a CMS is present it is the mayor's, taken from another file",
			Signatures: []expect{{"Signatura1", "failed", v.reason}}})
	}
}
