package stamp

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Origin is the ENI origin of a document.
type Origin string

// The two origins the NTI knows.
const (
	OriginCitizen        Origin = "ciutada"
	OriginAdministration Origin = "administracio"
)

// ParseOrigin accepts the command-line spelling of an origin.
func ParseOrigin(s string) (Origin, error) {
	switch Origin(strings.ToLower(s)) {
	case OriginCitizen, "ciutadà":
		return OriginCitizen, nil
	case OriginAdministration, "administració":
		return OriginAdministration, nil
	}
	return "", fmt.Errorf("origin %q: want ciutada or administracio", s)
}

// Label is how the origin is printed.
func (o Origin) Label() string {
	if o == OriginCitizen {
		return "Ciutadà"
	}
	return "Administració"
}

// Header is what the stamp prints on every page.
type Header struct {
	DocumentType  string // "Decret d'Alcaldia", "Volant d'empadronament"
	Organ         string // "Ajuntament de Lloret de Mar"
	Reference     string // the expedient, "2666/2026/000123"; optional
	CSV           CSV
	ENI           ENI
	Origin        Origin
	Date          time.Time
	ValidationURL string // the page where citizens validate a CSV, e.g. https://seu.lloret.cat/validacio
	Legend        string // an extra line, e.g. "Còpia autèntica"; optional
}

// Validate names the first missing or malformed field.
func (h Header) Validate() error {
	switch {
	case h.DocumentType == "":
		return errors.New("stamp header: DocumentType is missing")
	case h.Organ == "":
		return errors.New("stamp header: Organ is missing")
	case h.CSV == "":
		return errors.New("stamp header: CSV is missing")
	case h.ENI.Organ == "":
		return errors.New("stamp header: ENI is missing")
	case h.Origin != OriginCitizen && h.Origin != OriginAdministration:
		return errors.New("stamp header: Origin must be ciutada or administracio")
	case h.Date.IsZero():
		return errors.New("stamp header: Date is missing")
	}
	u, err := url.Parse(h.ValidationURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("stamp header: ValidationURL %q is not an http(s) URL", h.ValidationURL)
	}
	return nil
}

// QRURL is the validation page with the CSV filled in, as the QR code holds it.
func (h Header) QRURL() string {
	u, _ := url.Parse(h.ValidationURL)
	q := u.Query()
	q.Set("csv", h.CSV.String())
	u.RawQuery = q.Encode()
	return u.String()
}

// marginLine is the vertical text of the left margin.
func (h Header) marginLine() string {
	return fmt.Sprintf("Document electrònic. Podeu comprovar-ne l'autenticitat i la integritat a %s amb el codi segur de verificació (CSV) %s.",
		h.ValidationURL, h.CSV.String())
}
