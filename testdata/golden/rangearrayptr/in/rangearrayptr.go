// Package rangearrayptr: a range over a pointer to a local array sees the
// body's writes to elements not yet visited, and one over a slice of the
// array does too; a range over the array itself ranges over a copy. Awaits
// in every body.
package rangearrayptr

import (
	"context"
	"fmt"

	"github.com/durgen/durgen"
	"github.com/durgen/durgen/testdata/golden/trace"
)

// Mark is an activity.
func Mark(ctx context.Context, v int) (int, error) {
	trace.Record(ctx, "Mark", v)
	return v + 1000, nil
}

// Ahead writes ahead of the range position.
//
//durgen:workflow
func Ahead(ctx durgen.Context, n int) (string, error) {
	var seen []int
	var arr [3]int
	for i, v := range &arr {
		m, _ := durgen.Await(ctx, Mark, v)
		seen = append(seen, m)
		if i+1 < len(arr) {
			arr[i+1] = 10*(i+1) + n // seen through the pointer
		}
	}
	for i, v := range arr[:] {
		m, _ := durgen.Await(ctx, Mark, v)
		seen = append(seen, m)
		if i+1 < len(arr) {
			arr[i+1] += 100 // seen through the slice
		}
	}
	for i, v := range arr {
		m, _ := durgen.Await(ctx, Mark, v)
		seen = append(seen, m)
		if i+1 < len(arr) {
			arr[i+1] = -1 // not seen: the range has a copy
		}
	}
	return fmt.Sprint(seen, arr), nil
}
