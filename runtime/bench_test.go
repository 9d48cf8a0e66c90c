package runtime_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/durgen/durgen/runtime"
	"github.com/durgen/durgen/runtime/sqlite"
)

// BenchmarkCheckpoint measures checkpoints per second on a SQLite file with
// synchronous=FULL: b.N instances of sumDoubles(1) (start, call, sleep:
// three checkpoints each) run by one worker, on a fake clock.
func BenchmarkCheckpoint(b *testing.B) {
	for _, conc := range []int{1, 16, 128} {
		b.Run(fmt.Sprintf("concurrency=%d", conc), func(b *testing.B) {
			store, err := sqlite.Open(filepath.Join(b.TempDir(), "durgen.db"), sqlite.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer store.Close()
			e := runtime.New(store, runtime.Options{Clock: runtime.NewFakeClock(epoch, true), Concurrency: conc, BatchSize: 256})
			ctx := context.Background()
			ids := make([]string, b.N)
			for i := range ids {
				ids[i] = uniq("bench")
				if _, err := runtime.Start(ctx, e, ids[i], sumDoubles, 1); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			start := time.Now()
			rctx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { e.Run(rctx); close(done) }()
			for _, id := range ids {
				if _, err := e.Wait(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			cancel()
			<-done
			st := e.Stats()
			b.ReportMetric(float64(st.Checkpoints)/elapsed.Seconds(), "checkpoints/s")
			b.ReportMetric(float64(st.Checkpoints)/float64(max(st.Commits, 1)), "checkpoints/tx")
		})
	}
}
