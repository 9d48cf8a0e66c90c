// Package defers holds the defer statements a workflow may and may not use:
// a deferred call is recorded in the frame as data and made when the
// workflow returns, so it must name a package-level function (or await an
// activity) and take arguments the frame can hold.
package defers

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
)

func release(ctx context.Context, id string) (struct{}, error) { return struct{}{}, nil }

func audit(step string, n int) {}

func note(format string, args ...any) { fmt.Printf(format, args...) }

func report(err error) {}

func watch(ch chan int) {}

func pick[T any](v T) {}

type svc struct{}

func (svc) Close() {}

//durgen:workflow
func Refused(ctx durgen.Context, id string) (string, error) {
	ch := make(chan int, 1)
	defer func() { audit("closure", 1) }() // want `a deferred function literal cannot be recorded in the frame`
	defer svc{}.Close()                    // want `a deferred method call svc\{\}\.Close cannot be recorded in the frame`
	f := audit
	defer f("value", 2) // want `a deferred call of f, a function value, cannot be recorded in the frame`
	defer watch(ch)     // want `argument 1 of the deferred call of watch \(chan int\) cannot be persisted`
	defer pick(id)      // want `a deferred call of the generic function pick is not supported by the generator yet`
	defer print(id)     // want `a deferred call of the builtin print cannot be recorded in the frame`
	_, err := durgen.Await(ctx, release, id)
	return id, err
}

//durgen:workflow
func Recorded(ctx durgen.Context, id string) (string, error) {
	defer durgen.Await(durgen.WithoutCancel(ctx), release, id)
	defer audit("start", len(id))
	defer note("done %s %d\n", id, 3) // arguments recorded with their own types
	var err error
	defer report(err) // an error argument keeps its message and sentinels
	_, err = durgen.Await(ctx, release, id)
	return id, err
}
