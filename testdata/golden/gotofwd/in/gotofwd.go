// Package gotofwd: forward gotos over awaits: skipping a stretch of awaits
// to a label later in the same block, and jumping from inside nested loops
// and an if to a label after them.
package gotofwd

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Step is an activity.
func Step(ctx context.Context, s string) (int, error) {
	trace.Record(ctx, "Step", s)
	return len(s), nil
}

// Skip jumps forward depending on n.
//
//durgen:workflow
func Skip(ctx durgen.Context, n int) (string, error) {
	var out []int
	var x int
	if n%2 == 0 {
		goto half
	}
	x, _ = durgen.Await(ctx, Step, "odd")
	out = append(out, x)
	durgen.Sleep(ctx, time.Minute)
half:
	x, _ = durgen.Await(ctx, Step, "half")
	out = append(out, x)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			x, _ = durgen.Await(ctx, Step, fmt.Sprint(i, j))
			if i*j == 2 {
				goto found
			}
		}
	}
	out = append(out, -1)
	goto end
found:
	out = append(out, x*100)
end:
	return fmt.Sprint(out), nil
}
