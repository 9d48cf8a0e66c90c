package awaits

import (
	"context"
	"iter"
	"slices"
	"time"

	"github.com/durgen/durgen"
)

func act(ctx context.Context, n int) (int, error) { return n, nil }
func use(...any)                                  {}

//durgen:workflow
func Child(ctx durgen.Context, n int) (int, error) { return n, nil }

//durgen:workflow
func InGoroutine(ctx durgen.Context, n int) (int, error) {
	go func() { // want `go statement in workflow code`
		durgen.Await(ctx, act, n) // want `durgen\.Await in a goroutine cannot be resumed: only the workflow's own flow is checkpointed; start concurrent work with durgen\.Go`
	}()
	go durgen.Sleep(ctx, time.Second) // want `go statement` `durgen\.Sleep in a goroutine cannot be resumed`
	return n, nil
}

//durgen:workflow
func InClosure(ctx durgen.Context, n int) (int, error) {
	step := func(k int) (int, error) {
		return durgen.Await(ctx, act, k) // want `durgen\.Await in a function literal cannot be resumed: a closure's stack is not part of the frame; await in the workflow body itself, or make the closure a //durgen:workflow function and call it`
	}
	k, err := step(n)
	return k, err
}

//durgen:workflow
func InDeferArgs(ctx durgen.Context, n int) (int, error) {
	defer use(durgen.Now(ctx), durgen.Sleep(ctx, time.Second)) // want `durgen\.Sleep in the arguments of a defer statement cannot be resumed: they are evaluated at the defer statement, outside the steps the generator can resume; await into a local before the defer statement`
	defer durgen.Sleep(ctx, time.Second)                       // want `a deferred durgen\.Sleep cannot be resumed: only a deferred durgen\.Await of an activity is recorded`
	return n, nil
}

//durgen:workflow
func InSelect(ctx durgen.Context, n int) (int, error) {
	var ch chan int
	select { // want `select statement in workflow code`
	case k := <-ch:
		return durgen.Await(ctx, act, k) // want `durgen\.Await in a select statement cannot be resumed: its channels do not survive a suspension; wait for the first of several futures with durgen\.Select`
	default:
		return Child(ctx, n) // want `workflow Child in a select statement cannot be resumed`
	}
}

//durgen:workflow
func InRangeFunc(ctx durgen.Context, xs []int) (int, error) {
	sum := 0
	for _, x := range slices.All(xs) {
		k, err := durgen.Await(ctx, act, x) // want `durgen\.Await in the body of a range-over-func loop cannot be resumed: the body runs as a closure called by the iterator; collect the items into a slice first and range over the slice`
		if err != nil {
			return 0, err
		}
		sum += k
	}
	var seq iter.Seq[int]
	for x := range seq {
		sum += x
		durgen.Sleep(ctx, time.Second) // want `durgen\.Sleep in the body of a range-over-func loop`
	}
	return sum, nil
}

func wait(ctx durgen.Context, d time.Duration) error {
	return durgen.Sleep(ctx, d) // want `durgen\.Sleep in wait cannot be resumed: wait is not a workflow, and only a workflow's own body is split at awaits; mark wait //durgen:workflow with the signature func\(durgen\.Context, I\) \(O, error\) and call it as a child, or inline it into the workflow`
}

type helper struct{}

func (helper) fetch(ctx durgen.Context, n int) int {
	k, _ := durgen.Await(ctx, act, n) // want `durgen\.Await in fetch cannot be resumed: fetch is not a workflow`
	return k
}

// Not flagged below.

//durgen:workflow
func DeferredAwait(ctx durgen.Context, n int) (int, error) {
	defer durgen.Await(ctx, act, n)
	return n, nil
}

//durgen:workflow
func ClosureWithoutAwait(ctx durgen.Context, n int) (int, error) {
	double := func(k int) int { return 2 * k }
	k, err := durgen.Await(ctx, act, double(n))
	for i, x := range []int{1, 2, 3} {
		k += x * i
		if err := durgen.Sleep(ctx, time.Second); err != nil {
			return 0, err
		}
	}
	for i := range 3 {
		k2, err := Child(ctx, i)
		if err != nil {
			return 0, err
		}
		k += k2
	}
	return k, err
}

//durgen:workflow
func ConcurrentWithFutures(ctx durgen.Context, n int) (int, error) {
	a := durgen.Go(ctx, act, n)
	b := durgen.Go(ctx, act, n+1)
	i, err := durgen.Select(ctx, a, b)
	if err != nil {
		return 0, err
	}
	x, err := a.Get(ctx)
	return x + i, err
}

// Run calls a workflow in direct mode: not an await in a helper.
func Run(n int) (int, error) {
	return ConcurrentWithFutures(durgen.Direct(context.Background()), n)
}
