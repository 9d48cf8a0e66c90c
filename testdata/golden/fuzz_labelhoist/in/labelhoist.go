// Package labelhoist: found by FuzzTransform. A labelled range loop or
// switch whose range expression or tag awaits: the await is brought out of
// the expression into statements before the loop, which leaves the label on
// one of those, so break L no longer names an enclosing loop or switch and
// the generator fails with an internal error (normalized workflows do not
// type-check: invalid break label).
package labelhoist

import (
	"context"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Split is an activity: the numbers n-1 down to 0.
func Split(ctx context.Context, n int) ([]int, error) {
	trace.Record(ctx, "Split", n)
	var out []int
	for i := n - 1; i >= 0; i-- {
		out = append(out, i)
	}
	return out, nil
}

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

func must[T any](v T, err error) T { return v }

// Range breaks out of a labelled range loop whose range expression awaits.
//
//durgen:workflow
func Range(ctx durgen.Context, n int) ([]int, error) {
	var out []int
L:
	for _, v := range must(durgen.Await(ctx, Split, n)) {
		if v == 1 {
			break L
		}
		out = append(out, v)
	}
	return out, nil
}

// Switch breaks out of a labelled switch whose tag awaits.
//
//durgen:workflow
func Switch(ctx durgen.Context, n int) (string, error) {
	s := "start"
L:
	switch must(durgen.Await(ctx, Inc, n)) {
	case 1:
		if n == 0 {
			break L
		}
		s = "one"
	default:
		s = "other"
	}
	return s, nil
}
