package pdfio

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/segell/segell/internal/testenv"
)

// TestParseAgreesWithPdfcpu parses every object of every corpus file with
// segell's parser and with pdfcpu's: both must build the same value.
func TestParseAgreesWithPdfcpu(t *testing.T) {
	objects := 0
	for _, path := range testenv.CorpusFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for num, h := range f.history {
			e := h[0].e
			var body []byte
			switch e.kind {
			case 1:
				b := bytes.TrimLeft(f.ReadAt(e.off, 1<<20), " \t\r\n\f\x00")
				body = b[bytes.Index(b, []byte("obj"))+3:]
			case 2:
				os, err := f.objStream(int(e.off))
				if err != nil {
					t.Fatalf("%s: object %d: %v", path, num, err)
				}
				body = os.data[os.offsets[e.gen]:]
			default:
				continue
			}
			n, _, _, err := scanObject(body)
			if err != nil {
				t.Fatalf("%s: object %d: %v", path, num, err)
			}
			ours, err := parseValue(body[:n])
			if err != nil {
				t.Fatalf("%s: object %d: %v", path, num, err)
			}
			s := strings.TrimSpace(string(body[:n]))
			theirs, err := model.ParseObject(&s)
			if err != nil {
				t.Fatalf("%s: object %d: pdfcpu: %v", path, num, err)
			}
			if pdfString(ours) != pdfString(theirs) {
				t.Errorf("%s: object %d:\n ours   %.300s\n pdfcpu %.300s", filepath.Base(path), num, pdfString(ours), pdfString(theirs))
			}
			objects++
		}
	}
	if objects < 250 {
		t.Fatalf("compared only %d objects", objects)
	}
}

func pdfString(o types.Object) string {
	if o == nil {
		return "null"
	}
	return o.PDFString()
}

// TestParseLenient: what readers of real-world files tolerate.
func TestParseLenient(t *testing.T) {
	for in, want := range map[string]string{
		"<</A 1 0 R/B[1 2.5 -3 .5]/C(x(y)z\\))/D<61 62 6>/E/N#20ame/F true/G null>>": "<</A 1 0 R/B[1 2.500000000000 -3 0.500000000000]/C(x(y)z\\))/D<616260>/E/N#20ame/F true>>",
		"<</A>>":            "<</A()>>",
		"<</A junk/B 2>>":   "<</B 2>>",
		"[1 0 R 2 R 3 0 R]": "[1 0 R 2 null 3 0 R]",
		"<</A<zz>/B)/C 1>>": "<</C 1>>",
	} {
		n, _, done, err := scanObject([]byte(in))
		if err != nil || !done {
			t.Fatalf("%s: scan %v %v", in, done, err)
		}
		v, err := parseValue([]byte(in[:n]))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := pdfString(v); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
}
