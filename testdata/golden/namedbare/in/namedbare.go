// Package namedbare: named results written before and after awaits and
// returned with a bare return, from inside a loop, from an error branch,
// and at the end; a named error result set by an await.
package namedbare

import (
	"context"
	"errors"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Add is an activity; it fails when the sum passes 50.
func Add(ctx context.Context, in [2]int) (int, error) {
	trace.Record(ctx, "Add", in)
	if in[0]+in[1] > 50 {
		return 0, errors.New("over fifty")
	}
	return in[0] + in[1], nil
}

// Result is the workflow result.
type Result struct {
	Sum   int `json:"sum"`
	Steps int `json:"steps"`
}

// Sum adds 1..n with named results.
//
//durgen:workflow
func Sum(ctx durgen.Context, n int) (res Result, err error) {
	res.Steps = -1
	if n < 0 {
		return
	}
	res.Steps = 0
	for i := 1; i <= n; i++ {
		res.Sum, err = durgen.Await(ctx, Add, [2]int{res.Sum, i})
		if err != nil {
			return
		}
		res.Steps++
		if res.Sum > 20 && n < 10 {
			err = durgen.Sleep(ctx, time.Minute)
			return
		}
	}
	res.Sum *= 2
	return
}
