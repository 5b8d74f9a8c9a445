package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/segell/segell/signer"
)

func runSign(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	p12 := fs.String("p12", "", "PKCS#12 file with the key and its certificate chain")
	pin := fs.String("pin", "", "PIN of the PKCS#12 file or of the PKCS#11 token")
	module := fs.String("pkcs11-module", "", "PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so)")
	token := fs.String("pkcs11-token", "", "PKCS#11 token label")
	keyLabel := fs.String("pkcs11-key", "", "label of the key (and its certificate) on the token")
	tsa := fs.String("tsa", "", "URL of an RFC 3161 time-stamping authority (PAdES B-T)")
	visible := fs.String("visible", "", "visible signature: PAGE,X,Y,W,H in points from the lower-left corner")
	reason := fs.String("reason", "", "reason for signing")
	certify := fs.Bool("certify", false, "certification signature (DocMDP, P=2); first signature only")
	out := fs.String("o", "", "output PDF")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return usageErr("segell sign --p12 FILE --pin PIN [--pkcs11-module SO --pkcs11-token LABEL --pkcs11-key LABEL] [--tsa URL] [--visible PAGE,X,Y,W,H] [--reason TEXT] [--certify] IN.pdf -o OUT.pdf")
	}
	key, err := loadKey(*p12, *pin, *module, *token, *keyLabel)
	if err != nil {
		return err
	}
	defer key.Close()
	s, err := signer.New(signer.Config{Key: key})
	if err != nil {
		return err
	}
	opts := signer.Options{Reason: *reason, Certify: *certify}
	if *visible != "" {
		if opts.Visible, err = parsePlacement(*visible); err != nil {
			return err
		}
	}
	if *tsa != "" {
		opts.TSA = signer.NewTSAClient(*tsa, nil)
	}
	res, err := s.SignFile(ctx, pos[0], *out, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: signat (%s) per %s, camp %s\n", *out, level(res), key.Cert.Subject.CommonName, res.Field)
	return nil
}

func level(r *signer.Result) string {
	if r.Timestamped {
		return "PAdES B-T"
	}
	return "PAdES B-B"
}

func loadKey(p12, pin, module, token, label string) (*signer.Key, error) {
	if module != "" {
		if token == "" || label == "" {
			return nil, usageErr("--pkcs11-module needs --pkcs11-token and --pkcs11-key")
		}
		return signer.OpenPKCS11(signer.PKCS11Config{Module: module, TokenLabel: token, KeyLabel: label, PIN: pin})
	}
	if p12 == "" {
		return nil, usageErr("--p12 FILE (or --pkcs11-module) is required")
	}
	return signer.LoadPKCS12File(p12, pin)
}

func parsePlacement(s string) (*signer.Placement, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 5 {
		return nil, usageErr("--visible wants PAGE,X,Y,W,H, got %q", s)
	}
	var v [5]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, usageErr("--visible: %q is not a number", p)
		}
		v[i] = f
	}
	if v[0] < 1 || v[0] > 1e6 || v[0] != math.Trunc(v[0]) {
		return nil, usageErr("--visible: the page must be a whole number, 1 or more")
	}
	p := &signer.Placement{Page: int(v[0]), X: v[1], Y: v[2], W: v[3], H: v[4]}
	if err := p.Check(); err != nil {
		return nil, usageErr("--visible: finite numbers within ±14400 points are needed, width and height positive (%v)", err)
	}
	return p, nil
}
