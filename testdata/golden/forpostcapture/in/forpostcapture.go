// Package forpostcapture: closures capture the loop variable of a for loop
// whose post statement awaits. Go 1.22 gives each iteration its own
// variable and makes the next iteration's, a copy, before the post runs: a
// closure made in one iteration and called in the next one's post changes
// its own iteration's variable, not the one the post passes to the
// activity; a closure made after the body's own await sees this
// iteration's variable.
package forpostcapture

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Half is an activity.
func Half(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Half", n)
	return n / 2, nil
}

// Walk halves n down to 1.
//
//durgen:workflow
func Walk(ctx durgen.Context, n int) (string, error) {
	var seen []int
	var bump func() int
	last := 0
	for i := n; i > 1; last, i = bump(), must(durgen.Await(ctx, Half, i)) {
		seen = append(seen, last)
		h := must(durgen.Await(ctx, Half, i+1))
		get := func() int { return i*10 + h }
		i += 0
		seen = append(seen, get())
		bump = func() int {
			i += 1000
			return i
		}
		if i%3 == 0 {
			continue
		}
		seen = append(seen, -i)
	}
	return fmt.Sprint(seen, last), nil
}

func must(n int, err error) int {
	if err != nil {
		panic(err)
	}
	return n
}
