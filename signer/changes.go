package signer

import (
	"fmt"
	"strings"

	"github.com/segell/segell/internal/pdfio"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// maxListedChanges bounds the changes listed for one signature; the rest
// are counted.
const maxListedChanges = 20

// laterChanges classifies, once, what every revision changed against the
// one before it, and returns for each revision r the changes made after it
// that a later signature may not make: the incremental updates an attacker
// would use to show other content under a valid signature. Each revision is
// compared with its predecessor only, so the work grows with the size of
// the updates, not with the number of signatures times the document.
// Revisions older than oldest are not classified.
func laterChanges(f *pdfio.File, oldest int) [][]string {
	n := f.Revisions()
	own := make([][]string, n) // what revision i changed that a signature may not
	certP := certification(f)
	for i := 0; i < min(oldest, n-1); i++ {
		c := &classifier{old: f.Revision(i + 1), cur: f.Revision(i), certP: certP}
		for _, num := range f.RevisionObjects(i) {
			if msg := c.change(num); msg != "" {
				own[i] = append(own[i], msg)
			}
		}
	}
	after := make([][]string, n)
	count := 0
	for r := 1; r < n; r++ {
		count += len(own[r-1])
		prev := after[r-1]
		if len(prev) > 0 && strings.HasPrefix(prev[len(prev)-1], "… ") {
			prev = prev[:len(prev)-1]
		}
		list := append(append([]string(nil), own[r-1]...), prev...)
		if len(list) > maxListedChanges {
			list = list[:maxListedChanges]
		}
		if count > len(list) {
			list = append(list, fmt.Sprintf("… and %d more changes", count-len(list)))
		}
		after[r] = list
	}
	return after
}

func isPrefix(a, b types.Array) bool {
	if len(a) > len(b) {
		return false
	}
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameExcept reports whether two dictionaries agree on every key but the allowed ones.
func sameExcept(a, b types.Dict, allowed map[string]bool) bool {
	strip := func(d types.Dict) string {
		c := types.Dict{}
		for k, v := range d {
			if !allowed[k] {
				c[k] = v
			}
		}
		return c.PDFString()
	}
	return strip(a) == strip(b)
}

// certification returns the /P of the document's certification signature
// (DocMDP), 0 when it has none: what later revisions may do, and whether a
// new signature may be added at all.
func certification(f *pdfio.File) int {
	cat, err := f.Catalog()
	if err != nil {
		return 0
	}
	perms, err := f.Dict(cat["Perms"], "Perms")
	if err != nil || perms["DocMDP"] == nil {
		return 0
	}
	sig, err := f.Dict(perms["DocMDP"], "DocMDP")
	if err != nil {
		return 0
	}
	refs, _ := f.Array(sig["Reference"], "Reference")
	for _, r := range refs {
		ref, err := f.Dict(r, "SigRef")
		if err != nil {
			continue
		}
		if tp, err := f.Dict(ref["TransformParams"], "TransformParams"); err == nil {
			if v, ok := f.Integer(tp["P"]); ok && v >= 1 && v <= 3 {
				return int(v)
			}
		}
	}
	return 2
}
