// Package blockshadow: found by FuzzTransform. A block whose if awaits
// declares x after the if; the workflow declares another x, of another
// type, after the block. The rest of the block after the join and the code
// after the block land in one case without the block's braces, so the two
// declarations of x meet in one scope and the generated code does not build
// ("no new variables on left side of :=", "cannot use strconv.Itoa(3)
// (value of type string) as int value in assignment").
package blockshadow

import (
	"context"
	"fmt"
	"strconv"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

// Shadow declares x in a block after a join, and again after the block.
//
//durgen:workflow
func Shadow(ctx durgen.Context, n int) (string, error) {
	out := ""
	{
		if n > 0 {
			durgen.Await(ctx, Inc, n)
		}
		x := n * 2
		out += fmt.Sprint(x)
	}
	x := strconv.Itoa(3)
	return out + x, nil
}
