// Package loop: a three-clause for loop with an await, a break and an early
// error return inside it, and a sleep in an if's init.
package loop

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Double is an activity; it fails for 13.
func Double(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Double", n)
	if n == 13 {
		return 0, errors.New("unlucky")
	}
	return 2 * n, nil
}

// SumDoubles adds the doubles of 0..n-1, sleeping an hour between steps.
//
//durgen:workflow
func SumDoubles(ctx durgen.Context, n int) (int, error) {
	total := 0
	for i := 0; i < n; i++ {
		d, err := durgen.Await(ctx, Double, i)
		if err != nil {
			return 0, fmt.Errorf("double %d: %w", i, err)
		}
		if d > 100 {
			break
		}
		total += d
		if err := durgen.Sleep(ctx, time.Hour); err != nil {
			return 0, err
		}
	}
	return total, nil
}
