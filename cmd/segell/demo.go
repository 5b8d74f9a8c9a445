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
	"github.com/segell/segell/templates"
)

// runDemo renders a sample document, seals it with the example organ seal
// (PAdES B-T, timestamped by a TSA run in-process with the example TSA
// certificate), verifies it against the example root and prints the report.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	certs := fs.String("certs", "certs-example", "folder of the example PKI")
	outDir := fs.String("out", "data/demo", "folder for the sample and sealed PDFs")
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
	sample, err := templates.Sample("Document de mostra del segell d'òrgan", []string{
		"Aquest document l'ha generat segell per mostrar el segellat electrònic: una signatura PAdES afegida com a actualització incremental, amb segell de temps RFC 3161.",
		"Comprovació de caràcters: à è é í ï ò ó ú ü ç l·l — ñ.",
	}, now)
	if err != nil {
		return err
	}
	in := filepath.Join(*outDir, "mostra.pdf")
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
	_, err = s.Sign(ctx, bytes.NewReader(sample), &sealed, signer.Options{
		Reason:  "Segell d'òrgan (actuació administrativa automatitzada)",
		Visible: &signer.Placement{Page: 1, X: 340, Y: 60, W: 200, H: 70},
		TSA:     signer.NewTSAClient(srv.URL, nil),
	})
	if err != nil {
		return err
	}
	out := filepath.Join(*outDir, "mostra-segellada.pdf")
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
	fmt.Fprintf(stdout, "\nDocument segellat: %s\nComproveu-lo també amb: pdfsig %s\n", out, out)
	if !rep.Valid() {
		return errInvalid
	}
	return nil
}
