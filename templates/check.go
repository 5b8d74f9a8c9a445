package templates

import (
	"fmt"
	"strings"
	"unicode"
)

// check collects the first validation error, naming the field.
type check struct{ err error }

func (c *check) fail(field, why string) {
	if c.err == nil {
		c.err = fmt.Errorf("%w: %s %s", ErrMissing, field, why)
	}
}

func (c *check) text(field, v string) {
	if strings.TrimSpace(v) == "" {
		c.fail(field, "is missing")
	}
}

func (c *check) date(field string, d Date) {
	if d.IsZero() {
		c.fail(field, "is missing")
	}
}

// notAfter refuses a date later than a reference date of the same
// document: a birth, a registration or a visit cannot follow the document
// that reports it. Missing dates are left to c.date.
func (c *check) notAfter(field string, d Date, refField string, ref Date) {
	if !d.IsZero() && !ref.IsZero() && d.After(ref.Time) {
		c.fail(field, fmt.Sprintf("%s is after %s %s", d.ISO(), refField, ref.ISO()))
	}
}

// notBefore refuses a date earlier than a reference date of the same
// document, as a contact attempt before the registration it follows.
func (c *check) notBefore(field string, d Date, refField string, ref Date) {
	if !d.IsZero() && !ref.IsZero() && d.Before(ref.Time) {
		c.fail(field, fmt.Sprintf("%s is before %s %s", d.ISO(), refField, ref.ISO()))
	}
}

// after requires a date strictly later than a reference date, as a next
// session after the current one.
func (c *check) after(field string, d Date, refField string, ref Date) {
	if !d.IsZero() && !ref.IsZero() && !d.After(ref.Time) {
		c.fail(field, fmt.Sprintf("%s is not after %s %s", d.ISO(), refField, ref.ISO()))
	}
}

// clock checks a time of day written "HH:MM", 00:00 to 23:59, and returns
// it in minutes after midnight, or -1 when it is missing or invalid.
func (c *check) clock(field, v string) int {
	m, err := ParseClock(v)
	if err != nil {
		c.fail(field, err.Error())
		return -1
	}
	return m
}

// span checks a start and an end time of the same day: both valid and the
// end after the start.
func (c *check) span(startField, start, endField, end string) {
	s, e := c.clock(startField, start), c.clock(endField, end)
	if s >= 0 && e >= 0 && e <= s {
		c.fail(endField, fmt.Sprintf("%s is not after %s %s", end, startField, start))
	}
}

func (c *check) some(field string, n int) {
	if n == 0 {
		c.fail(field, "needs at least one entry")
	}
}

func (c *check) oneOf(field, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.fail(field, fmt.Sprintf("is %q, want one of %s", v, strings.Join(allowed, ", ")))
}

// Person is someone named in a document.
type Person struct {
	Name       string `json:"name"`
	IDDocument string `json:"idDocument"` // DNI, NIE or passport number
}

func (c *check) person(field string, p Person) {
	c.text(field+".name", p.Name)
	c.text(field+".idDocument", p.IDDocument)
	c.idDocument(field+".idDocument", p.IDDocument)
}

// idDocument checks the letter of a DNI or NIE; an empty field is left to
// c.text, where the field is required.
func (c *check) idDocument(field, v string) {
	if err := CheckIDDocument(v); err != nil {
		c.fail(field, "is not valid: "+err.Error())
	}
}

// residentDates checks what a volant says of a resident against its date
// of issue: a valid DNI or NIE, born before being inscribed, both by the
// day the volant is issued.
func (c *check) residentDates(field string, r Resident, issued Date) {
	c.idDocument(field+".idDocument", r.IDDocument)
	c.notAfter(field+".birthDate", r.BirthDate, "issued", issued)
	c.notAfter(field+".since", r.Since, "issued", issued)
	c.notBefore(field+".since", r.Since, field+".birthDate", r.BirthDate)
}

// ParseClock reads a time of day written "HH:MM" (00:00 to 23:59) and
// returns it in minutes after midnight.
func ParseClock(v string) (int, error) {
	if strings.TrimSpace(v) == "" {
		return 0, fmt.Errorf("is missing")
	}
	digit := func(b byte) bool { return '0' <= b && b <= '9' }
	if len(v) != 5 || v[2] != ':' || !digit(v[0]) || !digit(v[1]) || !digit(v[3]) || !digit(v[4]) {
		return 0, fmt.Errorf("is %q, want a time HH:MM", v)
	}
	h, m := int(v[0]-'0')*10+int(v[1]-'0'), int(v[3]-'0')*10+int(v[4]-'0')
	if h > 23 || m > 59 {
		return 0, fmt.Errorf("is %q, not a time of day (hours 00–23, minutes 00–59)", v)
	}
	return h*60 + m, nil
}

// dniLetters are the check letters of DNI and NIE numbers, by number mod 23.
const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// CheckIDDocument verifies the check letter of a Spanish DNI (eight digits
// and a letter) or NIE (X, Y or Z, seven digits and a letter; X, Y and Z
// count as 0, 1 and 2), in either case, with or without hyphens and spaces.
// Any other document, such as a passport, has no letter to check and
// passes; so does an empty string, which the caller requires or not.
func CheckIDDocument(id string) error {
	r := []rune(strings.NewReplacer("-", "", " ", "").Replace(id))
	if len(r) != 9 || !unicode.IsLetter(r[8]) {
		return nil
	}
	kind, digits := "DNI", string(r[:8])
	if p := strings.IndexRune("XYZxyz", r[0]); p >= 0 {
		kind, digits = "NIE", string(rune('0'+p%3))+string(r[1:8])
	}
	number := 0
	for _, d := range digits {
		if d < '0' || d > '9' {
			return nil // not a DNI or NIE: a passport or another document
		}
		number = number*10 + int(d-'0')
	}
	if want := rune(dniLetters[number%23]); r[8] != want && r[8] != want+('a'-'A') {
		return fmt.Errorf("%s %s: the check letter does not match the number (a digit or the letter is wrong)", kind, id)
	}
	return nil
}
