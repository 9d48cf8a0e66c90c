// Package bugloopcond: the prior art's first bug. A loop body changes the
// variable the loop condition reads and then awaits; resuming after the
// await must continue the body, not test the condition again (which would
// now be false and end the loop, losing the rest of the body and the later
// iterations without any error).
package bugloopcond

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Visit is an activity.
func Visit(ctx context.Context, i int) (int, error) {
	trace.Record(ctx, "Visit", i)
	return i * 10, nil
}

// Skip visits 0..n-1 in steps that the body chooses.
//
//durgen:workflow
func Skip(ctx durgen.Context, n int) (string, error) {
	var out []int
	// The body pushes i to the limit, awaits, and uses i afterwards.
	for i := 0; i < n; i++ {
		i += 2
		v, _ := durgen.Await(ctx, Visit, i)
		out = append(out, v)
	}
	// The body makes the condition false, then awaits twice.
	left := n
	for left > 0 {
		left = 0
		durgen.Sleep(ctx, time.Minute)
		v, _ := durgen.Await(ctx, Visit, -n)
		out = append(out, v, left)
	}
	// The condition reads a value the await's result overwrites.
	done := false
	for k := 0; !done; k++ {
		done = true
		r, _ := durgen.Await(ctx, Visit, k)
		done = r >= 20
		out = append(out, k)
	}
	return fmt.Sprint(out), nil
}
