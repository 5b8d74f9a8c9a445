package stamp

import (
	"fmt"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/code128"
)

// bitImage is a 1-bit DeviceGray image (1 = white), one byte-aligned row per line.
type bitImage struct {
	w, h int
	data []byte
}

func toBits(b barcode.Barcode, rows int) bitImage {
	bounds := b.Bounds()
	w := bounds.Dx()
	stride := (w + 7) / 8
	img := bitImage{w: w, h: rows, data: make([]byte, stride*rows)}
	for y := 0; y < rows; y++ {
		for x := 0; x < w; x++ {
			r, _, _, _ := b.At(bounds.Min.X+x, bounds.Min.Y+min(y, bounds.Dy()-1)).RGBA()
			if r > 0x7fff { // white
				img.data[y*stride+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	return img
}

// code128Image is the Code 128 barcode of s as a one-row image: stretched to
// any height it stays sharp, and it costs a few dozen bytes.
func code128Image(s string) (bitImage, error) {
	bc, err := code128.Encode(s)
	if err != nil {
		return bitImage{}, fmt.Errorf("code 128 barcode: %w", err)
	}
	return toBits(bc, 1), nil
}

// qrImage is the QR code (level M) of s, one pixel per module.
func qrImage(s string) (bitImage, error) { return encodeQR(s) }

func (b bitImage) dict() string {
	return fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 1/Interpolate false", b.w, b.h)
}
