// Package refgeneric: refused: a generic workflow has no concrete frame or
// registration; a generic helper called between awaits is fine.
package refgeneric

import (
	"context"
	"time"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

func double[T int | float64](x T) T { return x * 2 }

// Twice is generic over its input.
//
//durgen:workflow
func Twice[T int | float64](ctx durgen.Context, x T) (T, error) {
	durgen.Sleep(ctx, time.Second)
	return double(x), nil
}

// Fine calls a generic helper between awaits.
//
//durgen:workflow
func Fine(ctx durgen.Context, n int) (int, error) {
	r, err := durgen.Await(ctx, Inc, double(n))
	return double(r), err
}
