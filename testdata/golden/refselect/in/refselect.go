// Package refselect: refused: an await in a select statement cannot be
// resumed (and select on channels is an effect of its own).
package refselect

import (
	"context"
	"time"

	"github.com/durgen/durgen"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) { return n + 1, nil }

// Choose awaits in a select case.
//
//durgen:workflow
func Choose(ctx durgen.Context, n int) (int, error) {
	ch := make(chan int, 1)
	ch <- n
	select {
	case v := <-ch:
		r, err := durgen.Await(ctx, Inc, v)
		return r, err
	default:
		durgen.Sleep(ctx, time.Second)
	}
	return 0, nil
}
