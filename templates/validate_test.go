package templates_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/templates"
)

// example decodes a kind's example data; every test case changes one thing.
func example(t *testing.T, kind string) templates.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", kind+".json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := templates.Decode(kind, data)
	if err != nil {
		t.Fatalf("%s example: %v", kind, err)
	}
	return doc
}

// TestValidateRules: each rule on times, dates and identity documents has
// a case refused, naming the field, and a case accepted. An empty want
// means accepted.
func TestValidateRules(t *testing.T) {
	cases := []struct {
		name, kind string
		change     func(templates.Document)
		want       string
	}{
		// Times of day: HH:MM, hours 00–23, minutes 00–59.
		{"acta start 25:99", "acta", func(d templates.Document) { d.(*templates.Acta).Start = "25:99" }, "start"},
		{"acta start 24:00", "acta", func(d templates.Document) { d.(*templates.Acta).Start = "24:00" }, "start"},
		{"acta end 11:60", "acta", func(d templates.Document) { d.(*templates.Acta).End = "11:60" }, "end"},
		{"acta start 9:30", "acta", func(d templates.Document) { d.(*templates.Acta).Start = "9:30" }, "start"},
		{"acta start 09h30", "acta", func(d templates.Document) { d.(*templates.Acta).Start = "09h30" }, "start"},
		{"acta from 00:00 to 23:59", "acta", func(d templates.Document) { a := d.(*templates.Acta); a.Start, a.End = "00:00", "23:59" }, ""},
		{"nota time 25:99", "nota-visita", func(d templates.Document) { d.(*templates.NotaVisita).Time = "25:99" }, "time"},
		{"nota time in full-width digits", "nota-visita", func(d templates.Document) { d.(*templates.NotaVisita).Time = "０９:15" }, "time"},
		{"nota time 23:59", "nota-visita", func(d templates.Document) { d.(*templates.NotaVisita).Time = "23:59" }, ""},
		{"visit time 10:75", "informe-visita", func(d templates.Document) { d.(*templates.InformeVisita).Visits[0].Time = "10:75" }, "visits[0].time"},
		{"visit time 07:05", "informe-visita", func(d templates.Document) { d.(*templates.InformeVisita).Visits[0].Time = "07:05" }, ""},

		// An end before its start.
		{"acta ends before it starts", "acta", func(d templates.Document) { d.(*templates.Acta).End = "09:00" }, "end 09:00 is not after start 09:30"},
		{"acta ends as it starts", "acta", func(d templates.Document) { d.(*templates.Acta).End = "09:30" }, "end"},
		{"acta ends a minute later", "acta", func(d templates.Document) { d.(*templates.Acta).End = "09:31" }, ""},
		{"next session before this one", "acta", func(d templates.Document) { d.(*templates.Acta).NextSession = templates.D(2026, 11, 1) }, "nextSession"},
		{"next session the same day", "acta", func(d templates.Document) { d.(*templates.Acta).NextSession = templates.D(2026, 11, 12) }, "nextSession"},
		{"next session the day after", "acta", func(d templates.Document) { d.(*templates.Acta).NextSession = templates.D(2026, 11, 13) }, ""},
		{"decree before its session", "decret-denegacio", func(d templates.Document) { d.(*templates.DecretDenegacio).Date = templates.D(2026, 11, 11) }, "sessionDate"},
		{"session before the registration", "decret-denegacio", func(d templates.Document) { d.(*templates.DecretDenegacio).RegistryDate = templates.D(2026, 11, 13) }, "registryDate"},
		{"decree the day of its session", "decret-denegacio", func(d templates.Document) { d.(*templates.DecretDenegacio).Date = templates.D(2026, 11, 12) }, ""},
		{"diligència before its session", "diligencia-arxiu", func(d templates.Document) { d.(*templates.DiligenciaArxiu).SessionDate = templates.D(2026, 9, 16) }, "sessionDate"},
		{"contact attempt after the diligència", "diligencia-arxiu", func(d templates.Document) { d.(*templates.DiligenciaArxiu).Attempts[2].Date = templates.D(2026, 9, 20) }, "attempts[2].date"},
		{"contact attempt before the registration", "diligencia-arxiu", func(d templates.Document) { d.(*templates.DiligenciaArxiu).Attempts[0].Date = templates.D(2026, 5, 3) }, "attempts[0].date"},
		{"contact attempt on the diligència's day", "diligencia-arxiu", func(d templates.Document) { d.(*templates.DiligenciaArxiu).Attempts[2].Date = templates.D(2026, 9, 15) }, ""},
		{"letter before the registration", "carta-propietari", func(d templates.Document) { d.(*templates.CartaPropietari).Date = templates.D(2026, 10, 29) }, "registryDate"},
		{"letter on the day of the registration", "carta-propietari", func(d templates.Document) { d.(*templates.CartaPropietari).Date = templates.D(2026, 10, 30) }, ""},
		{"visit after its report", "informe-visita", func(d templates.Document) { d.(*templates.InformeVisita).Visits[1].Date = templates.D(2026, 10, 30) }, "visits[1].date"},
		{"edict before the act it notifies", "edicte-boe", func(d templates.Document) { d.(*templates.EdicteBOE).People[1].ActDate = templates.D(2026, 12, 16) }, "people[1].actDate"},

		// No birth date in the future of the document; inscribed after birth.
		{"born in 2099", "volant-empadronament", func(d templates.Document) {
			d.(*templates.VolantEmpadronament).Person.BirthDate = templates.D(2099, 1, 1)
		}, "person.birthDate"},
		{"born the day after the volant", "volant-empadronament", func(d templates.Document) {
			d.(*templates.VolantEmpadronament).Person.BirthDate = templates.D(2026, 11, 23)
		}, "person.birthDate"},
		{"born the day of the volant", "volant-empadronament", func(d templates.Document) {
			v := d.(*templates.VolantEmpadronament)
			v.Person.BirthDate, v.Person.Since = templates.D(2026, 11, 22), templates.D(2026, 11, 22)
		}, ""},
		{"inscribed after the volant", "volant-empadronament", func(d templates.Document) {
			d.(*templates.VolantEmpadronament).Person.Since = templates.D(2026, 11, 23)
		}, "person.since"},
		{"inscribed before being born", "volant-convivencia", func(d templates.Document) {
			d.(*templates.VolantConvivencia).Residents[2].Since = templates.D(2018, 1, 1)
		}, "residents[2].since"},
		{"a resident born in 2099", "volant-convivencia", func(d templates.Document) {
			d.(*templates.VolantConvivencia).Residents[1].BirthDate = templates.D(2099, 9, 21)
		}, "residents[1].birthDate"},

		// DNI and NIE check letters; other documents pass.
		{"DNI with a wrong letter", "volant-empadronament", func(d templates.Document) { d.(*templates.VolantEmpadronament).Person.IDDocument = "40000011B" }, "person.idDocument"},
		{"DNI in lower case with a hyphen", "volant-empadronament", func(d templates.Document) { d.(*templates.VolantEmpadronament).Person.IDDocument = "40000011-k" }, ""},
		{"NIE with a wrong letter", "volant-convivencia", func(d templates.Document) { d.(*templates.VolantConvivencia).Residents[1].IDDocument = "Y2345678B" }, "residents[1].idDocument"},
		{"a passport", "volant-convivencia", func(d templates.Document) { d.(*templates.VolantConvivencia).Residents[1].IDDocument = "FB1234567" }, ""},
		{"household NIE with a wrong letter", "decret-denegacio", func(d templates.Document) { d.(*templates.DecretDenegacio).Household[0].IDDocument = "Z1234567A" }, "household[0].idDocument"},
		{"household NIE with its letter", "decret-denegacio", func(d templates.Document) { d.(*templates.DecretDenegacio).Household[0].IDDocument = "Z1234567R" }, ""},
		{"consent with a wrong DNI", "consentiment-informat", func(d templates.Document) { d.(*templates.ConsentimentInformat).Person.IDDocument = "12345678A" }, "person.idDocument"},
		{"archive with a wrong NIE", "diligencia-arxiu", func(d templates.Document) { d.(*templates.DiligenciaArxiu).Applicant.IDDocument = "X1234567M" }, "applicant.idDocument"},
		{"edict with a wrong NIE", "edicte-boe", func(d templates.Document) { d.(*templates.EdicteBOE).People[1].IDDocument = "Y7654321H" }, "people[1].idDocument"},
		{"report with a wrong DNI found at home", "informe-visita", func(d templates.Document) {
			d.(*templates.InformeVisita).PeopleFound = []templates.Person{{Name: "Lucía Gómez Ibáñez", IDDocument: "87654321A"}}
		}, "peopleFound[0].idDocument"},
		{"report with someone found without papers", "informe-visita", func(d templates.Document) {
			d.(*templates.InformeVisita).PeopleFound = []templates.Person{{Name: "Lucía Gómez Ibáñez"}}
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := example(t, tc.kind)
			tc.change(doc)
			err := doc.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want == "":
			case !errors.Is(err, templates.ErrMissing):
				t.Fatalf("got %v, want an ErrMissing naming %s", err, tc.want)
			case !strings.Contains(err.Error(), tc.want):
				t.Fatalf("%v does not name %s", err, tc.want)
			}
		})
	}
}

