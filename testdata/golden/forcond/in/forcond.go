// Package forcond: awaits in a loop condition, which runs again before
// every iteration (and once more to leave the loop): a three-clause loop
// and a condition-only loop, left early by break.
package forcond

import (
	"context"
	"errors"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// More is an activity: whether i is below the limit; it fails at 50.
func More(ctx context.Context, in Pos) (bool, error) {
	trace.Record(ctx, "More", in)
	if in.I == 50 {
		return false, errors.New("fifty")
	}
	return in.I < in.Limit, nil
}

// Pos is More's input.
type Pos struct {
	I, Limit int
}

func ok(b bool, err error) bool { return b && err == nil }

// Count counts up to the limit by asking in the loop conditions.
//
//durgen:workflow
func Count(ctx durgen.Context, limit int) (string, error) {
	var seen []int
	for i := 0; ok(durgen.Await(ctx, More, Pos{i, limit})); i++ {
		seen = append(seen, i)
	}
	j := 2*limit - 3
	for ok(durgen.Await(ctx, More, Pos{j, limit})) {
		j++
		if j == limit-1 {
			break
		}
	}
	return fmt.Sprint(seen, j), nil
}
