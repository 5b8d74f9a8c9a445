package templates_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/templates"
)

// expected are strings each kind must show, from the protocol's wording.
var expected = map[string][]string{
	"acta":                  {"ACTA DE LA SESSIÓ NÚM. 7/2026", "COMISSIÓ DE PADRÓ EXTRAORDINARI", "Hi assisteixen", "Ordre del dia", "Assignar la comprovació de residència, de manera conjunta, a: SBAS, Habitatge.", "Valorar FAVORABLEMENT", "Valorar DESFAVORABLEMENT", "Prorrogar la decisió", "10 de desembre de 2026", "Marta Roig Casals"},
	"decret-denegacio":      {"DECRET D'ALCALDIA", "ANTECEDENTS", "FONAMENTS DE DRET", "RESOLC", "Llei 7/1985", "recurs de reposició", "termini d'un mes", "contenciós administratiu", "termini de dos mesos", "Dono fe, el secretari", "L'alcalde", "Carlos Gómez Núñez"},
	"diligencia-arxiu":      {"DILIGÈNCIA D'ARXIU", "tres mesos", "s'arxiva l'expedient 2666/2026/000045", "correu electrònic"},
	"edicte-boe":            {"ANUNCIO DE NOTIFICACIÓN", "AYUNTAMIENTO DE LLORET DE MAR", "artículo 44 de la Ley 39/2015", "***4567**", "****4321*", "15 de diciembre de 2026"},
	"volant-empadronament":  {"VOLANT D'EMPADRONAMENT", "Padró Municipal d'Habitants", "Joan Ferrer Puig", "14/03/1981", "targeta sanitària", "Llei 40/2015"},
	"volant-convivencia":    {"VOLANT DE CONVIVÈNCIA", "les 3 persones següents", "Sofiia Kovalenko", "Av. de Just Marlès, 33"},
	"carta-propietari":      {"Immobles Costa Brava, SL", "Impost sobre Béns Immobles", "4893209DG8149S0004QR", "sense cap títol"},
	"nota-visita":           {"NOTA DE VISITA DOMICILIÀRIA", "no hi ha trobat ningú", "972 36 13 13", "dues visites"},
	"consentiment-informat": {"CONSENTIMENT INFORMAT", "DECLARO", "inspecció ocular", "2016/679", "La persona interessada"},
	"informe-visita":        {"INFORME DE VISITA DOMICILIÀRIA", "POLICIA LOCAL", "DESFAVORABLEMENT", "Cap de la Policia Local"},
}

func renderKind(t testing.TB, kind string) *templates.Rendered {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", kind+".json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := templates.Decode(kind, data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := templates.New(templates.Config{Now: func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }}).Render(doc)
	if err != nil {
		t.Fatalf("render %s: %v", kind, err)
	}
	return r
}

