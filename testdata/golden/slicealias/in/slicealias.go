// Package slicealias: values that share memory in Go and are live across
// awaits: a range over a slice whose unvisited elements the body writes
// through another slice of the same array, a range over a pointer to an
// array written in the body, and two slices of one array written through
// one and read through the other after an await. Go sees every write
// through every alias; a resumed frame must too (or the generator must
// refuse the program).
package slicealias

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Mark is an activity.
func Mark(ctx context.Context, v int) (int, error) {
	trace.Record(ctx, "Mark", v)
	return v + 1000, nil
}

// Share writes through aliases around awaits.
//
//durgen:workflow
func Share(ctx durgen.Context, xs []int) (string, error) {
	var seen []int
	orig := xs
	for i, v := range xs {
		m, _ := durgen.Await(ctx, Mark, v)
		seen = append(seen, m)
		if i+1 < len(orig) {
			orig[i+1] *= 2 // seen by the next iteration
		}
	}
	var arr [3]int
	for i, v := range &arr {
		m, _ := durgen.Await(ctx, Mark, v)
		seen = append(seen, m)
		if i+1 < len(arr) {
			arr[i+1] = 10 * (i + 1) // seen through the pointer
		}
	}
	buf := make([]int, 4)
	head, tail := buf[:2], buf[1:]
	head[1] = 7
	durgen.Sleep(ctx, time.Second)
	tail[0]++
	durgen.Sleep(ctx, time.Second)
	return fmt.Sprint(seen, xs, arr, head, tail, buf), nil
}
