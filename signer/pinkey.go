package signer

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// A signer's key kept by the server, encrypted under the signer's PIN, the
// way a centralised signature service does: the PIN derives an AES-256 key
// with Argon2id and the PKCS#8 private key is sealed with AES-GCM. The key
// is decrypted only to sign and never stored in the clear.

// Argon2id parameters (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
)

type encryptedKey struct {
	Version    int      `json:"v"`
	Salt       []byte   `json:"salt"`
	Nonce      []byte   `json:"nonce"`
	Ciphertext []byte   `json:"key"`
	Cert       []byte   `json:"cert"`
	Chain      [][]byte `json:"chain,omitempty"`
}

// EncryptKey seals k under pin; the result is what the server stores.
func EncryptKey(k *Key, pin string) ([]byte, error) {
	if len(pin) < 4 {
		return nil, errors.New("a PIN needs at least 4 characters")
	}
	der, err := x509.MarshalPKCS8PrivateKey(k.Signer)
	if err != nil {
		return nil, fmt.Errorf("only a key in memory can be encrypted under a PIN: %w", err)
	}
	e := encryptedKey{Version: 1, Salt: make([]byte, 16), Nonce: make([]byte, 12), Cert: k.Cert.Raw}
	rand.Read(e.Salt)
	rand.Read(e.Nonce)
	aead, err := pinAEAD(pin, e.Salt)
	if err != nil {
		return nil, err
	}
	e.Ciphertext = aead.Seal(nil, e.Nonce, der, e.Cert)
	for _, c := range k.Chain {
		e.Chain = append(e.Chain, c.Raw)
	}
	return json.Marshal(e)
}

// DecryptKey opens a key sealed by EncryptKey; a wrong PIN is ErrWrongPIN.
func DecryptKey(blob []byte, pin string) (*Key, error) {
	var e encryptedKey
	if err := json.Unmarshal(blob, &e); err != nil || e.Version != 1 {
		return nil, errors.New("encrypted key: unreadable")
	}
	aead, err := pinAEAD(pin, e.Salt)
	if err != nil {
		return nil, err
	}
	der, err := aead.Open(nil, e.Nonce, e.Ciphertext, e.Cert)
	if err != nil {
		return nil, ErrWrongPIN
	}
	priv, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("encrypted key: %w", err)
	}
	cert, err := x509.ParseCertificate(e.Cert)
	if err != nil {
		return nil, fmt.Errorf("encrypted key certificate: %w", err)
	}
	signer, ok := priv.(crypto.Signer)
	if !ok {
		return nil, errors.New("encrypted key cannot sign")
	}
	k := &Key{Signer: signer, Cert: cert}
	for _, c := range e.Chain {
		cc, err := x509.ParseCertificate(c)
		if err != nil {
			return nil, err
		}
		k.Chain = append(k.Chain, cc)
	}
	return k, k.matches()
}

// CertificateOf returns the certificate stored beside an encrypted key,
// without the PIN.
func CertificateOf(blob []byte) (*x509.Certificate, error) {
	var e encryptedKey
	if err := json.Unmarshal(blob, &e); err != nil {
		return nil, err
	}
	return x509.ParseCertificate(e.Cert)
}

func pinAEAD(pin string, salt []byte) (cipher.AEAD, error) {
	key := argon2.IDKey([]byte(pin), salt, argonTime, argonMemory, argonThreads, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
