package signer_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// TestExternalSignature: the digest goes out, a CMS comes back and is
// embedded; a CMS from another signer, or over another digest, is refused.
func TestExternalSignature(t *testing.T) {
	nss := testenv.NSSDB(t, filepath.Join(examplePKI(t), "root-ca.pem"))
	card := loadKey(t, "vocal-sbas", "6666") // the key on the signer's own smart card
	public := &signer.Key{Cert: card.Cert, Chain: card.Chain}
	server := newSigner(t, public)
	ctx := context.Background()
	prep, err := server.Prepare(ctx, bytes.NewReader(corpusFile(t, "qpdf-objstm.pdf")), signer.Options{Reason: "Signatura amb targeta", Visible: &signer.Placement{Page: 1, X: 300, Y: 40, W: 200, H: 60}})
	if err != nil {
		t.Fatal(err)
	}
	// The card signs the digest (here with the same key, as the card would).
	cms, err := newSigner(t, card).SignDigest(ctx, prep.Digest)
	if err != nil {
		t.Fatal(err)
	}
	// Someone else's CMS over the right digest, and the right signer over another digest.
	other, _ := newSigner(t, loadKey(t, "alcalde", "2222")).SignDigest(ctx, prep.Digest)
	if err := prep.Complete(&bytes.Buffer{}, other); !errors.Is(err, signer.ErrWrongSigner) {
		t.Fatalf("another signer's CMS: %v", err)
	}
	wrong := append([]byte(nil), prep.Digest...)
	wrong[0] ^= 1
	bad, _ := newSigner(t, card).SignDigest(ctx, wrong)
	if err := prep.Complete(&bytes.Buffer{}, bad); !errors.Is(err, signer.ErrWrongSigner) {
		t.Fatalf("a CMS over another digest: %v", err)
	}
	var out bytes.Buffer
	if err := prep.Complete(&out, cms); err != nil {
		t.Fatal(err)
	}
	if rep := verify(t, out.Bytes()); !rep.Valid() {
		t.Fatalf("Verify: %+v", rep.Signatures)
	}
	for _, r := range pdfsig(t, nss, out.Bytes()) {
		if !r.valid || !r.trusted || !r.total {
			t.Fatalf("pdfsig:\n%s", r.text)
		}
	}
	if _, err := server.Sign(ctx, bytes.NewReader(out.Bytes()), &bytes.Buffer{}, signer.Options{}); err == nil {
		t.Fatal("a signer without a private key signed")
	}
}
