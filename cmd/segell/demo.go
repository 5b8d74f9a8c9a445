package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/segell/segell/signer"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
)

// runDemo renders a volant d'empadronament, stamps it, seals it with the example organ seal
// (PAdES B-T, timestamped by a TSA run in-process with the example TSA
// certificate), verifies it against the example root and prints the report.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	certs := fs.String("certs", "certs-example", "folder of the example PKI")
	outDir := fs.String("out", "data/demo", "folder for the sample and sealed PDFs")
	sf := addStoreFlags(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageErr("segell demo [--certs DIR] [--out DIR]")
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return err
	}
	now := time.Now()
	today := templates.D(now.Year(), now.Month(), now.Day())
	volant := &templates.VolantEmpadronament{
		Person:  templates.Resident{Name: "Joan Ferrer Puig", IDDocument: "40000011K", BirthDate: templates.D(1981, 3, 14), Since: today},
		Address: "C. de Sant Pere, 5, baixos, 17310 Lloret de Mar",
		Issued:  today,
		Purpose: "per a la sol·licitud de la targeta sanitària individual",
	}
	rendered, err := templates.New(templates.Config{Now: func() time.Time { return now }}).Render(volant)
	if err != nil {
		return err
	}
	h, err := newHeader(templates.Lloret, rendered.Meta, now, defaultValidationURL())
	if err != nil {
		return err
	}
	st, err := stamp.New(stamp.Config{})
	if err != nil {
		return err
	}
	var stamped bytes.Buffer
	if _, err := st.Stamp(ctx, bytes.NewReader(rendered.PDF), &stamped, h, stamp.Options{KeepLayout: true}); err != nil {
		return err
	}
	sample := stamped.Bytes()
	in := filepath.Join(*outDir, "volant.pdf")
	if err := os.WriteFile(in, sample, 0o644); err != nil {
		return err
	}

	tsaCerts, err := readCerts(filepath.Join(*certs, "tsa.pem"))
	if err != nil {
		return err
	}
	tsaKey, err := readKey(filepath.Join(*certs, "tsa.key.pem"))
	if err != nil {
		return err
	}
	tsa, err := signer.NewTSA(signer.TSAConfig{Cert: tsaCerts[0], Chain: tsaCerts[1:], Key: tsaKey})
	if err != nil {
		return err
	}
	srv := httptest.NewServer(tsa)
	defer srv.Close()

	key, err := signer.LoadPKCS12File(filepath.Join(*certs, "segell-organ.p12"), "1111")
	if err != nil {
		return err
	}
	s, err := signer.New(signer.Config{Key: key})
	if err != nil {
		return err
	}
	var sealed bytes.Buffer
	slot := rendered.Slots[0]
	_, err = s.Sign(ctx, bytes.NewReader(sample), &sealed, signer.Options{
		Reason:  "Segell d'òrgan (actuació administrativa automatitzada)",
		Visible: &signer.Placement{Page: slot.Page, X: slot.X, Y: slot.Y, W: slot.W, H: slot.H},
		TSA:     signer.NewTSAClient(srv.URL, nil),
	})
	if err != nil {
		return err
	}
	out := filepath.Join(*outDir, "volant-segellat.pdf")
	if err := os.WriteFile(out, sealed.Bytes(), 0o644); err != nil {
		return err
	}
	roots, err := loadPool(filepath.Join(*certs, "root-ca.pem"))
	if err != nil {
		return err
	}
	rep, err := signer.Verify(bytes.NewReader(sealed.Bytes()), int64(sealed.Len()), signer.VerifyOptions{Roots: roots})
	if err != nil {
		return err
	}
	printReport(stdout, rep)
	if !rep.Valid() {
		return errInvalid
	}
	doc := storage.Document{CSV: string(h.CSV), ENI: h.ENI.String(), Organ: templates.Lloret.DIR3, OrganName: templates.Lloret.Name,
		TypeCode: rendered.Meta.TypeCode, Origin: string(h.Origin), Title: rendered.Meta.Title, Created: now, State: "sealed", Disclosure: "csv"}
	sig := storage.Signature{Signer: key.Cert.Subject.CommonName, Role: "Segell d'òrgan", SignedAt: now, Level: "B-T", Certificate: key.Cert.Raw}
	if err := storeDocument(ctx, sf, doc, sealed.Bytes(), "seal", sig); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nVolant d'empadronament segellat: %s\nCSV: %s   Identificador ENI: %s\n", out, h.CSV, h.ENI)
	fmt.Fprintf(stdout, "Desat a %s; recupereu-lo amb: segell get %s -o volant.pdf\nComproveu-lo també amb: pdfsig %s\n", *sf.dataDir, h.CSV, out)
	return runMonth(ctx, *certs, sf, signer.NewTSAClient(srv.URL, nil), &signer.VerifyOptions{Roots: roots}, stdout)
}
