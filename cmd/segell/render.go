package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
	"github.com/segell/segell/templates"
)

// runRender renders a document from its JSON data and stamps it with a
// fresh CSV (unsigned); --no-stamp leaves the bare template.
func runRender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	noStamp := fs.Bool("no-stamp", false, "the bare template, without the stamp")
	validation := fs.String("validation-url", defaultValidationURL(), "page where the CSV is validated")
	out := fs.String("o", "", "output PDF")
	store := fs.Bool("store", false, "also store the document and record it (see the storage flags)")
	sf := addStoreFlags(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || *out == "" {
		return usageErr("segell render KIND DATA.json -o OUT.pdf [--no-stamp]; kinds: %s", strings.Join(templates.Kinds(), ", "))
	}
	if !slices.Contains(templates.Kinds(), pos[0]) {
		return usageErr("unknown document kind %q; kinds: %s", pos[0], strings.Join(templates.Kinds(), ", "))
	}
	data, err := os.ReadFile(pos[1])
	if err != nil {
		return err
	}
	// Bad data is not bad usage: the refusal keeps its sentinel (ErrJSON,
	// ErrMissing) so that it is described in Catalan, with the path named.
	doc, err := templates.Decode(pos[0], data)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[1], err)
	}
	now := time.Now()
	r, err := templates.New(templates.Config{Now: func() time.Time { return now }}).Render(doc)
	if err != nil {
		return err
	}
	pdf, res := r.PDF, renderResult{Pages: r.Pages}
	if *store && *noStamp {
		return usageErr("--store needs the stamp: a stored document is found by its CSV")
	}
	var h stamp.Header
	if !*noStamp {
		if h, err = newHeader(templates.Lloret, r.Meta, now, *validation); err != nil {
			return err
		}
		st, err := stamp.New(stamp.Config{})
		if err != nil {
			return err
		}
		var stamped bytes.Buffer
		if _, err := st.Stamp(ctx, bytes.NewReader(pdf), &stamped, h, stamp.Options{KeepLayout: true}); err != nil {
			return err
		}
		pdf, res.CSV, res.ENI = stamped.Bytes(), h.CSV.String(), h.ENI.String()
	}
	if err := writeFileAtomic(*out, pdf); err != nil {
		return err
	}
	if *store {
		disclosure := "csv"
		if r.Meta.TypeCode == "TD01" {
			disclosure = "csv+id" // a decree shows only with the recipient's ID number
		}
		doc := storage.Document{CSV: string(h.CSV), ENI: h.ENI.String(), Organ: templates.Lloret.DIR3, OrganName: templates.Lloret.Name,
			TypeCode: r.Meta.TypeCode, Origin: string(h.Origin), Reference: r.Meta.Reference, Title: r.Meta.Title, Created: now,
			State: "unsigned", Disclosure: disclosure}
		if err := storeDocument(ctx, sf, doc, pdf, "render"); err != nil {
			return err
		}
	}
	sum := sha256.Sum256(pdf)
	res.SHA256 = hex.EncodeToString(sum[:])
	return json.NewEncoder(stdout).Encode(res)
}

type renderResult struct {
	CSV    string `json:"csv,omitempty"`
	ENI    string `json:"eni,omitempty"`
	SHA256 string `json:"sha256"`
	Pages  int    `json:"pages"`
}

// newHeader makes the stamp of a document the council produces itself.
func newHeader(c templates.Council, m templates.Meta, now time.Time, validationURL string) (stamp.Header, error) {
	csv, err := stamp.NewCSV(nil)
	if err != nil {
		return stamp.Header{}, err
	}
	eni, err := stamp.NewENI(c.DIR3, now.Year(), nil)
	if err != nil {
		return stamp.Header{}, fmt.Errorf("council DIR3: %w", err)
	}
	return stamp.Header{
		DocumentType: m.Title, Organ: c.Name, Reference: m.Reference, CSV: csv, ENI: eni,
		Origin: stamp.OriginAdministration, Date: now, ValidationURL: validationURL,
	}, nil
}

// storeDocument stores a new document with the storage flags' settings.
func storeDocument(ctx context.Context, sf *storeFlags, d storage.Document, pdf []byte, producer string, sigs ...storage.Signature) error {
	st, closeDB, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer closeDB()
	_, _, err = st.Put(ctx, d, pdf, producer, actor(), sigs...)
	return err
}
