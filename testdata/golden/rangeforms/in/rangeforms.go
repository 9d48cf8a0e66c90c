// Package rangeforms: the shapes of a range clause with awaits in the body:
// no variables, the key only, a blank key with a value, and assignment to
// variables declared before the loop (= instead of :=), whose last values
// are read after the loop.
package rangeforms

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Echo is an activity.
func Echo(ctx context.Context, s string) (string, error) {
	trace.Record(ctx, "Echo", s)
	return s, nil
}

// Shapes ranges over words in every shape.
//
//durgen:workflow
func Shapes(ctx durgen.Context, words []string) (string, error) {
	n := 0
	for range words {
		durgen.Sleep(ctx, time.Second)
		n++
	}
	keys := ""
	for i := range words {
		e, _ := durgen.Await(ctx, Echo, fmt.Sprint(i))
		keys += e
	}
	vals := ""
	for _, w := range words {
		e, _ := durgen.Await(ctx, Echo, w)
		vals += e
	}
	var (
		i int
		w string
	)
	i, w = -1, "none"
	for i, w = range words {
		durgen.Await(ctx, Echo, w+"!")
		if w == "stop" {
			break
		}
	}
	return fmt.Sprint(n, keys, vals, i, w), nil
}
