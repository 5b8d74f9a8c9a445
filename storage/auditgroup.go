package storage

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// auditGroup commits audit entries in groups: every CSV lookup and download
// is audited, and committing each alone would cap public validation at the
// disk's fsync rate. The first caller to find no commit running becomes the
// leader and commits, in one transaction, every entry queued meanwhile,
// then the ones queued during that commit, until the queue is empty. Each
// caller still returns only once its own entry is committed (or failed), so
// nothing is served unaudited after a crash. No goroutine outlives a call.
type auditGroup struct {
	mu      sync.Mutex
	queue   []*auditRequest
	leading bool
}

type auditRequest struct {
	at                             time.Time
	actor, action, subject, detail string
	done                           chan error
}

// maxAuditGroup bounds one transaction.
const maxAuditGroup = 512

// Audit appends an entry, committed together with the entries other
// requests are appending at the same moment.
func (s *Store) Audit(ctx context.Context, actor, action, subject, detail string) error {
	r := &auditRequest{at: s.now(), actor: actor, action: action, subject: subject, detail: detail, done: make(chan error, 1)}
	g := &s.audit
	g.mu.Lock()
	g.queue = append(g.queue, r)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		s.commitAudit()
	}
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		// The entry may still commit; the caller gives up waiting and must
		// not serve what it audits.
		return ctx.Err()
	}
}

// commitAudit commits queued entries until none is left. A commit outlives
// the leader's own request: the others wait for it.
func (s *Store) commitAudit() {
	g := &s.audit
	for {
		g.mu.Lock()
		n := min(len(g.queue), maxAuditGroup)
		batch := g.queue[:n:n]
		g.queue = g.queue[n:]
		if n == 0 {
			g.leading = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := s.db.tx(ctx, func(tx *sql.Tx) error {
			for _, r := range batch {
				if err := s.db.appendAudit(ctx, tx, r.at, r.actor, r.action, r.subject, r.detail); err != nil {
					return err
				}
			}
			return nil
		})
		cancel()
		for _, r := range batch {
			r.done <- err
		}
	}
}
