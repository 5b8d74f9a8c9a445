package signer_test

import (
	"bytes"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// FuzzVerifyMutation changes bytes of a file signed twice (the second time
// visibly) and holds Verify to the rule that matters most: a signature
// whose signed bytes changed is never TOTAL_PASSED. A change outside every
// signed range (in a /Contents padding) may leave it passing.
func FuzzVerifyMutation(f *testing.F) {
	s, roots := fuzzSigner(f)
	once := sign(f, s, testenv.TinySeed(f, "page.pdf"), signer.Options{Reason: "u"})
	twice := sign(f, s, once, signer.Options{Visible: &signer.Placement{Page: 1, X: 1, Y: 1, W: 90, H: 30}})
	rep, err := signer.Verify(bytes.NewReader(twice), int64(len(twice)), signer.VerifyOptions{Roots: roots})
	if err != nil || !rep.Valid() {
		f.Fatalf("the seed does not verify: %v", err)
	}
	for _, off := range []uint32{0, 100, uint32(len(once) / 2), uint32(len(once) + 10), uint32(len(twice) - 20)} {
		f.Add(off, byte('X'), uint8(1))
	}
	f.Fuzz(func(t *testing.T, off uint32, b byte, n uint8) {
		pdf := bytes.Clone(twice)
		at := int(off) % len(pdf)
		changed := map[int]bool{}
		for i := 0; i < int(n%8)+1 && at+i < len(pdf); i++ {
			if pdf[at+i] != b {
				pdf[at+i] = b
				changed[at+i] = true
			}
		}
		rep, err := signer.Verify(bytes.NewReader(pdf), int64(len(pdf)), signer.VerifyOptions{Roots: roots})
		if err != nil {
			return // the change broke the file: refused, not passed
		}
		for _, sig := range rep.Signatures {
			if sig.Indication != "TOTAL_PASSED" {
				continue
			}
			br := sig.ByteRange
			for i := range changed {
				if i < int(br[1]) || i >= int(br[2]) && i < int(br[2]+br[3]) {
					t.Fatalf("signature %q is TOTAL_PASSED although byte %d of its signed range changed to %q", sig.Field, i, b)
				}
			}
		}
	})
}
