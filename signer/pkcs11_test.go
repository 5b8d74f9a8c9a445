package signer_test

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ThalesGroup/crypto11"
	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

const softhsmModule = "/usr/lib/softhsm/libsofthsm2.so"

// softHSMToken makes a SoftHSM2 token holding the example seal key, its
// certificate (same label) and the issuing CA (labelled with its CN).
func softHSMToken(t *testing.T) signer.PKCS11Config {
	t.Helper()
	util := testenv.Tool(t, "softhsm2-util")
	module := testenv.File(t, softhsmModule, "Debian package softhsm2")
	dir := t.TempDir()
	conf := filepath.Join(dir, "softhsm2.conf")
	if err := os.MkdirAll(filepath.Join(dir, "tokens"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conf, []byte("directories.tokendir = "+filepath.Join(dir, "tokens")+"\nobjectstore.backend = file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOFTHSM2_CONF", conf)
	seal := loadKey(t, "segell-organ", "1111")
	der, err := x509.MarshalPKCS8PrivateKey(seal.Signer)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "seal.key.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := signer.PKCS11Config{Module: module, TokenLabel: "segell", KeyLabel: "segell-organ", PIN: "123456"}
	for _, args := range [][]string{
		{"--init-token", "--free", "--label", cfg.TokenLabel, "--pin", cfg.PIN, "--so-pin", "654321"},
		{"--import", keyFile, "--token", cfg.TokenLabel, "--label", cfg.KeyLabel, "--id", "01", "--pin", cfg.PIN},
	} {
		if out, err := exec.Command(util, args...).CombinedOutput(); err != nil {
			t.Fatalf("softhsm2-util %v: %v\n%s", args, err, out)
		}
	}
	ctx, err := crypto11.Configure(&crypto11.Config{Path: module, TokenLabel: cfg.TokenLabel, Pin: cfg.PIN})
	if err != nil {
		t.Fatal(err)
	}
	defer ctx.Close()
	if err := ctx.ImportCertificateWithLabel([]byte{1}, []byte(cfg.KeyLabel), seal.Cert); err != nil {
		t.Fatal(err)
	}
	issuing := seal.Chain[0]
	if err := ctx.ImportCertificateWithLabel([]byte{2}, []byte(issuing.Subject.CommonName), issuing); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestPKCS11 signs with the seal key imported into a SoftHSM2 token: the key
// never leaves the token, and the results validate like the PKCS#12 ones.
func TestPKCS11(t *testing.T) {
	cfg := softHSMToken(t)
	nss := testenv.NSSDB(t, filepath.Join(examplePKI(t), "root-ca.pem"))

	bad := cfg
	bad.PIN = "000000"
	if _, err := signer.OpenPKCS11(bad); !errors.Is(err, signer.ErrWrongPIN) {
		t.Fatalf("wrong PIN: got %v, want ErrWrongPIN", err)
	}

	key, err := signer.OpenPKCS11(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer key.Close()
	if len(key.Chain) != 1 {
		t.Fatalf("chain from the token: %d certificates, want the issuing CA", len(key.Chain))
	}
	s := newSigner(t, key)
	tsa := startTSA(t)
	for _, name := range []string{"fpdf.pdf", "qpdf-objstm.pdf", "signed-pdfsig.pdf"} {
		for _, opts := range []signer.Options{{}, {TSA: tsa, Visible: &signer.Placement{Page: 1, X: 300, Y: 40, W: 200, H: 60}}} {
			out := sign(t, s, corpusFile(t, name), opts)
			if rep := verify(t, out); !rep.Valid() {
				t.Fatalf("%s: Verify: %+v", name, rep.Signatures)
			}
			for i, r := range pdfsig(t, nss, out) {
				if !r.valid || !r.trusted {
					t.Errorf("%s: pdfsig signature %d:\n%s", name, i+1, r.text)
				}
			}
		}
	}
}
