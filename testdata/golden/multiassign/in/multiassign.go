// Package multiassign: awaits among the right-hand sides of a multiple
// assignment. Every right-hand side is evaluated, in order, before any
// variable is assigned, and index operands on the left are evaluated before
// the right-hand sides (xs[i], i = await, i+1 writes the old i's element).
package multiassign

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity; it fails for 99.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	if n == 99 {
		return 0, errors.New("ninety-nine")
	}
	return n + 1, nil
}

func val(n int, err error) int {
	if err != nil {
		return -100
	}
	return n
}

// Shuffle assigns several values at once around awaits.
//
//durgen:workflow
func Shuffle(ctx durgen.Context, n int) (string, error) {
	a, b := n, n*2
	a, b = b, val(durgen.Await(ctx, Inc, a))
	xs := []int{0, 0, 0}
	i := 0
	xs[i], i = val(durgen.Await(ctx, Inc, i+10)), i+1
	xs[i], i = i, val(durgen.Await(ctx, Inc, i))
	c, slept, d := val(durgen.Await(ctx, Inc, a)), durgen.Sleep(ctx, time.Minute), b
	a, b = b, a
	m := map[string]int{}
	m["x"], m["y"] = val(durgen.Await(ctx, Inc, b)), val(durgen.Await(ctx, Inc, a))
	return fmt.Sprint(a, b, xs, i, c, slept, d, m), nil
}
