package stamp_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/stamp"
)

func header(t testing.TB) stamp.Header {
	t.Helper()
	csv, err := stamp.NewCSV(nil)
	if err != nil {
		t.Fatal(err)
	}
	eni, err := stamp.NewENI("L01170950", 2026, nil)
	if err != nil {
		t.Fatal(err)
	}
	return stamp.Header{
		DocumentType:  "Còpia autèntica",
		Organ:         "Ajuntament de Lloret de Mar",
		Reference:     "2666/2026/000123",
		CSV:           csv,
		ENI:           eni,
		Origin:        stamp.OriginCitizen,
		Date:          time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC),
		ValidationURL: "https://seu.lloret.cat/validacio",
	}
}

func stampBytes(t testing.TB, in []byte, h stamp.Header, opts stamp.Options) []byte {
	t.Helper()
	s, err := stamp.New(stamp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := s.Stamp(context.Background(), bytes.NewReader(in), &out, h, opts); err != nil {
		t.Fatalf("stamp: %v", err)
	}
	return out.Bytes()
}

func corpusFile(t testing.TB, name string) []byte { return testenv.CorpusFile(t, name) }
