package signer_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// TestEncryptedSigned verifies signatures of files encrypted with the
// empty user password (what "protected" PDFs mostly are), for every
// cipher of the standard security handler: qpdf encrypts, mutool signs
// (writing its update encrypted), segell decrypts and verifies. A file that
// needs a password is refused with ErrEncrypted, and segell does not sign
// an encrypted file (its update would have to be encrypted too).
func TestEncryptedSigned(t *testing.T) {
	qpdf, mutool := testenv.Tool(t, "qpdf"), testenv.Tool(t, "mutool")
	root := testenv.RepoRoot(t)
	in := filepath.Join(root, "signer", "testdata", "attacks", "unsigned-field.pdf")
	p12 := filepath.Join(root, "certs-example", "alcalde.p12")
	opts := signer.VerifyOptions{Roots: exampleRoots(t), Intermediates: issuingCA(t)}
	dir := t.TempDir()
	for _, c := range []struct{ name, bits string }{{"RC4-40", "40"}, {"RC4-128", "128"}, {"AES-128", "128"}, {"AES-256", "256"}} {
		t.Run(c.name, func(t *testing.T) {
			enc, signed := filepath.Join(dir, c.name+".pdf"), filepath.Join(dir, c.name+"-signed.pdf")
			args := []string{"--allow-weak-crypto", "--encrypt", "", "owner", c.bits}
			if c.name == "AES-128" {
				args = append(args, "--use-aes=y")
			}
			run(t, qpdf, append(args, "--", in, enc)...)
			run(t, mutool, "sign", "-s", p12, "-P", "2222", "-o", signed, enc, "4")
			pdf, err := os.ReadFile(signed)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := signer.Verify(bytes.NewReader(pdf), int64(len(pdf)), opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Signatures) != 1 || !rep.Valid() || rep.Signatures[0].Field != "Camp1" {
				t.Fatalf("want one valid signature in field Camp1 (a decrypted name): %+v", rep.Signatures)
			}
			// A byte of the signed range changed: not valid.
			pdf[100] ^= 1
			if rep, err := signer.Verify(bytes.NewReader(pdf), int64(len(pdf)), opts); err == nil && rep.Valid() {
				t.Fatal("a changed encrypted file still verifies")
			}
			pdf[100] ^= 1
			if _, err := newSigner(t, loadKey(t, "alcalde", "2222")).Sign(t.Context(), bytes.NewReader(pdf), new(bytes.Buffer), signer.Options{}); !errors.Is(err, signer.ErrEncrypted) {
				t.Fatalf("signing an encrypted file: %v, want ErrEncrypted", err)
			}
		})
	}
	t.Run("user password", func(t *testing.T) {
		enc := filepath.Join(dir, "password.pdf")
		run(t, qpdf, "--encrypt", "secret", "owner", "256", "--", in, enc)
		if _, err := signer.VerifyFile(enc, opts); !errors.Is(err, signer.ErrEncrypted) {
			t.Fatalf("got %v, want ErrEncrypted", err)
		}
	})
}
