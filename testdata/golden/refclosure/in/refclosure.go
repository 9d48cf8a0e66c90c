// Package refclosure: refused: an await in a function literal cannot be
// resumed, even when the literal is called at once.
package refclosure

import (
	"context"
	"time"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

// Inner awaits inside a closure.
//
//durgen:workflow
func Inner(ctx durgen.Context, n int) (int, error) {
	get := func(k int) int {
		r, _ := durgen.Await(ctx, Inc, k)
		return r
	}
	x := get(n)
	y := func() int {
		durgen.Sleep(ctx, time.Second)
		return 1
	}()
	return x + y, nil
}
