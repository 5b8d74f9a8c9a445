package signer

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/segell/segell/internal/pdfio"
)

// foundSig is a signature to verify: the field that shows it (if any) and
// the revision that wrote its dictionary, where its data is read. What a
// later revision says of it (a new /Reason, a new /M) is a change after
// it, never what is shown.
type foundSig struct {
	sigField
	rev int
	// removed: no field of the newest revision points at it any more.
	removed bool
}

// findSignatures lists every signature of every revision: those the
// newest form shows, read from the revision that wrote them, and those a
// later revision took out of the form (reported, never silently lost).
func findSignatures(f *pdfio.File) ([]foundSig, error) {
	fields, err := signatureFields(f)
	if err != nil {
		return nil, err
	}
	var out []foundSig
	listed := map[int]bool{}
	for _, s := range fields {
		fs := foundSig{sigField: s}
		// span is the signature dictionary's own object when /V points at
		// one, the field's when /V is direct.
		if ref := s.span; ref != nil && isOwnDict(f, *ref) {
			num := ref.ObjectNumber.Value()
			listed[num] = true
			if rev, ok := f.FirstDefined(num); ok {
				fs.rev = rev
				if d, ok := signatureDict(f.Revision(rev), num); ok {
					fs.Dict = d
					fs.holeStart = holeStart(f, d)
				}
			}
		}
		out = append(out, fs)
	}
	// Signature dictionaries that no field of the newest revision shows.
	for rev := 0; rev < f.Revisions(); rev++ {
		view := f.Revision(rev)
		for _, num := range f.RevisionObjects(rev) {
			if listed[num] {
				continue
			}
			if first, ok := view.FirstDefined(num); !ok || first != rev {
				continue // seen where it was first written
			}
			d, ok := signatureDict(view, num)
			if !ok || !isSignatureDict(d) {
				continue
			}
			listed[num] = true
			ref := *types.NewIndirectRef(num, 0)
			out = append(out, foundSig{
				sigField: sigField{name: fieldOf(view, num), Dict: d, span: &ref, holeStart: holeStart(f, d)},
				rev:      rev, removed: true,
			})
		}
	}
	return out, nil
}

// isOwnDict tells whether ref is a signature dictionary (not the field
// that holds a direct one).
func isOwnDict(f *pdfio.File, ref types.IndirectRef) bool {
	d, err := f.Dict(ref, "signature")
	return err == nil && isSignatureDict(d)
}

// isSignatureDict recognises a signature or document time-stamp
// dictionary by what it must hold, whatever its /Type says.
func isSignatureDict(d types.Dict) bool {
	if t, ok := d["Type"].(types.Name); ok && (t == "Sig" || t == "DocTimeStamp") {
		return true
	}
	_, br := d["ByteRange"]
	_, c := d["Contents"]
	return br && c
}

func holeStart(f *pdfio.File, d types.Dict) int64 {
	br, err := f.Array(d["ByteRange"], "ByteRange")
	if err != nil || len(br) != 4 {
		return 0
	}
	v, _ := f.Integer(br[1])
	return v
}

// fieldOf names the field that showed signature dictionary num in a
// revision, or the object when no field did.
func fieldOf(view *pdfio.File, num int) string {
	name := fmt.Sprintf("(objecte %d)", num)
	found := fmt.Errorf("found")
	_ = view.WalkFields(func(fd pdfio.Field) error {
		if r, ok := fd.Dict["V"].(types.IndirectRef); ok && r.ObjectNumber.Value() == num {
			name = fd.Name
			return found
		}
		return nil
	})
	return name
}

// signatureDict reads a signature dictionary without keeping it, and
// without its /Contents: the signature is read from the file's bytes where
// /ByteRange leaves its hole, so that verifying a file signed thousands of
// times holds no more than one signature's value at a time.
func signatureDict(view *pdfio.File, num int) (types.Dict, bool) {
	o, err := view.Peek(num)
	if err != nil {
		return nil, false
	}
	d, ok := o.(types.Dict)
	if !ok {
		return nil, false
	}
	if _, has := d["Contents"]; has {
		d = pdfio.CopyDict(d)
		d["Contents"] = types.HexLiteral("") // present: isSignatureDict still knows it
	}
	return d, true
}
