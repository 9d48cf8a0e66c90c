// Package deferreturns: returns from inside code the generator keeps as
// written (a plain loop, a switch, a closure's own return) in a workflow
// that defers: each goes through the deferred calls first, and a deferred
// call in a loop is made once per iteration that reached it. A closure's
// own defer and return stay the closure's.
package deferreturns

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Log is an activity.
func Log(ctx context.Context, s string) (struct{}, error) {
	trace.Record(ctx, "Log", s)
	return struct{}{}, nil
}

// note records a call made by the workflow's own code.
func note(s string, n int) {
	trace.Record(context.Background(), "note", fmt.Sprint(s, n))
}

// Find looks for n among the squares below 50, deferring as it goes.
//
//durgen:workflow
func Find(ctx durgen.Context, n int) (found string, err error) {
	defer durgen.Await(ctx, Log, "end")
	if err := durgen.Sleep(ctx, time.Minute); err != nil {
		return "", err
	}
	double := func(x int) int {
		defer note("double", x)
		return 2 * x
	}
	for i := 0; i < 8; i++ {
		if i*i == n {
			defer note("found", i)
			return fmt.Sprint("square of ", i), nil
		}
		switch {
		case i*i > 50:
			return "", errors.New("too big")
		case i == n:
			found = fmt.Sprint("double ", double(i))
			return
		}
	}
	defer note("missed", n)
	durgen.Await(ctx, Log, "missed")
	return "none", nil
}
