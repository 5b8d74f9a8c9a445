// Package templates renders the documents of the padró extraordinari
// protocol as PDF: one file per document, each fed by a typed struct that is
// validated first, all sharing one layout (layout.go) that leaves the margins
// free for the stamp (package stamp) and boxes for the visible signatures.
package templates

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"time"
)

// ErrMissing is wrapped by every validation error; the message names the field.
var ErrMissing = errors.New("missing or invalid field")

// ErrJSON is wrapped when a document's data is not exactly one JSON object,
// repeats a key or has something after the object. It matches ErrMissing
// too, so that a caller that only knows ErrMissing still sees bad data.
var ErrJSON error = jsonError{}

type jsonError struct{}

func (jsonError) Error() string        { return "document data is not one JSON object with distinct keys" }
func (jsonError) Is(target error) bool { return target == ErrMissing }

// Council is the organ that issues the documents.
type Council struct {
	Name    string // "Ajuntament de Lloret de Mar"
	DIR3    string
	Address string // "Plaça de la Vila, 1 - 17310 Lloret de Mar"
	Town    string // "Lloret de Mar", for "Lloret de Mar, 22 de novembre de 2026"
}

// Lloret is the council of the protocol.
var Lloret = Council{Name: "Ajuntament de Lloret de Mar", DIR3: "L01170950", Address: "Plaça de la Vila, 1 - 17310 Lloret de Mar", Town: "Lloret de Mar"}

// Document is one kind of document: its data, validated, then rendered.
type Document interface {
	// Validate names the first missing or invalid field.
	Validate() error
	render(d *doc) error
	// meta describes the document: title, NTI type, who signs it.
	meta() Meta
}

// Meta describes a kind of document.
type Meta struct {
	Title     string // printed on the stamp: "Decret d'Alcaldia"
	TypeCode  string // NTI TipoDocumental: TD01 …
	Reference string // the expedient, when the document belongs to one
}

// Rendered is a rendered document and what the rest of the pipeline needs of it.
type Rendered struct {
	PDF   []byte
	Meta  Meta
	Pages int
	// Slots are the boxes left for visible signatures, in PDF points from
	// the lower-left corner of their page.
	Slots []SignatureSlot
}

// SignatureSlot is a box waiting for one signer's visible signature.
type SignatureSlot struct {
	Role string  `json:"role"`
	Name string  `json:"name"`
	Page int     `json:"page"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	W    float64 `json:"w"`
	H    float64 `json:"h"`
}

// Renderer renders documents for one council.
type Renderer struct{ cfg Config }

// Config configures a Renderer.
type Config struct {
	Council Council
	// Now dates the PDF metadata; time.Now when nil.
	Now func() time.Time
}

// New returns a Renderer; the council is Lloret when cfg.Council is empty.
func New(cfg Config) *Renderer {
	if cfg.Council.Name == "" {
		cfg.Council = Lloret
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Renderer{cfg: cfg}
}

// Render validates and renders a document.
func (r *Renderer) Render(doc Document) (*Rendered, error) {
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	m := doc.meta()
	d, err := newDoc(r.cfg.Council, m.Title, r.cfg.Now(), false)
	if err != nil {
		return nil, err
	}
	if err := doc.render(d); err != nil {
		return nil, err
	}
	if d.outside { // text beyond Windows-1252: the UTF-8 fonts
		if d, err = newDoc(r.cfg.Council, m.Title, r.cfg.Now(), true); err != nil {
			return nil, err
		}
		if err := doc.render(d); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("render %s: %w", m.Title, err)
	}
	return &Rendered{PDF: buf.Bytes(), Meta: m, Pages: d.pdf.PageNo(), Slots: d.slots}, nil
}

// kinds maps the names `segell render` takes to their documents.
var kinds = map[string]func() Document{
	"acta":                  func() Document { return &Acta{} },
	"decret-denegacio":      func() Document { return &DecretDenegacio{} },
	"diligencia-arxiu":      func() Document { return &DiligenciaArxiu{} },
	"edicte-boe":            func() Document { return &EdicteBOE{} },
	"volant-empadronament":  func() Document { return &VolantEmpadronament{} },
	"volant-convivencia":    func() Document { return &VolantConvivencia{} },
	"carta-propietari":      func() Document { return &CartaPropietari{} },
	"nota-visita":           func() Document { return &NotaVisita{} },
	"consentiment-informat": func() Document { return &ConsentimentInformat{} },
	"informe-visita":        func() Document { return &InformeVisita{} },
}

// Kinds lists the document kinds, sorted.
func Kinds() []string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
