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

// oneRow samples the first row of a one-dimensional barcode.
func oneRow(b barcode.Barcode) bitImage {
	bounds := b.Bounds()
	w := bounds.Dx()
	img := bitImage{w: w, h: 1, data: make([]byte, (w+7)/8)}
	for x := 0; x < w; x++ {
		if r, _, _, _ := b.At(bounds.Min.X+x, bounds.Min.Y).RGBA(); r > 0x7fff { // white
			img.data[x/8] |= 0x80 >> (x % 8)
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
	return oneRow(bc), nil
}

// qrImage is the QR code (level M) of s, one pixel per module.
func qrImage(s string) (bitImage, error) { return encodeQR(s) }

func (b bitImage) dict() string {
	return fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 1/Interpolate false", b.w, b.h)
}
