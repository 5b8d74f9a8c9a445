package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
)

// jsonReport is what `segell verify --json` promises integrators.
type jsonReport struct {
	Valid      *bool `json:"valid"`
	Signatures []struct {
		Field         string   `json:"field"`
		Kind          string   `json:"kind"`
		Indication    string   `json:"indication"`
		SubIndication string   `json:"subIndication"`
		Level         string   `json:"level"`
		Integrity     *bool    `json:"integrity"`
		Trusted       *bool    `json:"trusted"`
		Signer        string   `json:"signer"`
		SigningTime   string   `json:"signingTime"`
		LaterChanges  []string `json:"laterChanges"`
	} `json:"signatures"`
}

// withPageChange appends an unsigned incremental update that replaces
// object 4 (the page content of handmade-form.pdf) with other text.
func withPageChange(t *testing.T, signed []byte) []byte {
	t.Helper()
	tail := string(signed[bytes.LastIndex(signed, []byte("trailer")):])
	size := tail[strings.Index(tail, "/Size")+6:]
	size = strings.TrimSpace(size[:strings.IndexAny(size, "/>")])
	sx := strings.TrimSpace(strings.Split(tail[strings.Index(tail, "startxref")+9:], "%%EOF")[0])
	content := "BT /F1 14 Tf 72 740 Td (Sol.licitud DENEGADA) Tj ET"
	var upd bytes.Buffer
	fmt.Fprintf(&upd, "4 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	xref := len(signed) + upd.Len()
	fmt.Fprintf(&upd, "xref\n4 1\n%010d 00000 n \ntrailer\n<</Size %s/Root 1 0 R/Prev %s>>\nstartxref\n%d\n%%%%EOF\n", len(signed), size, sx, xref)
	return append(bytes.Clone(signed), upd.Bytes()...)
}

// TestVerifyReport checks the verdict, the exit status and the JSON of
// `segell verify` on a valid file, an untrusted one, a tampered one and one
// changed after signing.
func TestVerifyReport(t *testing.T) {
	root := testenv.RepoRoot(t)
	certs := filepath.Join(root, "certs-example")
	dir := t.TempDir()
	signed := filepath.Join(dir, "signed.pdf")
	code, out, errOut := segell(t, "sign", "--p12", filepath.Join(certs, "alcalde.p12"), "--pin", "2222",
		filepath.Join(root, "signer", "testdata", "corpus", "handmade-form.pdf"), "-o", signed)
	if code != 0 {
		t.Fatalf("sign: exit %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(signed)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(data)
	flipped[7]++ // the header's version digit, inside the first signed range
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rootsFlag := []string{"--roots", filepath.Join(certs, "root-ca.pem")}
	tests := []struct {
		name      string
		args      []string
		file      string
		code      int
		ind, sub  string
		integrity bool
		verdict   string
	}{
		{"valid", rootsFlag, signed, 0, "TOTAL_PASSED", "", true, "Veredicte:          vàlida\n"},
		{"root not trusted", nil, signed, 1, "INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND", true, "no s'ha pogut comprovar: el certificat del signant no enllaça"},
		{"flipped byte", rootsFlag, write("flipped.pdf", flipped), 1, "TOTAL_FAILED", "HASH_FAILURE", false, "no vàlida: el contingut signat s'ha alterat"},
		{"page changed afterwards", rootsFlag, write("changed.pdf", withPageChange(t, data)), 1, "TOTAL_FAILED", "FORMAT_FAILURE", true, "no vàlida: el document s'ha modificat després de signar-lo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := segell(t, append(append([]string{"verify", "--json"}, tc.args...), tc.file)...)
			if code != tc.code || errOut != "" {
				t.Fatalf("verify --json: exit %d, want %d\n%s%s", code, tc.code, out, errOut)
			}
			var rep jsonReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("verify --json: %v\n%s", err, out)
			}
			if rep.Valid == nil || *rep.Valid != (tc.code == 0) || len(rep.Signatures) != 1 {
				t.Fatalf("verify --json: %s", out)
			}
			s := rep.Signatures[0]
			if s.Indication != tc.ind || s.SubIndication != tc.sub || s.Integrity == nil || *s.Integrity != tc.integrity ||
				s.Trusted == nil || s.Field == "" || s.Kind != "signature" || s.SigningTime == "" {
				t.Fatalf("verify --json: %+v\n%s", s, out)
			}
			if tc.name == "page changed afterwards" && len(s.LaterChanges) == 0 {
				t.Errorf("no laterChanges for a changed page:\n%s", out)
			}
			code, out, _ = segell(t, append(append([]string{"verify"}, tc.args...), tc.file)...)
			if code != tc.code || !strings.Contains(out, tc.verdict) || strings.Count(out, "\nResultat:") != 1 {
				t.Fatalf("verify: exit %d, want %d and %q\n%s", code, tc.code, tc.verdict, out)
			}
		})
	}
}
