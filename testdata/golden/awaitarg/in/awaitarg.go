// Package awaitarg: an await inside the argument of another await, two deep,
// and inside the duration of a Sleep; the inner await runs first.
package awaitarg

import (
	"context"
	"errors"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Double is an activity; it fails above 1000.
func Double(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Double", n)
	if n > 1000 {
		return 0, errors.New("too large")
	}
	return 2 * n, nil
}

func val(n int, err error) int {
	if err != nil {
		return 1
	}
	return n
}

// Chain doubles n through nested awaits.
//
//durgen:workflow
func Chain(ctx durgen.Context, n int) (int, error) {
	a, err := durgen.Await(ctx, Double, val(durgen.Await(ctx, Double, n)))
	if err != nil {
		return 0, err
	}
	b := val(durgen.Await(ctx, Double, val(durgen.Await(ctx, Double, val(durgen.Await(ctx, Double, a))))))
	if err := durgen.Sleep(ctx, time.Duration(val(durgen.Await(ctx, Double, b%60)))*time.Second); err != nil {
		return 0, err
	}
	return a + b, nil
}
