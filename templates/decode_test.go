package templates_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/templates"
)

// TestDecodeStrict: the data is one object, keys once and spelt exactly,
// values of their field's type; each refusal wraps ErrJSON (the shape) or
// ErrMissing (a field), both match ErrMissing, and the message names it.
func TestDecodeStrict(t *testing.T) {
	volant, err := os.ReadFile(filepath.Join("testdata", "volant-convivencia.json"))
	if err != nil {
		t.Fatal(err)
	}
	v := string(volant)
	cases := []struct {
		name, data string
		shape      bool   // ErrJSON rather than a field
		want       string // in the message; "" means accepted
	}{
		{"the example", v, false, ""},
		{"white space after", v + " \n\t\r\n", false, ""},
		{"a second object", v + "{}", true, "more data after the object"},
		{"the same object twice", v + v, true, "more data after the object"},
		{"a stray brace", v + "}", true, "more data after the object"},
		{"a comment after", v + "// fi", true, "more data after the object"},
		{"a NUL after", v + "\x00", true, "more data after the object"},
		{"nothing", "", true, "no data"},
		{"only spaces", "  \n", true, "no data"},
		{"a list", "[" + v + "]", true, "want one object"},
		{"null", "null", true, "want one object"},
		{"text", `"volant"`, true, "want one object"},
		{"cut short", v[:len(v)/2], true, "ends before the object does"},
		{"a syntax error", strings.Replace(v, `"issued":`, `"issued"`, 1), true, "invalid character"},
		{"a duplicate top-level key", strings.Replace(v, `"issued": "2026-12-03"`, `"issued": "2026-12-03", "issued": "2026-12-04"`, 1), true, "the key issued appears twice"},
		{"a duplicate nested key", strings.Replace(v, `"name": "Maksym Kovalenko",`, `"name": "Maksym Kovalenko", "name": "Maksym K.",`, 1), true, "the key residents[1].name appears twice"},
		{"a duplicate written with an escape", strings.Replace(v, `"issued": "2026-12-03"`, `"issued": "2026-12-03", "\u0069ssued": "2026-12-04"`, 1), true, "the key issued appears twice"},
		{"an unknown key", strings.Replace(v, `"address"`, `"adress"`, 1), false, "adress is not a field"},
		{"an unknown nested key", strings.Replace(v, `"since": "2026-12-01"}`, `"since": "2026-12-01", "sex": "F"}`, 1), false, "residents[0].sex is not a field"},
		{"a key in upper case", strings.Replace(v, `"address"`, `"ADDRESS"`, 1), false, "ADDRESS is not a field"},
		{"a key with a long s", strings.Replace(v, `"address"`, `"addreſs"`, 1), false, "addreſs is not a field"},
		{"a key with a Kelvin sign", strings.Replace(v, `"issued"`, `"i\u212assued"`, 1), false, "is not a field"},
		{"a number for text", strings.Replace(v, `"Olena Kovalenko"`, `42`, 1), false, "residents[0].name is a number, want text"},
		{"an object for a list", strings.Replace(v, `"residents": [`, `"residents": {"x": [`, 1), false, "residents is an object, want a list"},
		{"a number for a date", strings.Replace(v, `"2026-12-03"`, `20261203`, 1), false, "issued is a number, want a date"},
		{"a 30 February", strings.Replace(v, `"2019-01-11"`, `"2019-02-30"`, 1), false, "residents[2].birthDate \"2019-02-30\" is not a day of the calendar"},
		{"a date in another format", strings.Replace(v, `"2026-12-03"`, `"03/12/2026"`, 1), false, "issued \"03/12/2026\": want AAAA-MM-DD"},
		{"null for a field", strings.Replace(v, `"Olena Kovalenko"`, `null`, 1), false, ""},
		{"nested too deep", `{"purpose": ` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, false, "purpose is a list, want text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := templates.Decode("volant-convivencia", []byte(tc.data))
			if tc.want == "" {
				if err != nil || doc == nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, templates.ErrMissing) || errors.Is(err, templates.ErrJSON) != tc.shape || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v; want %q (ErrJSON: %v)", err, tc.want, tc.shape)
			}
		})
	}
	// Deep nesting is refused where the kind's types end, a few levels
	// down, before anything walks the rest of it.
	deep := `{"people": [{"name": ` + strings.Repeat(`{"a": `, 100000) + `1` + strings.Repeat(`}`, 100001) + `]}`
	if _, err := templates.Decode("edicte-boe", []byte(deep)); !errors.Is(err, templates.ErrMissing) || !strings.Contains(err.Error(), "people[0].name is an object") {
		t.Fatalf("deep nesting: %v", err)
	}
}

// FuzzDecode: any bytes, any kind: Decode never panics; a refusal matches
// ErrMissing; accepted data is one JSON object that encodes back to data
// Decode accepts and that encodes the same again; Validate never panics
// and its refusals match ErrMissing.
func FuzzDecode(f *testing.F) {
	kinds := templates.Kinds()
	for i, kind := range kinds {
		data, err := os.ReadFile(filepath.Join("testdata", kind+".json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), data)
		f.Add(uint8(i), append(append([]byte{}, data...), data...))
		f.Add(uint8(i), bytes.Replace(data, []byte(`": "`), []byte(`": 1, "x": "`), 1))
	}
	f.Add(uint8(0), []byte(`{"date": "2026-02-30", "date": ""}`))
	f.Add(uint8(0), []byte(`{"start": "25:99", "end": "09:00"} x`))
	f.Add(uint8(0), []byte(`{"ſtart": "09:00"}`))
	f.Add(uint8(0), []byte(`[[[[{}]]]]`))
	f.Fuzz(func(t *testing.T, k uint8, data []byte) {
		kind := kinds[int(k)%len(kinds)]
		doc, err := templates.Decode(kind, data)
		if err != nil {
			if !errors.Is(err, templates.ErrMissing) {
				t.Fatalf("Decode(%s, %q): %v does not match ErrMissing", kind, data, err)
			}
			return
		}
		if !json.Valid(data) || bytes.TrimSpace(data)[0] != '{' {
			t.Fatalf("Decode(%s) accepted %q, not one object", kind, data)
		}
		out, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("encode what %s accepted from %q: %v", kind, data, err)
		}
		again, err := templates.Decode(kind, out)
		if err != nil {
			t.Fatalf("Decode(%s) refuses its own encoding %s: %v", kind, out, err)
		}
		if out2, _ := json.Marshal(again); !bytes.Equal(out, out2) {
			t.Fatalf("round trip of %s changed it:\n%s\n%s", kind, out, out2)
		}
		if err := doc.Validate(); err != nil && !errors.Is(err, templates.ErrMissing) {
			t.Fatalf("Validate(%s): %v does not match ErrMissing", kind, err)
		}
	})
}
