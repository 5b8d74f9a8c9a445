package stamp

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
)

// TestQRDecodes encodes texts of every length class (versions 1 to 10) and
// has zbarimg read each symbol back.
func TestQRDecodes(t *testing.T) {
	zbar := testenv.Tool(t, "zbarimg")
	dir := t.TempDir()
	for _, n := range []int{1, 10, 14, 20, 26, 40, 42, 60, 62, 84, 100, 106, 122, 152, 180, 213} {
		text := strings.Repeat("https://seu.lloret.cat/validacio?csv=GAMW-GTCW-7EZG-68EF-UNME-ZJ&x=", 4)[:n]
		img, err := encodeQR(text)
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		path := filepath.Join(dir, "qr.png")
		writeQRPNG(t, img, path)
		out, err := exec.Command(zbar, "--quiet", "--raw", path).Output()
		if err != nil || strings.TrimRight(string(out), "\n") != text {
			t.Fatalf("%d bytes (version %d): zbarimg read %q (%v), want %q", n, (img.w-17)/4, out, err, text)
		}
	}
	if _, err := encodeQR(strings.Repeat("x", 214)); err == nil {
		t.Fatal("a text beyond version 10-M was accepted")
	}
}

// writeQRPNG draws the symbol at 6 pixels a module with a 4-module quiet zone.
func writeQRPNG(t *testing.T, b bitImage, path string) {
	const scale, quiet = 6, 4
	side := (b.w + 2*quiet) * scale
	img := image.NewGray(image.Rect(0, 0, side, side))
	stride := (b.w + 7) / 8
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			mx, my := x/scale-quiet, y/scale-quiet
			v := uint8(255)
			if mx >= 0 && my >= 0 && mx < b.w && my < b.h && b.data[my*stride+mx/8]&(0x80>>(mx%8)) == 0 {
				v = 0
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkQR(b *testing.B) {
	for b.Loop() {
		if _, err := encodeQR("http://127.0.0.1:8080/validacio?csv=GAMW-GTCW-7EZG-68EF-UNME-ZJ"); err != nil {
			b.Fatal(err)
		}
	}
}
