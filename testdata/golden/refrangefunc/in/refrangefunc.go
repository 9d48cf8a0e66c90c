// Package refrangefunc: refused: an await in the body of a range-over-func
// loop cannot be resumed, because the body is a closure the iterator calls;
// a range-over-func loop without awaits is fine.
package refrangefunc

import (
	"context"
	"iter"
	"slices"
	"time"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

func upTo(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// Each awaits for every value of an iterator.
//
//durgen:workflow
func Each(ctx durgen.Context, n int) (int, error) {
	sum := 0
	for v := range slices.Values([]int{1, 2}) {
		sum += v
	}
	for i := range upTo(n) {
		r, _ := durgen.Await(ctx, Inc, i)
		sum += r
	}
	for range upTo(2) {
		durgen.Sleep(ctx, time.Second)
	}
	return sum, nil
}
