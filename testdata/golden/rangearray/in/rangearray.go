// Package rangearray: range over an array value copies the array, so
// writes to the array during the loop are not seen; the loop variables
// are copies too. (Ranges over a pointer to an array or a slice of it see
// the writes; package slicealias covers those.)
package rangearray

import (
	"context"
	"fmt"
	"time"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Add is an activity.
func Add(ctx context.Context, in [2]int) (int, error) {
	trace.Record(ctx, "Add", in)
	return in[0] + in[1], nil
}

// Sums adds neighbours while overwriting them.
//
//durgen:workflow
func Sums(ctx durgen.Context, arr [4]int) (string, error) {
	var out []int
	for i, v := range arr {
		s, _ := durgen.Await(ctx, Add, [2]int{i, v})
		out = append(out, s)
		if i < 3 {
			arr[i+1] = -1 // the copy ranged over keeps the old value
		}
	}
	for _, v := range arr {
		v *= 10 // a copy
		durgen.Sleep(ctx, time.Second)
		out = append(out, v)
	}
	return fmt.Sprint(out, arr), nil
}
