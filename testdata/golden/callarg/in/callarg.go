// Package callarg: awaits as call arguments. The two results of an Await
// are passed straight to a function (f(durgen.Await(...))), a Sleep's error
// is one argument among others, and the activity fails on some inputs so
// that the error reaches the callee.
package callarg

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Lookup is an activity; it fails for negative ids.
func Lookup(ctx context.Context, id int) (string, error) {
	trace.Record(ctx, "Lookup", id)
	if id < 0 {
		return "", errors.New("no such id")
	}
	return fmt.Sprintf("item%d", id), nil
}

func describe(name string, err error) string {
	if err != nil {
		return "error(" + err.Error() + ")"
	}
	return "found(" + name + ")"
}

func label(prefix string, n int, slept error, suffix string) string {
	return fmt.Sprintf("%s%d:%v:%s", prefix, n, slept, suffix)
}

// Describe looks up id and its neighbours through calls whose arguments await.
//
//durgen:workflow
func Describe(ctx durgen.Context, id int) (string, error) {
	first := describe(durgen.Await(ctx, Lookup, id))
	second := label(first+"/", len(first), durgen.Sleep(ctx, time.Minute), describe(durgen.Await(ctx, Lookup, id+1)))
	return fmt.Sprintf("%s %s %s", first, second, describe(durgen.Await(ctx, Lookup, id*2))), nil
}
