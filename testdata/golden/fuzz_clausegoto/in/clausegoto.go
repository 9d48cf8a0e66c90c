// Package clausegoto: found by FuzzTransform. A type switch clause's
// variable used after a goto label in the clause: the label starts a case
// of its own, so the variable's uses fall in two cases, but the clause
// variable was counted only where it is used, not where the switch declares
// it, and the label's case named a variable of another case ("undefined:
// k").
package clausegoto

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Inc is an activity.
func Inc(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Inc", n)
	return n + 1, nil
}

func value(n int) any {
	if n%2 == 0 {
		return strconv.Itoa(n)
	}
	return n
}

// Kind folds the value of n twice, with a goto, before a sleep.
//
//durgen:workflow
func Kind(ctx durgen.Context, n int) (string, error) {
	acc := ""
	switch k := value(n).(type) {
	case string:
		g := 0
	again:
		acc += k
		if g < 1 {
			g++
			goto again
		}
		durgen.Sleep(ctx, time.Second)
	case int:
		r, _ := durgen.Await(ctx, Inc, k)
		acc += fmt.Sprint(r)
	}
	return acc, nil
}
