package templates

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day, written "2026-11-22" in JSON.
type Date struct{ time.Time }

// D makes a Date.
func D(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// UnmarshalJSON reads "2006-01-02", a real calendar day; "" is no date.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("%w: date %s", ErrMissing, err)
	}
	*d = v
	return nil
}

// ParseDate reads a date written AAAA-MM-DD: a day that exists in the
// calendar (no 31 April, no 29 February outside leap years), from 1900 on.
// The empty string is the zero Date, which validation reports as missing.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	shape := len(s) == 10 && s[4] == '-' && s[7] == '-'
	for i := 0; shape && i < len(s); i++ {
		shape = i == 4 || i == 7 || '0' <= s[i] && s[i] <= '9'
	}
	if !shape {
		return Date{}, fmt.Errorf("%q: want AAAA-MM-DD", s)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a day of the calendar", s)
	}
	if t.Year() < 1900 {
		return Date{}, fmt.Errorf("%q is before 1900", s)
	}
	return Date{t}, nil
}

// ISO is aaaa-mm-dd, as in the JSON data, for error messages.
func (d Date) ISO() string { return d.Format(time.DateOnly) }

// MarshalJSON writes "2006-01-02".
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return json.Marshal(d.Format(time.DateOnly))
}

// Short is dd/mm/aaaa.
func (d Date) Short() string { return d.Format("02/01/2006") }

var catalanMonths = []string{"gener", "febrer", "març", "abril", "maig", "juny", "juliol", "agost", "setembre", "octubre", "novembre", "desembre"}
var spanishMonths = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// Long is the date in words, in Catalan: "22 de novembre de 2026", "3 d'abril de 2026".
func (d Date) Long() string {
	m := catalanMonths[d.Month()-1]
	de := "de "
	if strings.ContainsRune("aeiou", rune(m[0])) {
		de = "d'"
	}
	return fmt.Sprintf("%d %s%s de %d", d.Day(), de, m, d.Year())
}

// LongES is the date in words, in Spanish: "22 de noviembre de 2026".
func (d Date) LongES() string {
	return fmt.Sprintf("%d de %s de %d", d.Day(), spanishMonths[d.Month()-1], d.Year())
}
