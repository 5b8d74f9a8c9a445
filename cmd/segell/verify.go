package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/segell/segell/signer"
)

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	roots := fs.String("roots", "", "PEM file of trusted root certificates (default: the system's)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("segell verify [--roots PEMFILE] [--json] IN.pdf")
	}
	opts := signer.VerifyOptions{}
	if *roots != "" {
		if opts.Roots, err = loadPool(*roots); err != nil {
			return err
		}
	}
	rep, err := signer.VerifyFile(pos[0], opts)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Valid bool `json:"valid"`
			*signer.Report
		}{rep.Valid(), rep}); err != nil {
			return err
		}
	} else {
		printReport(stdout, rep)
	}
	if !rep.Valid() {
		return errInvalid
	}
	return nil
}

func loadPool(path string) (*x509.CertPool, error) {
	pemData, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		return nil, fmt.Errorf("%s: no PEM certificates", path)
	}
	return pool, nil
}

func printReport(w io.Writer, rep *signer.Report) {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	when := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(madrid).Format("02/01/2006 15:04:05")
	}
	yes := func(b bool) string {
		if b {
			return "sí"
		}
		return "NO"
	}
	for i, s := range rep.Signatures {
		fmt.Fprintf(w, "Signatura %d (%s, camp %s)\n", i+1, s.Kind, printable(s.Field))
		fmt.Fprintf(w, "  Signant:            %s\n", printable(s.Signer))
		fmt.Fprintf(w, "  Nivell:             %s (%s)\n", orDash(s.Level), printable(s.SubFilter))
		fmt.Fprintf(w, "  Data de signatura:  %s\n", when(s.SigningTime))
		fmt.Fprintf(w, "  Segell de temps:    %s\n", when(s.Timestamp))
		fmt.Fprintf(w, "  Integritat:         %s\n", yes(s.Integrity))
		fmt.Fprintf(w, "  Cadena de confiança:%s\n", " "+yes(s.Trusted))
		fmt.Fprintf(w, "  Cobreix tot el document: %s (canvis posteriors: %s)\n", yes(s.CoversWholeDocument), s.ChangesAfter)
		for _, c := range s.LaterChanges {
			fmt.Fprintf(w, "  CANVI POSTERIOR NO SIGNAT: %s\n", printable(c))
		}
		if s.Reason != "" {
			fmt.Fprintf(w, "  Motiu:              %s\n", printable(s.Reason))
		}
		if s.Certified {
			fmt.Fprintln(w, "  Signatura de certificació (DocMDP)")
		}
		for _, e := range s.Errors {
			fmt.Fprintf(w, "  ERROR: %s\n", printable(e))
		}
	}
	if rep.Valid() {
		fmt.Fprintf(w, "Resultat: totes les signatures (%d) són vàlides i de confiança.\n", len(rep.Signatures))
	} else {
		fmt.Fprintln(w, "Resultat: hi ha signatures no vàlides o sense confiança.")
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
