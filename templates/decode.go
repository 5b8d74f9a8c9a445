package templates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Decode reads the JSON data of a document kind. The data must be exactly
// one JSON object with nothing after it but white space, no key twice in
// any object, every key spelt exactly as the kind's field (encoding/json
// alone would take "Name" or "nameſ" for "name"), and values of the
// field's type, dates real days of the calendar. A refusal wraps ErrJSON
// for the shape of the data, ErrMissing for a field, and names its path.
func Decode(kind string, data []byte) (Document, error) {
	mk, ok := kinds[kind]
	if !ok {
		return nil, fmt.Errorf("unknown document kind %q; kinds: %s", kind, strings.Join(Kinds(), ", "))
	}
	doc := mk()
	if err := scanJSON(data, reflect.TypeOf(doc)); err != nil {
		return nil, fmt.Errorf("%s data: %w", kind, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(doc); err != nil {
		if !errors.Is(err, ErrMissing) {
			err = fmt.Errorf("%w: %w", ErrMissing, err)
		}
		return nil, fmt.Errorf("%s data: %w", kind, err)
	}
	return doc, nil
}

// maxDepth bounds the nesting of document data; the deepest kind needs 3.
const maxDepth = 16

// frame is an object or array open during scanJSON.
type frame struct {
	path  string
	typ   reflect.Type // what its members decode into; nil: not checked
	array bool
	index int
	keys  map[string]bool
}

// scanJSON walks the data token by token, before anything is decoded, and
// refuses the first thing that is not one object of type t: a syntax
// error, another top-level value, a repeated key, a key that is not a field
// spelt exactly, a value of the wrong type, a date that does not exist.
func scanJSON(data []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	switch {
	case err == io.EOF:
		return fmt.Errorf("%w: there is no data", ErrJSON)
	case err != nil:
		return syntaxError(dec, err)
	case tok != json.Delim('{'):
		return fmt.Errorf("%w: the data is %s, want one object", ErrJSON, tokenKind(tok))
	}
	stack := []frame{{typ: deref(t), keys: map[string]bool{}}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if tok, err = dec.Token(); err != nil {
			return syntaxError(dec, err)
		}
		if tok == json.Delim('}') || tok == json.Delim(']') {
			stack = stack[:len(stack)-1]
			continue
		}
		var path string
		var typ reflect.Type
		if top.array {
			path, typ = fmt.Sprintf("%s[%d]", top.path, top.index), elem(top.typ)
			top.index++
		} else {
			key, _ := tok.(string) // the decoder allows only strings as keys
			path = key
			if top.path != "" {
				path = top.path + "." + key
			}
			if top.keys[key] {
				return fmt.Errorf("%w: the key %s appears twice", ErrJSON, path)
			}
			top.keys[key] = true
			var known bool
			if typ, known = field(top.typ, key); !known {
				return fmt.Errorf("%w: %s is not a field of this document (names are case-sensitive)", ErrMissing, path)
			}
			if tok, err = dec.Token(); err != nil {
				return syntaxError(dec, err)
			}
		}
		if err := checkValue(path, typ, tok); err != nil {
			return err
		}
		if d, open := tok.(json.Delim); open {
			if len(stack) >= maxDepth {
				return fmt.Errorf("%w: %s is nested deeper than %d levels", ErrJSON, path, maxDepth)
			}
			f := frame{path: path, typ: typ, array: d == '['}
			if !f.array {
				f.keys = map[string]bool{}
			}
			stack = append(stack, f)
		}
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: there is more data after the object, which ends at byte %d", ErrJSON, end)
	}
	return nil
}

func syntaxError(dec *json.Decoder, err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("%w: the data ends before the object does", ErrJSON)
	}
	return fmt.Errorf("%w: %v (near byte %d)", ErrJSON, err, dec.InputOffset())
}

var (
	dateType        = reflect.TypeFor[Date]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// checkValue refuses a value that cannot decode into typ (nil: anything
// goes). null leaves a field empty, for validation to report.
func checkValue(path string, typ reflect.Type, tok json.Token) error {
	if typ == nil || tok == nil || typ.Kind() == reflect.Interface {
		return nil
	}
	bad := func(want string) error {
		return fmt.Errorf("%w: %s is %s, want %s", ErrMissing, path, tokenKind(tok), want)
	}
	if typ == dateType {
		s, ok := tok.(string)
		if !ok {
			return bad("a date AAAA-MM-DD")
		}
		if _, err := ParseDate(s); err != nil {
			return fmt.Errorf("%w: %s %v", ErrMissing, path, err)
		}
		return nil
	}
	if reflect.PointerTo(typ).Implements(unmarshalerType) {
		return nil // it reads itself
	}
	switch k := typ.Kind(); k {
	case reflect.Struct, reflect.Map:
		if tok != json.Delim('{') {
			return bad("an object")
		}
	case reflect.Slice, reflect.Array:
		if tok != json.Delim('[') {
			return bad("a list")
		}
	case reflect.String:
		if _, ok := tok.(string); !ok {
			return bad("text")
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			return bad("true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		n, ok := tok.(json.Number)
		if !ok {
			return bad("a number")
		}
		if err := numberFits(string(n), typ); err != nil {
			return fmt.Errorf("%w: %s is %s, out of range", ErrMissing, path, n)
		}
	}
	return nil
}

func numberFits(n string, typ reflect.Type) error {
	var err error
	switch bits := typ.Bits(); typ.Kind() {
	case reflect.Float32, reflect.Float64:
		_, err = strconv.ParseFloat(n, bits)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		_, err = strconv.ParseUint(n, 10, bits)
	default:
		_, err = strconv.ParseInt(n, 10, bits)
	}
	return err
}

// tokenKind says what a token is, for messages.
func tokenKind(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return "text"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	}
	return "null"
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// elem is the type of a list's members, nil when not checked.
func elem(t reflect.Type) reflect.Type {
	if t == nil || (t.Kind() != reflect.Slice && t.Kind() != reflect.Array) {
		return nil
	}
	return deref(t.Elem())
}

// field finds the member of an object decoding into t whose JSON name is
// exactly key, as encoding/json names struct fields (tag name, else the Go
// name; fields of embedded structs promoted). It returns a nil type for
// members that are not checked.
func field(t reflect.Type, key string) (reflect.Type, bool) {
	if t == nil || t.Kind() == reflect.Interface {
		return nil, true
	}
	if t.Kind() == reflect.Map {
		return deref(t.Elem()), true
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && deref(f.Type).Kind() == reflect.Struct {
			if ft, ok := field(deref(f.Type), key); ok {
				return ft, true
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return deref(f.Type), true
		}
	}
	return nil, false
}
