package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/segell/segell/signer"
	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
)

// runCopy makes an authentic copy: the PDF stamped on every page with the
// legend "Còpia autèntica", a new CSV and ENI identifier, then sealed with
// the organ's seal (PAdES B-T when a TSA is given).
func runCopy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("copy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	p12 := fs.String("p12", "", "PKCS#12 file of the organ seal")
	pin := fs.String("pin", "", "PIN of the PKCS#12 file")
	tsa := fs.String("tsa", "", "URL of an RFC 3161 time-stamping authority (PAdES B-T)")
	organ := fs.String("organ", "", "DIR3 code of the organ (e.g. L01170950)")
	docType := fs.String("type", "", "NTI document type, TD01 … TD99")
	origin := fs.String("origin", "", "ciutada or administracio")
	reference := fs.String("reference", "", "expedient reference")
	validation := fs.String("validation-url", defaultValidationURL(), "page where the CSV is validated")
	out := fs.String("o", "", "output PDF")
	store := fs.Bool("store", false, "also store the copy and record it (see the storage flags)")
	sf := addStoreFlags(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" || *p12 == "" || *organ == "" || *docType == "" || *origin == "" {
		return usageErr("segell copy --p12 FILE --pin PIN [--tsa URL] --organ DIR3 --type TDnn --origin ciutada|administracio [--reference REF] IN.pdf -o OUT.pdf")
	}
	typeName, err := stamp.DocumentTypeName(*docType)
	if err != nil {
		return usageErr("%v", err)
	}
	org, err := stamp.ParseOrigin(*origin)
	if err != nil {
		return usageErr("%v", err)
	}
	key, err := signer.LoadPKCS12File(*p12, *pin)
	if err != nil {
		return err
	}
	now := time.Now()
	csv, err := stamp.NewCSV(nil)
	if err != nil {
		return err
	}
	eni, err := stamp.NewENI(*organ, now.Year(), nil)
	if err != nil {
		return usageErr("--organ: %v", err)
	}
	organName := key.Cert.Subject.CommonName
	if len(key.Cert.Subject.Organization) > 0 {
		organName = key.Cert.Subject.Organization[0]
	}
	h := stamp.Header{
		DocumentType: typeName, Organ: organName, Reference: *reference, CSV: csv, ENI: eni,
		Origin: org, Date: now, ValidationURL: *validation, Legend: "Còpia autèntica",
	}
	in, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := stamp.New(stamp.Config{})
	if err != nil {
		return err
	}
	var stamped bytes.Buffer
	res, err := st.Stamp(ctx, in, &stamped, h, stamp.Options{})
	if err != nil {
		return err
	}
	sg, err := signer.New(signer.Config{Key: key, Now: func() time.Time { return now }})
	if err != nil {
		return err
	}
	opts := signer.Options{Reason: "Còpia autèntica"}
	if *tsa != "" {
		opts.TSA = signer.NewTSAClient(*tsa, nil)
	}
	var sealed bytes.Buffer
	if _, err := sg.Sign(ctx, bytes.NewReader(stamped.Bytes()), &sealed, opts); err != nil {
		return err
	}
	if err := writeFileAtomic(*out, sealed.Bytes()); err != nil {
		return err
	}
	if *store {
		level := "B-B"
		if opts.TSA != nil {
			level = "B-T"
		}
		doc := storage.Document{CSV: string(csv), ENI: eni.String(), Organ: *organ, OrganName: organName, TypeCode: *docType,
			Origin: string(org), Reference: *reference, Title: typeName + " (còpia autèntica)", Created: now, State: "sealed", Disclosure: "csv"}
		sig := storage.Signature{Signer: key.Cert.Subject.CommonName, Role: "Segell d'òrgan", SignedAt: now, Level: level, Certificate: key.Cert.Raw}
		if err := storeDocument(ctx, sf, doc, sealed.Bytes(), "copy", sig); err != nil {
			return err
		}
	}
	sum := sha256.Sum256(sealed.Bytes())
	return json.NewEncoder(stdout).Encode(struct {
		CSV    string `json:"csv"`
		ENI    string `json:"eni"`
		SHA256 string `json:"sha256"`
		Pages  int    `json:"pages"`
	}{csv.String(), eni.String(), hex.EncodeToString(sum[:]), res.Pages})
}

// defaultValidationURL is where citizens validate a CSV: SEGELL_VALIDATION_URL,
// or the local service's page.
func defaultValidationURL() string {
	if u := os.Getenv("SEGELL_VALIDATION_URL"); u != "" {
		return u
	}
	return "http://127.0.0.1:8080/validacio"
}

// writeFileAtomic writes data next to path and renames it into place, so
// that a failure never leaves a half-written document.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".segell-*.pdf")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
