package testenv

import (
	"path/filepath"
	"testing"
)

// HostileFiles lists the small hostile corpus
// (cmd/segell/testdata/hostile/*.pdf, made by its gen/ script): one file per
// class of hostile input, each under 1 MB, for fuzz seeds and for tests
// that must stay bounded on any input.
func HostileFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(RepoRoot(t), "cmd", "segell", "testdata", "hostile", "*.pdf"))
	if err != nil || len(files) < 100 {
		t.Fatalf("hostile corpus: %d files, want at least 100 (%v)", len(files), err)
	}
	return files
}
