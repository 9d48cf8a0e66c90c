// Package rangeslice: range over a slice with awaits in the body. The
// range expression is evaluated once: appending to the slice or assigning
// a new slice to the variable does not change the iteration, but writing an
// element not yet visited does (the backing array is shared).
package rangeslice

import (
	"context"
	"errors"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Mark is an activity; it fails for negative values.
func Mark(ctx context.Context, v int) (int, error) {
	trace.Record(ctx, "Mark", v)
	if v < 0 {
		return 0, errors.New("negative value")
	}
	return v + 1000, nil
}

// Walk visits xs while changing it.
//
//durgen:workflow
func Walk(ctx durgen.Context, xs []int) (string, error) {
	var seen []int
	for i, v := range xs {
		m, err := durgen.Await(ctx, Mark, v)
		if err != nil {
			return "", fmt.Errorf("at %d: %w", i, err)
		}
		seen = append(seen, i, m)
		xs = append(xs, 7) // not seen
		if i == 0 {
			xs = []int{42} // not seen either
		}
	}
	return fmt.Sprint(seen, xs), nil
}
