// Package forpost: awaits in a loop's post statement: the post runs after
// every iteration, also after a continue, and not after a break; a post
// statement that is a multiple assignment with a Sleep.
package forpost

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Next is an activity: the next value of a Collatz-like walk; it fails for 0.
func Next(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Next", n)
	if n == 0 {
		return 0, errors.New("zero")
	}
	if n%2 == 0 {
		return n / 2, nil
	}
	return 3*n + 1, nil
}

func val(n int, err error) int {
	if err != nil {
		return 1
	}
	return n
}

// Walk follows Next from n to 1.
//
//durgen:workflow
func Walk(ctx durgen.Context, n int) (string, error) {
	var path []int
	for i := n; i != 1; i = val(durgen.Await(ctx, Next, i)) {
		if i%3 == 0 {
			continue
		}
		if len(path) > 5 {
			break
		}
		path = append(path, i)
	}
	var err error
	k := 0
	for ; k < 3 && err == nil; k, err = k+1, durgen.Sleep(ctx, time.Duration(k)*time.Second) {
		path = append(path, -k)
	}
	return fmt.Sprint(path, k, err), nil
}
