package testenv

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzSeedLimit is the largest file used as a fuzz seed: the fuzzer
// minimizes every input that finds new coverage, and minimizing a file of
// tens of kilobytes takes up to a minute with no execution counted.
const FuzzSeedLimit = 2 << 10

// FuzzSeeds gathers the small inputs every PDF fuzz target starts from: the
// tiny hand-written PDFs of internal/pdfio/testdata/fuzz/seeds (made by
// make.py there), and the corpus and hostile files no larger than
// FuzzSeedLimit.
func FuzzSeeds(t testing.TB) [][]byte {
	t.Helper()
	tiny, _ := filepath.Glob(filepath.Join(RepoRoot(t), "internal", "pdfio", "testdata", "fuzz", "seeds", "*.pdf"))
	var seeds [][]byte
	for _, path := range append(append(tiny, CorpusFiles(t)...), HostileFiles(t)...) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) <= FuzzSeedLimit {
			seeds = append(seeds, b)
		}
	}
	return seeds
}

// TinySeed reads one of the tiny hand-written PDFs of
// internal/pdfio/testdata/fuzz/seeds.
func TinySeed(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(RepoRoot(t), "internal", "pdfio", "testdata", "fuzz", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BuildPDF writes a PDF whose object i+1 has body objs[i], with a correct
// cross-reference table; trailer holds extra trailer entries. Tests make
// the exact file they need with it, hostile ones included.
func BuildPDF(objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, x)
	return b.Bytes()
}
