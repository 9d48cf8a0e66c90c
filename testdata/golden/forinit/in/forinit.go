// Package forinit: awaits in a loop's init statement, which runs once: the
// loop variable starts from an awaited value, and an init whose Sleep's
// error the condition reads.
package forinit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Start is an activity: where to start counting; it fails for negative n.
func Start(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Start", n)
	if n < 0 {
		return 0, errors.New("negative")
	}
	return n / 2, nil
}

// Tick is an activity.
func Tick(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Tick", i)
	return i * i, nil
}

// Range counts from an awaited start to n.
//
//durgen:workflow
func Range(ctx durgen.Context, n int) (string, error) {
	sum := 0
	for i, err := durgen.Await(ctx, Start, n); err == nil && i < n; i++ {
		sq, _ := durgen.Await(ctx, Tick, i)
		sum += sq
	}
	k := 0
	for err := durgen.Sleep(ctx, time.Minute); err == nil && k < n; k++ {
		sum += k
	}
	return fmt.Sprint(sum, k), nil
}
