// Package ifloop: found by FuzzTransform. A lowered loop that starts an if's
// body: the case sets f.PC to the loop's head inside the if without going
// round the dispatch, then falls to the code after the if, so the machine
// skips the loop (and the rest of the if's body) entirely.
package ifloop

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

// IfLoop runs a loop with an await as the first statement of an if.
//
//durgen:workflow
func IfLoop(ctx durgen.Context, in int) (string, error) {
	acc := "W"
	if in >= 0 {
		for i := 0; i < 2; i++ {
			durgen.Await(ctx, Inc, i)
		}
		acc += " after"
	}
	return acc, nil
}
