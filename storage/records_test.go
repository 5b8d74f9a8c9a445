package storage_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/segell/segell/storage"
)

// TestRecordsAndSigners: optimistic concurrency of records, counters,
// exactly-once approvals, PIN lockout and delegations, on both databases.
func TestRecordsAndSigners(t *testing.T) {
	for _, b := range []backend{backends[0], backends[1]} {
		t.Run(b.name, func(t *testing.T) {
			objects, _ := b.objects(t)
			_, db := openStore(t, objects, b.db(t))
			ctx := context.Background()
			now := time.Now()
			type exp struct{ Holder string }
			v, err := db.SaveRecord(ctx, "expedient", "2666/2026/000001", 0, "registrat", exp{"Anna"}, now)
			if err != nil || v != 1 {
				t.Fatal(err)
			}
			if _, err := db.SaveRecord(ctx, "expedient", "2666/2026/000001", 0, "registrat", exp{"Anna"}, now); !errors.Is(err, storage.ErrExists) {
				t.Fatalf("create twice: %v", err)
			}
			if _, err := db.SaveRecord(ctx, "expedient", "2666/2026/000001", 1, "assignat", exp{"Anna B"}, now); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SaveRecord(ctx, "expedient", "2666/2026/000001", 1, "favorable", exp{"stale"}, now); !errors.Is(err, storage.ErrConflict) {
				t.Fatalf("stale write: %v", err)
			}
			var got exp
			if v, err := db.LoadRecord(ctx, "expedient", "2666/2026/000001", &got); err != nil || v != 2 || got.Holder != "Anna B" {
				t.Fatalf("load: %v %d %+v", err, v, got)
			}
			if ids, _ := db.RecordIDs(ctx, "expedient", "assignat"); len(ids) != 1 {
				t.Fatalf("by state: %v", ids)
			}

			// Counters hand out each number once, even concurrently.
			var wg sync.WaitGroup
			seen := make(chan int, 40)
			for i := 0; i < 40; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := db.NextNumber(ctx, "2666/2026")
					if err == nil {
						seen <- n
					}
				}()
			}
			wg.Wait()
			close(seen)
			nums := map[int]bool{}
			for n := range seen {
				nums[n] = true
			}
			if len(nums) != 40 {
				t.Fatalf("counter handed out %d distinct numbers of 40", len(nums))
			}

			// Approvals count once.
			a := storage.Approval{FlowID: "f1", Step: 0, Signer: "alcalde", RequestID: "r1", At: now}
			if ok, err := db.AddApproval(ctx, a); !ok || err != nil {
				t.Fatal(err)
			}
			if ok, err := db.AddApproval(ctx, a); ok || err != nil {
				t.Fatalf("second approval: %v %v", ok, err)
			}

			// Five wrong PINs lock the key; only an unlock opens it.
			if err := db.PutSigner(ctx, storage.SignerRecord{ID: "alcalde", Name: "Adrià Puig Serra", Role: "Alcalde", KeyBlob: []byte("k")}); err != nil {
				t.Fatal(err)
			}
			db.PutSigner(ctx, storage.SignerRecord{ID: "tinent", Name: "Tinent", Role: "Primer tinent d'alcalde", KeyBlob: []byte("k")})
			for i := 1; i <= storage.MaxPINFailures; i++ {
				locked, err := db.PINFailed(ctx, "alcalde")
				if err != nil || locked != (i == storage.MaxPINFailures) {
					t.Fatalf("failure %d: locked=%v %v", i, locked, err)
				}
			}
			db.PINAccepted(ctx, "alcalde")
			if s, _ := db.Signer(ctx, "alcalde"); !s.Locked {
				t.Fatal("a right PIN unlocked a locked key")
			}
			db.UnlockSigner(ctx, "alcalde")
			if s, _ := db.Signer(ctx, "alcalde"); s.Locked || s.FailedPINs != 0 {
				t.Fatal("unlock did not unlock")
			}

			if err := db.AddDelegation(ctx, storage.Delegation{Delegator: "alcalde", Substitute: "tinent", Starts: now.Add(-time.Hour), Ends: now.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			if d, _ := db.DelegatorsOf(ctx, "tinent", now); len(d) != 1 || d[0] != "alcalde" {
				t.Fatalf("delegators now: %v", d)
			}
			if d, _ := db.DelegatorsOf(ctx, "tinent", now.Add(2*time.Hour)); len(d) != 0 {
				t.Fatalf("delegators after the period: %v", d)
			}
		})
	}
}

// TestVersionRace: two writers add a version at once; exactly one wins, the
// other gets ErrConflict, and no orphan blocks the next version.
func TestVersionRace(t *testing.T) {
	for _, b := range []backend{backends[0], backends[1]} {
		t.Run(b.name, func(t *testing.T) {
			objects, _ := b.objects(t)
			s, _ := openStore(t, objects, b.db(t))
			ctx := context.Background()
			d, pdf := newDoc(t, 1000)
			if _, _, err := s.Put(ctx, d, pdf, "render", "test"); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = s.AddVersion(ctx, d.CSV, 1, append(append([]byte(nil), pdf...), byte('a'+i)), "sign", "test")
				}()
			}
			wg.Wait()
			wins := 0
			for _, err := range errs {
				if err == nil {
					wins++
				} else if !errors.Is(err, storage.ErrConflict) {
					t.Fatalf("loser: %v", err)
				}
			}
			if wins < 1 {
				t.Fatal("nobody won")
			}
			if v, err := s.AddVersion(ctx, d.CSV, 2, append(pdf, 'z'), "sign", "test"); err != nil || v.Version != 3 || wins != 1 {
				t.Fatalf("next version after the race: %+v %v", v, err)
			}
		})
	}
}
