package stamp

import (
	"errors"
	"strings"
	"testing"
)

func TestCSVRoundTrip(t *testing.T) {
	seen := map[CSV]bool{}
	for i := 0; i < 2000; i++ {
		c, err := NewCSV(nil)
		if err != nil {
			t.Fatal(err)
		}
		if seen[c] {
			t.Fatalf("duplicate CSV %s", c)
		}
		seen[c] = true
		for _, typed := range []string{c.String(), strings.ToLower(c.String()), string(c), " " + strings.ReplaceAll(c.String(), "-", " ") + " "} {
			got, err := ParseCSV(typed)
			if err != nil || got != c {
				t.Fatalf("ParseCSV(%q) = %q, %v; want %q", typed, got, err, c)
			}
		}
	}
}

// TestCSVCatchesEverySingleError changes each symbol of many codes to every
// other symbol, and swaps every pair of different neighbours: all rejected.
func TestCSVCatchesEverySingleError(t *testing.T) {

	for n := 0; n < 300; n++ {
		c, _ := NewCSV(nil)
		code := []byte(c)
		for i := range code {
			for _, sym := range []byte(CSVAlphabet) {
				if sym == code[i] {
					continue
				}
				bad := append([]byte(nil), code...)
				bad[i] = sym
				if _, err := ParseCSV(string(bad)); !errors.Is(err, ErrCSVCheck) {
					t.Fatalf("%s with position %d changed to %c: %v", c, i, sym, err)
				}
			}
			if i+1 < len(code) && code[i] != code[i+1] {
				bad := append([]byte(nil), code...)
				bad[i], bad[i+1] = bad[i+1], bad[i]
				if _, err := ParseCSV(string(bad)); !errors.Is(err, ErrCSVCheck) {
					t.Fatalf("%s with positions %d,%d swapped: %v", c, i, i+1, err)
				}
			}
		}

	}
}

func TestCSVErrors(t *testing.T) {
	c, _ := NewCSV(nil)
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrCSVLength},
		{string(c)[:10], ErrCSVLength},
		{string(c) + "A", ErrCSVLength},
		{"0" + string(c)[1:], ErrCSVChar}, // zero is not in the alphabet
		{"O" + string(c)[1:], ErrCSVChar},
		{"Ñ" + string(c)[1:], ErrCSVChar},
		{"i" + string(c)[1:], ErrCSVChar}, // look-alikes stay out in lower case too
	}
	for _, tc := range tests {
		if _, err := ParseCSV(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("ParseCSV(%q): %v, want %v", tc.in, err, tc.want)
		}
	}
}

// withSymbol draws codes until one holds sym.
func withSymbol(t *testing.T, sym byte) CSV {
	t.Helper()
	for {
		c, err := NewCSV(nil)
		if err != nil {
			t.Fatal(err)
		}
		if strings.IndexByte(string(c), sym) >= 0 {
			return c
		}
	}
}

// TestCSVUnicodeLookAlikes: characters whose Unicode upper case or folding
// is an ASCII letter of the alphabet are not that letter; the same code
// with the ASCII letter (either case) is accepted.
func TestCSVUnicodeLookAlikes(t *testing.T) {
	tests := []struct {
		ascii byte
		other string
	}{
		{'S', "\u017f"},       // long s ſ: upper case S
		{'S', "\uff53"},       // fullwidth s
		{'K', "\u212a"},       // Kelvin sign: folds to k
		{'A', "\u0430"},       // Cyrillic a
		{'H', "\u0397"},       // Greek capital eta
		{'E', "\u212f"},       // script e
		{'T', "\u0074\u0307"}, // t with a combining dot
	}
	for _, tc := range tests {
		c := withSymbol(t, tc.ascii)
		for _, ok := range []string{string(c), strings.ToLower(string(c))} {
			if _, err := ParseCSV(ok); err != nil {
				t.Fatalf("ParseCSV(%q): %v", ok, err)
			}
		}
		bad := strings.Replace(string(c), string(tc.ascii), tc.other, 1)
		if got, err := ParseCSV(bad); !errors.Is(err, ErrCSVChar) {
			t.Errorf("ParseCSV(%q) with %q for %c = %q, %v; want ErrCSVChar", bad, tc.other, tc.ascii, got, err)
		}
	}
	// The dotless ı and the dotted İ upper-case to I, which is not in the
	// alphabet either way: still a bad character, never a check failure.
	c, _ := NewCSV(nil)
	for _, r := range []string{"\u0131", "\u0130"} { // ı, İ
		if _, err := ParseCSV(r + string(c)[1:]); !errors.Is(err, ErrCSVChar) {
			t.Errorf("ParseCSV with %q: %v, want ErrCSVChar", r, err)
		}
	}
}

func TestCSVEntropy(t *testing.T) {
	// 21 random symbols of 31: at least 100 bits.
	bits := 0.0
	for i := 0; i < csvDataLen; i++ {
		bits += 4.954196310386876 // log2(31)
	}
	if bits < 100 {
		t.Fatalf("%.1f random bits, want at least 100", bits)
	}
	for _, bad := range "01ILO" {
		if strings.ContainsRune(CSVAlphabet, bad) {
			t.Errorf("alphabet has the look-alike %c", bad)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	c, _ := NewCSV(nil)
	f.Add(c.String())
	f.Add("7KQ2-M9XD-4TWR-HB6P-C3FN-Q")
	f.Add(strings.ToLower(c.String()))
	// Unicode look-alikes of the alphabet: long s, dotless i, dotted I,
	// Kelvin sign, fullwidth and Cyrillic letters.
	for _, r := range []string{"\u017f", "\u0131", "\u0130", "\u212a", "\uff53", "\u0430"} {
		f.Add(r + string(c)[1:])
		f.Add(string(c)[:csvDataLen] + r)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseCSV(s)
		if err != nil {
			if !errors.Is(err, ErrCSVLength) && !errors.Is(err, ErrCSVChar) && !errors.Is(err, ErrCSVCheck) {
				t.Fatalf("ParseCSV(%q): %v is none of the CSV errors", s, err)
			}
			return
		}
		for _, r := range s {
			if r >= 0x80 {
				t.Fatalf("ParseCSV(%q) accepted the non-ASCII %q", s, r)
			}
		}
		if again, err := ParseCSV(got.String()); err != nil || again != got {
			t.Fatalf("round trip of %q failed", s)
		}
	})
}

func TestENI(t *testing.T) {
	for _, ok := range []string{"ES_L01170950_2024_13440924", "ES_L01280796_2026_ABC", "ES_A09006172_2026_X1"} {
		if _, err := ParseENI(ok); err != nil {
			t.Errorf("ParseENI(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"ES_L01170951_2024_1", "ES_L0117095_2024_1", "es_L01170950_2024_1", "ES_L01170950_24_1", "ES_L01170950_2024_" + strings.Repeat("A", 31), "ES_L01170950_2024_a-b"} {
		if _, err := ParseENI(bad); !errors.Is(err, ErrENI) {
			t.Errorf("ParseENI(%q): %v, want ErrENI", bad, err)
		}
	}
	for _, dir3 := range []string{"L01170950", "L01280796", "L01080193"} {
		if err := CheckDIR3(dir3); err != nil {
			t.Errorf("CheckDIR3(%s): %v", dir3, err)
		}
	}
	e, err := NewENI("L01170950", 2026, nil)
	if err != nil {
		t.Fatal(err)
	}
	if back, err := ParseENI(e.String()); err != nil || back != e {
		t.Fatalf("round trip %s: %v", e, err)
	}
}
