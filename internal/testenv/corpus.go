package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// CorpusFiles lists the signing corpus (signer/testdata/corpus/*.pdf).
func CorpusFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(RepoRoot(t), "signer", "testdata", "corpus", "*.pdf"))
	if err != nil || len(files) < 15 {
		t.Fatalf("corpus: %d files, want at least 15 (%v)", len(files), err)
	}
	return files
}

// CorpusFile reads one file of the signing corpus.
func CorpusFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(RepoRoot(t), "signer", "testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// QPDFCheck runs qpdf --check on pdf and fails on any error or warning.
func QPDFCheck(t testing.TB, pdf []byte) {
	t.Helper()
	tool := Tool(t, "qpdf")
	path := filepath.Join(t.TempDir(), "check.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "--check", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "WARNING") {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}
