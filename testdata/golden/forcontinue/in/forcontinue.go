// Package forcontinue: continue after an await in a three-clause loop (the
// post statement still runs), a labelled continue of the outer loop from an
// inner loop after an await, and a continue before any await of the body.
package forcontinue

import (
	"context"
	"errors"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Odd is an activity; it fails for 9.
func Odd(ctx context.Context, n int) (bool, error) {
	trace.Record(ctx, "Odd", n)
	if n == 9 {
		return false, errors.New("nine")
	}
	return n%2 == 1, nil
}

// Evens lists pairs whose sum is even.
//
//durgen:workflow
func Evens(ctx durgen.Context, n int) (string, error) {
	var out []string
	for i := 0; i < n; i++ {
		if i == 2 {
			continue
		}
		odd, err := durgen.Await(ctx, Odd, i)
		if err != nil || odd {
			continue
		}
		out = append(out, fmt.Sprint(i))
	}
outer:
	for i := 0; i < n; i += 2 {
		for j := 1; j < n; j++ {
			odd, _ := durgen.Await(ctx, Odd, i+j)
			if odd {
				continue outer
			}
			out = append(out, fmt.Sprint(i, "+", j))
		}
	}
	return fmt.Sprint(out), nil
}
