// Package liveness: locals live across an await along one path only: set
// in one branch and read after a join where the other branch awaited; set
// in a loop body and read after the loop is left by break; carried along a
// loop's back edge past an await; and a local dead at every await.
package liveness

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Echo is an activity.
func Echo(ctx context.Context, n int) (int, error) {
	trace.Record(ctx, "Echo", n)
	return n, nil
}

// Paths keeps values alive along some paths only.
//
//durgen:workflow
func Paths(ctx durgen.Context, n int) (string, error) {
	x := 1
	if n%2 == 0 {
		x = 5
	} else {
		durgen.Sleep(ctx, time.Second) // x (still 1) crosses this await
	}
	last := -1
	for i := 0; i < n; i++ {
		last = i * 3
		if i == 2 {
			break
		}
		durgen.Await(ctx, Echo, i)
	}
	prev, sum := -1, 0
	for i := 0; i < n; i++ {
		if prev >= 0 {
			sum += prev
		}
		e, _ := durgen.Await(ctx, Echo, i*10)
		prev = e
	}
	tmp := n * 7 // dead at every await
	sum += tmp
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(x, last, prev, sum), nil
}
