package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
	"github.com/durgen/durgen/runtime/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) runtime.Store {
		s, err := sqlite.Open(filepath.Join(t.TempDir(), "durgen.db"), sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "durgen.db")
	for range 2 {
		s, err := sqlite.Open(path, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTwoStoresOneFile stands for two processes on one database: their
// claims never overlap.
func TestTwoStoresOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "durgen.db")
	var stores [2]*sqlite.Store
	for i := range stores {
		s, err := sqlite.Open(path, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	ctx := context.Background()
	now := time.Now()
	const n = 60
	for i := range n {
		_, err := stores[i%2].InstanceCreate(ctx, runtime.InstanceCreateParams{
			ID: fmt.Sprintf("i%d", i), Workflow: "w.W", Shape: "s", Input: json.RawMessage(`1`), Frame: json.RawMessage(`{"pc":0}`), Now: now,
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var (
		mu   sync.Mutex
		seen = map[string]bool{}
		wg   sync.WaitGroup
	)
	for i, s := range stores {
		wg.Go(func() {
			for {
				cl, err := s.StepClaim(ctx, runtime.StepClaimParams{
					Owner: fmt.Sprint(i), Workflows: []string{"w.W"}, Now: now, LeaseNow: now, LeaseExpires: now.Add(time.Minute), Limit: 2,
				})
				if err != nil {
					t.Error(err)
					return
				}
				if len(cl) == 0 {
					return
				}
				mu.Lock()
				for _, c := range cl {
					if seen[c.Step.IdempotencyKey] {
						t.Errorf("step %s claimed twice", c.Step.IdempotencyKey)
					}
					seen[c.Step.IdempotencyKey] = true
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d claimed, want %d", len(seen), n)
	}
}

// TestPathEscaping: '#', '?' and '%' in a path are part of the file name,
// not URI syntax.
func TestPathEscaping(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a#1.db", "a#2.db", "b?x.db", "c%41.db"} {
		s, err := sqlite.Open(filepath.Join(dir, name), sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.InstanceCreate(context.Background(), runtime.InstanceCreateParams{
			ID: "i", Workflow: name, Shape: "s", Input: json.RawMessage(`1`), Frame: json.RawMessage(`{"pc":0}`), Now: time.Now(),
		})
		s.Close()
		if err != nil {
			t.Fatalf("%s: %v (another name's database?)", name, err)
		}
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}
