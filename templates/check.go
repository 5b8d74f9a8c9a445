package templates

import (
	"fmt"
	"strings"
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
}
