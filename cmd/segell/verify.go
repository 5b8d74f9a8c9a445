package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
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
		return usageErr("segell verify [--roots PEMFILE (roots, and the issuing CAs that complete chains)] [--json] IN.pdf")
	}
	opts := signer.VerifyOptions{}
	if *roots != "" {
		if opts.Roots, opts.Intermediates, err = loadAnchors(*roots); err != nil {
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

// loadAnchors reads a PEM file of certificates: the self-signed ones are
// trusted roots, the others (a PKI's issuing CAs, as chain.pem holds them)
// only help complete chains.
func loadAnchors(path string) (*x509.CertPool, []*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	roots := x509.NewCertPool()
	var inter []*x509.Certificate
	for rest := data; ; {
		var blk *pem.Block
		if blk, rest = pem.Decode(rest); blk == nil {
			break
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if blk.Type != "CERTIFICATE" || err != nil {
			continue
		}
		if bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignatureFrom(c) == nil {
			roots.AddCert(c)
		} else {
			inter = append(inter, c)
		}
	}
	if roots.Equal(x509.NewCertPool()) {
		return nil, nil, fmt.Errorf("%s: no self-signed root certificate", path)
	}
	return roots, inter, nil
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

// printReport writes the report in Catalan, one block per signature with
// its verdict in plain words. Every string that comes from the PDF goes
// through printable, so that a field name or a reason cannot forge lines.
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
	counts := map[signer.Indication]int{}
	for i, s := range rep.Signatures {
		counts[s.Indication]++
		fmt.Fprintf(w, "Signatura %d (%s, camp %s)\n", i+1, kindName(s.Kind), printable(s.Field))
		fmt.Fprintf(w, "  Veredicte:          %s\n", verdict(s))
		fmt.Fprintf(w, "  Indicació ETSI:     %s\n", etsiCode(s))
		fmt.Fprintf(w, "  Signant:            %s\n", printable(s.Signer))
		fmt.Fprintf(w, "  Nivell:             %s (%s)\n", orDash(s.Level), printable(s.SubFilter))
		fmt.Fprintf(w, "  Data declarada:     %s\n", when(s.SigningTime))
		fmt.Fprintf(w, "  Segell de temps:    %s\n", when(s.Timestamp))
		fmt.Fprintf(w, "  Integritat:         %s\n", yes(s.Integrity))
		fmt.Fprintf(w, "  Cadena de confiança: %s\n", yes(s.Trusted))
		fmt.Fprintf(w, "  Cobreix tot el document: %s (canvis posteriors: %s)\n", yes(s.CoversWholeDocument), changesName(s.ChangesAfter))
		for _, c := range s.LaterChanges {
			fmt.Fprintf(w, "  CANVI POSTERIOR NO PERMÈS: %s\n", printable(c))
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
		for _, e := range s.Warnings {
			fmt.Fprintf(w, "  AVÍS: %s\n", printable(e))
		}
	}
	if rep.Valid() {
		fmt.Fprintf(w, "Resultat: totes les signatures (%d) són vàlides i de confiança.\n", len(rep.Signatures))
		return
	}
	fmt.Fprintf(w, "Resultat: no totes les signatures són vàlides (%d vàlides, %d no s'han pogut comprovar, %d no vàlides).\n",
		counts[signer.TotalPassed], len(rep.Signatures)-counts[signer.TotalPassed]-counts[signer.TotalFailed], counts[signer.TotalFailed])
}

// verdict says in plain words what the indication means for a reader.
func verdict(s signer.SignatureReport) string {
	switch s.Indication {
	case signer.TotalPassed:
		return "vàlida"
	case signer.TotalFailed:
		return "no vàlida: " + reasonText(s)
	}
	return "no s'ha pogut comprovar: " + reasonText(s)
}

// etsiCode is the indication and sub-indication as EN 319 102-1 writes them.
func etsiCode(s signer.SignatureReport) string {
	if s.SubIndication == "" {
		return orDash(string(s.Indication))
	}
	return string(s.Indication) + " / " + string(s.SubIndication)
}

// reasonText explains a sub-indication in Catalan.
func reasonText(s signer.SignatureReport) string {
	switch s.SubIndication {
	case signer.HashFailure:
		return "el contingut signat s'ha alterat (el resum no coincideix)"
	case signer.SigCryptoFailure:
		return "el valor de la signatura no correspon al certificat del signant"
	case signer.FormatFailure:
		if s.ChangesAfter == "modified" {
			return "el document s'ha modificat després de signar-lo"
		}
		return "la signatura està mal formada o no segueix el format PAdES"
	case signer.NotYetValid:
		return "el certificat del signant encara no era vigent quan es va signar"
	case signer.NoCertificateChainFound:
		return "el certificat del signant no enllaça amb cap autoritat de confiança"
	case signer.OutOfBoundsNoPOE:
		return "el certificat del signant no és vigent i cap segell de temps prova que la signatura sigui anterior"
	case signer.ChainConstraintsFailure:
		return "la cadena de certificats no admet aquest ús"
	case signer.CertificateChainGeneralFailure:
		return "la cadena de certificats no s'ha pogut validar"
	case signer.CryptoConstraintsFailureNoPOE:
		return "fa servir un algorisme criptogràfic que no s'admet"
	case signer.SignedDataNotFound:
		return "no s'han pogut llegir les dades signades"
	}
	return orDash(string(s.SubIndication))
}

// kindName names a signature's kind in Catalan.
func kindName(kind string) string {
	if kind == "document-timestamp" {
		return "segell de temps del document"
	}
	return "signatura"
}

// changesName says in Catalan what was added after a signature.
func changesName(c string) string {
	switch c {
	case "none":
		return "cap"
	case "signatures":
		return "només signatures o dades de validació"
	case "modified":
		return "MODIFICACIONS NO PERMESES"
	}
	return orDash(c)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
