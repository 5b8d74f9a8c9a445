package signer_test

import (
	"errors"
	"testing"

	"github.com/segell/segell/signer"
)

func TestEncryptedKey(t *testing.T) {
	k := loadKey(t, "alcalde", "2222")
	blob, err := signer.EncryptKey(k, "4821")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := signer.DecryptKey(blob, "4822"); !errors.Is(err, signer.ErrWrongPIN) {
		t.Fatalf("wrong PIN: %v", err)
	}
	back, err := signer.DecryptKey(blob, "4821")
	if err != nil || !back.Cert.Equal(k.Cert) || len(back.Chain) != len(k.Chain) {
		t.Fatalf("decrypt: %v", err)
	}
	// The signature made with the decrypted key validates.
	if rep := verify(t, sign(t, newSigner(t, back), corpusFile(t, "fpdf.pdf"), signer.Options{})); !rep.Valid() {
		t.Fatal("a signature with the decrypted key does not validate")
	}
	cert, err := signer.CertificateOf(blob)
	if err != nil || !cert.Equal(k.Cert) {
		t.Fatal("the certificate is not readable without the PIN")
	}
	if _, err := signer.EncryptKey(k, "12"); err == nil {
		t.Fatal("a two-digit PIN was accepted")
	}
}
