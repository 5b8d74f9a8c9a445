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
// leader and commits, in one transaction, every entry queued meanwhile;
// entries queued during that commit are committed the same way by a
// goroutine that lives until the queue is empty, so that no request waits
// on other people's work for long. Each caller still returns only once its
// own entry is committed (or failed), so nothing is served unaudited after
// a crash.
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
		if s.commitAuditBatch() {
			go s.drainAudit()
		}
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

// drainAudit commits batches until the queue is empty.
func (s *Store) drainAudit() {
	for s.commitAuditBatch() {
	}
}

// commitAuditBatch commits the queued entries (up to maxAuditGroup) in one
// transaction and tells whether more are waiting; when none are, the group
// has no leader any more.
func (s *Store) commitAuditBatch() (more bool) {
	g := &s.audit
	g.mu.Lock()
	n := min(len(g.queue), maxAuditGroup)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	g.mu.Unlock()
	if n > 0 {
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
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		g.leading = false
		return false
	}
	return true
}
