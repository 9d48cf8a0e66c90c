// Package valueerr: found by FuzzTransform. An activity that returns a
// value together with an error: in direct mode durgen.Await returns both,
// as the activity did; the state machine gets only the error and the zero
// value (machine.Result), so code that reads the value after an error
// computes something else once it runs durably. Direct mode and the machine
// must agree: either Await zeroes the value on error in direct mode too
// (and the doc says so), or the runtime records the value with the error.
package valueerr

import (
	"context"
	"errors"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Partial is an activity that returns what it managed along with an error.
func Partial(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Partial", n)
	if n > 5 {
		return 5, errors.New("partial")
	}
	return n, nil
}

// Use reads the value of a failed await.
//
//durgen:workflow
func Use(ctx durgen.Context, n int) (string, error) {
	v, err := durgen.Await(ctx, Partial, n)
	return fmt.Sprint(v, " ", err), nil // direct mode, n=7: "5 partial"
}
