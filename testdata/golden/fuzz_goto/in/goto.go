// Package gotos: found by FuzzTransform. A goto in a workflow that awaits
// was neither refused nor lowered, and the generated code did not build: a
// forward goto past an await jumped into a case of the dispatch ("goto done
// jumps into block"), a backward goto to a label before an await named a
// label the generated code no longer had ("label again not defined"). Until
// gotos are lowered, the generator must refuse them, with a position.
package gotos

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

// Forward skips an await with a goto.
//
//durgen:workflow
func Forward(ctx durgen.Context, n int) (string, error) {
	s := "start"
	if n > 0 {
		goto done
	}
	durgen.Await(ctx, Inc, n)
	s += " awaited"
done:
	return s, nil
}

// Backward loops over an await with a goto.
//
//durgen:workflow
func Backward(ctx durgen.Context, n int) (int, error) {
	i := 0
again:
	durgen.Await(ctx, Inc, i)
	if i < n {
		i++
		goto again
	}
	return i, nil
}