func stamped(t testing.TB, r *templates.Rendered) ([]byte, stamp.Header) {
	t.Helper()
	csv, _ := stamp.NewCSV(nil)
	eni, _ := stamp.NewENI("L01170950", 2026, nil)
	h := stamp.Header{DocumentType: r.Meta.Title, Organ: templates.Lloret.Name, Reference: r.Meta.Reference, CSV: csv, ENI: eni,
		Origin: stamp.OriginAdministration, Date: time.Now(), ValidationURL: "https://seu.lloret.cat/validacio"}
	s, err := stamp.New(stamp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := s.Stamp(context.Background(), bytes.NewReader(r.PDF), &out, h, stamp.Options{KeepLayout: true}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), h
}

// pagesText returns what pdftotext reads on each page.
func pagesText(t testing.TB, pdf []byte) []string {
	t.Helper()
	tool := testenv.Tool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(path, pdf, 0o644)
	out, err := exec.Command(tool, "-cropbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
}

// TestEveryKind renders each kind from its example data and stamps it:
// pdftotext finds the protocol's wording, the CSV and "Pàgina X de Y" on
// every page; pdftoppm renders every page; qpdf finds no error.
func TestEveryKind(t *testing.T) {
	pdftoppm := testenv.Tool(t, "pdftoppm")
	qpdf := testenv.Tool(t, "qpdf")
	if len(templates.Kinds()) != len(expected) {
		t.Fatalf("%d kinds, %d with expectations", len(templates.Kinds()), len(expected))
	}
	for _, kind := range templates.Kinds() {
		t.Run(kind, func(t *testing.T) {
			r := renderKind(t, kind)
			pdf, h := stamped(t, r)
			pages := pagesText(t, pdf)
			if len(pages) != r.Pages {
				t.Fatalf("pdftotext reads %d pages, rendered %d", len(pages), r.Pages)
			}
			all := strings.Join(pages, "\n")
			flat := strings.Join(strings.Fields(all), " ")
			for _, want := range expected[kind] {
				if !strings.Contains(flat, want) {
					t.Errorf("the document lacks %q", want)
				}
			}
			for i, p := range pages {
				for _, want := range []string{h.CSV.String(), fmt.Sprintf("Pàgina %d de %d", i+1, len(pages))} {
					if !strings.Contains(p, want) {
						t.Errorf("page %d lacks %q", i+1, want)
					}
				}
			}
			dir := t.TempDir()
			path := filepath.Join(dir, kind+".pdf")
			os.WriteFile(path, pdf, 0o644)
			if out, err := exec.Command(qpdf, "--check", path).CombinedOutput(); err != nil {
				t.Fatalf("qpdf --check: %v\n%s", err, out)
			}
			if out, err := exec.Command(pdftoppm, "-r", "40", "-png", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
			if len(pngs) != r.Pages {
				t.Fatalf("pdftoppm rendered %d pages of %d", len(pngs), r.Pages)
			}
			if os.Getenv("TEMPLATES_OUT") != "" {
				os.WriteFile(filepath.Join(os.Getenv("TEMPLATES_OUT"), kind+".pdf"), pdf, 0o644)
			}
		})
	}
}

// TestLongActaPaginates: an acta with 40 cases runs over several pages,
// each with its page number, and the signature boxes stay on the page.
func TestLongActaPaginates(t *testing.T) {
	data, _ := os.ReadFile(filepath.Join("testdata", "acta.json"))
	var acta templates.Acta
	if err := json.Unmarshal(data, &acta); err != nil {
		t.Fatal(err)
	}
	base := acta.Agreements
	acta.Agreements = nil
	for i := 0; i < 40; i++ {
		ag := base[i%len(base)]
		ag.Expedient = fmt.Sprintf("2666/2026/%06d", 200+i)
		acta.Agreements = append(acta.Agreements, ag)
	}
	r, err := templates.New(templates.Config{}).Render(&acta)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pages < 3 {
		t.Fatalf("40 cases on %d pages", r.Pages)
	}
	pdf, _ := stamped(t, r)
	pages := pagesText(t, pdf)
	for i, p := range pages {
		if !strings.Contains(p, fmt.Sprintf("Pàgina %d de %d", i+1, r.Pages)) {
			t.Errorf("page %d lacks its number", i+1)
		}
	}
	if !strings.Contains(strings.Join(pages, ""), "2666/2026/000239") {
		t.Error("the 40th case is missing")
	}
	if len(r.Slots) != len(acta.Attendees) {
		t.Fatalf("%d signature slots for %d attendees", len(r.Slots), len(acta.Attendees))
	}
	for _, s := range r.Slots {
		if s.Page < 1 || s.Page > r.Pages || s.Y < 30 || s.Y+s.H > 842-66 || s.X < 22 || s.X+s.W > 595 {
			t.Errorf("slot %+v is off the page or under the stamp", s)
		}
	}
}

// TestMissingFieldNamed: each kind's validation names the missing field.
func TestMissingFieldNamed(t *testing.T) {
	cases := map[string]string{
		"acta": "attendees", "decret-denegacio": "grounds", "diligencia-arxiu": "attempts", "edicte-boe": "office",
		"volant-empadronament": "address", "volant-convivencia": "residents", "carta-propietari": "cadastralRef",
		"nota-visita": "phone", "consentiment-informat": "expedient", "informe-visita": "findings",
	}
	for kind, field := range cases {
		data, _ := os.ReadFile(filepath.Join("testdata", kind+".json"))
		var m map[string]any
		json.Unmarshal(data, &m)
		delete(m, field)
		stripped, _ := json.Marshal(m)
		doc, err := templates.Decode(kind, stripped)
		if err != nil {
			t.Fatal(err)
		}
		_, err = templates.New(templates.Config{}).Render(doc)
		if !errors.Is(err, templates.ErrMissing) || !strings.Contains(err.Error(), field) {
			t.Errorf("%s without %s: %v", kind, field, err)
		}
	}
	// A misspelt field is an error too, not silently ignored.
	if _, err := templates.Decode("volant-empadronament", []byte(`{"adress": "C. Major, 1"}`)); err == nil {
		t.Error("an unknown field was accepted")
	}
	if _, err := templates.Decode("volant", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "volant-empadronament") {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestVisitRules(t *testing.T) {
	data, _ := os.ReadFile(filepath.Join("testdata", "informe-visita.json"))
	var r templates.InformeVisita
	json.Unmarshal(data, &r)
	r.Visits[1].Time = "11:30" // same band as the first visit
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "time bands") {
		t.Errorf("two morning absences accepted: %v", err)
	}
	r.Visits = r.Visits[:1]
	if err := r.Validate(); err == nil {
		t.Error("a single absence accepted as enough")
	}
	var g templates.DiligenciaArxiu
	data, _ = os.ReadFile(filepath.Join("testdata", "diligencia-arxiu.json"))
	json.Unmarshal(data, &g)
	g.Date = templates.D(2026, 7, 1)
	if err := g.Validate(); err == nil || !strings.Contains(err.Error(), "three months") {
		t.Errorf("archived before three months: %v", err)
	}
}

func TestMaskID(t *testing.T) {
	for in, want := range map[string]string{"12345678Z": "***4567**", "X1234567L": "****4567*", "y-7654321-g": "****4321*", "PAB123456": "**B123***", "AB12": "****"} {
		if got := templates.MaskID(in); got != want {
			t.Errorf("MaskID(%q) = %q, want %q", in, got, want)
		}
	}
}
