package testenv

import (
	"os/exec"
	"testing"
)

// NSSDB makes a throwaway NSS database that trusts the PEM root certificate
// at rootPEM, for pdfsig -nssdir. It returns the "sql:DIR" argument.
func NSSDB(t testing.TB, rootPEM string) string {
	t.Helper()
	certutil := Tool(t, "certutil")
	dir := "sql:" + t.TempDir()
	for _, args := range [][]string{
		{"-N", "-d", dir, "--empty-password"},
		{"-A", "-d", dir, "-n", "segell-root", "-t", "CT,C,C", "-i", rootPEM},
	} {
		if out, err := exec.Command(certutil, args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v\n%s", args, err, out)
		}
	}
	return dir
}
