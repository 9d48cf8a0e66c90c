// Package reflive: refused: a closure, a method value and a func-typed
// variable live across awaits cannot be persisted; each is reported at its
// declaration, naming the await it crosses.
package reflive

import (
	"context"
	"time"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

// Counter counts.
type Counter struct{ N int }

// Add adds k.
func (c *Counter) Add(k int) { c.N += k }

// Keep keeps func values across awaits.
//
//durgen:workflow
func Keep(ctx durgen.Context, n int) (int, error) {
	total := 0
	add := func(k int) { total += k }
	durgen.Sleep(ctx, time.Second)
	add(n)
	var c Counter
	inc := c.Add
	r, _ := durgen.Await(ctx, Inc, n)
	inc(r)
	op := double
	durgen.Sleep(ctx, time.Second)
	return op(total + c.N), nil
}

func double(n int) int { return 2 * n }
