package stamp

import "fmt"

// matrix is a PDF transformation [a b c d e f]: (x, y) ↦ (ax + cy + e, bx + dy + f).
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// then returns m followed by n (m × n in PDF's row-vector convention).
func (m matrix) then(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) inverse() matrix {
	det := m[0]*m[3] - m[1]*m[2]
	return matrix{
		m[3] / det, -m[1] / det, -m[2] / det, m[0] / det,
		(m[2]*m[5] - m[3]*m[4]) / det, (m[1]*m[4] - m[0]*m[5]) / det,
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

func (m matrix) String() string {
	return fmt.Sprintf("%.5f %.5f %.5f %.5f %.3f %.3f", m[0], m[1], m[2], m[3], m[4], m[5])
}

// displayMatrix maps a page's user space to its display space: the visible
// box (crop box) as a viewer shows it, rotated by /Rotate, origin at its
// lower-left corner. It returns the matrix and the displayed width and height.
func displayMatrix(crop [4]float64, rotate int) (matrix, float64, float64) {
	x0, y0, x1, y1 := crop[0], crop[1], crop[2], crop[3]
	w, h := x1-x0, y1-y0
	switch rotate {
	case 90:
		return matrix{0, -1, 1, 0, -y0, x1}, h, w
	case 180:
		return matrix{-1, 0, 0, -1, x1, y1}, w, h
	case 270:
		return matrix{0, 1, -1, 0, y1, -x0}, h, w
	}
	return matrix{1, 0, 0, 1, -x0, -y0}, w, h
}
