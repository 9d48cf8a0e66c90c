// Package blockrelay: found by FuzzTransform. A loop that awaits in its
// condition, alone in a block that a goto jumps back to: the loop's exit
// case only passed control on to the code after the block, so it was
// dropped as a relay and break jumped straight there, but the sanity check
// looked for jumps to the case under its own name only and reported that
// nothing entered it.
package blockrelay

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

func must(n int, err error) int {
	if err != nil {
		return 0
	}
	return n
}

// Again loops over a block twice with a goto.
//
//durgen:workflow
func Again(ctx durgen.Context, n int) (string, error) {
	g, sum := 0, 0
again:
	{
		for i := 0; i < must(durgen.Await(ctx, Inc, g+n)); i++ {
			sum += i
		}
	}
	if g < 1 {
		g++
		goto again
	}
	return fmt.Sprint(g, sum), nil
}

// Plain has the same block without the goto.
//
//durgen:workflow
func Plain(ctx durgen.Context, n int) (string, error) {
	sum := 0
	{
		for i := 0; i < must(durgen.Await(ctx, Inc, n)); i++ {
			sum += i
		}
	}
	return fmt.Sprint(sum), nil
}
