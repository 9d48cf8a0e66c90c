// Package rangebreak: break, continue and return inside ranges over a
// slice and a map after awaits, and a range nested in a range.
package rangebreak

import (
	"context"
	"errors"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Check is an activity: true for multiples of 3; it fails for 13.
func Check(ctx context.Context, n int) (bool, error) {
	trace.Record(ctx, "Check", n)
	if n == 13 {
		return false, errors.New("thirteen")
	}
	return n%3 == 0, nil
}

// Find finds the first pair (x, y) of xs with x+y a multiple of 3 and
// x < y.
//
//durgen:workflow
func Find(ctx durgen.Context, xs []int) (string, error) {
	tried := 0
	for i, x := range xs {
		if x < 0 {
			continue
		}
		for _, y := range xs[i+1:] {
			if y <= x {
				continue
			}
			tried++
			ok, err := durgen.Await(ctx, Check, x+y)
			if err != nil {
				return "", fmt.Errorf("after %d tries: %w", tried, err)
			}
			if ok {
				return fmt.Sprint(x, "+", y, " after ", tried), nil
			}
			if tried > 5 {
				break
			}
		}
	}
	return fmt.Sprint("none after ", tried), nil
}
