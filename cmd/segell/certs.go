package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/segell/segell/pki"
)

func runCerts(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("certs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "init" {
		return usageErr("segell certs init DIR")
	}
	set, err := pki.Generate(pki.DefaultConfig())
	if err != nil {
		return err
	}
	if err := set.WriteDir(pos[1]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "PKI d'exemple escrita a %s (EXEMPLE, NO VÀLID; PINs al README.md)\n", pos[1])
	return nil
}
