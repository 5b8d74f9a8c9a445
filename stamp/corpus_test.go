package stamp_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/stamp"
)

// TestStampCorpus stamps every unsigned file of the signing corpus: qpdf
// finds no error, the original bytes are kept, and pdftotext finds the CSV
// and "Pàgina X de Y" on every page. A signed file is refused.
func TestStampCorpus(t *testing.T) {
	pdftotext := testenv.Tool(t, "pdftotext")
	files := testenv.CorpusFiles(t)
	s, _ := stamp.New(stamp.Config{})
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			in, _ := os.ReadFile(path)
			h := header(t)
			var out bytes.Buffer
			_, err := s.Stamp(context.Background(), bytes.NewReader(in), &out, h, stamp.Options{})
			if strings.HasPrefix(name, "signed-") {
				if !errors.Is(err, stamp.ErrSigned) {
					t.Fatalf("signed file: got %v, want ErrSigned", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(out.Bytes(), in) {
				t.Fatal("the original bytes were not kept")
			}
			qpdfCheck(t, out.Bytes())
			file := filepath.Join(t.TempDir(), "stamped.pdf")
			os.WriteFile(file, out.Bytes(), 0o644)
			text, err := exec.Command(pdftotext, "-cropbox", file, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(strings.TrimRight(string(text), "\f\n"), "\f")
			for i, p := range pages {
				for _, want := range []string{h.CSV.String(), fmt.Sprintf("Pàgina %d de %d", i+1, len(pages))} {
					if !strings.Contains(p, want) {
						t.Errorf("page %d lacks %q", i+1, want)
					}
				}
			}
		})
	}
}

// TestBarcodesDecode reads the QR code and the Code 128 barcode back with
// zbarimg from a rendering of the stamped page.
func TestBarcodesDecode(t *testing.T) {
	zbar := testenv.Tool(t, "zbarimg")
	pdftoppm := testenv.Tool(t, "pdftoppm")
	h := header(t)
	out := stampBytes(t, corpusFile(t, "fpdf.pdf"), h, stamp.Options{})
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s.pdf"), out, 0o644)
	if b, err := exec.Command(pdftoppm, "-r", "300", "-png", "-singlefile", filepath.Join(dir, "s.pdf"), filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	res, _ := exec.Command(zbar, "--quiet", filepath.Join(dir, "page.png")).Output()
	got := string(res)
	if !strings.Contains(got, "QR-Code:"+h.QRURL()) {
		t.Errorf("zbarimg did not read the QR code %q:\n%s", h.QRURL(), got)
	}
	if !strings.Contains(got, "CODE-128:"+string(h.CSV)) {
		t.Errorf("zbarimg did not read the Code 128 %q:\n%s", h.CSV, got)
	}
}
