package signer

import (
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/digitorus/timestamp"
)

// TSAConfig configures a time-stamping authority.
type TSAConfig struct {
	Cert   *x509.Certificate   // must have the critical timeStamping extended key usage
	Chain  []*x509.Certificate // issuers of Cert, sent when the client asks for certificates
	Key    crypto.Signer
	Policy asn1.ObjectIdentifier // TSA policy; a private example arc when nil
	Now    func() time.Time
	Log    *slog.Logger
}

// TSA is an RFC 3161 time-stamping authority served over HTTP, for
// development and tests; production should use a qualified TSA.
type TSA struct{ cfg TSAConfig }

var defaultTSAPolicy = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 2, 1}

// NewTSA returns a TSA. It refuses a certificate without the timeStamping usage.
func NewTSA(cfg TSAConfig) (*TSA, error) {
	hasEKU := false
	for _, u := range cfg.Cert.ExtKeyUsage {
		hasEKU = hasEKU || u == x509.ExtKeyUsageTimeStamping
	}
	if !hasEKU {
		return nil, ErrCertUsage
	}
	k := &Key{Signer: cfg.Key, Cert: cfg.Cert}
	if err := k.matches(); err != nil {
		return nil, err
	}
	if cfg.Policy == nil {
		cfg.Policy = defaultTSAPolicy
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &TSA{cfg: cfg}, nil
}

// ServeHTTP answers POSTed application/timestamp-query requests.
func (t *TSA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "POST an application/timestamp-query", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, "cannot read request", http.StatusBadRequest)
		return
	}
	req, err := timestamp.ParseRequest(body)
	if err != nil || req.HashAlgorithm != crypto.SHA256 && req.HashAlgorithm != crypto.SHA384 && req.HashAlgorithm != crypto.SHA512 {
		http.Error(w, "malformed or unsupported timestamp request", http.StatusBadRequest)
		return
	}
	ts := timestamp.Timestamp{
		HashAlgorithm:     req.HashAlgorithm,
		HashedMessage:     req.HashedMessage,
		Time:              t.cfg.Now().UTC().Truncate(time.Second),
		Accuracy:          time.Second,
		Nonce:             req.Nonce,
		Policy:            t.cfg.Policy,
		AddTSACertificate: req.Certificates,
	}
	if req.Certificates {
		ts.Certificates = t.cfg.Chain
	}
	resp, err := ts.CreateResponseWithOpts(t.cfg.Cert, t.cfg.Key, crypto.SHA256)
	if err != nil {
		t.cfg.Log.Error("timestamp response", "err", err)
		http.Error(w, "cannot create timestamp", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	_, _ = w.Write(resp)
}