func TestCheckIDDocument(t *testing.T) {
	good := []string{
		"12345678Z", "00000000T", "99999999R", "40000011K", "12345678z", "12345678-Z", "1234 5678 Z",
		"X1234567L", "x1234567l", "X-1234567-L", "Z-1234567-r ", "Y0000000Z", "Y1234567X", "Z1234567R", "X0000000T",
		// Not a DNI or NIE: nothing to check.
		"", "PAB123456", "FB1234567", "123456789", "1234567Z", "X12345678", "AB-12 34 56", "№ 4021 556677",
	}
	for _, id := range good {
		if err := templates.CheckIDDocument(id); err != nil {
			t.Errorf("CheckIDDocument(%q): %v", id, err)
		}
	}
	bad := map[string]string{
		"40000011B": "DNI", "12345678A": "DNI", "12345678X": "DNI", "00000000U": "DNI", "12345678Ñ": "DNI", "12345678ſ": "DNI",
		"X1234567A": "NIE", "y2345678b": "NIE", "Y3456789M": "NIE", "Z1234567Z": "NIE",
	}
	for id, kind := range bad {
		if err := templates.CheckIDDocument(id); err == nil || !strings.Contains(err.Error(), kind+" "+id) {
			t.Errorf("CheckIDDocument(%q) = %v, want a refusal of the %s", id, err, kind)
		}
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]int{"00:00": 0, "09:30": 570, "23:59": 1439, "12:00": 720} {
		if got, err := templates.ParseClock(in); err != nil || got != want {
			t.Errorf("ParseClock(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "25:99", "24:00", "23:60", "9:30", "09:3", "0930", "09.30", "09:30:00", " 09:30", "-1:30", "+9:30", "٠٩:٣٠"} {
		if _, err := templates.ParseClock(in); err == nil {
			t.Errorf("ParseClock(%q) accepted", in)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, in := range []string{"2026-11-22", "2028-02-29", "2000-02-29", "1900-01-01", "2026-12-31"} {
		if d, err := templates.ParseDate(in); err != nil || d.ISO() != in {
			t.Errorf("ParseDate(%q) = %v, %v", in, d, err)
		}
	}
	if d, err := templates.ParseDate(""); err != nil || !d.IsZero() {
		t.Errorf("ParseDate(\"\") = %v, %v; want the zero date", d, err)
	}
	for _, in := range []string{"2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-01",
		"26-01-01", "2026/01/01", "22/11/2026", "2026-11-22T10:00:00Z", "1899-12-31", "0000-01-01", "２０２６-11-22"} {
		if _, err := templates.ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) accepted", in)
		}
	}
}
