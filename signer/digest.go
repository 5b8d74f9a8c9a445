package signer

import (
	"crypto"
	"fmt"
	"hash"
	"io"
)

// digester hashes the byte ranges of every signature of a file in one pass:
// taken in the order of their holes, signatures share the hashing of the
// bytes before each hole, and each adds only the bytes after its own. A
// file with a thousand signatures is hashed about once, not a thousand
// times; a budget bounds what hostile byte ranges can ask for.
type digester struct {
	r      io.ReaderAt
	budget int64
	runs   map[crypto.Hash]*hashRun
	done   map[digestKey][]byte
	buf    []byte
}

type hashRun struct {
	h   hash.Hash
	pos int64 // bytes hashed from the start of the file
}

type digestKey struct {
	alg crypto.Hash
	br  [4]int64
}

func newDigester(r io.ReaderAt, size int64) *digester {
	return &digester{r: r, budget: 64<<20 + 4*size, runs: map[crypto.Hash]*hashRun{}, done: map[digestKey][]byte{}}
}

// digest returns the hash of bytes [0, br[1]) and [br[2], br[2]+br[3]).
func (d *digester) digest(alg crypto.Hash, br [4]int64) ([]byte, error) {
	if !alg.Available() {
		return nil, fmt.Errorf("digest algorithm %v is not supported", alg)
	}
	key := digestKey{alg, br}
	if sum, ok := d.done[key]; ok {
		return sum, nil
	}
	run := d.runs[alg]
	if run == nil || run.pos > br[1] {
		run = &hashRun{h: alg.New()}
		d.runs[alg] = run
	}
	if err := d.feed(run.h, run.pos, br[1]-run.pos); err != nil {
		return nil, err
	}
	run.pos = br[1]
	h := alg.New()
	if c, ok := run.h.(hash.Cloner); ok {
		cl, err := c.Clone()
		if err != nil {
			return nil, err
		}
		h = cl
	} else if err := d.feed(h, 0, br[1]); err != nil {
		return nil, err
	}
	if err := d.feed(h, br[2], br[3]); err != nil {
		return nil, err
	}
	sum := h.Sum(nil)
	d.done[key] = sum
	return sum, nil
}

func (d *digester) feed(h hash.Hash, off, n int64) error {
	if d.budget -= n; d.budget < 0 {
		return fmt.Errorf("%w: the signatures' byte ranges cover the file many times over; not checked", ErrLimit)
	}
	if d.buf == nil {
		d.buf = make([]byte, 64<<10)
	}
	_, err := io.CopyBuffer(h, io.NewSectionReader(d.r, off, n), d.buf)
	return err
}
