package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/segell/segell/stamp"
	"github.com/segell/segell/storage"
)

// runGet writes the latest version of a stored document, byte for byte.
func runGet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("get", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf := addStoreFlags(fs)
	out := fs.String("o", "", "output PDF")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return usageErr("segell get CSV -o OUT.pdf")
	}
	csv, err := stamp.ParseCSV(pos[0])
	if err != nil {
		return err // checked before any lookup
	}
	st, closeDB, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer closeDB()
	d, v, data, err := st.Get(ctx, string(csv), actor())
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, data); err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(map[string]any{"eni": d.ENI, "title": d.Title, "version": v.Version, "sha256": v.SHA256, "size": v.Size})
}

// runFsck checks that metadata and objects agree; exit status 1 on any inconsistency.
func runFsck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fsck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf := addStoreFlags(fs)
	repair := fs.Bool("repair", false, "delete orphan objects (and nothing else)")
	grace := fs.Duration("grace", time.Hour, "orphans younger than this are left alone (a store may be writing them)")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	st, closeDB, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer closeDB()
	rep, err := st.Fsck(ctx, *grace, *repair)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Versions comprovades: %d\n", rep.Checked)
	for _, k := range rep.Missing {
		fmt.Fprintf(stdout, "FALTA l'objecte: %s\n", k)
	}
	for _, c := range rep.Corrupt {
		fmt.Fprintf(stdout, "MALMÈS: %s (SHA-256 %s, registrat %s)\n", c.Key, c.Got, c.Want)
	}
	for _, o := range rep.Orphans {
		fmt.Fprintf(stdout, "Orfe: %s (%d bytes, %s)\n", o.Key, o.Size, o.Modified.Format(time.RFC3339))
	}
	if *repair {
		fmt.Fprintf(stdout, "Orfes eliminats: %d\n", rep.Removed)
	}
	if len(rep.Missing) > 0 || len(rep.Corrupt) > 0 || (len(rep.Orphans) > rep.Removed) {
		fmt.Fprintln(stdout, "Resultat: hi ha inconsistències.")
		return errInvalid
	}
	fmt.Fprintln(stdout, "Resultat: tot és coherent.")
	return nil
}

// runAudit verifies the audit log's hash chain.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf := addStoreFlags(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "verify" {
		return usageErr("segell audit verify")
	}
	st, closeDB, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer closeDB()
	n, err := st.VerifyAudit(ctx)
	var broken *storage.BrokenChainError
	if errors.As(err, &broken) {
		fmt.Fprintf(stdout, "El registre d'auditoria està trencat a l'entrada %d: %s (%d entrades correctes abans).\n", broken.Seq, broken.Reason, n)
		return errInvalid
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Registre d'auditoria íntegre: %d entrades.\n", n)
	return nil
}
