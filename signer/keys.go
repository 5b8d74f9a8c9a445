package signer

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ThalesGroup/crypto11"
	"software.sslmate.com/src/go-pkcs12"
)

// Key is a signing key with its certificate and the chain of issuers above it.
// Signer may be a key in memory or a handle on a PKCS#11 token.
type Key struct {
	Signer crypto.Signer
	Cert   *x509.Certificate
	Chain  []*x509.Certificate
	close  func() error
}

// Close releases the token session of a PKCS#11 key; it is a no-op otherwise.
func (k *Key) Close() error {
	if k == nil || k.close == nil {
		return nil
	}
	return k.close()
}

// LoadPKCS12 decodes a PKCS#12 file protected by pin.
func LoadPKCS12(data []byte, pin string) (*Key, error) {
	priv, cert, cas, err := pkcs12.DecodeChain(data, pin)
	if errors.Is(err, pkcs12.ErrIncorrectPassword) {
		return nil, ErrWrongPIN
	}
	if err != nil {
		return nil, fmt.Errorf("PKCS#12: %w", err)
	}
	s, ok := priv.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("PKCS#12: key of type %T cannot sign", priv)
	}
	k := &Key{Signer: s, Cert: cert, Chain: cas}
	return k, k.matches()
}

// LoadPKCS12File reads and decodes a PKCS#12 file.
func LoadPKCS12File(path, pin string) (*Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := LoadPKCS12(data, pin)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// PKCS11Config names a key on a PKCS#11 token.
type PKCS11Config struct {
	Module     string // path of the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so
	TokenLabel string
	KeyLabel   string
	PIN        string
}

// OpenPKCS11 logs in to a token and finds the key labelled cfg.KeyLabel. The
// certificate is the one stored on the token under the same label; its chain
// is completed with the token's certificates labelled with their issuers'
// common names. The key never leaves the token.
func OpenPKCS11(cfg PKCS11Config) (*Key, error) {
	ctx, err := crypto11.Configure(&crypto11.Config{Path: cfg.Module, TokenLabel: cfg.TokenLabel, Pin: cfg.PIN})
	if err != nil {
		if isPINError(err) {
			return nil, fmt.Errorf("PKCS#11 token %q: %w", cfg.TokenLabel, ErrWrongPIN)
		}
		return nil, fmt.Errorf("PKCS#11 token %q: %w", cfg.TokenLabel, err)
	}
	fail := func(err error) (*Key, error) {
		ctx.Close()
		return nil, fmt.Errorf("PKCS#11 token %q: %w", cfg.TokenLabel, err)
	}
	s, err := ctx.FindKeyPair(nil, []byte(cfg.KeyLabel))
	if err != nil || s == nil {
		return fail(fmt.Errorf("no key labelled %q (%v)", cfg.KeyLabel, err))
	}
	cert, err := ctx.FindCertificate(nil, []byte(cfg.KeyLabel), nil)
	if err != nil || cert == nil {
		return fail(fmt.Errorf("no certificate labelled %q (%v)", cfg.KeyLabel, err))
	}
	var chain []*x509.Certificate
	for c := cert; len(chain) < 8 && !isSelfSigned(c); {
		issuer, err := ctx.FindCertificate(nil, []byte(c.Issuer.CommonName), nil)
		if err != nil || issuer == nil {
			break
		}
		chain = append(chain, issuer)
		c = issuer
	}
	k := &Key{Signer: s, Cert: cert, Chain: chain, close: ctx.Close}
	if err := k.matches(); err != nil {
		return fail(err)
	}
	return k, nil
}

func isPINError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "CKR_PIN_INCORRECT") || strings.Contains(msg, "CKR_PIN_LEN_RANGE") || strings.Contains(msg, "CKR_PIN_INVALID")
}

func isSelfSigned(c *x509.Certificate) bool {
	return c.CheckSignatureFrom(c) == nil
}

// matches checks that the private key belongs to the certificate.
func (k *Key) matches() error {
	pub, ok := k.Cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(k.Signer.Public()) {
		return ErrKeyMismatch
	}
	return nil
}

// usable checks what a signer must check before signing at time now: the
// certificate is within its validity period and may sign documents.
func (k *Key) usable(now time.Time) error {
	if now.Before(k.Cert.NotBefore) || now.After(k.Cert.NotAfter) {
		return fmt.Errorf("%w: %q valid from %s to %s", ErrCertExpired, k.Cert.Subject.CommonName,
			k.Cert.NotBefore.Format(time.DateOnly), k.Cert.NotAfter.Format(time.DateOnly))
	}
	if k.Cert.KeyUsage != 0 && k.Cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return fmt.Errorf("%w: %q", ErrCertUsage, k.Cert.Subject.CommonName)
	}
	return nil
}
