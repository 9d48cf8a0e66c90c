// Package gotoforms: gotos in a workflow whose awaits the generator brings
// out of expressions, loop clauses and case expressions. Go forbids a goto
// to jump over a declaration or into a block, so the temporaries of a
// rewritten statement stand in a block with it, and a label that only a
// goto names marks that block.
package gotoforms

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Next is an activity.
func Next(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Next", n)
	return n + 1, nil
}

func val(n int, err error) int { return n }

// Jump jumps over rewritten statements and back to a rewritten loop.
//
//durgen:workflow
func Jump(ctx durgen.Context, n int) (string, error) {
	out := ""
	x := 0
	tries := 0
	if n > 5 {
		goto skip
	}
	x = val(durgen.Await(ctx, Next, n)) * 2
	out += fmt.Sprint(x, " ")
again:
	for i := val(durgen.Await(ctx, Next, n)); i < n+3; i = val(durgen.Await(ctx, Next, i)) {
		out += fmt.Sprint(i, " ")
		if i > n+tries {
			break
		}
	}
	tries++
	if tries < 2 {
		goto again
	}
	switch x {
	case val(durgen.Await(ctx, Next, 3)):
		out += "four "
	case val(durgen.Await(ctx, Next, n)) * 2:
		out += "twice "
	}
skip:
	out += fmt.Sprint(x, tries)
	return out, nil
}
