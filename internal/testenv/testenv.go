// Package testenv gives tests the real outside tools and servers they need.
// When one is missing a test skips with the reason on a developer's machine
// and fails when CI=true: in CI nothing skips.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// InCI reports whether the tests run in CI (CI=true).
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing skips t outside CI and fails it in CI.
func Missing(t testing.TB, what string) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true and %s is missing (bash .ci/run installs it)", what)
	}
	t.Skipf("%s is missing; install it to run this test (bash .ci/run does)", what)
}

// Tool returns the path of a command-line tool, or skips/fails without it.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "the tool "+name)
	}
	return p
}

// File returns path if it exists, or skips/fails naming what provides it.
func File(t testing.TB, path, provider string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		Missing(t, path+" ("+provider+")")
	}
	return path
}

// RepoRoot returns the repository's top folder (the one with go.mod).
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}
