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
	}
	for _, tc := range tests {
		if _, err := ParseCSV(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("ParseCSV(%q): %v, want %v", tc.in, err, tc.want)
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
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseCSV(s)
		if err == nil {
			if again, err := ParseCSV(got.String()); err != nil || again != got {
				t.Fatalf("round trip of %q failed", s)
			}
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
