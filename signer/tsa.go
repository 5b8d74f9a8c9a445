package signer

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"sync"
	"time"

	"github.com/digitorus/timestamp"
)

// TSAClient asks an RFC 3161 time-stamping authority for tokens over HTTP.
type TSAClient struct {
	URL  string
	HTTP *http.Client

	mu        sync.Mutex
	tokenSize int // size of the last token received, to size /Contents
}

// NewTSAClient returns a client for the TSA at url. A nil hc gets a client
// with a 30-second timeout.
func NewTSAClient(url string, hc *http.Client) *TSAClient {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &TSAClient{URL: url, HTTP: hc}
}

const maxTSAResponse = 1 << 20

// Timestamp returns a TimeStampToken (a DER ContentInfo) over the SHA-256
// digest of data. It checks that the token answers this request: same
// message imprint, same nonce.
func (c *TSAClient) Timestamp(ctx context.Context, data []byte) ([]byte, error) {
	h := sha256.Sum256(data)
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		return nil, err
	}
	req := timestamp.Request{HashAlgorithm: crypto.SHA256, HashedMessage: h[:], Certificates: true, Nonce: nonce}
	body, err := req.Marshal()
	if err != nil {
		return nil, fmt.Errorf("%w: request: %v", ErrTSA, err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTSA, err)
	}
	hreq.Header.Set("Content-Type", "application/timestamp-query")
	resp, err := c.HTTP.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTSA, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxTSAResponse))
	if err != nil {
		return nil, fmt.Errorf("%w: reading reply: %v", ErrTSA, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: %s answered %s", ErrTSA, c.URL, resp.Status)
	}
	ts, err := timestamp.ParseResponse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: reply: %v", ErrTSA, err)
	}
	if !bytes.Equal(ts.HashedMessage, h[:]) || ts.Nonce == nil || ts.Nonce.Cmp(nonce) != 0 {
		return nil, fmt.Errorf("%w: the token does not answer our request (imprint or nonce differ)", ErrTSA)
	}
	c.mu.Lock()
	c.tokenSize = len(ts.RawToken)
	c.mu.Unlock()
	return ts.RawToken, nil
}

// tokenSizeEstimate returns the size of this TSA's tokens, asking once for a
// token over throwaway data when none has been seen yet.
func (c *TSAClient) tokenSizeEstimate(ctx context.Context) (int, error) {
	c.mu.Lock()
	n := c.tokenSize
	c.mu.Unlock()
	if n > 0 {
		return n, nil
	}
	tok, err := c.Timestamp(ctx, []byte("segell: token size probe"))
	if err != nil {
		return 0, err
	}
	return len(tok), nil
}
