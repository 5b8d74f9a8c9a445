package stamp

import (
	"errors"
)

// A QR code encoder (ISO/IEC 18004), byte mode, error correction level M,
// versions 1–10: enough for a validation URL with its CSV. segell has its own
// because the stamp draws one QR code per document and boombuler/barcode's
// mask search took 2.4 ms of a 2.5 ms stamping; this one takes a few tens of
// microseconds. Its output is read back by zbarimg in the tests.

var errQRTooLong = errors.New("qr code: text too long for version 10-M")

// qrBlocks[v] = EC codewords per block, then (count, data codewords) for the
// one or two groups of blocks of version v at level M.
var qrBlocks = [11][5]int{
	1: {10, 1, 16, 0, 0}, 2: {16, 1, 28, 0, 0}, 3: {26, 1, 44, 0, 0}, 4: {18, 2, 32, 0, 0}, 5: {24, 2, 43, 0, 0},
	6: {16, 4, 27, 0, 0}, 7: {18, 4, 31, 0, 0}, 8: {22, 2, 38, 2, 39}, 9: {22, 3, 36, 2, 37}, 10: {26, 4, 43, 1, 44},
}

var qrAlign = [11][]int{2: {6, 18}, 3: {6, 22}, 4: {6, 26}, 5: {6, 30}, 6: {6, 34}, 7: {6, 22, 38}, 8: {6, 24, 42}, 9: {6, 26, 46}, 10: {6, 28, 50}}

var qrVersionBits = [11]int{7: 0x07C94, 8: 0x085BC, 9: 0x09A99, 10: 0x0A4D3}

type qrCode struct {
	size     int
	dark     []bool // size*size, row-major
	function []bool
}

func (q *qrCode) set(x, y int, dark bool) {
	q.dark[y*q.size+x] = dark
	q.function[y*q.size+x] = true
}

// encodeQR returns the QR code of text as a bit image, one pixel per module.
func encodeQR(text string) (bitImage, error) {
	data := []byte(text)
	ver := 0
	for v := 1; v <= 10; v++ {
		b := qrBlocks[v]
		capacity := (b[1]*b[2] + b[3]*b[4]) * 8
		cc := 8
		if v >= 10 {
			cc = 16
		}
		if 4+cc+8*len(data) <= capacity {
			ver = v
			break
		}
	}
	if ver == 0 {
		return bitImage{}, errQRTooLong
	}
	q := &qrCode{size: 17 + 4*ver}
	q.dark = make([]bool, q.size*q.size)
	q.function = make([]bool, q.size*q.size)
	q.drawFunctionPatterns(ver)
	q.drawCodewords(qrCodewords(data, ver))
	best, bestPenalty := 0, -1
	for m := 0; m < 8; m++ {
		q.applyMask(m)
		q.drawFormat(m)
		if p := q.penalty(); bestPenalty < 0 || p < bestPenalty {
			best, bestPenalty = m, p
		}
		q.applyMask(m) // XOR again undoes it
	}
	q.applyMask(best)
	q.drawFormat(best)
	return q.image(), nil
}

// qrCodewords encodes data in byte mode, pads it, adds Reed–Solomon error
// correction per block and interleaves the blocks.
func qrCodewords(data []byte, ver int) []byte {
	b := qrBlocks[ver]
	ecLen := b[0]
	dataLen := b[1]*b[2] + b[3]*b[4]
	var bits []bool
	put := func(v, n int) {
		for i := n - 1; i >= 0; i-- {
			bits = append(bits, v>>i&1 == 1)
		}
	}
	put(0b0100, 4)
	cc := 8
	if ver >= 10 {
		cc = 16
	}
	put(len(data), cc)
	for _, c := range data {
		put(int(c), 8)
	}
	put(0, min(4, dataLen*8-len(bits)))
	for len(bits)%8 != 0 {
		bits = append(bits, false)
	}
	cw := make([]byte, 0, dataLen)
	for i := 0; i < len(bits); i += 8 {
		var v byte
		for j := 0; j < 8; j++ {
			if bits[i+j] {
				v |= 0x80 >> j
			}
		}
		cw = append(cw, v)
	}
	for pad := byte(0xEC); len(cw) < dataLen; pad ^= 0xEC ^ 0x11 {
		cw = append(cw, pad)
	}
	// Split into blocks and compute each block's error correction.
	div := rsDivisor(ecLen)
	var blocks, ecs [][]byte
	pos := 0
	for g := 0; g < 2; g++ {
		for n := 0; n < b[1+2*g]; n++ {
			blk := cw[pos : pos+b[2+2*g]]
			pos += len(blk)
			blocks = append(blocks, blk)
			ecs = append(ecs, rsRemainder(blk, div))
		}
	}
	out := make([]byte, 0, dataLen+ecLen*len(blocks))
	for i := 0; i < max(b[2], b[4]); i++ {
		for _, blk := range blocks {
			if i < len(blk) {
				out = append(out, blk[i])
			}
		}
	}
	for i := 0; i < ecLen; i++ {
		for _, ec := range ecs {
			out = append(out, ec[i])
		}
	}
	return out
}

// gfMul multiplies in GF(2⁸) modulo x⁸+x⁴+x³+x²+1.
func gfMul(x, y byte) byte {
	var z byte
	for i := 7; i >= 0; i-- {
		hi := z >> 7
		z = z<<1 ^ hi*0x1D
		z ^= (y >> i & 1) * x
	}
	return z
}

// rsDivisor is the generator polynomial of degree n, highest term dropped.
func rsDivisor(n int) []byte {
	res := make([]byte, n)
	res[n-1] = 1
	root := byte(1)
	for i := 0; i < n; i++ {
		for j := range res {
			res[j] = gfMul(res[j], root)
			if j+1 < n {
				res[j] ^= res[j+1]
			}
		}
		root = gfMul(root, 0x02)
	}
	return res
}

