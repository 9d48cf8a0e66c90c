// Package labelcond: found by FuzzTransform. A labelled loop whose body has
// an if with an awaiting condition: bringing the await out of the condition
// declares the loop's label a second time, and the generator fails with an
// internal error (normalized workflows do not type-check: label L already
// declared).
package labelcond

import (
	"context"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Even is an activity.
func Even(ctx context.Context, n int) (bool, error) {
	trace.Record(ctx, "Even", n)
	return n%2 == 0, nil
}

func must[T any](v T, err error) T { return v }

// Count counts the even numbers below n, skipping 0 with a labelled
// continue.
//
//durgen:workflow
func Count(ctx durgen.Context, n int) (int, error) {
	count := 0
L:
	for i := 0; i < n; i++ {
		if i == 0 {
			continue L
		}
		if must(durgen.Await(ctx, Even, i)) {
			count++
		}
	}
	return count, nil
}
