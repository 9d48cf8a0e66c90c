// Package ifcond: awaits in if conditions, including the conditions of an
// else-if chain: a later condition's await runs only when the earlier ones
// are false.
package ifcond

import (
	"context"
	"errors"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Has is an activity: whether n is divisible by d; it fails for d == 0.
func Has(ctx context.Context, in Div) (bool, error) {
	trace.Record(ctx, "Has", in)
	if in.D == 0 {
		return false, errors.New("division by zero")
	}
	return in.N%in.D == 0, nil
}

// Div is Has's input.
type Div struct {
	N, D int
}

func ok(b bool, err error) bool { return b && err == nil }

// FizzBuzz classifies n with awaiting conditions.
//
//durgen:workflow
func FizzBuzz(ctx durgen.Context, n int) (string, error) {
	var s string
	if ok(durgen.Await(ctx, Has, Div{n, 15})) {
		s = "fizzbuzz"
	} else if ok(durgen.Await(ctx, Has, Div{n, 5})) {
		s = "buzz"
	} else if ok(durgen.Await(ctx, Has, Div{n, 3})) {
		s = "fizz"
	} else {
		s = "number"
	}
	if _, err := durgen.Await(ctx, Has, Div{n, n % 2}); err != nil {
		s += " odd"
	}
	return s, nil
}
