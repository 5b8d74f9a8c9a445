package storage_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/segell/segell/storage"
)

// TestCrashHelper is the process TestCrash kills: it stores 200 documents
// concurrently and prints a line for each store that returned success.
func TestCrashHelper(t *testing.T) {
	dir := os.Getenv("SEGELL_CRASH_DIR")
	if dir == "" {
		return // only run as TestCrash's child
	}
	objects, err := storage.NewFolder(filepath.Join(dir, "objects"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.OpenDB(context.Background(), "sqlite:"+filepath.Join(dir, "segell.db"))
	if err != nil {
		t.Fatal(err)
	}
	s := storage.New(storage.Config{Objects: objects, DB: db})
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, pdf := newDoc(t, 20<<10)
			if _, _, err := s.Put(context.Background(), d, pdf, "seal", "crash"); err == nil {
				sum := sha256.Sum256(pdf)
				mu.Lock()
				fmt.Fprintf(out, "ACK %s %s\n", d.CSV, hex.EncodeToString(sum[:]))
				out.Flush()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// TestCrash kills (SIGKILL) a process in the middle of 200 concurrent
// stores, then reopens the store: every store that returned success is
// readable with the right SHA-256, and fsck finds no missing object.
func TestCrash(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SEGELL_CRASH_DIR="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]string{}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "ACK" {
			acked[f[1]] = f[2]
			if len(acked) == 30 {
				cmd.Process.Signal(syscall.SIGKILL)
			}
		}
	}
	cmd.Wait()
	if len(acked) < 30 {
		t.Fatalf("only %d stores acknowledged before the end", len(acked))
	}
	if len(acked) >= 200 {
		t.Fatal("the process finished before it was killed")
	}
	objects, _ := storage.NewFolder(filepath.Join(dir, "objects"))
	s, _ := openStore(t, objects, "sqlite:"+filepath.Join(dir, "segell.db"))
	ctx := context.Background()
	for csv, want := range acked {
		_, v, data, err := s.Get(ctx, csv, "test")
		if err != nil {
			t.Fatalf("acknowledged %s lost: %v", csv, err)
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != want || v.SHA256 != want {
			t.Fatalf("acknowledged %s has the wrong bytes", csv)
		}
	}
	rep, err := s.Fsck(ctx, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Missing) != 0 || len(rep.Corrupt) != 0 {
		t.Fatalf("fsck after the crash: %d missing, %d corrupt", len(rep.Missing), len(rep.Corrupt))
	}
	t.Logf("killed after %d acknowledged stores; %d orphans left (objects whose row never committed)", len(acked), len(rep.Orphans))
}
