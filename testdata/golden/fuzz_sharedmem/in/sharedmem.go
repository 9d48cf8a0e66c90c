// Package sharedmem: found while building FuzzTransform's program generator.
// Two locals that share memory without a pointer, a slice and a slice of it
// or two variables holding the same map, both live across an await: the
// frame stores each as its own JSON value, so after a resume a write through
// one no longer shows through the other. The workflow returns a different
// result as a state machine than in direct mode, and nothing refuses it:
// the alias check tracks only addresses of locals (p := &x).
package sharedmem

import (
	"context"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

// Slices writes through a sub-slice after an await.
//
//durgen:workflow
func Slices(ctx durgen.Context, n int) ([]int, error) {
	xs := []int{1, 2, 3}
	ys := xs[:2]
	durgen.Await(ctx, Inc, n)
	ys[0] = n
	return xs, nil // direct mode: [n 2 3]
}

// Maps writes through a second variable holding the same map.
//
//durgen:workflow
func Maps(ctx durgen.Context, n int) (map[string]int, error) {
	m := map[string]int{"a": 1}
	m2 := m
	durgen.Await(ctx, Inc, n)
	m2["b"] = n
	return m, nil // direct mode: map[a:1 b:n]
}
