// Package bugloopvar: the prior art's third bug. Go 1.22 gives each
// iteration of a loop its own loop variables; a variable declared in the
// body is new in every iteration too. Values of one iteration recorded
// before and after an await in that iteration, a closure made after the
// await that captures this iteration's variable (and is called before the
// next await), and a nested loop shadowing the outer loop's variable must
// each see their own variable, not one field shared by all. Closures made
// in iterations that do not await, and called in a later one before its
// await (the slice of closures is dead at every await, so this is legal),
// observe a merged loop variable or body variable directly.
package bugloopvar

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Echo is an activity.
func Echo(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Echo", n)
	return n, nil
}

// Iter records each iteration's variables around awaits.
//
//durgen:workflow
func Iter(ctx durgen.Context, n int) (string, error) {
	var before, after, captured []int
	for i := 0; i < n; i++ {
		var acc int // a new variable in every iteration, zero at its start
		acc += i
		before = append(before, i*100+acc)
		e, _ := durgen.Await(ctx, Echo, i)
		acc += e
		get := func() int { return i*10 + acc }
		i += 0 // the closure sees later writes to this iteration's i
		acc++
		captured = append(captured, get())
		after = append(after, i*100+acc)
	}
	var inner []int
	for i := 0; i < n; i++ {
		for i := i * 10; i < n*10; i += 10 {
			e, _ := durgen.Await(ctx, Echo, i)
			inner = append(inner, e)
		}
		inner = append(inner, -i)
	}
	var fs []func() int
	var calls []int
	for i := 0; i < n*3; i++ {
		x := i * 7
		if i%3 == 2 {
			for _, f := range fs {
				calls = append(calls, f())
			}
			e, _ := durgen.Await(ctx, Echo, x)
			calls = append(calls, e+x)
			fs = nil
			continue
		}
		fs = append(fs, func() int { return i }, func() int { return x })
	}
	return fmt.Sprint(before, after, captured, inner, calls), nil
}
