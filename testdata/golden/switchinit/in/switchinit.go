// Package switchinit: switches with init statements: a tagless switch
// whose init awaits, and a tag switch whose init declares a local that is
// used after awaits in the clauses.
package switchinit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Load is an activity; it fails for 0.
func Load(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Load", n)
	if n == 0 {
		return 0, errors.New("nothing to load")
	}
	return n * 7 % 10, nil
}

// Classify classifies the load of n.
//
//durgen:workflow
func Classify(ctx durgen.Context, n int) (string, error) {
	out := ""
	switch x, err := durgen.Await(ctx, Load, n); {
	case err != nil:
		out = "error " + err.Error()
	case x > 5:
		durgen.Sleep(ctx, time.Minute)
		out = fmt.Sprint("heavy ", x)
	default:
		y, _ := durgen.Await(ctx, Load, x+1)
		out = fmt.Sprint("light ", x, y)
	}
	switch y := n * 2; y % 3 {
	case 0:
		durgen.Sleep(ctx, time.Second)
		out += fmt.Sprint(" zero ", y)
	case 1:
		z, _ := durgen.Await(ctx, Load, y)
		out += fmt.Sprint(" one ", y, z)
	}
	return out, nil
}
