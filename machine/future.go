package machine

import (
	"reflect"

	"github.com/durgen/durgen"
)

// Get suspends the workflow until the future f, started by durgen.Go, has
// its result; the step resumed reads it with Result.
func Get[O any](ctx durgen.Context, f durgen.Future[O]) Command {
	return Command{Kind: KindGet, Future: f.Step, NoCancel: durgen.IgnoresCancel(ctx)}
}

// LookupActivityFunc returns the activity registered for the function fn
// (durgen.Go names activities by function value).
func LookupActivityFunc(fn any) (*Activity, bool) {
	if fn == nil || reflect.TypeOf(fn).Kind() != reflect.Func {
		return nil, false
	}
	p := reflect.ValueOf(fn).Pointer()
	registry.RLock()
	defer registry.RUnlock()
	for _, a := range registry.activities {
		if a.Func != nil && reflect.ValueOf(a.Func).Pointer() == p {
			return a, true
		}
	}
	return nil, false
}

// Select suspends the workflow until the first of futures has ended; the
// step resumed reads its index with Result[int].
func Select(ctx durgen.Context, futures ...durgen.Awaitable) Command {
	steps := make([]int, len(futures))
	for i, f := range futures {
		// Every Awaitable is a durgen.Future[O], whose Step field names
		// the step it waits for.
		steps[i] = int(reflect.ValueOf(f).FieldByName("Step").Int())
	}
	return Command{Kind: KindSelect, Futures: steps, NoCancel: durgen.IgnoresCancel(ctx)}
}
