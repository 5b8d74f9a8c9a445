package templates_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/segell/segell/templates"
	"golang.org/x/text/unicode/norm"
)

// scripts are names as applicants write them, one per language the fonts
// must print.
var scripts = []struct{ lang, name string }{
	{"català", "Núria Puigdemont i Solà-Ferrer l·l"},
	{"română", "Ștefan Țurcanu Mănăstireanu"},
	{"polski", "Łukasz Wałęsa-Żółćńska"},
	{"čeština", "Jiří Dvořák Šťastný Ůlehla"},
	{"magyar", "Győző Kőműves Ürmössy"},
	{"türkçe", "İbrahim Ağrı Işıl Çağdaş"},
	{"ελληνικά", "Γιώργος Παπαδόπουλος Ψάλτης"},
	{"українська", "Олександра Ковальчук-Їжак Ґудзь"},
	{"русский", "Щукин Эдуард Ёлкин"},
	{"српски", "Ђорђе Љубичић Џајић"},
	{"azərbaycan", "Əliyev Şəfəq"},
	{"tiếng Việt", "Nguyễn Thị Phượng"},
}

// volantFor is a volant for one person, with a NIE whose check letter is right.
func volantFor(name, purpose string) *templates.VolantEmpadronament {
	return &templates.VolantEmpadronament{
		Person:  templates.Resident{Name: name, IDDocument: "X1234567L", BirthDate: templates.D(1985, 4, 2), Since: templates.D(2026, 11, 17)},
		Address: "C. de la Riera, 14, 2n 1a, 17310 Lloret de Mar",
		Issued:  templates.D(2026, 11, 22),
		Purpose: purpose,
	}
}

func render(t testing.TB, v *templates.VolantEmpadronament) *templates.Rendered {
	t.Helper()
	r, err := templates.New(templates.Config{}).Render(v)
	if err != nil {
		t.Fatalf("render %q: %v", v.Person.Name, err)
	}
	return r
}

// flat is text with its runs of white space made single spaces.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestNamesInEveryScript: a name in each script comes back from pdftotext
// exactly as written, in the table and in running text.
func TestNamesInEveryScript(t *testing.T) {
	for _, sc := range scripts {
		t.Run(sc.lang, func(t *testing.T) {
			r := render(t, volantFor(sc.name, "a nom de "+sc.name))
			text := flat(strings.Join(pagesText(t, r.PDF), "\n"))
			if n := strings.Count(text, sc.name); n != 2 {
				t.Errorf("pdftotext reads %q %d times, want 2 (table and paragraph):\n%s", sc.name, n, text)
			}
		})
	}
}

// TestDecomposedLetters: a letter typed as a base and a combining accent
// (as macOS and some forms send it) is printed as the composed letter.
func TestDecomposedLetters(t *testing.T) {
	r := render(t, volantFor("S\u0326tefan T\u0326urcanu Jir\u030Ci\u0301", ""))
	if text := flat(strings.Join(pagesText(t, r.PDF), "\n")); !strings.Contains(text, "Ștefan Țurcanu Jiří") {
		t.Errorf("the decomposed name is not read back composed:\n%s", text)
	}
}

// TestEveryCoveredLetter prints every letter of Latin-1, Latin Extended-A
// and B, Greek and Cyrillic, and the punctuation the documents use, and
// reads each back.
func TestEveryCoveredLetter(t *testing.T) {
	var all strings.Builder
	for _, rg := range [][2]rune{{0xA1, 0x24F}, {0x386, 0x3CE}, {0x400, 0x482}, {0x48A, 0x4FF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			if unicode.IsPrint(r) && !unicode.IsSpace(r) && r != '\u00AD' {
				all.WriteRune(r)
			}
		}
		all.WriteByte(' ')
	}
	all.WriteString("€ «» ‘’ “” ‚„ – — • … · ‹› № ™")
	r := render(t, volantFor("Núria Puigdemont i Solà", all.String()))
	noSpace := func(s string) string { return strings.Join(strings.Fields(s), "") }
	// NFC makes the Greek ano teleia (U+0387) a middle dot (U+00B7).
	got, want := noSpace(strings.Join(pagesText(t, r.PDF), "")), noSpace(norm.NFC.String(all.String()))
	if !strings.Contains(got, want) {
		for _, w := range want {
			if !strings.ContainsRune(got, w) {
				t.Errorf("%q (U+%04X) is not read back", w, w)
			}
		}
		t.Errorf("the printed repertoire is not read back in order:\n%s", got)
	}
}

// TestUnprintableRefused: a character the fonts have no glyph for stops the
// document, naming the character and the text, instead of printing a dot.
func TestUnprintableRefused(t *testing.T) {
	for _, tc := range []struct {
		name, purpose string
		want          rune
	}{
		{"Wang Xiuying 王秀英", "", '王'},
		{"Núria Puigdemont", "per a la targeta sanitària 😀", '😀'},
		{"Ali\u200BHassan", "", '\u200B'},                    // a zero-width space, pasted in
		{"Ma\u00ADria", "", '\u00AD'},                        // a soft hyphen, which fpdf would print
		{"Ana \u0627\u0644\u0639\u0644\u064A", "", '\u0627'}, // Arabic
	} {
		v := volantFor(tc.name, tc.purpose)
		r, err := templates.New(templates.Config{}).Render(v)
		if !errors.Is(err, templates.ErrUnprintable) {
			t.Errorf("%q: rendered (%v), want ErrUnprintable", tc.name, err)
			continue
		}
		var ue *templates.UnprintableError
		if !errors.As(err, &ue) || ue.Rune != tc.want {
			t.Errorf("%q: %v does not name %q", tc.name, err, tc.want)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, fmt.Sprintf("U+%04X", tc.want)) || !strings.Contains(ue.Text, string(tc.want)) {
			t.Errorf("%q: the message %q does not show the character in its text", tc.name, msg)
		}
		if r != nil {
			t.Errorf("%q: a document came back with the error", tc.name)
		}
	}
}

// TestFontSubset: each document embeds only the glyphs it prints, so a
// document with every script in it is smaller than one of the fonts whole.
func TestFontSubset(t *testing.T) {
	var names []string
	for _, sc := range scripts {
		names = append(names, sc.name)
	}
	r := render(t, volantFor("Олександра Ковальчук", strings.Join(names, ", ")))
	ttf, err := os.ReadFile(filepath.Join("fonts", "SegellSans-Regular.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&whole, zlib.BestSpeed)
	zw.Write(ttf)
	zw.Close()
	if len(r.PDF) >= whole.Len() {
		t.Errorf("the document is %d bytes, the Regular font alone compressed %d: the fonts are not subset", len(r.PDF), whole.Len())
	}
	if len(r.PDF) > 40<<10 {
		t.Errorf("the document is %d bytes, more than 40 KB", len(r.PDF))
	}
}

// BenchmarkRenderScripts is BenchmarkRenderVolant with a name outside
// Windows-1252: the cost of the UTF-8 fonts does not depend on the script.
func BenchmarkRenderScripts(b *testing.B) {
	r := templates.New(templates.Config{})
	v := volantFor("Олександра Ковальчук-Їжак", "a nom de Ștefan Țurcanu i Γιώργος Παπαδόπουλος")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(v); err != nil {
			b.Fatal(err)
		}
	}
}
