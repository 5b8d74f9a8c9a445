package stamp

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// ErrENI is returned for a malformed ENI identifier or DIR3 code.
var ErrENI = errors.New("malformed ENI identifier")

// ENI is a document identifier as the NTI de Documento Electrónico defines
// it: ES_<DIR3 of the organ>_<year>_<specific id>.
type ENI struct {
	Organ string // 9-character DIR3 code
	Year  int
	ID    string // 1–30 capital letters and digits, unique within the organ
}

var eniPattern = regexp.MustCompile(`^ES_([A-Z0-9]{9})_([0-9]{4})_([A-Z0-9]{1,30})$`)

// String is the identifier's printed form.
func (e ENI) String() string { return fmt.Sprintf("ES_%s_%04d_%s", e.Organ, e.Year, e.ID) }

// ParseENI validates an identifier, including the check digit of a local
// entity's DIR3 code (L01…).
func ParseENI(s string) (ENI, error) {
	m := eniPattern.FindStringSubmatch(s)
	if m == nil {
		return ENI{}, fmt.Errorf("%w: %q", ErrENI, s)
	}
	if err := CheckDIR3(m[1]); err != nil {
		return ENI{}, err
	}
	year, _ := strconv.Atoi(m[2])
	return ENI{Organ: m[1], Year: year, ID: m[3]}, nil
}

// NewENI makes an identifier with a random 16-symbol specific part: it is
// unique per organ with overwhelming probability, and storage enforces it.
// It is not derived from the CSV, which must stay a secret.
func NewENI(dir3 string, year int, random io.Reader) (ENI, error) {
	if err := CheckDIR3(dir3); err != nil {
		return ENI{}, err
	}
	if random == nil {
		random = rand.Reader
	}
	buf := make([]byte, 16)
	if _, err := io.ReadFull(random, buf); err != nil {
		return ENI{}, err
	}
	id := make([]byte, len(buf))
	for i, b := range buf {
		id[i] = CSVAlphabet[int(b)%31]
	}
	return ENI{Organ: dir3, Year: year, ID: string(id)}, nil
}

// CheckDIR3 validates a DIR3 code; for local entities (L01 + INE province
// and municipality + check digit) it verifies the INE check digit.
func CheckDIR3(code string) error {
	if len(code) != 9 {
		return fmt.Errorf("%w: DIR3 %q has %d characters, want 9", ErrENI, code, len(code))
	}
	if code[:3] != "L01" {
		return nil
	}
	digits := code[3:]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return fmt.Errorf("%w: DIR3 %q", ErrENI, code)
		}
	}
	if want := ineCheckDigit(digits[:5]); digits[5] != want {
		return fmt.Errorf("%w: DIR3 %q check digit is %c, want %c", ErrENI, code, digits[5], want)
	}
	return nil
}

// ineCheckDigit is the INE municipality code's control digit.
func ineCheckDigit(five string) byte {
	magic := [3][10]int{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{0, 3, 8, 2, 7, 4, 1, 5, 9, 6},
		{0, 2, 4, 6, 8, 1, 3, 5, 7, 9},
	}
	sum := 0
	for i := 0; i < 5; i++ {
		sum += magic[2-i%3][five[i]-'0']
	}
	return byte('0' + (10-sum%10)%10)
}
