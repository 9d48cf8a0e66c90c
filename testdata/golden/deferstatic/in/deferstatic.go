// Package deferstatic: a deferred call of a package-level function with
// serializable arguments, evaluated at the defer statement, runs at the
// return (after the last await), once, also on the error path; two of them
// run last first.
package deferstatic

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Work is an activity; it fails for 3.
func Work(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Work", n)
	if n == 3 {
		return 0, errors.New("three")
	}
	return n * 2, nil
}

// audit records that the workflow reached its end.
func audit(step string, n int) {
	trace.Record(context.Background(), "audit", fmt.Sprint(step, n))
}

// Job works on n, auditing at the end.
//
//durgen:workflow
func Job(ctx durgen.Context, n int) (int, error) {
	defer audit("start", n)
	r, err := durgen.Await(ctx, Work, n)
	if err != nil {
		return 0, err
	}
	durgen.Sleep(ctx, time.Minute)
	defer audit("after", r)
	r++
	_, err = durgen.Await(ctx, Work, r)
	return r, err
}