func rsRemainder(data, div []byte) []byte {
	res := make([]byte, len(div))
	for _, b := range data {
		factor := b ^ res[0]
		copy(res, res[1:])
		res[len(res)-1] = 0
		for i, d := range div {
			res[i] ^= gfMul(d, factor)
		}
	}
	return res
}

func (q *qrCode) drawFunctionPatterns(ver int) {
	n := q.size
	for i := 0; i < n; i++ {
		q.set(6, i, i%2 == 0)
		q.set(i, 6, i%2 == 0)
	}
	for _, c := range [][2]int{{3, 3}, {n - 4, 3}, {3, n - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if x >= 0 && x < n && y >= 0 && y < n {
					d := max(abs(dx), abs(dy))
					q.set(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	al := qrAlign[ver]
	for i, ax := range al {
		for j, ay := range al {
			if (i == 0 && j == 0) || (i == 0 && j == len(al)-1) || (i == len(al)-1 && j == 0) {
				continue // these would overlap the finder patterns
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					q.set(ax+dx, ay+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	q.drawFormat(0) // reserves the format areas; drawn for real after masking
	if ver >= 7 {
		bits := qrVersionBits[ver]
		for i := 0; i < 18; i++ {
			dark := bits>>i&1 == 1
			a, b := n-11+i%3, i/3
			q.set(a, b, dark)
			q.set(b, a, dark)
		}
	}
}

func (q *qrCode) drawFormat(mask int) {
	data := mask // level M is 00
	rem := data
	for i := 0; i < 10; i++ {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	bits := (data<<10 | rem) ^ 0x5412
	bit := func(i int) bool { return bits>>i&1 == 1 }
	n := q.size
	for i := 0; i <= 5; i++ {
		q.set(8, i, bit(i))
	}
	q.set(8, 7, bit(6))
	q.set(8, 8, bit(7))
	q.set(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		q.set(14-i, 8, bit(i))
	}
	for i := 0; i < 8; i++ {
		q.set(n-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		q.set(8, n-15+i, bit(i))
	}
	q.set(8, n-8, true) // the dark module
}

func (q *qrCode) drawCodewords(data []byte) {
	n, i := q.size, 0
	for right := n - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		for vert := 0; vert < n; vert++ {
			for j := 0; j < 2; j++ {
				x := right - j
				y := vert
				if (right+1)&2 == 0 {
					y = n - 1 - vert
				}
				if !q.function[y*n+x] && i < len(data)*8 {
					q.dark[y*n+x] = data[i>>3]>>(7-i&7)&1 == 1
					i++
				}
			}
		}
	}
}

func (q *qrCode) applyMask(mask int) {
	n := q.size
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			var invert bool
			switch mask {
			case 0:
				invert = (x+y)%2 == 0
			case 1:
				invert = y%2 == 0
			case 2:
				invert = x%3 == 0
			case 3:
				invert = (x+y)%3 == 0
			case 4:
				invert = (x/3+y/2)%2 == 0
			case 5:
				invert = x*y%2+x*y%3 == 0
			case 6:
				invert = (x*y%2+x*y%3)%2 == 0
			default:
				invert = ((x+y)%2+x*y%3)%2 == 0
			}
			if invert && !q.function[y*n+x] {
				q.dark[y*n+x] = !q.dark[y*n+x]
			}
		}
	}
}

// penalty scores a masked symbol by the four rules of the standard: runs,
// 2×2 blocks, finder-like patterns and the balance of dark modules.
func (q *qrCode) penalty() int {
	n, p := q.size, 0
	at := func(x, y int, rows bool) bool {
		if rows {
			return q.dark[y*n+x]
		}
		return q.dark[x*n+y]
	}
	for _, rows := range []bool{true, false} {
		for y := 0; y < n; y++ {
			run := 0
			for x := 0; x < n; x++ {
				if x > 0 && at(x, y, rows) == at(x-1, y, rows) {
					run++
				} else {
					run = 1
				}
				if run == 5 {
					p += 3
				} else if run > 5 {
					p++
				}
				// 1:1:3:1:1 finder-like pattern with four light modules on one side.
				if x >= 6 && at(x, y, rows) && !at(x-1, y, rows) && at(x-2, y, rows) && at(x-3, y, rows) && at(x-4, y, rows) && !at(x-5, y, rows) && at(x-6, y, rows) {
					if lightRun(at, x+1, y, rows, n) || lightRun(at, x-10, y, rows, n) {
						p += 40
					}
				}
			}
		}
	}
	dark := 0
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			c := q.dark[y*n+x]
			if c {
				dark++
			}
			if x+1 < n && y+1 < n && c == q.dark[y*n+x+1] && c == q.dark[(y+1)*n+x] && c == q.dark[(y+1)*n+x+1] {
				p += 3
			}
		}
	}
	total := n * n
	k := (abs(dark*20-total*10)+total-1)/total - 1
	return p + 10*k
}

// lightRun reports whether the four modules from x on are light (outside counts as light).
func lightRun(at func(x, y int, rows bool) bool, x, y int, rows bool, n int) bool {
	for i := x; i < x+4; i++ {
		if i >= 0 && i < n && at(i, y, rows) {
			return false
		}
	}
	return true
}

func (q *qrCode) image() bitImage {
	n := q.size
	stride := (n + 7) / 8
	img := bitImage{w: n, h: n, data: make([]byte, stride*n)}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if !q.dark[y*n+x] {
				img.data[y*stride+x/8] |= 0x80 >> (x % 8)
			}
		}
	}
	return img
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
