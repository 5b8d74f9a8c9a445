package signer_test

import (
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/segell/segell/internal/testenv"
	"github.com/segell/segell/signer"
)

// TestCMSWithOpenSSL hands our CMS to openssl: it must verify over the signed
// byte ranges, carry signing-certificate-v2 (and for B-T a time-stamp token),
// and carry no signing-time (PAdES baseline puts the time in /M).
func TestCMSWithOpenSSL(t *testing.T) {
	openssl := testenv.Tool(t, "openssl")
	s := newSigner(t, loadKey(t, "segell-organ", "1111"))
	tsa := startTSA(t)
	for _, tc := range []struct {
		name string
		opts signer.Options
		want []string
	}{
		{"B-B", signer.Options{}, []string{"id-smime-aa-signingCertificateV2", "contentType", "messageDigest"}},
		{"B-T", signer.Options{TSA: tsa}, []string{"id-smime-aa-signingCertificateV2", "id-smime-aa-timeStampToken"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := sign(t, s, corpusFile(t, "fpdf.pdf"), tc.opts)
			br := verify(t, out).Signatures[0].ByteRange
			hole := strings.TrimRight(string(out[br[1]+1:br[2]-1]), "0")
			if len(hole)%2 == 1 {
				hole += "0"
			}
			der, err := hex.DecodeString(hole)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			sig, content := filepath.Join(dir, "sig.der"), filepath.Join(dir, "content.bin")
			os.WriteFile(sig, der, 0o644)
			os.WriteFile(content, append(append([]byte(nil), out[:br[1]]...), out[br[2]:br[2]+br[3]]...), 0o644)
			res, err := exec.Command(openssl, "cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-content", content,
				"-CAfile", filepath.Join(examplePKI(t), "root-ca.pem"), "-purpose", "any", "-out", os.DevNull).CombinedOutput()
			if err != nil || !strings.Contains(string(res), "Verification successful") {
				t.Fatalf("openssl cms -verify: %v\n%s", err, res)
			}
			printed, err := exec.Command(openssl, "cms", "-cmsout", "-print", "-inform", "DER", "-in", sig).CombinedOutput()
			if err != nil {
				t.Fatalf("openssl cms -print: %v\n%s", err, printed)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(printed), w) {
					t.Errorf("the CMS lacks %s", w)
				}
			}
			// Only the signer's own signed attributes matter: a time-stamp token
			// nested in the unsigned attributes may carry its own signingTime.
			text := string(printed)
			start := strings.Index(text, "signedAttrs:")
			end := strings.Index(text, "signatureAlgorithm:")
			if start < 0 || end < start {
				t.Fatalf("openssl printed no signedAttrs:\n%s", text)
			}
			if strings.Contains(text[start:end], "signingTime") {
				t.Error("the signed attributes carry signingTime, which PAdES baseline forbids")
			}
		})
	}
}
