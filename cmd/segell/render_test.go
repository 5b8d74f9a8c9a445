package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
)

// TestRenderRefusesBadData: each rule on document data has a case that
// `segell render` refuses, exit 1, with the Catalan message and the field
// or the fault named, and a case it renders. The cases change one thing of
// a kind's example data.
func TestRenderRefusesBadData(t *testing.T) {
	root := testenv.RepoRoot(t)
	dir := t.TempDir()
	example := func(kind string) string {
		data, err := os.ReadFile(filepath.Join(root, "templates", "testdata", kind+".json"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	const refused = "dades del document" // in both the shape (ErrJSON) and the field (ErrMissing) messages
	cases := []struct {
		name, kind string
		change     func(string) string
		want       []string // in stderr; none: rendered
	}{
		{"trailing data", "volant-empadronament", func(s string) string { return s + "\n{}\n" }, []string{refused, "more data after the object"}},
		{"a second object", "nota-visita", func(s string) string { return s + s }, []string{refused, "more data after the object"}},
		{"trailing white space", "nota-visita", func(s string) string { return s + "\n\t \r\n" }, nil},
		{"a list, not an object", "nota-visita", func(s string) string { return "[" + s + "]" }, []string{refused, "want one object"}},
		{"a duplicate key", "volant-empadronament", func(s string) string {
			return strings.Replace(s, `"name": "Joan Ferrer Puig"`, `"name": "Joan Ferrer Puig", "name": "Pere Soler"`, 1)
		}, []string{refused, "person.name appears twice"}},
		{"a key in another case", "volant-empadronament", func(s string) string { return strings.Replace(s, `"address"`, `"Address"`, 1) }, []string{refused, "Address is not a field"}},
		{"a key with a long s", "volant-empadronament", func(s string) string { return strings.Replace(s, `"address"`, `"addreſs"`, 1) }, []string{refused, "addreſs is not a field"}},
		{"a time 25:99", "nota-visita", func(s string) string { return strings.Replace(s, `"10:15"`, `"25:99"`, 1) }, []string{refused, "time", "25:99"}},
		{"an end before its start", "acta", func(s string) string { return strings.Replace(s, `"11:05"`, `"09:05"`, 1) }, []string{refused, "end 09:05 is not after start 09:30"}},
		{"a birth date in 2099", "volant-empadronament", func(s string) string { return strings.Replace(s, `"1981-03-14"`, `"2099-03-14"`, 1) }, []string{refused, "person.birthDate"}},
		{"a 30 February", "volant-empadronament", func(s string) string { return strings.Replace(s, `"1981-03-14"`, `"1981-02-30"`, 1) }, []string{refused, "person.birthDate", "not a day of the calendar"}},
		{"a DNI with a wrong letter", "volant-empadronament", func(s string) string { return strings.Replace(s, `"40000011K"`, `"40000011B"`, 1) }, []string{refused, "person.idDocument", "DNI 40000011B"}},
		{"a NIE with a wrong letter", "volant-convivencia", func(s string) string { return strings.Replace(s, `"Y2345678Z"`, `"Y2345678B"`, 1) }, []string{refused, "residents[1].idDocument", "NIE Y2345678B"}},
		{"a passport", "volant-empadronament", func(s string) string { return strings.Replace(s, `"40000011K"`, `"PAB123456"`, 1) }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.change(example(tc.kind))
			in := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := segell(t, "render", tc.kind, in, "-o", filepath.Join(dir, "out.pdf"))
			if tc.want == nil {
				if code != 0 {
					t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
				}
				return
			}
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
	// An unknown kind is a usage error.
	if code, _, stderr := segell(t, "render", "volant", filepath.Join(root, "templates", "testdata", "nota-visita.json"), "-o", filepath.Join(dir, "x.pdf")); code != 2 || !strings.Contains(stderr, "volant-empadronament") {
		t.Fatalf("unknown kind: exit %d, %s", code, stderr)
	}
}
